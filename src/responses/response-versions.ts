import type { PersistentList } from '../accumulate/persistent-list.js';
import type { ResponseStreamEvent } from '../types/responses/events.js';
import type { ResponseOutputItem } from '../types/responses/items.js';
import type { Response } from '../types/responses/response.js';

// Why a delta costs almost nothing: the accumulator checks it against the response's structure
// (which no delta changes) and records it here; nothing is copied or merged. A snapshot is a
// place in a segment of recorded deltas, and its response is built when, and only if, someone
// reads it: from the nearest state already built before it, by replaying the deltas in between
// into copies made once per replay (copy-on-write), so a read costs the deltas it replays and
// not the text before them. A segment holds at most SEGMENT_LENGTH deltas: then its last state
// is built and starts the next one, which bounds both the work of a late read and the events an
// unread snapshot keeps alive.

/** How many deltas one segment records before its last state is built and starts the next. */
const SEGMENT_LENGTH = 64;

/** The response's own fields, without `output` (the items) and `output_text`. */
export type Fields = Omit<Response, 'output' | 'output_text'>;

/** The response after some event, in parts that are never changed once built. */
export interface ResponseState {
  /** The response's own fields. */
  readonly fields: Fields;
  /** The output items. */
  readonly items: PersistentList<ResponseOutputItem>;
  /** All `output_text` parts of all messages, joined, as far as the stream has come. */
  readonly outputText: string;
}

/** The events that append a piece to one string of one output item: the ones recorded. */
export type AppendEvent = Extract<
  ResponseStreamEvent,
  {
    type:
      | 'response.output_text.delta'
      | 'response.refusal.delta'
      | 'response.function_call_arguments.delta'
      | 'response.reasoning_summary_text.delta'
      | 'response.reasoning_text.delta'
      | 'response.code_interpreter_call_code.delta'
      | 'response.mcp_call_arguments.delta'
      | 'response.custom_tool_call_input.delta';
  }
>;

/**
 * A state and the deltas recorded after it. {@link Segment.responseAt} gives the response after
 * any number of them, built on first read and the same object on every later read.
 */
export class Segment {
  readonly #deltas: AppendEvent[] = [];
  // The states built so far, by the number of deltas they hold (`#states[0]` is the base).
  readonly #states: Array<ResponseState | undefined>;
  readonly #responses: Array<Response | undefined> = [];
  #end: ResponseState | undefined;
  #endLength = 0;

  /** @param base - The state before the first delta of the segment. */
  constructor(base: ResponseState) {
    this.#states = [base];
  }

  /** The state before the first delta: its structure (items, parts, their types) is every state's. */
  get base(): ResponseState {
    return this.#states[0] as ResponseState;
  }

  /** How many deltas the segment holds. */
  get length(): number {
    return this.#deltas.length;
  }

  /**
   * Records a delta the accumulator has checked against {@link Segment.base}.
   *
   * @param delta - The event.
   * @returns This segment, or a new one after this one's last state when this one is full.
   */
  record(delta: AppendEvent): Segment {
    if (this.#deltas.length >= SEGMENT_LENGTH) return new Segment(this.end()).record(delta);
    this.#deltas.push(delta);
    return this;
  }

  /**
   * The state after every delta recorded so far, replayed from the base in one go whatever was
   * read in between: each run of deltas to one string is then a single append, so the text the
   * next segment starts from grows by one piece per run, not one per delta read.
   *
   * @returns The state; the same object until another delta is recorded.
   */
  end(): ResponseState {
    const length = this.#deltas.length;
    if (this.#end === undefined || this.#endLength !== length) {
      this.#end = length === 0 ? this.base : replay(this.base, this.#deltas, 0, length);
      this.#endLength = length;
    }
    return this.#end;
  }

