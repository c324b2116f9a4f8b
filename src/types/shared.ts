/** Up to 16 key-value pairs; keys at most 64 characters, values at most 512. */
export type Metadata = Record<string, string>;

/** An error object as the API returns it, inside `last_error` or an `event: error` frame. */
export interface ErrorObject {
  code: string | null;
  message: string;
  param?: string | null;
  type?: string;
}

/** Token counts of a run or a step; `null` until the server knows them. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A function the model may call: its name, description and JSON-Schema parameters. */
export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean | null;
}

/** The code interpreter tool. */
export interface CodeInterpreterTool {
  type: 'code_interpreter';
}

/** The file search tool, with its optional limits. */
export interface FileSearchTool {
  type: 'file_search';
  file_search?: {
    max_num_results?: number;
    ranking_options?: { ranker?: 'auto' | 'default_2024_08_21'; score_threshold: number };
  };
}

/** A function tool: calls to it stop the run in `requires_action`. */
export interface FunctionTool {
  type: 'function';
  function: FunctionDefinition;
}

/** A tool an assistant or a run may use. */
export type AssistantTool = CodeInterpreterTool | FileSearchTool | FunctionTool;

/** How the thread is truncated before the run. */
export interface TruncationStrategy {
  type: 'auto' | 'last_messages';
  last_messages?: number | null;
}

/** Which tool, if any, the model must call. */
export type ToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'file_search' | 'code_interpreter' }
  | { type: 'function'; function: { name: string } };

/** The format the model must output. `{ type: 'json_object' }` is JSON mode. */
export type ResponseFormat =
  | 'auto'
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: {
        name: string;
        description?: string;
        schema?: Record<string, unknown>;
        strict?: boolean | null;
      };
    };
