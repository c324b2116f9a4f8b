// Fast paths for the deltas a run streams by the thousand: a fragment of a message's text, of a
// code interpreter's `input`, of a function call's `arguments`. Each appends to one string at the
// end of a fixed path (message → content part → text → value; step → details → tool call →
// code_interpreter | function → input | arguments). `mergeDelta` gives the same result through
// code shared by every kind of object, at about the cost of `JSON.parse` of the frame; these
// paths cost a small part of that. The choices below are all for V8's sake:
//
// - Copies are object literals of the keys the API sends, in its order (./shapes.ts), not
//   spreads. A spread is fast only while its site has seen few layouts, and the layouts of parsed
//   JSON are made anew whenever V8 has collected the last object of one: over a process's life a
//   spread site ends in V8's generic path, about 1 µs per message copied. A literal's layout is
//   fixed at the literal.
// - When a run of fragments starts (or moves to another object), the objects on the path are
//   checked to have exactly the keys their literals write, and their values are kept. Every copy
//   after that is made from those values, the previous text and the new fragment: no field of a
//   message or step is read per fragment, and no compiled code here depends on their layouts.
// - Each delta is checked to hold exactly the keys these paths merge (`Object.keys`, as
//   `mergeDelta` reads them) and read through `field` (./shapes.ts). Anything else (a new part or
//   call, annotations, outputs, another server's layout, an unknown key) returns `undefined`, and
//   the caller falls back to `mergeDelta`: both give the very same objects, key order included.

import type { Message } from '../types/message.js';
import type { RunStep, ToolCall } from '../types/step.js';
import { positionOf } from './merge-delta.js';
import {
  CODE,
  CODE_CALL,
  codeCallFrom,
  codeFrom,
  FUNCTION,
  FUNCTION_CALL,
  field,
  functionCallFrom,
  functionFrom,
  MESSAGE,
  messageFrom,
  STEP,
  stepFrom,
  TEXT,
  TEXT_PART,
  TOOL_CALLS,
  textFrom,
  textPartFrom,
  toolCallsFrom,
  type Values,
  valuesOf,
} from './shapes.js';

const NONE: Values = [];

// Where each value these paths read sits in its object's values, read off the layouts: a
// reordered copy function's literal moves them along instead of making a path read another field.
const MESSAGE_CONTENT = MESSAGE.indexOf('content');
const PART_TEXT = TEXT_PART.indexOf('text');
const PART_TYPE = TEXT_PART.indexOf('type');
const TEXT_VALUE = TEXT.indexOf('value');
const TEXT_ANNOTATIONS = TEXT.indexOf('annotations');
const STEP_DETAILS = STEP.indexOf('step_details');
const DETAILS_TYPE = TOOL_CALLS.indexOf('type');
const DETAILS_CALLS = TOOL_CALLS.indexOf('tool_calls');
const CODE_CALL_INNER = CODE_CALL.indexOf('code_interpreter');
const CODE_CALL_TYPE = CODE_CALL.indexOf('type');
const CODE_INPUT = CODE.indexOf('input');
const CODE_OUTPUTS = CODE.indexOf('outputs');
const FUNCTION_CALL_INNER = FUNCTION_CALL.indexOf('function');
const FUNCTION_CALL_TYPE = FUNCTION_CALL.indexOf('type');
const FUNCTION_ARGUMENTS = FUNCTION.indexOf('arguments');

/**
 * Appends a text fragment to a message: a delta of exactly `{ content: [{ index, type: 'text',
 * text: { value, annotations?: [] } }] }` into an existing text part. One per accumulator.
 */
export class TextAppender {
  // The message made last, its content, and the part's index and position in it; the values of
  // the message, the part and its text the copies are made from, and the text so far.
  #made: Message | undefined;
  #content: unknown[] = [];
  #index: unknown;
  #at = -1;
  #message = NONE;
  #part = NONE;
  #text = NONE;
  #value = '';

