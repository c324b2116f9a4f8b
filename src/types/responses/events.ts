import type {
  ResponseAnnotation,
  ResponseContentPart,
  ResponseLogprob,
  ResponseSummaryText,
} from './content.js';
import type { ResponseOutputItem } from './items.js';
import type { Response } from './response.js';

// Every member of the API's stream union, written out so that `switch (e.type)` narrows. Each
// event is the JSON object exactly as on the wire; `sequence_number` counts from 0 within a
// response and is what a resumed stream starts after.

/**
 * `response.created`: The response was created (the first event of a stream).
 *
 * @example
 * ```ts
 * const on = (e: ResponseCreatedEvent) => {
 *   console.log(e.response.id, e.response.status);
 * };
 * ```
 */
export interface ResponseCreatedEvent {
  type: 'response.created';
  sequence_number: number;
  response: Response;
}

/**
 * `response.queued`: A background response waits for capacity.
 *
 * @example
 * ```ts
 * const on = (e: ResponseQueuedEvent) => {
 *   console.log(e.response.id, e.response.status);
 * };
 * ```
 */
export interface ResponseQueuedEvent {
  type: 'response.queued';
  sequence_number: number;
  response: Response;
}

/**
 * `response.in_progress`: The model started working on the response.
 *
 * @example
 * ```ts
 * const on = (e: ResponseInProgressEvent) => {
 *   console.log(e.response.id, e.response.status);
 * };
 * ```
 */
export interface ResponseInProgressEvent {
  type: 'response.in_progress';
  sequence_number: number;
  response: Response;
}

/**
 * `response.completed`: The response finished (terminal).
 *
 * @example
 * ```ts
 * const on = (e: ResponseCompletedEvent) => {
 *   console.log(e.response.id, e.response.status);
 * };
 * ```
 */
export interface ResponseCompletedEvent {
  type: 'response.completed';
  sequence_number: number;
  response: Response;
}

/**
 * `response.incomplete`: The response ended early, e.g. at `max_output_tokens` (terminal).
 *
 * @example
 * ```ts
 * const on = (e: ResponseIncompleteEvent) => {
 *   console.log(e.response.id, e.response.status);
 * };
 * ```
 */
export interface ResponseIncompleteEvent {
  type: 'response.incomplete';
  sequence_number: number;
  response: Response;
}

/**
 * `response.failed`: The response failed; `response.error` says why (terminal).
 *
 * @example
 * ```ts
 * const on = (e: ResponseFailedEvent) => {
 *   console.log(e.response.id, e.response.status);
 * };
 * ```
 */
export interface ResponseFailedEvent {
  type: 'response.failed';
  sequence_number: number;
  response: Response;
}

/**
 * `response.output_item.added`: An output item begins, at `output_index`.
 *
 * @example
 * ```ts
 * const on = (e: ResponseOutputItemAddedEvent) => {
 *   console.log(e.output_index, e.item.type);
 * };
 * ```
 */
export interface ResponseOutputItemAddedEvent {
  type: 'response.output_item.added';
  sequence_number: number;
  output_index: number;
  item: ResponseOutputItem;
}

/**
 * `response.output_item.done`: An output item is complete: `item` is its final form.
 *
 * @example
 * ```ts
 * const on = (e: ResponseOutputItemDoneEvent) => {
 *   console.log(e.output_index, e.item.type);
 * };
 * ```
 */
export interface ResponseOutputItemDoneEvent {
  type: 'response.output_item.done';
  sequence_number: number;
  output_index: number;
  item: ResponseOutputItem;
}

/**
 * `response.content_part.added`: A content part of a message (or reasoning text) begins.
 *
 * @example
 * ```ts
 * const on = (e: ResponseContentPartAddedEvent) => {
 *   console.log(e.output_index, e.part.type);
 * };
 * ```
 */
export interface ResponseContentPartAddedEvent {
  type: 'response.content_part.added';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  part: ResponseContentPart;
}

/**
 * `response.content_part.done`: A content part is complete: `part` is its final form.
 *
 * @example
 * ```ts
 * const on = (e: ResponseContentPartDoneEvent) => {
 *   console.log(e.output_index, e.part.type);
 * };
 * ```
 */
