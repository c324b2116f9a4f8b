// The objects on the path of a streamed fragment, as the Assistants API sends them: key for key,
// in the same order. Each has a copy function that writes those keys with an object literal,
// taking the values of the object it copies (`Object.values`, in key order) and the one value
// that changes. A key list is read off each copy function, so the two cannot disagree, and
// `valuesOf` gives an object's values only if its keys are that list.
// (./append-delta.ts says why the fast paths copy this way.)

import type { Message, TextContent } from '../types/message.js';
import type {
  CodeInterpreterToolCall,
  FunctionToolCall,
  RunStep,
  ToolCall,
  ToolCallsStepDetails,
} from '../types/step.js';

/** An object's values in key order, as `Object.values` gives them. */
export type Values = readonly unknown[];

/** A message, `content` replaced. */
export function messageFrom(v: Values, content: Message['content']): Message {
  return {
    id: v[0],
    object: v[1],
    created_at: v[2],
    assistant_id: v[3],
    thread_id: v[4],
    run_id: v[5],
    status: v[6],
    incomplete_details: v[7],
    incomplete_at: v[8],
    completed_at: v[9],
    role: v[10],
    content,
    attachments: v[12],
    metadata: v[13],
  } as Message;
}

/** A text part made from deltas (`text` first, then `index` and `type`), `text` replaced. */
export function textPartFrom(v: Values, text: TextContent['text']): TextContent {
  return { text, index: v[1], type: v[2] } as TextContent;
}

/** A part's text, `value` replaced. */
export function textFrom(v: Values, value: string): TextContent['text'] {
  return { value, annotations: v[1] } as TextContent['text'];
}

/** A step, `step_details` replaced. */
export function stepFrom(v: Values, details: RunStep['step_details']): RunStep {
  return {
    id: v[0],
    object: v[1],
    created_at: v[2],
    run_id: v[3],
    assistant_id: v[4],
    thread_id: v[5],
    type: v[6],
    status: v[7],
    cancelled_at: v[8],
    completed_at: v[9],
    expired_at: v[10],
    failed_at: v[11],
    last_error: v[12],
    step_details: details,
    usage: v[14],
  } as RunStep;
}

/** Tool-call step details, `tool_calls` replaced. */
export function toolCallsFrom(v: Values, toolCalls: ToolCall[]): ToolCallsStepDetails {
  return { type: v[0], tool_calls: toolCalls } as ToolCallsStepDetails;
}

/** A code interpreter call made from deltas, `code_interpreter` replaced. */
export function codeCallFrom(
  v: Values,
  code: CodeInterpreterToolCall['code_interpreter'],
): CodeInterpreterToolCall {
  return { code_interpreter: code, index: v[1], id: v[2], type: v[3] } as CodeInterpreterToolCall;
}

/** A code interpreter's `code_interpreter`, `input` replaced. */
export function codeFrom(v: Values, input: string): CodeInterpreterToolCall['code_interpreter'] {
  return { input, outputs: v[1] } as CodeInterpreterToolCall['code_interpreter'];
}

/** A function call made from deltas, `function` replaced. */
export function functionCallFrom(v: Values, fn: FunctionToolCall['function']): FunctionToolCall {
  return { function: fn, index: v[1], id: v[2], type: v[3] } as FunctionToolCall;
}

/** A function call's `function`, `arguments` replaced. */
export function functionFrom(v: Values, args: string): FunctionToolCall['function'] {
  return { name: v[0], arguments: args, output: v[2] } as FunctionToolCall['function'];
}

/** The keys a copy function writes, in order. */
export type Layout = readonly string[];

// One object made by each copy function, kept for as long as this module lives: V8 forgets an
// object layout, and throws away the code compiled for it, when the last object of that layout
// has been collected; between two runs that is every object these functions made.
const samples: object[] = [];

const layoutOf = (copy: (v: Values, replaced: never) => object): Layout => {
  const sample = copy([], undefined as never);
  samples.push(sample);
  return Object.keys(sample);
};

/** The keys of a message, as {@link messageFrom} writes them. */
export const MESSAGE = layoutOf(messageFrom);
/** The keys of a text part made from deltas, as {@link textPartFrom} writes them. */
export const TEXT_PART = layoutOf(textPartFrom);
/** The keys of a part's text, as {@link textFrom} writes them. */
export const TEXT = layoutOf(textFrom);
/** The keys of a step, as {@link stepFrom} writes them. */
export const STEP = layoutOf(stepFrom);
/** The keys of tool-call step details, as {@link toolCallsFrom} writes them. */
export const TOOL_CALLS = layoutOf(toolCallsFrom);
/** The keys of a code interpreter call made from deltas, as {@link codeCallFrom} writes them. */
export const CODE_CALL = layoutOf(codeCallFrom);
/** The keys of a call's `code_interpreter`, as {@link codeFrom} writes them. */
export const CODE = layoutOf(codeFrom);
/** The keys of a function call made from deltas, as {@link functionCallFrom} writes them. */
export const FUNCTION_CALL = layoutOf(functionCallFrom);
/** The keys of a call's `function`, as {@link functionFrom} writes them. */
export const FUNCTION = layoutOf(functionFrom);

/**
 * `value`'s values, if it is a plain record whose own enumerable keys are exactly `layout`, in
 * that order, with no symbol keys: then its copy function gives what a spread gives. `undefined`
 * otherwise.
 */
export function valuesOf(value: unknown, layout: Layout): Values | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== layout.length || Object.getOwnPropertySymbols(value).length !== 0) return undefined;
  for (let n = 0; n < keys.length; n++) if (keys[n] !== layout[n]) return undefined;
  return Object.values(value);
}

/**
 * `value[key]`, read at one site for every key of every delta. That site sees so many layouts
 * that V8 compiles it as a lookup that holds for any layout. A plain `delta.key` compiles in a
 * check for each layout seen, and parsed JSON gets new layouts whenever V8 has collected the last
 * object of the old ones (between two runs, say): the compiled code would be thrown away and
 * compiled again, at a cost above that of the stream it serves.
 */
export function field(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}
