import type { ResponseMessageContent, ResponseReasoningText, ResponseSummaryText } from './content.js';

/**
 * The status most output items share.
 *
 * @example
 * ```ts
 * const status: ItemStatus = 'in_progress';
 * ```
 */
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/**
 * An assistant message: text and refusal parts, in `content_index` order.
 *
 * @example
 * ```ts
 * const text = (m: ResponseOutputMessage) => m.content.map((p) => (p.type === 'output_text' ? p.text : '')).join('');
 * ```
 */
export interface ResponseOutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: ItemStatus;
  content: ResponseMessageContent[];
  phase?: 'commentary' | 'final_answer' | null;
}

/**
 * A call of one of the caller's function tools; `arguments` is JSON text, streamed in pieces.
 *
 * @example
 * ```ts
 * const call: ResponseFunctionToolCall = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' };
 * console.log(call.name, JSON.parse(call.arguments));
 * ```
 */
export interface ResponseFunctionToolCall {
  type: 'function_call';
  call_id: string;
  name: string;
  arguments: string;
  id?: string;
  namespace?: string;
  status?: ItemStatus;
}

/**
 * The output of a function call, as some servers echo it among the output items.
 *
 * @example
 * ```ts
 * const out: ResponseFunctionCallOutputItem = { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: '18°C' };
 * console.log(out.output);
 * ```
 */
export interface ResponseFunctionCallOutputItem {
  type: 'function_call_output';
  id: string;
  call_id: string;
  output: string | unknown[];
  status?: ItemStatus;
}

/**
 * The model's reasoning: summary parts (`summary_index`), and its reasoning text where the model shows it.
 *
 * @example
 * ```ts
 * const summary = (r: ResponseReasoningItem) => r.summary.map((s) => s.text).join('\n');
 * ```
 */
export interface ResponseReasoningItem {
  type: 'reasoning';
  id: string;
  summary: ResponseSummaryText[];
  content?: ResponseReasoningText[];
  encrypted_content?: string | null;
  status?: ItemStatus;
}

/**
 * What a web search call did: searched, opened a page, or found text in one.
 *
 * @example
 * ```ts
 * const what = (a: WebSearchAction) => (a.type === 'search' ? a.query : a.url);
 * ```
 */
export type WebSearchAction =
  | {
      type: 'search';
      query?: string;
      queries?: string[];
      sources?: Array<{ type: 'url'; url: string } | { type: string; [key: string]: unknown }>;
    }
  | { type: 'open_page'; url?: string | null }
  | { type: 'find_in_page'; pattern: string; url: string };

/**
 * A hosted web search; its citations arrive as `url_citation` annotations on the message text.
 *
 * @example
 * ```ts
 * const call: ResponseFunctionWebSearch = { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'rxjs' } };
 * console.log(call.status);
 * ```
 */
export interface ResponseFunctionWebSearch {
  type: 'web_search_call';
  id: string;
  status: 'in_progress' | 'searching' | 'completed' | 'failed';
  action: WebSearchAction;
}

/**
 * One result of a file search.
 *
 * @example
 * ```ts
 * const hit: FileSearchResult = { file_id: 'file_1', filename: 'guide.md', score: 0.92, text: '…' };
 * console.log(hit.filename, hit.score);
 * ```
 */
export interface FileSearchResult {
  file_id?: string;
  filename?: string;
  score?: number;
  text?: string;
  attributes?: Record<string, string | number | boolean> | null;
}

/**
 * A hosted file search over vector stores; `results` only with `include: ['file_search_call.results']`.
 *
 * @example
 * ```ts
 * const call: ResponseFileSearchToolCall = { type: 'file_search_call', id: 'fs_1', status: 'completed', queries: ['refund policy'] };
 * console.log(call.queries);
 * ```
 */
export interface ResponseFileSearchToolCall {
  type: 'file_search_call';
  id: string;
  status: 'in_progress' | 'searching' | 'completed' | 'incomplete' | 'failed';
  queries: string[];
  results?: FileSearchResult[] | null;
}

/**
 * What code interpreter printed (`logs`) or drew (`image`).
 *
 * @example
 * ```ts
 * const show = (o: CodeInterpreterOutput) => (o.type === 'logs' ? o.logs : o.url);
 * ```
 */
export type CodeInterpreterOutput = { type: 'logs'; logs: string } | { type: 'image'; url: string };

/**
 * Code the model ran in a container; `code` streams in pieces.
 *
 * @example
 * ```ts
 * const call: ResponseCodeInterpreterToolCall = { type: 'code_interpreter_call', id: 'ci_1', status: 'completed', container_id: 'cntr_1', code: 'print(1)', outputs: [{ type: 'logs', logs: '1' }] };
 * console.log(call.code);
 * ```
 */
export interface ResponseCodeInterpreterToolCall {
  type: 'code_interpreter_call';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete' | 'interpreting' | 'failed';
  container_id: string;
  code: string | null;
  outputs: CodeInterpreterOutput[] | null;
}

/**
 * An image the model generated; `result` is base64 once done.
 *
 * @example
 * ```ts
 * const call: ResponseImageGenerationCall = { type: 'image_generation_call', id: 'ig_1', status: 'generating', result: null };
 * console.log(call.status);
 * ```
 */
export interface ResponseImageGenerationCall {
  type: 'image_generation_call';
  id: string;
  status: 'in_progress' | 'completed' | 'generating' | 'failed';
  result: string | null;
}