export interface ResponseContentPartDoneEvent {
  type: 'response.content_part.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  part: ResponseContentPart;
}

/**
 * `response.output_text.delta`: A piece of output text.
 *
 * @example
 * ```ts
 * const on = (e: ResponseTextDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseTextDeltaEvent {
  type: 'response.output_text.delta';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  delta: string;
  logprobs?: ResponseLogprob[];
  obfuscation?: string;
}

/**
 * `response.output_text.done`: An output text part is complete: `text` is all of it.
 *
 * @example
 * ```ts
 * const on = (e: ResponseTextDoneEvent) => {
 *   console.log(e.text);
 * };
 * ```
 */
export interface ResponseTextDoneEvent {
  type: 'response.output_text.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  text: string;
  logprobs?: ResponseLogprob[];
}

/**
 * `response.output_text.annotation.added`: An annotation (a citation, a file path) joins an output text part at `annotation_index`.
 *
 * @example
 * ```ts
 * const on = (e: ResponseOutputTextAnnotationAddedEvent) => {
 *   console.log(e.annotation.type);
 * };
 * ```
 */
export interface ResponseOutputTextAnnotationAddedEvent {
  type: 'response.output_text.annotation.added';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  annotation_index: number;
  annotation: ResponseAnnotation;
}

/**
 * `response.refusal.delta`: A piece of a refusal.
 *
 * @example
 * ```ts
 * const on = (e: ResponseRefusalDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseRefusalDeltaEvent {
  type: 'response.refusal.delta';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  delta: string;
}

/**
 * `response.refusal.done`: A refusal is complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseRefusalDoneEvent) => {
 *   console.log(e.refusal);
 * };
 * ```
 */
export interface ResponseRefusalDoneEvent {
  type: 'response.refusal.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  refusal: string;
}

/**
 * `response.function_call_arguments.delta`: A piece of a function call's JSON arguments.
 *
 * @example
 * ```ts
 * const on = (e: ResponseFunctionCallArgumentsDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseFunctionCallArgumentsDeltaEvent {
  type: 'response.function_call_arguments.delta';
  sequence_number: number;
  item_id: string;
  output_index: number;
  delta: string;
  obfuscation?: string;
}

/**
 * `response.function_call_arguments.done`: A function call's arguments are complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseFunctionCallArgumentsDoneEvent) => {
 *   console.log(e.arguments);
 * };
 * ```
 */
export interface ResponseFunctionCallArgumentsDoneEvent {
  type: 'response.function_call_arguments.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  arguments: string;
  name?: string;
}

/**
 * `response.reasoning_summary_part.added`: A part of a reasoning summary begins, at `summary_index`.
 *
 * @example
 * ```ts
 * const on = (e: ResponseReasoningSummaryPartAddedEvent) => {
 *   console.log(e.output_index, e.part.type);
 * };
 * ```
 */
export interface ResponseReasoningSummaryPartAddedEvent {
  type: 'response.reasoning_summary_part.added';
  sequence_number: number;
  item_id: string;
  output_index: number;
  summary_index: number;
  part: ResponseSummaryText;
}

/**
 * `response.reasoning_summary_part.done`: A part of a reasoning summary is complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseReasoningSummaryPartDoneEvent) => {
 *   console.log(e.output_index, e.part.type);
 * };
 * ```
 */
export interface ResponseReasoningSummaryPartDoneEvent {
  type: 'response.reasoning_summary_part.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  summary_index: number;
  part: ResponseSummaryText;
  status?: 'incomplete';
}

/**
 * `response.reasoning_summary_text.delta`: A piece of reasoning summary text.
 *
 * @example
 * ```ts
 * const on = (e: ResponseReasoningSummaryTextDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseReasoningSummaryTextDeltaEvent {
  type: 'response.reasoning_summary_text.delta';
  sequence_number: number;
  item_id: string;
  output_index: number;
  summary_index: number;
  delta: string;
  obfuscation?: string;
}

/**
 * `response.reasoning_summary_text.done`: A reasoning summary text is complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseReasoningSummaryTextDoneEvent) => {
 *   console.log(e.text);
 * };
 * ```
 */
