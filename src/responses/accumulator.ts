import { PersistentList } from '../accumulate/persistent-list.js';
import { SnapshotError } from '../errors.js';
import type { ResponseContentPart, ResponseMessageContent } from '../types/responses/content.js';
import type { ResponseStreamEvent } from '../types/responses/events.js';
import type { ResponseOutputItem } from '../types/responses/items.js';
import type { Response } from '../types/responses/response.js';
import { outputTextOfItem } from './output-text.js';
import { type AppendEvent, type Fields, Segment } from './response-versions.js';

/**
 * One step of a Responses stream: the event, and the response as it stands after it.
 *
 * `response` is built when first read (a delta nobody reads costs no copy), from the deltas
 * recorded since, and is the same object on every later read: reading a snapshot long after it
 * was emitted, or snapshots out of order, gives the response after its own event. It is a
 * getter, so a spread (`{ ...snapshot }`) does not copy it: destructure it instead
 * (`const { event, response } = snapshot`); `JSON.stringify(snapshot)` writes it.
 *
 * @example
 * ```ts
 * import { snapshots, type ResponseSnapshot } from 'runstream/responses';
 * const show = ({ event, response }: ResponseSnapshot) => console.log(event.type, response.output_text);
 * response$.pipe(snapshots()).subscribe(show);
 * ```
 */
export interface ResponseSnapshot {
  /** The event that produced this snapshot. */
  readonly event: ResponseStreamEvent;
  /**
   * Never changed once emitted: the next event gives a new object, sharing every output item it
   * did not change (the same objects, so compare them by reference).
   */
  readonly response: Response;
}

type Item = ResponseOutputItem;

/**
 * A snapshot: its event, and a place in a segment of recorded deltas whose response is built on
 * first read. `response` is a getter on the prototype, not an own field: defining one per
 * snapshot costs more than the rest of a delta. `toJSON` writes it, so a snapshot serialises as
 * the plain object it stands for.
 */
class LazyResponseSnapshot implements ResponseSnapshot {
  readonly #segment: Segment;
  readonly #count: number;

  constructor(
    readonly event: ResponseStreamEvent,
    segment: Segment,
    count: number,
  ) {
    this.#segment = segment;
    this.#count = count;
  }

  /** The response after the event, built when first read and the same object on every read. */
  get response(): Response {
    return this.#segment.responseAt(this.#count);
  }

  /**
   * The snapshot as a plain object: what `JSON.stringify` writes.
   *
   * @returns The event and the response.
   */
  toJSON(): ResponseSnapshot {
    return { event: this.event, response: this.response };
  }
}

type ItemOf<T extends Item['type']> = Extract<Item, { type: T }>;
/** The items whose status has events of its own. */
type StatusItemType =
  | 'code_interpreter_call'
  | 'file_search_call'
  | 'web_search_call'
  | 'image_generation_call'
  | 'mcp_call';
/** The events that address an output item. */
type ItemEvent = Extract<ResponseStreamEvent, { output_index: number }>;
/** The events that address a part of an item's `content`. */
type PartEvent = Extract<ResponseStreamEvent, { content_index: number }>;

/**
 * Folds Responses events into the response they describe, as the official SDK's accumulator
 * does, without changing anything it handed out. A delta (text, refusal, arguments, summary or
 * reasoning text, code, input) is checked against the items as they stand and recorded
 * (./response-versions.ts): O(1), whatever came before it; its snapshot's response is built only
 * when read. Every other event is applied at once to the state after the event before it: the
 * output items live in a persistent list, so an event replaces one item (and one part of it) and
 * shares every other. `output_text` grows with each text delta and is joined anew only on the
 * events after which the SDK joins it (an item or part added or done, a text done, a lifecycle
 * event), from the joined text of the items before the last one, kept while they do not change.
 */
export class ResponseAccumulator {
  // Where the deltas are recorded; undefined until `response.created`.
  #segment: Segment | undefined;
  // The state a non-delta event is applied to, loaded from the segment's last state.
  #fields: Fields | undefined;
  #items = PersistentList.empty<Item>();
  #outputText = '';
  // The output text of the items before #joinedUpTo, joined: kept while none of them changes, so
  // joining the output text anew after an event at the last item costs that item, not all.
  #joinedText = '';
  #joinedUpTo = 0;

