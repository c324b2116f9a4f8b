import type {
  ResponseCodeInterpreterToolCall,
  ResponseComputerToolCall,
  ResponseCustomToolCall,
  ResponseFileSearchToolCall,
  ResponseFunctionToolCall,
  ResponseFunctionWebSearch,
  ResponseImageGenerationCall,
  ResponseLocalShellCall,
  ResponseMcpApprovalRequest,
  ResponseMcpCall,
  ResponseMcpListTools,
  ResponseOutputMessage,
  ResponseReasoningItem,
} from './items.js';

/**
 * A part of an input message: text, an image, or a file.
 *
 * @example
 * ```ts
 * const parts: ResponseInputContent[] = [
 *   { type: 'input_text', text: 'What is in this picture?' },
 *   { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' },
 * ];
 * ```
 */
export type ResponseInputContent =
  | { type: 'input_text'; text: string }
  | {
      type: 'input_image';
      detail: 'low' | 'high' | 'auto' | 'original';
      image_url?: string | null;
      file_id?: string | null;
    }
  | { type: 'input_file'; file_id?: string | null; file_url?: string; file_data?: string; filename?: string };

/**
 * A message in the input: a role and text or parts.
 *
 * @example
 * ```ts
 * const m: ResponseInputMessage = { role: 'developer', content: 'Answer in French.' };
 * ```
 */
