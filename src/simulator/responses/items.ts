import type { ResponseAnnotation, ResponseOutputText } from '../../types/responses/content.js';
import type { ResponseStreamEventOf, ResponseStreamEventType } from '../../types/responses/events.js';
import type {
  ResponseCodeInterpreterToolCall,
  ResponseFileSearchToolCall,
  ResponseFunctionToolCall,
  ResponseFunctionWebSearch,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseReasoningItem,
} from '../../types/responses/items.js';
import { pieces } from '../beats.js';
import { newId } from '../http.js';
import type { ResponseRecord } from './record.js';
import type { Cited, ResponseBeat } from './scenarios.js';

// The events of each kind of output item, with the changes to the stored response that go with
// them. Each generator yields `[type, fields]` pairs; the engine numbers and serializes them at
// the moment they happen, so later changes to an item cannot leak into an event already sent.

/**
 * One event before it is numbered: its type and its other fields, in wire order, checked
 * against the event of that type in the wire types.
 */
export type ResponseEvent = {
  [T in ResponseStreamEventType]: readonly [
    type: T,
    fields: Omit<ResponseStreamEventOf<T>, 'type' | 'sequence_number'>,
  ];
}[ResponseStreamEventType];

type Events = Generator<ResponseEvent, void, void>;

/** Adds an item to the response's output and announces it. */
function* addItem(record: ResponseRecord, item: ResponseOutputItem): Generator<ResponseEvent, number, void> {
  const outputIndex = record.response.output.length;
  record.response.output.push(item);
  yield ['response.output_item.added', { output_index: outputIndex, item }];
  return outputIndex;
}

function* doneItem(
  outputIndex: number,
  item:
    | ResponseOutputMessage
    | ResponseFunctionToolCall
    | ResponseFunctionWebSearch
    | ResponseFileSearchToolCall
    | ResponseCodeInterpreterToolCall,
  status: 'completed' | 'incomplete' = 'completed',
): Events {
  item.status = status;
  yield ['response.output_item.done', { output_index: outputIndex, item }];
}

/** The events of one beat of a scenario (every beat but `fail`, which the engine ends with). */
export function* beatEvents(
  record: ResponseRecord,
  beat: Exclude<ResponseBeat, { type: 'fail' }>,
  include: readonly string[],
): Events {
  switch (beat.type) {
    case 'message':
      return yield* message(record, beat.tokens, beat.incomplete === true);
    case 'refusal':
      return yield* refusal(record, beat.tokens);
    case 'reasoning':
      return yield* reasoning(record, beat.summary);
    case 'function_calls':
      for (const call of beat.calls) yield* functionCall(record, call);
      return;
    case 'web_search':
      return yield* webSearch(record, beat.query);
    case 'file_search':
      return yield* fileSearch(record, beat, include.includes('file_search_call.results'));
    case 'code_interpreter':
      return yield* codeInterpreter(record, beat.code, beat.logs);
  }
}

function* message(record: ResponseRecord, tokens: Array<string | Cited>, incomplete: boolean): Events {
  const part: ResponseOutputText = { type: 'output_text', text: '', annotations: [], logprobs: [] };
  const item: ResponseOutputMessage = {
    id: newId('msg'),
    type: 'message',
    status: 'in_progress',
    role: 'assistant',
    content: [],
  };
  const outputIndex = yield* addItem(record, item);
  const at = { item_id: item.id, output_index: outputIndex, content_index: 0 };
  item.content.push(part);
  yield ['response.content_part.added', { ...at, part }];
  for (const token of tokens) {
    const text = typeof token === 'string' ? token : token.cite;
    const start = part.text.length;
    part.text += text;
    record.outputTokens += 1;
    yield ['response.output_text.delta', { ...at, delta: text, logprobs: [] }];
    if (typeof token === 'string') continue;
    const annotation: ResponseAnnotation =
      token.source.type === 'url'
        ? {
            type: 'url_citation',
            start_index: start,
            end_index: part.text.length,
            title: token.source.title,
            url: token.source.url,
          }
        : {
            type: 'file_citation',
            file_id: token.source.fileId,
            filename: token.source.filename,
            index: part.text.length,
          };
    const annotationIndex = part.annotations.length;
    part.annotations.push(annotation);
    yield ['response.output_text.annotation.added', { ...at, annotation_index: annotationIndex, annotation }];
  }
  yield ['response.output_text.done', { ...at, text: part.text, logprobs: [] }];
  yield ['response.content_part.done', { ...at, part }];
  yield* doneItem(outputIndex, item, incomplete ? 'incomplete' : 'completed');
}