  /**
   * Applies one event.
   *
   * @param event - The next event of the stream.
   * @returns The snapshot after it.
   * @throws {@link SnapshotError} where the SDK's accumulator throws: an event before
   * `response.created`, or one that addresses an item or part that is not there.
   */
  apply(event: ResponseStreamEvent): ResponseSnapshot {
    let segment = this.#segment;
    if (segment === undefined) {
      if (event.type !== 'response.created') {
        throw new SnapshotError(
          event.type,
          '(no response)',
          'the stream did not start with response.created, so there is no response to apply it to (a resumed stream needs its events from the start)',
        );
      }
    } else if (isAppend(event)) {
      // Deltas first: they are nearly every event.
      if (appends(event, segment.base.items)) {
        this.#changed(event.output_index);
        segment = this.#segment = segment.record(event);
      }
      return new LazyResponseSnapshot(event, segment, segment.length);
    } else {
      const state = segment.stateAt(segment.length);
      this.#fields = state.fields;
      this.#items = state.items;
      this.#outputText = state.outputText;
    }
    if (this.#changes(event) || segment === undefined) {
      segment = this.#segment = new Segment({
        fields: this.#fields as Fields,
        items: this.#items,
        outputText: this.#outputText,
      });
    }
    return new LazyResponseSnapshot(event, segment, segment.length);
  }

  /** Applies `event` (not a delta) to the state; `false` when the response stays as it was. */
  #changes(event: ResponseStreamEvent): boolean {
    switch (event.type) {
      case 'response.output_text.done':
        this.#onMessagePart(event, 'output_text', (p) => ({ ...p, text: event.text }));
        return this.#joinOutputText();
      case 'response.refusal.done':
        return this.#onMessagePart(event, 'refusal', (p) => ({ ...p, refusal: event.refusal }));
      case 'response.output_text.annotation.added':
        return this.#onMessagePart(event, 'output_text', (p) => {
          const annotations = p.annotations.slice();
          annotations[event.annotation_index] = event.annotation;
          return { ...p, annotations };
        });
      case 'response.function_call_arguments.done':
        return this.#onItem(event, 'function_call', (i) => ({ ...i, arguments: event.arguments }));
      case 'response.mcp_call_arguments.done':
        return this.#onItem(event, 'mcp_call', (i) => ({ ...i, arguments: event.arguments }));
      case 'response.custom_tool_call_input.done':
        return this.#onItem(event, 'custom_tool_call', (i) => ({ ...i, input: event.input }));
      case 'response.code_interpreter_call_code.done':
        return this.#onItem(event, 'code_interpreter_call', (i) => ({ ...i, code: event.code }));
      case 'response.reasoning_text.done':
        return this.#onReasoningText(event, () => event.text);
      case 'response.reasoning_summary_text.done':
        return this.#onItem(event, 'reasoning', (i) => ({
          ...i,
          summary: replaced(i.summary, event.summary_index, event, (s) => ({ ...s, text: event.text })),
        }));
      case 'response.reasoning_summary_part.added':
        return this.#onItem(event, 'reasoning', (i) => ({ ...i, summary: [...i.summary, event.part] }));
      case 'response.reasoning_summary_part.done':
        return this.#onItem(event, 'reasoning', (i) => ({
          ...i,
          summary: replaced(i.summary, event.summary_index, event, () => event.part),
        }));
      case 'response.content_part.added':
        return this.#onPartAdded(event);
      case 'response.content_part.done':
        return this.#onPartDone(event);
      case 'response.output_item.added':
        this.#items = this.#items.push(event.item);
        return event.item.type === 'message' ? this.#joinOutputText() : true;
      case 'response.output_item.done':
        this.#itemAt(event);
        this.#setItem(event.output_index, event.item);
        return event.item.type === 'message' ? this.#joinOutputText() : true;
      case 'response.code_interpreter_call.in_progress':
        return this.#setStatus(event, 'code_interpreter_call', 'in_progress');
      case 'response.code_interpreter_call.interpreting':
        return this.#setStatus(event, 'code_interpreter_call', 'interpreting');
      case 'response.code_interpreter_call.completed':
        return this.#setStatus(event, 'code_interpreter_call', 'completed');
      case 'response.file_search_call.in_progress':
        return this.#setStatus(event, 'file_search_call', 'in_progress');
      case 'response.file_search_call.searching':
        return this.#setStatus(event, 'file_search_call', 'searching');
      case 'response.file_search_call.completed':
        return this.#setStatus(event, 'file_search_call', 'completed');
      case 'response.web_search_call.in_progress':
        return this.#setStatus(event, 'web_search_call', 'in_progress');
      case 'response.web_search_call.searching':
        return this.#setStatus(event, 'web_search_call', 'searching');
      case 'response.web_search_call.completed':
        return this.#setStatus(event, 'web_search_call', 'completed');
      case 'response.image_generation_call.in_progress':
        return this.#setStatus(event, 'image_generation_call', 'in_progress');
      case 'response.image_generation_call.generating':
        return this.#setStatus(event, 'image_generation_call', 'generating');
      case 'response.image_generation_call.completed':
        return this.#setStatus(event, 'image_generation_call', 'completed');
      case 'response.mcp_call.in_progress':
        return this.#setStatus(event, 'mcp_call', 'in_progress');
      case 'response.mcp_call.completed':
        return this.#setStatus(event, 'mcp_call', 'completed');
      case 'response.mcp_call.failed':
        return this.#setStatus(event, 'mcp_call', 'failed');
      case 'response.created':
      case 'response.queued':
      case 'response.in_progress':
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.#replaceWith(event.response);
        return true;
      default:
        // Partial images, MCP tool listings, audio and errors hold no state of the response.
        return false;
    }
  }

  /** The server's response replaces everything (its `output_text` kept when it sent one). */
  #replaceWith(response: Response): void {
    const { output, output_text, ...fields } = response;
    this.#fields = fields;
    let items = PersistentList.empty<Item>();
    for (const item of output) items = items.push(item);
    this.#items = items;
    this.#joinedText = '';
    this.#joinedUpTo = 0;
    if (typeof output_text === 'string') this.#outputText = output_text;
    else this.#joinOutputText();
  }

  /** All `output_text` parts of all messages, joined: what the SDK's `output_text` is. */
  #joinOutputText(): true {
    const items = this.#items;
    const last = items.length - 1;
    let text = this.#joinedText;
    for (let at = this.#joinedUpTo; at < last; at++) text += outputTextOfItem(items.get(at) as Item);
    if (last > this.#joinedUpTo) {
      this.#joinedText = text;
      this.#joinedUpTo = last;
    }
    this.#outputText = last >= 0 ? text + outputTextOfItem(items.get(last) as Item) : text;
    return true;
  }

  /** Puts `item` at `at`, in place of the item there. */
  #setItem(at: number, item: Item): void {
    this.#changed(at);
    this.#items = this.#items.set(at, item);
  }

  /** The item at `at` changes: the joined text of the items before #joinedUpTo no longer holds if it is one. */
  #changed(at: number): void {
    if (at < this.#joinedUpTo) {
      this.#joinedText = '';
      this.#joinedUpTo = 0;
    }
  }

  #itemAt(event: ItemEvent): Item {
    const item = this.#items.get(event.output_index);
    if (item === undefined) throw missing(event, `no output item at output_index ${event.output_index}`);
    return item;
  }

  /** Replaces the item the event addresses with `update(item)` when it is of `type`. */
  #onItem<T extends Item['type']>(
    event: ItemEvent,
    type: T,
    update: (item: ItemOf<T>) => ItemOf<T>,
  ): boolean {
    const item = this.#itemAt(event);
    if (item.type !== type) return false;
    this.#setItem(event.output_index, update(item as ItemOf<T>));
    return true;
  }

  #setStatus<T extends StatusItemType>(event: ItemEvent, type: T, status: ItemOf<T>['status']): boolean {
    return this.#onItem(event, type, (item) => ({ ...item, status }));
  }

  /**
   * Replaces the part of a message the event addresses with `update(part)`, which must be of
   * `kind`; `false` when the item is not a message (the SDK then ignores the event).
   */
  #onMessagePart<K extends ResponseMessageContent['type']>(
    event: PartEvent,
    kind: K,
    update: (part: Extract<ResponseMessageContent, { type: K }>) => ResponseMessageContent,
  ): boolean {
    return this.#onItem(event, 'message', (message) => ({
      ...message,
      content: replaced(message.content, event.content_index, event, (part) => {
        if (part.type !== kind)
          throw missing(
            event,
            `the part at content_index ${event.content_index} is ${part.type}, not ${kind}`,
          );
        return update(part as Extract<ResponseMessageContent, { type: K }>);
      }),
    }));
  }

  #onReasoningText(event: PartEvent, text: (before: string) => string): boolean {
    return this.#onItem(event, 'reasoning', (item) => {
      if (item.content === undefined) throw missing(event, 'the reasoning item has no content');
      return {
        ...item,
        content: replaced(item.content, event.content_index, event, (part) => ({
          ...part,
          text: text(part.text),
        })),
      };
    });
  }

  #onPartAdded(event: Extract<ResponseStreamEvent, { type: 'response.content_part.added' }>): boolean {
    const part: ResponseContentPart = event.part;
    const item = this.#itemAt(event);
    if (item.type === 'message' && part.type !== 'reasoning_text') {
      this.#setItem(event.output_index, { ...item, content: [...item.content, part] });
      return part.type === 'output_text' ? this.#joinOutputText() : true;
    }
    if (item.type === 'reasoning' && part.type === 'reasoning_text') {
      this.#setItem(event.output_index, {
        ...item,
        content: [...(item.content ?? []), part],
      });
      return true;
    }
    return false;
  }

  #onPartDone(event: Extract<ResponseStreamEvent, { type: 'response.content_part.done' }>): boolean {
    const part: ResponseContentPart = event.part;
    const item = this.#itemAt(event);
    if (item.type === 'message' && part.type !== 'reasoning_text') {
      const content = replaced(item.content, event.content_index, event, () => part);
      this.#setItem(event.output_index, { ...item, content });
      return part.type === 'output_text' ? this.#joinOutputText() : true;
    }
    if (item.type === 'reasoning' && part.type === 'reasoning_text') {
      if (item.content === undefined) throw missing(event, 'the reasoning item has no content');
      const content = replaced(item.content, event.content_index, event, () => part);
      this.#setItem(event.output_index, { ...item, content });
      return true;
    }
    return false;
  }
}

