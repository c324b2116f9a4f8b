/**
 * Up to 16 key-value pairs; keys at most 64 characters, values at most 512.
 *
 * @example
 * ```ts
 * const metadata: Metadata = { customer: 'c_42', channel: 'web' };
 * client.runs.stream(threadId, { assistant_id: assistantId, metadata }).subscribe();
 * ```
 */
export type Metadata = Record<string, string>;

/**
 * An error object as the API returns it: the body of an HTTP error (`{ error: ErrorObject }`) and
 * of an `event: error` frame. A run's or a step's `last_error` is a {@link LastError}.
 *
 * @example
 * ```ts
 * const explain = (error: ErrorObject) => `${error.type} ${error.code ?? ''}: ${error.message}`;
 * ```
 */
export interface ErrorObject {
  code: string | null;
  message: string;
  param: string | null;
  type: string;
}

/**
 * Why a run or a step failed: its `last_error`. A step's code is never `invalid_prompt`.
 *
 * @example
 * ```ts
 * const retryable = (error: LastError) => error.code === 'rate_limit_exceeded' || error.code === 'server_error';
 * ```
 */
export interface LastError {
  code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt';
  message: string;
}

/**
 * Token counts of a run or a step; `null` until the server knows them.
 *
 * @example
 * ```ts
 * const cost = (usage: Usage) => usage.prompt_tokens * 0.15e-6 + usage.completion_tokens * 0.6e-6;
 * ```
 */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/**
 * A function the model may call: its name, description and JSON-Schema parameters.
 *
 * @example
 * ```ts
 * const getWeather: FunctionDefinition = {
 *   name: 'get_weather',
 *   description: 'The weather in a city',
 *   parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
 * };
 * ```
 */
export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean | null;
}

/**
 * The code interpreter tool.
 *
 * @example
 * ```ts
 * const tools: CodeInterpreterTool[] = [{ type: 'code_interpreter' }];
 * client.runs.stream(threadId, { assistant_id: assistantId, tools }).subscribe();
 * ```
 */
export interface CodeInterpreterTool {
  type: 'code_interpreter';
}

/**
 * The file search tool, with its optional limits.
 *
 * @example
 * ```ts
 * const search: FileSearchTool = { type: 'file_search', file_search: { max_num_results: 5 } };
 * client.runs.stream(threadId, { assistant_id: assistantId, tools: [search] }).subscribe();
 * ```
 */
export interface FileSearchTool {
  type: 'file_search';
  file_search?: {
    max_num_results?: number;
    ranking_options?: { ranker?: 'auto' | 'default_2024_08_21'; score_threshold: number };
  };
}

/**
 * A function tool: calls to it stop the run in `requires_action`.
 *
 * @example
 * ```ts
 * const tool: FunctionTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
 * client.runs.stream(threadId, { assistant_id: assistantId, tools: [tool] }).subscribe();
 * ```
 */
export interface FunctionTool {
  type: 'function';
  function: FunctionDefinition;
}

/**
 * A tool an assistant or a run may use.
 *
 * @example
 * ```ts
 * const tools: AssistantTool[] = [{ type: 'code_interpreter' }, { type: 'file_search' }];
 * ```
 */
export type AssistantTool = CodeInterpreterTool | FileSearchTool | FunctionTool;

/**
 * How the thread is truncated before the run.
 *
 * @example
 * ```ts
 * const truncation_strategy: TruncationStrategy = { type: 'last_messages', last_messages: 10 };
 * client.runs.stream(threadId, { assistant_id: assistantId, truncation_strategy }).subscribe();
 * ```
 */
export interface TruncationStrategy {
  type: 'auto' | 'last_messages';
  last_messages?: number | null;
}

/**
 * Which tool, if any, the model must call.
 *
 * @example
 * ```ts
 * const tool_choice: ToolChoice = { type: 'function', function: { name: 'get_weather' } };
 * client.runs.stream(threadId, { assistant_id: assistantId, tool_choice }).subscribe();
 * ```
 */
export type ToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'file_search' | 'code_interpreter' }
  | { type: 'function'; function: { name: string } };

/**
 * The format the model must output. `{ type: 'json_object' }` is JSON mode.
 *
 * @example
 * ```ts
 * const response_format: ResponseFormat = { type: 'json_object' }; // not the bare word 'json'
 * client.runs.stream(threadId, { assistant_id: assistantId, response_format }).subscribe();
 * ```
 */
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