export interface ResponseInputMessage {
  role: 'user' | 'assistant' | 'system' | 'developer';
  content: string | ResponseInputContent[];
  type?: 'message';
  id?: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

/**
 * The result of a function call, sent back in the next request's `input`.
 *
 * @example
 * ```ts
 * const out: ResponseFunctionCallOutput = { type: 'function_call_output', call_id: 'call_1', output: '{"temperature":18}' };
 * ```
 */
export interface ResponseFunctionCallOutput {
  type: 'function_call_output';
  call_id: string;
  output: string | ResponseInputContent[];
  id?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete' | null;
}

/**
 * An item of a request's `input` (and of `GET /responses/{id}/input_items`): messages, results of
 * tool calls, output items of an earlier response sent back, or a reference to a stored item.
 *
 * @example
 * ```ts
 * const input: ResponseInputItem[] = [
 *   { role: 'user', content: 'Weather in Paris?' },
 *   { type: 'function_call_output', call_id: 'call_1', output: '18°C' },
 *   { type: 'item_reference', id: 'msg_1' },
 * ];
 * ```
 */
export type ResponseInputItem =
  | ResponseInputMessage
  | ResponseFunctionCallOutput
  | { type: 'custom_tool_call_output'; call_id: string; output: string | ResponseInputContent[]; id?: string }
  | {
      type: 'computer_call_output';
      call_id: string;
      output: { type: 'computer_screenshot'; image_url?: string; file_id?: string };
      id?: string | null;
    }
  | {
      type: 'local_shell_call_output';
      id: string;
      output: string;
      status?: 'in_progress' | 'completed' | 'incomplete' | null;
    }
  | {
      type: 'mcp_approval_response';
      approval_request_id: string;
      approve: boolean;
      id?: string | null;
      reason?: string | null;
    }
  | { type: 'item_reference'; id: string }
  | ResponseOutputMessage
  | ResponseFunctionToolCall
  | ResponseReasoningItem
  | ResponseFunctionWebSearch
  | ResponseFileSearchToolCall
  | ResponseCodeInterpreterToolCall
  | ResponseImageGenerationCall
  | ResponseMcpCall
  | ResponseMcpListTools
  | ResponseMcpApprovalRequest
  | ResponseCustomToolCall
  | ResponseComputerToolCall
  | ResponseLocalShellCall;

/**
 * A function the model may call: `parameters` is a JSON Schema.
 *
 * @example
 * ```ts
 * const weather: ResponseFunctionTool = {
 *   type: 'function', name: 'get_weather', strict: true,
 *   parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
 * };
 * ```
 */
export interface ResponseFunctionTool {
  type: 'function';
  name: string;
  parameters: Record<string, unknown> | null;
  strict: boolean | null;
  description?: string | null;
}

/**
 * A tool the model may use: a function, a custom tool, or a hosted tool (`file_search`,
 * `web_search`, `code_interpreter`, `image_generation`, `mcp`, `computer_use_preview`, `local_shell`, …)
 * with its own settings.
 *
 * @example
 * ```ts
 * const tools: ResponseTool[] = [
 *   { type: 'web_search' },
 *   { type: 'file_search', vector_store_ids: ['vs_1'], max_num_results: 5 },
 *   { type: 'mcp', server_label: 'docs', server_url: 'https://example.com/mcp', require_approval: 'never' },
 * ];
 * ```
 */
export type ResponseTool =
  | ResponseFunctionTool
  | { type: 'custom'; name: string; description?: string; format?: Record<string, unknown> }
  | {
      type: 'file_search';
      vector_store_ids: string[];
      max_num_results?: number;
      filters?: Record<string, unknown> | null;
      ranking_options?: { ranker?: 'auto' | 'default-2024-11-15'; score_threshold?: number };
    }
  | {
      type: 'web_search' | 'web_search_2025_08_26' | 'web_search_preview' | 'web_search_preview_2025_03_11';
      search_context_size?: 'low' | 'medium' | 'high';
      user_location?: Record<string, unknown> | null;
      filters?: Record<string, unknown> | null;
    }
  | { type: 'code_interpreter'; container: string | { type: 'auto'; file_ids?: string[] } }
  | {
      type: 'mcp';
      server_label: string;
      server_url?: string;
      connector_id?: string;
      require_approval?: unknown;
      allowed_tools?: unknown;
      headers?: Record<string, string> | null;
      authorization?: string;
      server_description?: string;
    }
  | { type: 'image_generation'; [setting: string]: unknown }
  | { type: 'computer_use_preview' | 'computer'; [setting: string]: unknown }
  | { type: 'local_shell' | 'shell' | 'apply_patch' };

/**
 * How the model picks tools: `none`, `auto`, `required`, one named tool, or an allowed subset.
 *
 * @example
 * ```ts
 * const choice: ResponseToolChoice = { type: 'function', name: 'get_weather' };
 * ```
 */
export type ResponseToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function' | 'custom'; name: string }
  | { type: 'mcp'; server_label: string; name?: string | null }
  | { type: 'allowed_tools'; mode: 'auto' | 'required'; tools: Array<Record<string, unknown>> }
  | {
      type:
        | 'file_search'
        | 'web_search_preview'
        | 'web_search_preview_2025_03_11'
        | 'computer'
        | 'computer_use'
        | 'computer_use_preview'
        | 'image_generation'
        | 'code_interpreter'
        | 'mcp'
        | 'apply_patch'
        | 'shell'
        | 'tool_search';
    };

/**
 * The text output's format (plain, JSON mode, or a JSON Schema) and verbosity.
 *
 * @example
 * ```ts
 * const text: ResponseTextConfig = {
 *   format: { type: 'json_schema', name: 'answer', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false } },
 *   verbosity: 'low',
 * };
 * ```
 */
export interface ResponseTextConfig {
  format?:
    | { type: 'text' }
    | { type: 'json_object' }
    | {
        type: 'json_schema';
        name: string;
        schema: Record<string, unknown>;
        description?: string;
        strict?: boolean | null;
      };
  verbosity?: 'low' | 'medium' | 'high' | null;
}

/**
 * Reasoning settings of reasoning models.
 *
 * @example
 * ```ts
 * const reasoning: ResponseReasoningConfig = { effort: 'low', summary: 'auto' };
 * ```
 */
export interface ResponseReasoningConfig {
  effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | null;
  summary?: 'auto' | 'concise' | 'detailed' | null;
  /** @deprecated The API's older name of `summary`. */
  generate_summary?: 'auto' | 'concise' | 'detailed' | null;
}

/**
 * Extra output `include` may ask for.
 *
 * @example
 * ```ts
 * const include: ResponseIncludable[] = ['reasoning.encrypted_content', 'web_search_call.action.sources'];
 * ```
 */
export type ResponseIncludable =
  | 'code_interpreter_call.outputs'
  | 'computer_call_output.output.image_url'
  | 'file_search_call.results'
  | 'message.input_image.image_url'
  | 'message.output_text.logprobs'
  | 'reasoning.encrypted_content'
  | 'web_search_call.action.sources'
  | 'web_search_call.results';

/**
 * The body of `POST /responses` (without `stream`, which the client sets), from the API reference.
 * The client checks it before sending (ranges, enums, `metadata` limits, `background` with
 * `store: false`).
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create
 *
 * @example
 * ```ts
 * const params: ResponseCreateParams = {
 *   model: 'gpt-4.1-mini',
 *   instructions: 'Be brief.',
 *   input: [{ role: 'user', content: 'Name three rivers.' }],
 *   temperature: 0.2,
 *   max_output_tokens: 200,
 *   metadata: { ticket: 'T-1' },
 * };
 * ```
 */
export interface ResponseCreateParams {
  /** The model id, e.g. `gpt-4.1-mini` (optional with a stored `prompt` that names one). */
  model?: string;
  /** The user's text, or a list of input items. */
  input?: string | ResponseInputItem[];
  /** A system (developer) message put first in the model's context; not carried over `previous_response_id`. */
  instructions?: string | null;
  tools?: ResponseTool[];
  tool_choice?: ResponseToolChoice;
  /** Continue from a stored response (its output becomes context). Not with `conversation`. */
  previous_response_id?: string | null;
  /** A conversation whose items are prepended, and to which this response's items are added. */
  conversation?: string | { id: string } | null;
  /** Run asynchronously: retrieve, resume or cancel it by id. Needs `store` not `false`. */
  background?: boolean | null;
  /** Keep the response for later retrieval (default true). */
  store?: boolean | null;
  /** Up to 16 pairs; keys at most 64 characters, values at most 512. */
  metadata?: Record<string, string> | null;
  /** Upper bound on generated tokens, reasoning included (at least 16). */
  max_output_tokens?: number | null;
  /** Upper bound on the number of hosted tool calls. */
  max_tool_calls?: number | null;
  /** 0–2. */
  temperature?: number | null;
  /** 0–1. */
  top_p?: number | null;
  /** 0–20 most likely tokens per position, with `include: ['message.output_text.logprobs']`. */
  top_logprobs?: number | null;
  text?: ResponseTextConfig;
  reasoning?: ResponseReasoningConfig | null;
  parallel_tool_calls?: boolean | null;
  truncation?: 'auto' | 'disabled' | null;
  include?: ResponseIncludable[] | null;
  service_tier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority' | null;
  prompt_cache_key?: string;
  prompt_cache_retention?: 'in_memory' | '24h' | null;
  safety_identifier?: string;
  /** @deprecated Use `safety_identifier` and `prompt_cache_key`. */
  user?: string;
  /** A stored prompt template and its variables. */
  prompt?: { id: string; version?: string | null; variables?: Record<string, unknown> | null } | null;
  /** `true` streams the response as events (the client's `stream()` sets it). */
  stream?: boolean | null;
  /** Streaming only. */
  stream_options?: { include_obfuscation?: boolean } | null;
}