const APPEND_TYPES: ReadonlySet<string> = new Set<AppendEvent['type']>([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.function_call_arguments.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.code_interpreter_call_code.delta',
  'response.mcp_call_arguments.delta',
  'response.custom_tool_call_input.delta',
]);

function isAppend(event: ResponseStreamEvent): event is AppendEvent {
  return APPEND_TYPES.has(event.type);
}

/**
 * Whether `delta` changes the response whose items are `items` (no delta changes which items and
 * parts there are, so any state of a segment answers for all of them): `false` where the SDK
 * passes over it (a text delta for an item that is not a message, arguments for one that is not
 * a call); a SnapshotError where the SDK's accumulator would throw, or where the data is not
 * what the API sends, so that building the snapshot later cannot fail.
 */
function appends(delta: AppendEvent, items: PersistentList<Item>): boolean {
  const item = items.get(delta.output_index);
  if (typeof item !== 'object' || item === null) {
    throw missing(delta, `no output item at output_index ${delta.output_index}`);
  }
  switch (delta.type) {
    case 'response.output_text.delta':
      return item.type === 'message' && partOf(delta, item.content, 'output_text');
    case 'response.refusal.delta':
      return item.type === 'message' && partOf(delta, item.content, 'refusal');
    case 'response.function_call_arguments.delta':
      return item.type === 'function_call';
    case 'response.mcp_call_arguments.delta':
      return item.type === 'mcp_call';
    case 'response.custom_tool_call_input.delta':
      return item.type === 'custom_tool_call';
    case 'response.code_interpreter_call_code.delta':
      return item.type === 'code_interpreter_call';
    case 'response.reasoning_summary_text.delta':
      if (item.type !== 'reasoning') return false;
      elementOf(delta, item.summary, delta.summary_index);
      return true;
    case 'response.reasoning_text.delta':
      if (item.type !== 'reasoning') return false;
      if (item.content === undefined) throw missing(delta, 'the reasoning item has no content');
      elementOf(delta, item.content, delta.content_index);
      return true;
  }
}