/**
 * A call of a tool on a remote MCP server; `arguments` streams in pieces.
 *
 * @example
 * ```ts
 * const call: ResponseMcpCall = { type: 'mcp_call', id: 'mcp_1', server_label: 'docs', name: 'search', arguments: '{"q":"sse"}', status: 'completed', output: '…' };
 * console.log(call.server_label, call.name);
 * ```
 */
export interface ResponseMcpCall {
  type: 'mcp_call';
  id: string;
  server_label: string;
  name: string;
  arguments: string;
  status?: 'in_progress' | 'completed' | 'incomplete' | 'calling' | 'failed';
  output?: string | null;
  error?: string | null;
  approval_request_id?: string | null;
}

/**
 * The tools an MCP server offers.
 *
 * @example
 * ```ts
 * const list: ResponseMcpListTools = { type: 'mcp_list_tools', id: 'mcpl_1', server_label: 'docs', tools: [{ name: 'search', input_schema: {} }] };
 * console.log(list.tools.map((t) => t.name));
 * ```
 */
export interface ResponseMcpListTools {
  type: 'mcp_list_tools';
  id: string;
  server_label: string;
  tools: Array<{ name: string; input_schema: unknown; description?: string | null; annotations?: unknown }>;
  error?: string | null;
}

/**
 * The model asks to call an MCP tool; answer with an `mcp_approval_response` input item.
 *
 * @example
 * ```ts
 * const ask: ResponseMcpApprovalRequest = { type: 'mcp_approval_request', id: 'mcpr_1', server_label: 'docs', name: 'delete', arguments: '{}' };
 * console.log(`approve ${ask.name}?`);
 * ```
 */
export interface ResponseMcpApprovalRequest {
  type: 'mcp_approval_request';
  id: string;
  server_label: string;
  name: string;
  arguments: string;
}

/**
 * An answer to an MCP approval request, as echoed among the output items.
 *
 * @example
 * ```ts
 * const yes: ResponseMcpApprovalResponse = { type: 'mcp_approval_response', id: 'mcpa_1', approval_request_id: 'mcpr_1', approve: true };
 * console.log(yes.approve);
 * ```
 */
export interface ResponseMcpApprovalResponse {
  type: 'mcp_approval_response';
  id: string;
  approval_request_id: string;
  approve: boolean;
  reason?: string | null;
}

/**
 * A call of a custom (free-form input) tool; `input` streams in pieces.
 *
 * @example
 * ```ts
 * const call: ResponseCustomToolCall = { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_2', name: 'sql', input: 'SELECT 1' };
 * console.log(call.input);
 * ```
 */
export interface ResponseCustomToolCall {
  type: 'custom_tool_call';
  call_id: string;
  name: string;
  input: string;
  id?: string;
  namespace?: string;
}

/**
 * A computer-use action to perform (click, type, scroll, screenshot, …), with its safety checks.
 *
 * @example
 * ```ts
 * const call: ResponseComputerToolCall = { type: 'computer_call', id: 'cu_1', call_id: 'call_3', status: 'completed', pending_safety_checks: [], action: { type: 'screenshot' } };
 * console.log(call.action?.type);
 * ```
 */
export interface ResponseComputerToolCall {
  type: 'computer_call';
  id: string;
  call_id: string;
  status: ItemStatus;
  pending_safety_checks: Array<{ id: string; code?: string | null; message?: string | null }>;
  action?: { type: string; [key: string]: unknown };
  actions?: Array<{ type: string; [key: string]: unknown }>;
}

/**
 * A command the model asks the caller's machine to run.
 *
 * @example
 * ```ts
 * const call: ResponseLocalShellCall = { type: 'local_shell_call', id: 'ls_1', call_id: 'call_4', status: 'completed', action: { type: 'exec', command: ['ls'], env: {} } };
 * console.log(call.action.command.join(' '));
 * ```
 */
export interface ResponseLocalShellCall {
  type: 'local_shell_call';
  id: string;
  call_id: string;
  status: ItemStatus;
  action: {
    type: 'exec';
    command: string[];
    env: Record<string, string>;
    timeout_ms?: number | null;
    user?: string | null;
    working_directory?: string | null;
  };
}

/**
 * Every output item the types know, discriminated on `type`.
 *
 * @example
 * ```ts
 * function describe(item: ResponseOutputItem): string {
 *   switch (item.type) {
 *     case 'message': return `message with ${item.content.length} parts`;
 *     case 'function_call': return `call ${item.name}(${item.arguments})`;
 *     case 'reasoning': return `reasoning: ${item.summary.map((s) => s.text).join(' ')}`;
 *     default: return item.type;
 *   }
 * }
 * ```
 */
export type ResponseOutputItem =
  | ResponseOutputMessage
  | ResponseFunctionToolCall
  | ResponseFunctionCallOutputItem
  | ResponseReasoningItem
  | ResponseFunctionWebSearch
  | ResponseFileSearchToolCall
  | ResponseCodeInterpreterToolCall
  | ResponseImageGenerationCall
  | ResponseMcpCall
  | ResponseMcpListTools
  | ResponseMcpApprovalRequest
  | ResponseMcpApprovalResponse
  | ResponseCustomToolCall
  | ResponseComputerToolCall
  | ResponseLocalShellCall;
