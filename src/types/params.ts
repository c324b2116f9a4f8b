import type { MessageAttachment } from './message.js';
import type { AssistantTool, Metadata, ResponseFormat, ToolChoice, TruncationStrategy } from './shared.js';

/**
 * A content part of a message the caller adds to the thread.
 *
 * @example
 * ```ts
 * const parts: MessageContentPartParam[] = [
 *   { type: 'text', text: 'What is in this picture?' },
 *   { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
 * ];
 * await client.threads.messages.create(threadId, { role: 'user', content: parts });
 * ```
 */
export type MessageContentPartParam =
  | { type: 'text'; text: string }
  | { type: 'image_file'; image_file: { file_id: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

/**
 * A message to add to the thread: `additional_messages` of a run, `messages` of a new thread.
 *
 * @example
 * ```ts
 * const question: MessageParam = { role: 'user', content: 'And in Tokyo?' };
 * client.runs.stream(threadId, { assistant_id: assistantId, additional_messages: [question] }).subscribe();
 * ```
 */
export interface MessageParam {
  role: 'user' | 'assistant';
  content: string | MessageContentPartParam[];
  attachments?: MessageAttachment[] | null;
  metadata?: Metadata | null;
}

/**
 * The body of "create run" (see the seed `New-OAIRun.ps1`). Only `assistant_id` is required.
 * Keys not listed here are sent untouched, so fields the API adds later keep working.
 *
 * @see https://platform.openai.com/docs/api-reference/runs/createRun
 *
 * @example
 * ```ts
 * const params: RunCreateParams = {
 *   assistant_id: assistantId,
 *   temperature: 0.2,
 *   max_completion_tokens: 800,
 *   response_format: { type: 'json_object' },
 * };
 * client.runs.stream(threadId, params).subscribe();
 * ```
 */
export interface RunCreateParams {
  /** The assistant that executes the run. Required. */
  assistant_id: string;
  /** Overrides the assistant's model (on Azure: a deployment name). */
  model?: string | null;
  /** Replaces the assistant's instructions for this run. */
  instructions?: string | null;
  /** Appended to the instructions for this run. */
  additional_instructions?: string | null;
  /** Messages added to the thread before the run starts. */
  additional_messages?: MessageParam[] | null;
  /** Overrides the tools the assistant may use. */
  tools?: AssistantTool[] | null;
  /** At most 16 pairs; keys ≤ 64 characters, values ≤ 512. */
  metadata?: Metadata | null;
  /** Sampling temperature, 0 to 2. */
  temperature?: number | null;
  /** Nucleus sampling mass, 0 to 1. */
  top_p?: number | null;
  /** At least 256; the run ends `incomplete` past it. */
  max_prompt_tokens?: number | null;
  /** At least 256; the run ends `incomplete` past it. */
  max_completion_tokens?: number | null;
  /** How the thread is truncated before the run. */
  truncation_strategy?: TruncationStrategy | null;
  /** Which tool, if any, the model must call. */
  tool_choice?: ToolChoice | null;
  /** `'auto'`, `{ type: 'text' }`, `{ type: 'json_object' }` or `{ type: 'json_schema', … }`. */
  response_format?: ResponseFormat | null;
  /** Whether the model may call several functions in one step. */
  parallel_tool_calls?: boolean;
  /** Extra fields to include, e.g. `'step_details.tool_calls[*].file_search.results[*].content'` (sent as a query). */
  include?: string[];
  /** How much the model reasons before it answers; `null`: the model's default. */
  reasoning_effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | null;
  /** `true` selects the stream overload of `create`; `stream` always sends it. */
  stream?: boolean | null;
  /**
   * Fields newer than this version of runstream, merged into the body unchecked. Any other key
   * the API does not know is refused with a `ValidationError` naming the nearest known one.
   */
  extra_body?: Record<string, unknown>;
  [extra: string]: unknown;
}

/**
 * One output for one tool call of a run in `requires_action`.
 *
 * @example
 * ```ts
 * const output: ToolOutput = { tool_call_id: 'call_abc', output: JSON.stringify({ celsius: 21 }) };
 * await client.runs.submitToolOutputs(threadId, runId, { tool_outputs: [output] });
 * ```
 */
export interface ToolOutput {
  tool_call_id: string;
  output: string;
}

/**
 * The body of "submit tool outputs".
 *
 * @see https://platform.openai.com/docs/api-reference/runs/submitToolOutputs
 *
 * @example
 * ```ts
 * const params: SubmitToolOutputsParams = { tool_outputs: [{ tool_call_id: 'call_abc', output: '21°C' }] };
 * client.runs.submitToolOutputsStream(threadId, runId, params).subscribe();
 * ```
 */
export interface SubmitToolOutputsParams {
  tool_outputs: ToolOutput[];
  stream?: boolean | null;
  [extra: string]: unknown;
}

/**
 * The body of "create thread and run": a run's params plus the new thread.
 *
 * @see https://platform.openai.com/docs/api-reference/runs/createThreadAndRun
 *
 * @example
 * ```ts
 * const params: ThreadCreateAndRunParams = {
 *   assistant_id: assistantId,
 *   thread: { messages: [{ role: 'user', content: 'Hello' }] },
 * };
 * client.threads.createAndRunStream(params).subscribe();
 * ```
 */
export interface ThreadCreateAndRunParams
  extends Omit<RunCreateParams, 'additional_messages' | 'additional_instructions'> {
  thread?: {
    messages?: MessageParam[];
    metadata?: Metadata | null;
    tool_resources?: Record<string, unknown> | null;
  };
  tool_resources?: Record<string, unknown> | null;
}