export interface ResponseReasoningSummaryTextDoneEvent {
  type: 'response.reasoning_summary_text.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  summary_index: number;
  text: string;
}

/**
 * `response.reasoning_text.delta`: A piece of reasoning text.
 *
 * @example
 * ```ts
 * const on = (e: ResponseReasoningTextDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseReasoningTextDeltaEvent {
  type: 'response.reasoning_text.delta';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  delta: string;
  obfuscation?: string;
}

/**
 * `response.reasoning_text.done`: A reasoning text part is complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseReasoningTextDoneEvent) => {
 *   console.log(e.text);
 * };
 * ```
 */
export interface ResponseReasoningTextDoneEvent {
  type: 'response.reasoning_text.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  content_index: number;
  text: string;
}

/**
 * `response.web_search_call.in_progress`: A web search call started.
 *
 * @example
 * ```ts
 * const on = (e: ResponseWebSearchCallInProgressEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseWebSearchCallInProgressEvent {
  type: 'response.web_search_call.in_progress';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.web_search_call.searching`: A web search call is searching.
 *
 * @example
 * ```ts
 * const on = (e: ResponseWebSearchCallSearchingEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseWebSearchCallSearchingEvent {
  type: 'response.web_search_call.searching';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.web_search_call.completed`: A web search call finished.
 *
 * @example
 * ```ts
 * const on = (e: ResponseWebSearchCallCompletedEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseWebSearchCallCompletedEvent {
  type: 'response.web_search_call.completed';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.file_search_call.in_progress`: A file search call started.
 *
 * @example
 * ```ts
 * const on = (e: ResponseFileSearchCallInProgressEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseFileSearchCallInProgressEvent {
  type: 'response.file_search_call.in_progress';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.file_search_call.searching`: A file search call is searching.
 *
 * @example
 * ```ts
 * const on = (e: ResponseFileSearchCallSearchingEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseFileSearchCallSearchingEvent {
  type: 'response.file_search_call.searching';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.file_search_call.completed`: A file search call finished.
 *
 * @example
 * ```ts
 * const on = (e: ResponseFileSearchCallCompletedEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseFileSearchCallCompletedEvent {
  type: 'response.file_search_call.completed';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.code_interpreter_call.in_progress`: A code interpreter call started.
 *
 * @example
 * ```ts
 * const on = (e: ResponseCodeInterpreterCallInProgressEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseCodeInterpreterCallInProgressEvent {
  type: 'response.code_interpreter_call.in_progress';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.code_interpreter_call.interpreting`: A code interpreter call runs its code.
 *
 * @example
 * ```ts
 * const on = (e: ResponseCodeInterpreterCallInterpretingEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseCodeInterpreterCallInterpretingEvent {
  type: 'response.code_interpreter_call.interpreting';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.code_interpreter_call.completed`: A code interpreter call finished.
 *
 * @example
 * ```ts
 * const on = (e: ResponseCodeInterpreterCallCompletedEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseCodeInterpreterCallCompletedEvent {
  type: 'response.code_interpreter_call.completed';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.code_interpreter_call_code.delta`: A piece of the code a code interpreter call runs.
 *
 * @example
 * ```ts
 * const on = (e: ResponseCodeInterpreterCallCodeDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseCodeInterpreterCallCodeDeltaEvent {
  type: 'response.code_interpreter_call_code.delta';
  sequence_number: number;
  item_id: string;
  output_index: number;
  delta: string;
  obfuscation?: string;
}

/**
 * `response.code_interpreter_call_code.done`: The code of a code interpreter call is complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseCodeInterpreterCallCodeDoneEvent) => {
 *   console.log(e.code);
 * };
 * ```
 */
export interface ResponseCodeInterpreterCallCodeDoneEvent {
  type: 'response.code_interpreter_call_code.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  code: string;
}