  /**
   * The state after the first `count` deltas, built from the nearest one before it.
   *
   * @param count - From 0 to {@link Segment.length}.
   * @returns The state, the same object on every call.
   */
  stateAt(count: number): ResponseState {
    const built = this.#states[count];
    if (built !== undefined) return built;
    let from = count - 1;
    while (this.#states[from] === undefined) from--;
    const state = replay(this.#states[from] as ResponseState, this.#deltas, from, count);
    this.#states[count] = state;
    return state;
  }

  /**
   * The response after the first `count` deltas.
   *
   * @param count - From 0 to {@link Segment.length}.
   * @returns The response, the same object on every call.
   */
  responseAt(count: number): Response {
    let response = this.#responses[count];
    if (response === undefined) {
      response = responseOf(this.stateAt(count));
      this.#responses[count] = response;
    }
    return response;
  }
}

// A response object of each `fields`, with `output` and `output_text` in their places: copying
// it and setting those two is a fast copy of one fixed layout, where spreading `fields` into a
// literal with more keys builds each response key by key, several times slower.
const templates = new WeakMap<Fields, Response>();

/** The response a state stands for, as a plain object. */
function responseOf(state: ResponseState): Response {
  let template = templates.get(state.fields);
  if (template === undefined) {
    template = { ...state.fields, output: [], output_text: '' };
    templates.set(state.fields, template);
  }
  const response = { ...template };
  // The array is built once per version of the list (`toArray` keeps it) and holds the very
  // objects of the items: no item is copied.
  response.output = state.items.toArray();
  response.output_text = state.outputText;
  return response;
}

type Mutable = Record<string, unknown>;

/**
 * The state after `deltas[from..to)` on top of `state`, which is unchanged: each item, list and
 * part a delta touches is copied once (the copies are joined to `owned`) and then appended to in
 * place, so a replay of many deltas to one text copies that text's path once.
 */
function replay(
  state: ResponseState,
  deltas: readonly AppendEvent[],
  from: number,
  to: number,
): ResponseState {
  const drafts = new Map<number, Mutable>();
  const owned = new Set<object>();
  let outputText = state.outputText;
  for (let n = from; n < to; ) {
    const event = deltas[n] as AppendEvent;
    // A run of deltas to the same string is joined first: one append (and one rope node in the
    // text) per run, and the events' own strings are not kept alive by the text.
    const end = runEnd(deltas, n, to);
    const delta = end === n + 1 ? event.delta : joined(deltas, n, end);
    n = end;
    let item = drafts.get(event.output_index);
    if (item === undefined) {
      item = { ...(state.items.get(event.output_index) as ResponseOutputItem) };
      drafts.set(event.output_index, item);
    }
    switch (event.type) {
      case 'response.output_text.delta': {
        const part = ownedElement(item, 'content', event.content_index, owned);
        part.text = (part.text as string) + delta;
        outputText += delta;
        break;
      }
      case 'response.refusal.delta': {
        const part = ownedElement(item, 'content', event.content_index, owned);
        part.refusal = (part.refusal as string) + delta;
        break;
      }
      case 'response.reasoning_text.delta': {
        const part = ownedElement(item, 'content', event.content_index, owned);
        part.text = (part.text as string) + delta;
        break;
      }
      case 'response.reasoning_summary_text.delta': {
        const summary = ownedElement(item, 'summary', event.summary_index, owned);
        summary.text = (summary.text as string) + delta;
        break;
      }
      case 'response.function_call_arguments.delta':
      case 'response.mcp_call_arguments.delta':
        item.arguments = (item.arguments as string) + delta;
        break;
      case 'response.custom_tool_call_input.delta':
        item.input = (item.input as string) + delta;
        break;
      case 'response.code_interpreter_call_code.delta':
        item.code = ((item.code as string | null | undefined) ?? '') + delta;
        break;
    }
  }
  let items = state.items;
  for (const [at, item] of drafts) items = items.set(at, item as unknown as ResponseOutputItem);
  return { fields: state.fields, items, outputText };
}

/** Where the run of deltas to the string `deltas[from]` appends to ends (at most at `to`). */
function runEnd(deltas: readonly AppendEvent[], from: number, to: number): number {
  const first = deltas[from] as AppendEvent & { content_index?: number; summary_index?: number };
  let end = from + 1;
  while (end < to) {
    const next = deltas[end] as AppendEvent & { content_index?: number; summary_index?: number };
    if (
      next.type !== first.type ||
      next.output_index !== first.output_index ||
      next.content_index !== first.content_index ||
      next.summary_index !== first.summary_index
    )
      break;
    end++;
  }
  return end;
}

/** The pieces of `deltas[from..to)`, as one flat string. */
function joined(deltas: readonly AppendEvent[], from: number, to: number): string {
  const pieces = new Array<string>(to - from);
  for (let n = from; n < to; n++) pieces[n - from] = (deltas[n] as AppendEvent).delta;
  return pieces.join('');
}

/** The element `at` of `item[key]`, copied (with the list) unless this replay made it. */
function ownedElement(item: Mutable, key: 'content' | 'summary', at: number, owned: Set<object>): Mutable {
  let list = item[key] as unknown[];
  if (!owned.has(list)) {
    list = list.slice();
    owned.add(list);
    item[key] = list;
  }
  let element = list[at] as Mutable;
  if (!owned.has(element)) {
    element = { ...element };
    owned.add(element);
    list[at] = element;
  }
  return element;
}
