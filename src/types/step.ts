import type { ErrorObject, Metadata, Usage } from './shared.js';

/** Every status a run step can be in. */
export type RunStepStatus = 'in_progress' | 'cancelled' | 'failed' | 'completed' | 'expired';

/** Text the code interpreter printed. */
export interface CodeInterpreterLogOutput {
  index?: number;
  type: 'logs';
  logs: string;
}

/** An image the code interpreter made, as a file id. */
export interface CodeInterpreterImageOutput {
  index?: number;
  type: 'image';
  image: { file_id: string };
}

/** An output of a code interpreter call. */
export type CodeInterpreterOutput = CodeInterpreterLogOutput | CodeInterpreterImageOutput;

/** A code interpreter call: the code it ran (`input`) and what came out. */
export interface CodeInterpreterToolCall {
  index?: number;
  id: string;
  type: 'code_interpreter';
  code_interpreter: { input: string; outputs: CodeInterpreterOutput[] };
}

/** One file search hit, with its score (and content when `include` asked for it). */
export interface FileSearchResult {
  file_id: string;
  file_name: string;
  score: number;
  content?: Array<{ type?: 'text'; text?: string }>;
}

/** A file search call and its results. */
export interface FileSearchToolCall {
  index?: number;
  id: string;
  type: 'file_search';
  file_search: {
    ranking_options?: { ranker: string; score_threshold: number };
    results?: FileSearchResult[];
  };
}

/** A function call: its name, JSON `arguments` and, once submitted, `output`. */
export interface FunctionToolCall {
  index?: number;
  id: string;
  type: 'function';
  function: { name: string; arguments: string; output: string | null };
}

/** A tool call of a `tool_calls` step. */
export type ToolCall = CodeInterpreterToolCall | FileSearchToolCall | FunctionToolCall;

/** The details of a step that wrote a message. */
export interface MessageCreationStepDetails {
  type: 'message_creation';
  message_creation: { message_id: string };
}

/** The details of a step that called tools. */
export interface ToolCallsStepDetails {
  type: 'tool_calls';
  tool_calls: ToolCall[];
}

/** One step of a run: creating a message, or calling tools (`object: 'thread.run.step'`). */
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
  last_error: ErrorObject | null;
  step_details: MessageCreationStepDetails | ToolCallsStepDetails;
  usage: Usage | null;
  metadata?: Metadata | null;
}

/** A delta of a code interpreter call: a fragment of `input`, or outputs by `index`. */
export interface CodeInterpreterToolCallDelta {
  index: number;
  id?: string;
  type: 'code_interpreter';
  code_interpreter?: { input?: string; outputs?: Array<Partial<CodeInterpreterOutput> & { index: number }> };
}

/** A delta of a file search call. */
export interface FileSearchToolCallDelta {
  index: number;
  id?: string;
  type: 'file_search';
  file_search?: FileSearchToolCall['file_search'];
}

/** A delta of a function call: a fragment of `arguments`. */
export interface FunctionToolCallDelta {
  index: number;
  id?: string;
  type: 'function';
  function?: { name?: string; arguments?: string; output?: string | null };
}

/** A delta of one tool call, addressed by `index`. */
export type ToolCallDelta = CodeInterpreterToolCallDelta | FileSearchToolCallDelta | FunctionToolCallDelta;

/** What changed in a run step (`object: 'thread.run.step.delta'`). */
export interface RunStepDeltaEvent {
  id: string;
  object: 'thread.run.step.delta';
  delta: {
    step_details?:
      | { type: 'message_creation'; message_creation?: { message_id?: string } }
      | { type: 'tool_calls'; tool_calls?: ToolCallDelta[] };
  };
}