/**
 * `response.image_generation_call.in_progress`: An image generation call started.
 *
 * @example
 * ```ts
 * const on = (e: ResponseImageGenCallInProgressEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseImageGenCallInProgressEvent {
  type: 'response.image_generation_call.in_progress';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.image_generation_call.generating`: An image generation call is drawing.
 *
 * @example
 * ```ts
 * const on = (e: ResponseImageGenCallGeneratingEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseImageGenCallGeneratingEvent {
  type: 'response.image_generation_call.generating';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.image_generation_call.partial_image`: A partial image (base64) while an image is generated.
 *
 * @example
 * ```ts
 * const on = (e: ResponseImageGenCallPartialImageEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseImageGenCallPartialImageEvent {
  type: 'response.image_generation_call.partial_image';
  sequence_number: number;
  item_id: string;
  output_index: number;
  partial_image_index: number;
  partial_image_b64: string;
}

/**
 * `response.image_generation_call.completed`: An image generation call finished.
 *
 * @example
 * ```ts
 * const on = (e: ResponseImageGenCallCompletedEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseImageGenCallCompletedEvent {
  type: 'response.image_generation_call.completed';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.mcp_call.in_progress`: An MCP tool call started.
 *
 * @example
 * ```ts
 * const on = (e: ResponseMcpCallInProgressEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseMcpCallInProgressEvent {
  type: 'response.mcp_call.in_progress';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.mcp_call_arguments.delta`: A piece of an MCP tool call's JSON arguments.
 *
 * @example
 * ```ts
 * const on = (e: ResponseMcpCallArgumentsDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseMcpCallArgumentsDeltaEvent {
  type: 'response.mcp_call_arguments.delta';
  sequence_number: number;
  item_id: string;
  output_index: number;
  delta: string;
  obfuscation?: string;
}

/**
 * `response.mcp_call_arguments.done`: An MCP tool call's arguments are complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseMcpCallArgumentsDoneEvent) => {
 *   console.log(e.arguments);
 * };
 * ```
 */
export interface ResponseMcpCallArgumentsDoneEvent {
  type: 'response.mcp_call_arguments.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  arguments: string;
}

/**
 * `response.mcp_call.completed`: An MCP tool call finished.
 *
 * @example
 * ```ts
 * const on = (e: ResponseMcpCallCompletedEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseMcpCallCompletedEvent {
  type: 'response.mcp_call.completed';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.mcp_call.failed`: An MCP tool call failed.
 *
 * @example
 * ```ts
 * const on = (e: ResponseMcpCallFailedEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseMcpCallFailedEvent {
  type: 'response.mcp_call.failed';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.mcp_list_tools.in_progress`: Listing the tools of an MCP server started.
 *
 * @example
 * ```ts
 * const on = (e: ResponseMcpListToolsInProgressEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseMcpListToolsInProgressEvent {
  type: 'response.mcp_list_tools.in_progress';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.mcp_list_tools.completed`: The tools of an MCP server are listed.
 *
 * @example
 * ```ts
 * const on = (e: ResponseMcpListToolsCompletedEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseMcpListToolsCompletedEvent {
  type: 'response.mcp_list_tools.completed';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.mcp_list_tools.failed`: Listing the tools of an MCP server failed.
 *
 * @example
 * ```ts
 * const on = (e: ResponseMcpListToolsFailedEvent) => {
 *   console.log(e.item_id, e.output_index);
 * };
 * ```
 */
export interface ResponseMcpListToolsFailedEvent {
  type: 'response.mcp_list_tools.failed';
  sequence_number: number;
  item_id: string;
  output_index: number;
}

/**
 * `response.custom_tool_call_input.delta`: A piece of a custom tool call's input.
 *
 * @example
 * ```ts
 * const on = (e: ResponseCustomToolCallInputDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseCustomToolCallInputDeltaEvent {
  type: 'response.custom_tool_call_input.delta';
  sequence_number: number;
  item_id: string;
  output_index: number;
  delta: string;
}

/**
 * `response.custom_tool_call_input.done`: A custom tool call's input is complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseCustomToolCallInputDoneEvent) => {
 *   console.log(e.input);
 * };
 * ```
 */
export interface ResponseCustomToolCallInputDoneEvent {
  type: 'response.custom_tool_call_input.done';
  sequence_number: number;
  item_id: string;
  output_index: number;
  input: string;
}