function* refusal(record: ResponseRecord, tokens: string[]): Events {
  const part = { type: 'refusal' as const, refusal: '' };
  const item: ResponseOutputMessage = {
    id: newId('msg'),
    type: 'message',
    status: 'in_progress',
    role: 'assistant',
    content: [],
  };
  const outputIndex = yield* addItem(record, item);
  const at = { item_id: item.id, output_index: outputIndex, content_index: 0 };
  item.content.push(part);
  yield ['response.content_part.added', { ...at, part }];
  for (const token of tokens) {
    part.refusal += token;
    record.outputTokens += 1;
    yield ['response.refusal.delta', { ...at, delta: token }];
  }
  yield ['response.refusal.done', { ...at, refusal: part.refusal }];
  yield ['response.content_part.done', { ...at, part }];
  yield* doneItem(outputIndex, item);
}

function* reasoning(record: ResponseRecord, summary: string[][]): Events {
  const parts: Array<{ type: 'summary_text'; text: string }> = [];
  const item: ResponseReasoningItem = { id: newId('rs'), type: 'reasoning', summary: parts };
  const outputIndex = yield* addItem(record, item);
  for (const [summaryIndex, tokens] of summary.entries()) {
    const at = { item_id: item.id, output_index: outputIndex, summary_index: summaryIndex };
    const part = { type: 'summary_text' as const, text: '' };
    parts.push(part);
    yield ['response.reasoning_summary_part.added', { ...at, part: { ...part } }];
    for (const token of tokens) {
      part.text += token;
      record.outputTokens += 1;
      record.reasoningTokens += 1;
      yield ['response.reasoning_summary_text.delta', { ...at, delta: token }];
    }
    yield ['response.reasoning_summary_text.done', { ...at, text: part.text }];
    yield ['response.reasoning_summary_part.done', { ...at, part }];
  }
  yield ['response.output_item.done', { output_index: outputIndex, item }];
}

function* functionCall(record: ResponseRecord, call: { name: string; arguments: string }): Events {
  const id = newId('fc');
  const item: ResponseFunctionToolCall = {
    id,
    type: 'function_call',
    status: 'in_progress',
    arguments: '',
    call_id: newId('call'),
    name: call.name,
  };
  const outputIndex = yield* addItem(record, item);
  const at = { item_id: id, output_index: outputIndex };
  for (const piece of pieces(call.arguments, 7)) {
    item.arguments += piece;
    record.outputTokens += 1;
    yield ['response.function_call_arguments.delta', { ...at, delta: piece }];
  }
  yield ['response.function_call_arguments.done', { ...at, name: call.name, arguments: item.arguments }];
  yield* doneItem(outputIndex, item);
}

function* webSearch(record: ResponseRecord, query: string): Events {
  const item: ResponseFunctionWebSearch = {
    id: newId('ws'),
    type: 'web_search_call',
    status: 'in_progress',
    action: { type: 'search', query },
  };
  const outputIndex = yield* addItem(record, item);
  const at = { item_id: item.id, output_index: outputIndex };
  yield ['response.web_search_call.in_progress', at];
  item.status = 'searching';
  yield ['response.web_search_call.searching', at];
  item.status = 'completed';
  yield ['response.web_search_call.completed', at];
  yield* doneItem(outputIndex, item);
}

function* fileSearch(
  record: ResponseRecord,
  beat: Extract<ResponseBeat, { type: 'file_search' }>,
  withResults: boolean,
): Events {
  const item: ResponseFileSearchToolCall = {
    id: newId('fs'),
    type: 'file_search_call',
    status: 'in_progress',
    queries: beat.queries,
    results: null,
  };
  const outputIndex = yield* addItem(record, item);
  const at = { item_id: item.id, output_index: outputIndex };
  yield ['response.file_search_call.in_progress', at];
  item.status = 'searching';
  yield ['response.file_search_call.searching', at];
  item.status = 'completed';
  yield ['response.file_search_call.completed', at];
  // Results travel only when `include` asks for them, as on the API.
  if (withResults) {
    item.results = beat.results.map((result, i) => ({
      file_id: result.fileId,
      filename: result.filename,
      score: 0.92 - i * 0.1,
      text: result.text,
      attributes: {},
    }));
  }
  yield* doneItem(outputIndex, item);
}

function* codeInterpreter(record: ResponseRecord, code: string, logs: string): Events {
  const item: ResponseCodeInterpreterToolCall = {
    id: newId('ci'),
    type: 'code_interpreter_call',
    status: 'in_progress',
    code: '',
    container_id: newId('cntr'),
    outputs: null,
  };
  const outputIndex = yield* addItem(record, item);
  const at = { item_id: item.id, output_index: outputIndex };
  yield ['response.code_interpreter_call.in_progress', at];
  let sent = '';
  for (const piece of pieces(code, 6)) {
    sent += piece;
    item.code = sent;
    record.outputTokens += 1;
    yield ['response.code_interpreter_call_code.delta', { ...at, delta: piece }];
  }
  yield ['response.code_interpreter_call_code.done', { ...at, code: sent }];
  item.status = 'interpreting';
  yield ['response.code_interpreter_call.interpreting', at];
  item.status = 'completed';
  item.outputs = [{ type: 'logs', logs }];
  yield ['response.code_interpreter_call.completed', at];
  yield* doneItem(outputIndex, item);
}
