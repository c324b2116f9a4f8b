import { SnapshotError } from '../errors.js';
import type { RunStreamEvent } from '../types/events.js';
import type { Message } from '../types/message.js';
import type { Run } from '../types/run.js';
import type { RunStep } from '../types/step.js';
import { TextAppender, ToolCallAppender } from './append-delta.js';
import { mergeDelta } from './merge-delta.js';
import { field } from './shapes.js';
import type { RunSnapshot } from './snapshots.js';

/**
 * Objects of one family (steps or messages) in creation order. `items` is shared with the
 * snapshots already emitted, so a change builds a new array and leaves the old one alone; an
 * unchanged family keeps the same array from one snapshot to the next.
 */
class Family<T extends { id: string }> {
  items: T[] = [];
  readonly #positions = new Map<string, number>();
  // Deltas come in long runs for one object: comparing the id with the last merged object's
  // costs less than hashing the id (a new string in every event) for the map.
  #last = 0;

  constructor(
    private readonly createdEvent: string,
    // The fast path for the deltas this family streams most; `mergeDelta` takes the rest.
    private readonly appender: { append(current: T, delta: object): T | undefined },
  ) {}

  /** Adds `item`, or puts it in the place of the object with its id. */
  put(item: T): void {
    const id = field(item, 'id') as string;
    const at = this.#positions.get(id);
    const items = this.items.slice();
    if (at === undefined) {
      this.#positions.set(id, items.length);
      items.push(item);
    } else {
      items[at] = item;
    }
    this.items = items;
  }

  /** `in_progress`: the accumulated object stands; the server's is taken only for an unknown id. */
  keep(item: T): void {
    if (!this.#positions.has(field(item, 'id') as string)) this.put(item);
  }

  /** Merges the `delta` of a delta event's data, `{ id, delta }`, into the object with that `id`. */
  merge(event: string, data: unknown): void {
    if (typeof data !== 'object' || data === null) {
      throw malformed(event, undefined, `its data is ${data == null ? String(data) : `a ${typeof data}`}`);
    }
    const id = field(data, 'id');
    const delta = field(data, 'delta');
    if (typeof id !== 'string') throw malformed(event, undefined, 'its data has no string `id`');
    if (typeof delta !== 'object' || delta === null || Array.isArray(delta)) {
      throw malformed(event, id, 'its data has no `delta` object');
    }
    const at = this.#find(id);
    const current = at === undefined ? undefined : this.items[at];
    if (at === undefined || current === undefined) {
      throw new SnapshotError(
        event,
        id,
        `no ${this.createdEvent} for this id came before it. A snapshot starts from the created object; subscribe from the start of the run`,
      );
    }
    const items = this.items.slice();
    items[at] = this.appender.append(current, delta) ?? withId(mergeDelta(current, delta), id);
    this.items = items;
  }

  #find(id: string): number | undefined {
    const last = this.items[this.#last];
    if (last !== undefined && field(last, 'id') === id) return this.#last;
    const at = this.#positions.get(id);
    if (at !== undefined) this.#last = at;
    return at;
  }
}

/**
 * `merged` with the id of the object it was merged into. An `id` inside a delta does not rename
 * the object (the official SDK ignores it in a message delta too): the object keeps its id, and
 * so its place. The fast paths merge no `id`, so only the generic path needs this.
 */
function withId<T extends { id: string }>(merged: T, id: string): T {
  // `merged` is a new object no snapshot holds yet, so it may still be changed.
  if (field(merged, 'id') !== id) merged.id = id;
  return merged;
}

function malformed(event: string, id: string | undefined, detail: string): SnapshotError {
  return new SnapshotError(
    event,
    id ?? '(no id)',
    `${detail}, but the data of a delta event must be { id, object, delta }`,
  );
}

/**
 * Folds run events into the state they describe, one {@link RunSnapshot} per event. The
 * snapshots it returns are never modified afterwards.
 */
export class RunAccumulator {
  #run: Run | undefined;
  readonly #steps = new Family<RunStep>('thread.run.step.created', new ToolCallAppender());
  readonly #messages = new Family<Message>('thread.message.created', new TextAppender());

  /**
   * Applies one event; throws {@link SnapshotError} for a delta whose object was never created or
   * whose data is not `{ id, delta }`.
   */
  apply(event: RunStreamEvent): RunSnapshot {
    // Deltas first: they are nearly every event, and a switch compares its cases in order.
    switch (event.event) {
      case 'thread.message.delta':
        this.#messages.merge(event.event, event.data);
        break;
      case 'thread.run.step.delta':
        this.#steps.merge(event.event, event.data);
        break;
      case 'thread.run.created':
      case 'thread.run.queued':
      case 'thread.run.in_progress':
      case 'thread.run.requires_action':
      case 'thread.run.completed':
      case 'thread.run.incomplete':
      case 'thread.run.failed':
      case 'thread.run.cancelling':
      case 'thread.run.cancelled':
      case 'thread.run.expired':
        // A run has no deltas: every run event carries the whole, current object.
        this.#run = event.data;
        break;
      case 'thread.run.step.in_progress':
        this.#steps.keep(event.data);
        break;
      case 'thread.run.step.created':
      case 'thread.run.step.completed':
      case 'thread.run.step.failed':
      case 'thread.run.step.cancelled':
      case 'thread.run.step.expired':
        this.#steps.put(event.data);
        break;
      case 'thread.message.in_progress':
        this.#messages.keep(event.data);
        break;
      case 'thread.message.created':
      case 'thread.message.completed':
      case 'thread.message.incomplete':
        this.#messages.put(event.data);
        break;
      default:
      // `thread.created` and events unknown to the library change nothing a snapshot holds.
    }
    return { event, run: this.#run, steps: this.#steps.items, messages: this.#messages.items };
  }
}