/**
 * `response.audio.delta`: A piece of audio output (base64).
 *
 * @example
 * ```ts
 * const on = (e: ResponseAudioDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseAudioDeltaEvent {
  type: 'response.audio.delta';
  sequence_number: number;
  delta: string;
}

/**
 * `response.audio.done`: The audio output is complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseAudioDoneEvent) => {
 *   console.log(e.sequence_number);
 * };
 * ```
 */
export interface ResponseAudioDoneEvent {
  type: 'response.audio.done';
  sequence_number: number;
}

/**
 * `response.audio.transcript.delta`: A piece of the audio output's transcript.
 *
 * @example
 * ```ts
 * const on = (e: ResponseAudioTranscriptDeltaEvent) => {
 *   process.stdout.write(e.delta);
 * };
 * ```
 */
export interface ResponseAudioTranscriptDeltaEvent {
  type: 'response.audio.transcript.delta';
  sequence_number: number;
  delta: string;
}

/**
 * `response.audio.transcript.done`: The audio output's transcript is complete.
 *
 * @example
 * ```ts
 * const on = (e: ResponseAudioTranscriptDoneEvent) => {
 *   console.log(e.sequence_number);
 * };
 * ```
 */
export interface ResponseAudioTranscriptDoneEvent {
  type: 'response.audio.transcript.done';
  sequence_number: number;
}

/**
 * `error`: The server reports an error; runstream's parser errors the stream with `RunStreamError` instead of emitting it.
 *
 * @example
 * ```ts
 * const on = (e: ResponseErrorEvent) => {
 *   console.log(e.code, e.message);
 * };
 * ```
 */
export interface ResponseErrorEvent {
  type: 'error';
  sequence_number: number;
  code: string | null;
  message: string;
  param: string | null;
}

/**
 * Every event of a Responses stream, discriminated on `type`.
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 *
 * @example
 * ```ts
 * function show(e: ResponseStreamEvent): void {
 *   switch (e.type) {
 *     case 'response.output_text.delta': process.stdout.write(e.delta); break;
 *     case 'response.function_call_arguments.done': console.log('args', e.arguments); break;
 *     case 'response.completed': console.log('\n', e.response.usage?.total_tokens, 'tokens'); break;
 *   }
 * }
 * ```
 */
export type ResponseStreamEvent =
  | ResponseCreatedEvent
  | ResponseQueuedEvent
  | ResponseInProgressEvent
  | ResponseCompletedEvent
  | ResponseIncompleteEvent
  | ResponseFailedEvent
  | ResponseOutputItemAddedEvent
  | ResponseOutputItemDoneEvent
  | ResponseContentPartAddedEvent
  | ResponseContentPartDoneEvent
  | ResponseTextDeltaEvent
  | ResponseTextDoneEvent
  | ResponseOutputTextAnnotationAddedEvent
  | ResponseRefusalDeltaEvent
  | ResponseRefusalDoneEvent
  | ResponseFunctionCallArgumentsDeltaEvent
  | ResponseFunctionCallArgumentsDoneEvent
  | ResponseReasoningSummaryPartAddedEvent
  | ResponseReasoningSummaryPartDoneEvent
  | ResponseReasoningSummaryTextDeltaEvent
  | ResponseReasoningSummaryTextDoneEvent
  | ResponseReasoningTextDeltaEvent
  | ResponseReasoningTextDoneEvent
  | ResponseWebSearchCallInProgressEvent
  | ResponseWebSearchCallSearchingEvent
  | ResponseWebSearchCallCompletedEvent
  | ResponseFileSearchCallInProgressEvent
  | ResponseFileSearchCallSearchingEvent
  | ResponseFileSearchCallCompletedEvent
  | ResponseCodeInterpreterCallInProgressEvent
  | ResponseCodeInterpreterCallInterpretingEvent
  | ResponseCodeInterpreterCallCompletedEvent
  | ResponseCodeInterpreterCallCodeDeltaEvent
  | ResponseCodeInterpreterCallCodeDoneEvent
  | ResponseImageGenCallInProgressEvent
  | ResponseImageGenCallGeneratingEvent
  | ResponseImageGenCallPartialImageEvent
  | ResponseImageGenCallCompletedEvent
  | ResponseMcpCallInProgressEvent
  | ResponseMcpCallArgumentsDeltaEvent
  | ResponseMcpCallArgumentsDoneEvent
  | ResponseMcpCallCompletedEvent
  | ResponseMcpCallFailedEvent
  | ResponseMcpListToolsInProgressEvent
  | ResponseMcpListToolsCompletedEvent
  | ResponseMcpListToolsFailedEvent
  | ResponseCustomToolCallInputDeltaEvent
  | ResponseCustomToolCallInputDoneEvent
  | ResponseAudioDeltaEvent
  | ResponseAudioDoneEvent
  | ResponseAudioTranscriptDeltaEvent
  | ResponseAudioTranscriptDoneEvent
  | ResponseErrorEvent;

