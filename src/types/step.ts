import type { ErrorObject, Metadata, Usage } from './shared.js';

export type RunStepStatus = 'in_progress' | 'cancelled' | 'failed' | 'completed' | 'expired';

export interface CodeInterpreterLogOutput {
  index?: number;
  type: 'logs';
  logs: string;
}

export interface CodeInterpreterImageOutput {
  index?: number;
  type: 'image';
  image: { file_id: string };
}

export type CodeInterpreterOutput = CodeInterpreterLogOutput | CodeInterpreterImageOutput;

export interface CodeInterpreterToolCall {
  index?: number;
  id: string;
  type: 'code_interpreter';
  code_interpreter: { input: string; outputs: CodeInterpreterOutput[] };
}

export interface FileSearchResult {
  file_id: string;
  file_name: string;
  score: number;
  content?: Array<{ type?: 'text'; text?: string }>;
}

export interface FileSearchToolCall {
  index?: number;
  id: string;
  type: 'file_search';
  file_search: {
    ranking_options?: { ranker: string; score_threshold: number };
    results?: FileSearchResult[];
  };
}

export interface FunctionToolCall {
  index?: number;
  id: string;
  type: 'function';
  function: { name: string; arguments: string; output: string | null };
}

export type ToolCall = CodeInterpreterToolCall | FileSearchToolCall | FunctionToolCall;

export interface MessageCreationStepDetails {
  type: 'message_creation';
  message_creation: { message_id: string };
}

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

export interface CodeInterpreterToolCallDelta {
  index: number;
  id?: string;
  type: 'code_interpreter';
  code_interpreter?: { input?: string; outputs?: Array<Partial<CodeInterpreterOutput> & { index: number }> };
}

export interface FileSearchToolCallDelta {
  index: number;
  id?: string;
  type: 'file_search';
  file_search?: FileSearchToolCall['file_search'];
}

export interface FunctionToolCallDelta {
  index: number;
  id?: string;
  type: 'function';
  function?: { name?: string; arguments?: string; output?: string | null };
}

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
