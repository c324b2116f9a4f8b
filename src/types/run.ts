import type {
  AssistantTool,
  LastError,
  Metadata,
  ResponseFormat,
  ToolChoice,
  TruncationStrategy,
  Usage,
} from './shared.js';

/**
 * Every status a run can be in.
 *
 * @example
 * ```ts
 * const waiting = (status: RunStatus) => status === 'queued' || status === 'in_progress';
 * ```
 */
export type RunStatus =
  | 'queued'
  | 'in_progress'
  | 'requires_action'
  | 'cancelling'
  | 'cancelled'
  | 'failed'
  | 'completed'
  | 'incomplete'
  | 'expired';

/**
 * A function call the run waits on while in `requires_action`.
 *
 * @example
 * ```ts
 * const run = await client.runs.retrieve(threadId, runId);
 * const calls: RequiredActionFunctionToolCall[] = run.required_action?.submit_tool_outputs.tool_calls ?? [];
 * for (const call of calls) console.log(call.function.name, JSON.parse(call.function.arguments));
 * ```
 */
export interface RequiredActionFunctionToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * An execution of an assistant on a thread (`object: 'thread.run'`).
 *
 * @see https://platform.openai.com/docs/api-reference/runs/object
 *
 * @example
 * ```ts
 * const run: Run = await client.runs.create(threadId, { assistant_id: assistantId });
 * if (run.status === 'failed') console.error(run.last_error?.message);
 * ```
 */
export interface Run {
  id: string;
  object: 'thread.run';
  created_at: number;
  assistant_id: string;
  thread_id: string;
  status: RunStatus;
  started_at: number | null;
  expires_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  completed_at: number | null;
  required_action: {
    type: 'submit_tool_outputs';
    submit_tool_outputs: { tool_calls: RequiredActionFunctionToolCall[] };
  } | null;
  last_error: LastError | null;
  model: string;
  instructions: string;
  tools: AssistantTool[];
  metadata: Metadata | null;
  incomplete_details: { reason?: 'max_completion_tokens' | 'max_prompt_tokens' } | null;
  usage: Usage | null;
  temperature?: number | null;
  top_p?: number | null;
  max_prompt_tokens: number | null;
  max_completion_tokens: number | null;
  truncation_strategy: TruncationStrategy | null;
  tool_choice: ToolChoice | null;
  response_format: ResponseFormat | null;
  parallel_tool_calls: boolean;
}

/**
 * Statuses after which a run will not change again without the caller acting.
 *
 * @example
 * ```ts
 * const run = await client.runs.retrieve(threadId, runId);
 * if (!TERMINAL_RUN_STATUSES.has(run.status)) console.log('still running');
 * ```
 */
export const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>([
  'completed',
  'incomplete',
  'failed',
  'cancelled',
  'expired',
  'requires_action',
]);
