import type { ResponseOutputItem } from './items.js';
import type {
  ResponseInputItem,
  ResponseReasoningConfig,
  ResponseTextConfig,
  ResponseTool,
  ResponseToolChoice,
} from './params.js';

/**
 * Where a response stands.
 *
 * @example
 * ```ts
 * const settled = (s: ResponseStatus) => s === 'completed' || s === 'incomplete' || s === 'failed' || s === 'cancelled';
 * ```
 */
export type ResponseStatus = 'completed' | 'failed' | 'in_progress' | 'cancelled' | 'queued' | 'incomplete';

/**
 * Why a response failed (`status: 'failed'`).
 *
 * @example
 * ```ts
 * const error: ResponseError = { code: 'server_error', message: 'The server had an error.' };
 * console.log(`${error.code}: ${error.message}`);
 * ```
 */
export interface ResponseError {
  /** `server_error`, `rate_limit_exceeded`, `invalid_prompt`, `vector_store_timeout`, `invalid_image`, … */
  code: string;
  message: string;
}

/**
 * Tokens a response used.
 *
 * @example
 * ```ts
 * const usage: ResponseUsage = {
 *   input_tokens: 12, input_tokens_details: { cached_tokens: 0 },
 *   output_tokens: 30, output_tokens_details: { reasoning_tokens: 8 }, total_tokens: 42,
 * };
 * console.log(usage.total_tokens);
 * ```
 */
export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * A response: the object of `POST /responses`, and the `response` of the lifecycle events.
 *
 * `output_text` is not sent by the API; the official SDK adds it (all `output_text` parts joined),
 * and so do runstream's `snapshots()` and `finalResponse()`.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object
 *
 * @example
 * ```ts
 * function summary(r: Response): string {
 *   return `${r.id} ${r.status}: ${r.output.length} items, ${r.usage?.total_tokens ?? '?'} tokens`;
 * }
 * ```
 */
export interface Response {
  id: string;
  object: 'response';
  created_at: number;
  status?: ResponseStatus;
  model: string;
  output: ResponseOutputItem[];
  /** Every `output_text` part of every message, joined: added by the SDK and by runstream, not sent by the API. */
  output_text?: string;
  error: ResponseError | null;
  incomplete_details: { reason?: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | ResponseInputItem[] | null;
  metadata: Record<string, string> | null;
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  tool_choice: ResponseToolChoice;
  tools: ResponseTool[];
  background?: boolean | null;
  completed_at?: number | null;
  conversation?: { id: string } | null;
  max_output_tokens?: number | null;
  max_tool_calls?: number | null;
  previous_response_id?: string | null;
  prompt_cache_key?: string | null;
  reasoning?: ResponseReasoningConfig | null;
  safety_identifier?: string | null;
  service_tier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority' | null;
  store?: boolean;
  text?: ResponseTextConfig;
  top_logprobs?: number | null;
  truncation?: 'auto' | 'disabled' | null;
  usage?: ResponseUsage | null;
  user?: string;
}