/**
 * The `type` of every known event.
 *
 * @example
 * ```ts
 * const name: ResponseStreamEventType = 'response.output_text.delta';
 * ```
 */
export type ResponseStreamEventType = ResponseStreamEvent['type'];

/**
 * The event a given `type` names.
 *
 * @example
 * ```ts
 * const isDelta = (e: ResponseStreamEvent): e is ResponseStreamEventOf<'response.output_text.delta'> => e.type === 'response.output_text.delta';
 * ```
 */
export type ResponseStreamEventOf<T extends ResponseStreamEventType> = Extract<
  ResponseStreamEvent,
  { type: T }
>;

/**
 * An event whose `type` the library does not know, delivered only with `unknownEvents: 'emit'`:
 * the wire object as it came, marked `unknown: true` (a property no wire event has).
 *
 * @example
 * ```ts
 * const seen = (e: ResponseStreamEvent | UnknownResponseStreamEvent) => ('unknown' in e ? `new type ${e.type}` : e.type);
 * ```
 */
export interface UnknownResponseStreamEvent {
  type: string;
  sequence_number?: number;
  unknown: true;
  [field: string]: unknown;
}

/**
 * The `type` of every known event, in the order of the API reference's groups.
 *
 * @example
 * ```ts
 * const known = new Set<string>(RESPONSE_STREAM_EVENT_TYPES);
 * console.log(known.has('response.output_text.delta')); // true
 * ```
 */
export const RESPONSE_STREAM_EVENT_TYPES: readonly ResponseStreamEventType[] = [
  'response.created',
  'response.queued',
  'response.in_progress',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.output_text.annotation.added',
  'response.refusal.delta',
  'response.refusal.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_part.done',
  'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done',
  'response.reasoning_text.delta',
  'response.reasoning_text.done',
  'response.web_search_call.in_progress',
  'response.web_search_call.searching',
  'response.web_search_call.completed',
  'response.file_search_call.in_progress',
  'response.file_search_call.searching',
  'response.file_search_call.completed',
  'response.code_interpreter_call.in_progress',
  'response.code_interpreter_call.interpreting',
  'response.code_interpreter_call.completed',
  'response.code_interpreter_call_code.delta',
  'response.code_interpreter_call_code.done',
  'response.image_generation_call.in_progress',
  'response.image_generation_call.generating',
  'response.image_generation_call.partial_image',
  'response.image_generation_call.completed',
  'response.mcp_call.in_progress',
  'response.mcp_call_arguments.delta',
  'response.mcp_call_arguments.done',
  'response.mcp_call.completed',
  'response.mcp_call.failed',
  'response.mcp_list_tools.in_progress',
  'response.mcp_list_tools.completed',
  'response.mcp_list_tools.failed',
  'response.custom_tool_call_input.delta',
  'response.custom_tool_call_input.done',
  'response.audio.delta',
  'response.audio.done',
  'response.audio.transcript.delta',
  'response.audio.transcript.done',
  'error',
];

/**
 * The events after which a response's outcome is known.
 *
 * @example
 * ```ts
 * const ended = (e: ResponseStreamEvent) => TERMINAL_RESPONSE_EVENTS.has(e.type);
 * ```
 */
export const TERMINAL_RESPONSE_EVENTS: ReadonlySet<string> = new Set<ResponseStreamEventType>([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);