  /** `message` with the fragment appended, or `undefined` for any other delta or layout. */
  append(message: Message, delta: object): Message | undefined {
    if (!keysAre(delta, 'content')) return undefined;
    const entry = onlyEntry(field(delta, 'content'));
    if (entry === undefined || !keysAre(entry, 'index', 'type', 'text') || field(entry, 'type') !== 'text') {
      return undefined;
    }
    const index = field(entry, 'index');
    if ((message !== this.#made || index !== this.#index) && !this.#start(message, index)) return undefined;
    const value = appended(
      this.#value,
      this.#text[TEXT_ANNOTATIONS],
      field(entry, 'text'),
      'value',
      'annotations',
    );
    if (value === undefined) return undefined;
    const content = this.#content.slice();
    content[this.#at] = textPartFrom(this.#part, textFrom(this.#text, value));
    const made = messageFrom(this.#message, content as Message['content']);
    this.#made = made;
    this.#content = content;
    this.#value = value;
    return made;
  }

  /** Takes the values of `message`, of its part with `index` and of its text, if they fit. */
  #start(message: Message, index: unknown): boolean {
    this.#made = undefined;
    const values = valuesOf(message, MESSAGE);
    const content = values?.[MESSAGE_CONTENT];
    const at = ownPositionOf(content, index);
    if (values === undefined || at < 0) return false;
    const part = valuesOf((content as unknown[])[at], TEXT_PART);
    const text = valuesOf(part?.[PART_TEXT], TEXT);
    const value = text?.[TEXT_VALUE];
    if (part === undefined || text === undefined || part[PART_TYPE] !== 'text' || typeof value !== 'string') {
      return false;
    }
    this.#content = content as unknown[];
    this.#index = index;
    this.#at = at;
    this.#message = values;
    this.#part = part;
    this.#text = text;
    this.#value = value;
    return true;
  }
}

/**
 * Appends a fragment to a tool call: a delta of exactly `{ step_details: { type, tool_calls:
 * [{ index, type, code_interpreter: { input, outputs?: [] } }] } }`, or the same with `function:
 * { arguments }`, into an existing call. One per accumulator.
 */
export class ToolCallAppender {
  // As in TextAppender: the step made last, its tool calls, the call's index, type and position,
  // the values of the step, its details, the call and its `code_interpreter` or `function`, and
  // the `input` or `arguments` so far.
  #made: RunStep | undefined;
  #calls: ToolCall[] = [];
  #index: unknown;
  #kind: unknown;
  #at = -1;
  #step = NONE;
  #details = NONE;
  #call = NONE;
  #inner = NONE;
  #value = '';

  /** `step` with the fragment appended, or `undefined` for any other delta or layout. */
  append(step: RunStep, delta: object): RunStep | undefined {
    if (!keysAre(delta, 'step_details')) return undefined;
    const next = field(delta, 'step_details') as object;
    if (!keysAre(next, 'type', 'tool_calls')) return undefined;
    const entry = onlyEntry(field(next, 'tool_calls'));
    if (entry === undefined) return undefined;
    const kind = field(entry, 'type');
    if ((kind !== 'code_interpreter' && kind !== 'function') || !keysAre(entry, 'index', 'type', kind)) {
      return undefined;
    }
    const index = field(entry, 'index');
    if (
      (step !== this.#made || index !== this.#index || kind !== this.#kind) &&
      !this.#start(step, index, kind)
    ) {
      return undefined;
    }
    if (field(next, 'type') !== this.#details[DETAILS_TYPE]) return undefined;
    const code = kind === 'code_interpreter';
    const value = code
      ? appended(this.#value, this.#inner[CODE_OUTPUTS], field(entry, kind), 'input', 'outputs')
      : appended(this.#value, undefined, field(entry, kind), 'arguments', undefined);
    if (value === undefined) return undefined;
    const calls = this.#calls.slice();
    calls[this.#at] = code
      ? codeCallFrom(this.#call, codeFrom(this.#inner, value))
      : functionCallFrom(this.#call, functionFrom(this.#inner, value));
    const made = stepFrom(this.#step, toolCallsFrom(this.#details, calls));
    this.#made = made;
    this.#calls = calls;
    this.#value = value;
    return made;
  }

  /** Takes the values of `step`, its details, its `kind` call with `index` and that call's inner object. */
  #start(step: RunStep, index: unknown, kind: 'code_interpreter' | 'function'): boolean {
    this.#made = undefined;
    const code = kind === 'code_interpreter';
    const values = valuesOf(step, STEP);
    const details = valuesOf(values?.[STEP_DETAILS], TOOL_CALLS);
    const calls = details?.[DETAILS_CALLS];
    const at = ownPositionOf(calls, index);
    if (values === undefined || details === undefined || at < 0) return false;
    const call = valuesOf((calls as unknown[])[at], code ? CODE_CALL : FUNCTION_CALL);
    const inner = valuesOf(call?.[code ? CODE_CALL_INNER : FUNCTION_CALL_INNER], code ? CODE : FUNCTION);
    const value = inner?.[code ? CODE_INPUT : FUNCTION_ARGUMENTS];
    const type = call?.[code ? CODE_CALL_TYPE : FUNCTION_CALL_TYPE];
    if (call === undefined || inner === undefined || type !== kind || typeof value !== 'string') return false;
    this.#calls = calls as ToolCall[];
    this.#index = index;
    this.#kind = kind;
    this.#at = at;
    this.#step = values;
    this.#details = details;
    this.#call = call;
    this.#inner = inner;
    this.#value = value;
    return true;
  }
}

/**
 * Whether `value` is a record whose own keys are `a`, then `b`, then `c` (as many as given), and
 * no others: the keys `mergeDelta` would merge, so these paths merge exactly as much. A delta with
 * its keys in another order takes the generic path.
 */
function keysAre(value: unknown, a: string, b?: string, c?: string): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const count = c !== undefined ? 3 : b !== undefined ? 2 : 1;
  return (
    keys.length === count && keys[0] === a && (count < 2 || keys[1] === b) && (count < 3 || keys[2] === c)
  );
}

/** The only element of a one-element list, or `undefined`. */
function onlyEntry(entries: unknown): object | undefined {
  if (!Array.isArray(entries) || entries.length !== 1) return undefined;
  const entry = entries[0] as unknown;
  return typeof entry === 'object' && entry !== null ? entry : undefined;
}

/**
 * Where `mergeDelta` would merge the entry with `index` into `items`, if the element there
 * carries that `index` itself; -1 otherwise: an index not there yet, one matched by position (an
 * element of the server's own object, a layout these paths do not copy), anything but a list.
 */
function ownPositionOf(items: unknown, index: unknown): number {
  if (!Array.isArray(items) || typeof index !== 'number') return -1;
  const at = positionOf(items, index);
  return at >= 0 && field(items[at] as object, 'index') === index ? at : -1;
}

/**
 * `current` with the fragment `next[name]` appended, if `next` holds that string fragment and, at
 * most, an empty `list` after it (which says "nothing new" and keeps `currentList`, unless there
 * is none yet); `undefined` otherwise.
 */
function appended(
  current: string,
  currentList: unknown,
  next: unknown,
  name: 'value' | 'input' | 'arguments',
  list: 'annotations' | 'outputs' | undefined,
): string | undefined {
  if (keysAre(next, name)) {
    const piece = field(next, name);
    return typeof piece === 'string' ? current + piece : undefined;
  }
  if (list === undefined || currentList == null || !keysAre(next, name, list)) return undefined;
  const piece = field(next, name);
  const items = field(next, list);
  return typeof piece === 'string' && Array.isArray(items) && items.length === 0
    ? current + piece
    : undefined;
}