/** `true` when the part at the event's `content_index` of `content` is of `kind`; else throws. */
function partOf(delta: AppendEvent & { content_index: number }, content: unknown, kind: string): true {
  const part = elementOf(delta, content, delta.content_index);
  if (part.type !== kind) {
    throw missing(
      delta,
      `the part at content_index ${delta.content_index} is ${String(part.type)}, not ${kind}`,
    );
  }
  return true;
}

/** The object at `at` of `list`; a SnapshotError when there is none. */
function elementOf(delta: AppendEvent, list: unknown, at: number): Record<string, unknown> {
  if (!Array.isArray(list)) throw missing(delta, 'the item has no list where its parts should be');
  const element: unknown = list[at];
  if (typeof element !== 'object' || element === null) {
    throw missing(delta, `nothing at index ${at} of the item's list`);
  }
  return element as Record<string, unknown>;
}

/** A copy of `list` with the element at `at` replaced by `update(element)`; it must be there. */
function replaced<T, R extends T>(
  list: readonly T[],
  at: number,
  event: ResponseStreamEvent,
  update: (element: T) => R,
): T[] {
  const element = list[at];
  if (element === undefined) throw missing(event, `nothing at index ${at} of the item's list`);
  const copy = list.slice();
  copy[at] = update(element);
  return copy;
}

function missing(event: ResponseStreamEvent, detail: string): SnapshotError {
  const id = (event as { item_id?: unknown }).item_id;
  return new SnapshotError(event.type, typeof id === 'string' ? id : '(no item id)', detail);
}
