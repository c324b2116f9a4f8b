import type { PersistentList } from '../accumulate/persistent-list.js';
import type { ResponseStreamEvent } from '../types/responses/events.js';
import type { ResponseOutputItem } from '../types/responses/items.js';
import type { Response } from '../types/responses/response.js';

// Why a delta costs almost nothing: the accumulator checks it against the response's structure
// (which no delta changes) and records it here; nothing is copied or merged. A snapshot is a
// place in a segment of recorded deltas, and its response is built when, and only if, someone
// reads it. Each item a segment's deltas touch has one version per delta that touched it, built
// once, on first need, from the nearest version built before it by replaying that item's deltas
// in between into one copy (copy-on-write; a run of deltas to one string is joined into one
// piece). A state takes, for each touched item, its version after the last delta to it, and
// every other item from the base: so two snapshots share every item the deltas between them
// did not touch, in whatever order they are read. A segment holds at most SEGMENT_LENGTH
// deltas: then its last state starts the next one, which bounds the work of a late read and the
// events an unread snapshot keeps alive.

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
  // By output_index, the versions of an item built so far: `[c]` is the item after the first `c`
  // deltas, for a `c` whose last delta touched it.
  readonly #versions = new Map<number, Array<ResponseOutputItem | undefined>>();
  // Whether every delta so far appends to one and the same string (one text, one call's
  // arguments): nearly always, and then a state is one join and one append.
  #oneString = true;

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
    const length = this.#deltas.length;
    if (length >= SEGMENT_LENGTH) return new Segment(this.stateAt(length)).record(delta);
    if (this.#oneString && length > 0) {
      const first = this.#deltas[0] as AppendEvent;
      this.#oneString = first.output_index === delta.output_index && sameString(first, delta);
    }
    this.#deltas.push(delta);
    return this;
  }

  /**
   * The state after the first `count` deltas.
   *
   * @param count - From 0 to {@link Segment.length}.
   * @returns The state, the same object on every call.
   */
  stateAt(count: number): ResponseState {
    const built = this.#states[count];
    if (built !== undefined) return built;
    let from = count - 1;
    while (this.#states[from] === undefined) from--;
    const before = this.#states[from] as ResponseState;
    const state = this.#oneString
      ? this.#oneStringState(before, from, count)
      : this.#stateFrom(before, from, count);
    this.#states[count] = state;
    return state;
  }

  /** The state after `count` deltas, from the one after `from`, whatever the deltas address. */
  #stateFrom(before: ResponseState, from: number, count: number): ResponseState {
    let items = this.base.items;
    // The last delta to each item before `count` says which of its versions the state holds.
    const placed: number[] = [];
    for (let n = count - 1; n >= 0; n--) {
      const at = (this.#deltas[n] as AppendEvent).output_index;
      if (placed.includes(at)) continue;
      placed.push(at);
      items = items.set(at, this.#versionOf(at, n + 1));
    }
    return {
      fields: before.fields,
      items,
      outputText: before.outputText + textOf(this.#deltas, from, count),
    };
  }

  /**
   * The same, when every delta appends to one string: its item's version after `count` is the one
   * before with the deltas since joined and appended once; for output text, the output text too.
   */
  #oneStringState(before: ResponseState, from: number, count: number): ResponseState {
    const first = this.#deltas[0] as AppendEvent;
    const at = first.output_index;
    const versions = this.#versionsOf(at);
    let since = count - 1;
    while (since > 0 && versions[since] === undefined) since--;
    const piece = joined(this.#deltas, since, count);
    let item = versions[count];
    if (item === undefined) {
      const start = (since === 0 ? this.base.items.get(at) : versions[since]) as ResponseOutputItem;
      const copy: Mutable = { ...start };
      append(copy, first, piece, new Set());
      item = copy as unknown as ResponseOutputItem;
      versions[count] = item;
    }
    let outputText = before.outputText;
    if (first.type === 'response.output_text.delta')
      outputText += since === from ? piece : joined(this.#deltas, from, count);
    return { fields: before.fields, items: this.base.items.set(at, item), outputText };
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

  /** The item at `at` after the first `count` deltas, the last of which touched it. */
  #versionOf(at: number, count: number): ResponseOutputItem {
    const versions = this.#versionsOf(at);
    const built = versions[count];
    if (built !== undefined) return built;
    let from = count - 1;
    while (from > 0 && versions[from] === undefined) from--;
    const start = from === 0 ? this.base.items.get(at) : versions[from];
    const item = replayed(start as ResponseOutputItem, this.#deltas, from, count, at);
    versions[count] = item;
    return item;
  }

  /** The versions of the item at `at` built so far. */
  #versionsOf(at: number): Array<ResponseOutputItem | undefined> {
    let versions = this.#versions.get(at);
    if (versions === undefined) {
      versions = [];
      this.#versions.set(at, versions);
    }
    return versions;
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

/** The pieces of output text among `deltas[from..to)`, as one flat string. */
function textOf(deltas: readonly AppendEvent[], from: number, to: number): string {
  if (to - from === 1) {
    const delta = deltas[from] as AppendEvent;
    return delta.type === 'response.output_text.delta' ? delta.delta : '';
  }
  const pieces: string[] = [];
  for (let n = from; n < to; n++) {
    const delta = deltas[n] as AppendEvent;
    if (delta.type === 'response.output_text.delta') pieces.push(delta.delta);
  }
  return pieces.join('');
}

/**
 * A copy of `item` (at output_index `at`) with the deltas to it among `deltas[from..to)`
 * applied; `item` is unchanged. Its lists and parts are copied once, when first touched, and
 * each run of deltas to one string is joined first: one append per run, and the events' own
 * strings are not kept alive by the text.
 */
function replayed(
  item: ResponseOutputItem,
  deltas: readonly AppendEvent[],
  from: number,
  to: number,
  at: number,
): ResponseOutputItem {
  const copy: Mutable = { ...item };
  const owned = new Set<object>();
  let run: AppendEvent | undefined;
  const pieces: string[] = [];
  for (let n = from; n < to; n++) {
    const delta = deltas[n] as AppendEvent;
    if (delta.output_index !== at) continue;
    if (run !== undefined && !sameString(run, delta)) {
      append(copy, run, pieces.join(''), owned);
      pieces.length = 0;
    }
    run = delta;
    pieces.push(delta.delta);
  }
  if (run !== undefined)
    append(copy, run, pieces.length === 1 ? (pieces[0] as string) : pieces.join(''), owned);
  return copy as unknown as ResponseOutputItem;
}

/** The pieces of `deltas[from..to)`, which append to one string, as one flat string. */
function joined(deltas: readonly AppendEvent[], from: number, to: number): string {
  if (to - from === 1) return (deltas[from] as AppendEvent).delta;
  const pieces = new Array<string>(to - from);
  for (let n = from; n < to; n++) pieces[n - from] = (deltas[n] as AppendEvent).delta;
  return pieces.join('');
}

/** Whether two deltas to one item append to the same string of it. */
function sameString(a: AppendEvent, b: AppendEvent): boolean {
  return (
    a.type === b.type &&
    (a as { content_index?: number }).content_index === (b as { content_index?: number }).content_index &&
    (a as { summary_index?: number }).summary_index === (b as { summary_index?: number }).summary_index
  );
}

/** Appends `piece` to the string of `item` (a copy this replay owns) that `delta` addresses. */
function append(item: Mutable, delta: AppendEvent, piece: string, owned: Set<object>): void {
  switch (delta.type) {
    case 'response.output_text.delta':
    case 'response.reasoning_text.delta': {
      const part = ownedElement(item, 'content', delta.content_index, owned);
      part.text = (part.text as string) + piece;
      return;
    }
    case 'response.refusal.delta': {
      const part = ownedElement(item, 'content', delta.content_index, owned);
      part.refusal = (part.refusal as string) + piece;
      return;
    }
    case 'response.reasoning_summary_text.delta': {
      const summary = ownedElement(item, 'summary', delta.summary_index, owned);
      summary.text = (summary.text as string) + piece;
      return;
    }
    case 'response.function_call_arguments.delta':
    case 'response.mcp_call_arguments.delta':
      item.arguments = (item.arguments as string) + piece;
      return;
    case 'response.custom_tool_call_input.delta':
      item.input = (item.input as string) + piece;
      return;
    case 'response.code_interpreter_call_code.delta':
      item.code = ((item.code as string | null | undefined) ?? '') + piece;
      return;
  }
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
