import type { LastError, Metadata, Usage } from './shared.js';

/**
 * Every status a run step can be in.
 *
 * @example
 * ```ts
 * const finished = (status: RunStepStatus) => status !== 'in_progress';
 * ```
 */
export type RunStepStatus = 'in_progress' | 'cancelled' | 'failed' | 'completed' | 'expired';

/**
 * Text the code interpreter printed.
 *
 * @example
 * ```ts
 * const printed = (output: CodeInterpreterLogOutput) => output.logs;
 * ```
 */
export interface CodeInterpreterLogOutput {
  index?: number;
  type: 'logs';
  logs: string;
}

/**
 * An image the code interpreter made, as a file id.
 *
 * @example
 * ```ts
 * const chart = (output: CodeInterpreterImageOutput) => output.image.file_id;
 * ```
 */
export interface CodeInterpreterImageOutput {
  index?: number;
  type: 'image';
  image: { file_id: string };
}

/**
 * An output of a code interpreter call.
 *
 * @example
 * ```ts
 * const logsOf = (outputs: CodeInterpreterOutput[]) =>
 *   outputs.map((output) => (output.type === 'logs' ? output.logs : '')).join('');
 * ```
 */
export type CodeInterpreterOutput = CodeInterpreterLogOutput | CodeInterpreterImageOutput;

/**
 * A code interpreter call: the code it ran (`input`) and what came out.
 *
 * @example
 * ```ts
 * const code = (call: CodeInterpreterToolCall) => call.code_interpreter.input;
 * ```
 */
export interface CodeInterpreterToolCall {
  index?: number;
  id: string;
  type: 'code_interpreter';
  code_interpreter: { input: string; outputs: CodeInterpreterOutput[] };
}

/**
 * One file search hit, with its score (and content when `include` asked for it).
 *
 * @example
 * ```ts
 * const best = (results: FileSearchResult[]) => results.toSorted((a, b) => b.score - a.score)[0]?.file_name;
 * ```
 */
export interface FileSearchResult {
  file_id: string;
  file_name: string;
  score: number;
  content?: Array<{ type?: 'text'; text?: string }>;
}

/**
 * A file search call and its results.
 *
 * @example
 * ```ts
 * const hits = (call: FileSearchToolCall) => call.file_search.results?.length ?? 0;
 * ```
 */
export interface FileSearchToolCall {
  index?: number;
  id: string;
  type: 'file_search';
  file_search: {
    ranking_options?: { ranker: 'auto' | 'default_2024_08_21'; score_threshold: number };
    results?: FileSearchResult[];
  };
}

/**
 * A function call: its name, JSON `arguments` and, once submitted, `output`.
 *
 * @example
 * ```ts
 * const args = (call: FunctionToolCall): unknown => JSON.parse(call.function.arguments);
 * ```
 */
export interface FunctionToolCall {
  index?: number;
  id: string;
  type: 'function';
  function: { name: string; arguments: string; output: string | null };
}

/**
 * A tool call of a `tool_calls` step.
 *
 * @example
 * ```ts
 * const label = (call: ToolCall) => (call.type === 'function' ? call.function.name : call.type);
 * ```
 */
export type ToolCall = CodeInterpreterToolCall | FileSearchToolCall | FunctionToolCall;

/**
 * The details of a step that wrote a message.
 *
 * @example
 * ```ts
 * const wrote = (details: MessageCreationStepDetails) => details.message_creation.message_id;
 * ```
 */
export interface MessageCreationStepDetails {
  type: 'message_creation';
  message_creation: { message_id: string };
}

/**
 * The details of a step that called tools.
 *
 * @example
 * ```ts
 * const callCount = (details: ToolCallsStepDetails) => details.tool_calls.length;
 * ```
 */
export interface ToolCallsStepDetails {
  type: 'tool_calls';
  tool_calls: ToolCall[];
}

/**
 * One step of a run: creating a message, or calling tools (`object: 'thread.run.step'`).
 *
 * @see https://platform.openai.com/docs/api-reference/run-steps/step-object
 *
 * @example
 * ```ts
 * const { data: steps } = await client.runs.listSteps(threadId, runId);
 * const tools = steps.filter((step: RunStep) => step.type === 'tool_calls');
 * console.log(`${tools.length} of ${steps.length} steps called tools`);
 * ```
 */
export interface RunStep {
  id: string;
  object: 'thread.run.step';
  created_at: number;
  run_id: string;
  assistant_id: string;
  thread_id: string;
  type: 'message_creation' | 'tool_calls';
  status: RunStepStatus;
  cancelled_at: number | null;
  completed_at: number | null;
  expired_at: number | null;
  failed_at: number | null;
  last_error: (Omit<LastError, 'code'> & { code: 'server_error' | 'rate_limit_exceeded' }) | null;
  step_details: MessageCreationStepDetails | ToolCallsStepDetails;
  usage: Usage | null;
  metadata?: Metadata | null;
}

/**
 * A delta of a code interpreter call: a fragment of `input`, or outputs by `index`.
 *
 * @example
 * ```ts
 * const codePiece = (call: CodeInterpreterToolCallDelta) => call.code_interpreter?.input ?? '';
 * ```
 */
export interface CodeInterpreterToolCallDelta {
  index: number;
  id?: string;
  type: 'code_interpreter';
  code_interpreter?: { input?: string; outputs?: Array<Partial<CodeInterpreterOutput> & { index: number }> };
}

/**
 * A delta of a file search call.
 *
 * @example
 * ```ts
 * const searchResults = (call: FileSearchToolCallDelta) => call.file_search?.results ?? [];
 * ```
 */
export interface FileSearchToolCallDelta {
  index: number;
  id?: string;
  type: 'file_search';
  file_search?: FileSearchToolCall['file_search'];
}

/**
 * A delta of a function call: a fragment of `arguments`.
 *
 * @example
 * ```ts
 * const argumentsPiece = (call: FunctionToolCallDelta) => call.function?.arguments ?? '';
 * ```
 */
export interface FunctionToolCallDelta {
  index: number;
  id?: string;
  type: 'function';
  function?: { name?: string; arguments?: string; output?: string | null };
}

/**
 * A delta of one tool call, addressed by `index`.
 *
 * @example
 * ```ts
 * const pieceOf = (call: ToolCallDelta) =>
 *   call.type === 'function' ? (call.function?.arguments ?? '') : call.type === 'code_interpreter' ? (call.code_interpreter?.input ?? '') : '';
 * ```
 */
export type ToolCallDelta = CodeInterpreterToolCallDelta | FileSearchToolCallDelta | FunctionToolCallDelta;

/**
 * What changed in a run step (`object: 'thread.run.step.delta'`).
 *
 * @example
 * ```ts
 * events$.subscribe((e) => {
 *   if (e.event !== 'thread.run.step.delta') return;
 *   const delta: RunStepDeltaEvent = e.data;
 *   console.log(delta.id, delta.delta.step_details?.type);
 * });
 * ```
 */
export interface RunStepDeltaEvent {
  id: string;
  object: 'thread.run.step.delta';
  delta: {
    step_details?:
      | { type: 'message_creation'; message_creation?: { message_id?: string } }
      | { type: 'tool_calls'; tool_calls?: ToolCallDelta[] };
  };
}
