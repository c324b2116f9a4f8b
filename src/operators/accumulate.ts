import { KeyedList } from '../accumulate/keyed-list.js';
import type { PersistentList } from '../accumulate/persistent-list.js';
import { SnapshotError } from '../errors.js';
import type { RunStreamEvent } from '../types/events.js';
import type { Message } from '../types/message.js';
import type { Run } from '../types/run.js';
import type { RunStep } from '../types/step.js';
import type { RunSnapshot } from './run-snapshot.js';
import { Segment } from './segment.js';

// Why it is fast for any server: a delta is checked (`{ id, delta }`) and recorded on the
// object's open segment (./segment.ts), not merged, so its cost depends neither on the object's
// layout nor on the text before it; the family is a persistent list (../accumulate/), changed
// once per segment, so it does not depend on the objects before it either. Merging and building
// arrays happen when, and only if, a snapshot is read.

/** The objects of one family (steps or messages) in creation order. */
class Family<T extends object> {
  readonly #list = new KeyedList<string, Segment<T>>();
  // The segment deltas are recorded on, and its place. While one is open nothing else in the
  // family changes: any other change closes it, and the next delta opens a new one.
  #open: Segment<T> | undefined;
  #openAt = -1;

  constructor(private readonly createdEvent: string) {}

  /** The current list of the family. */
  get items(): PersistentList<Segment<T>> {
    return this.#list.items;
  }

  /** The open segment, if any. */
  get open(): Segment<T> | undefined {
    return this.#open;
  }

  /** Adds `item`, or puts it in the place of the object with its id. */
  put(event: string, item: T): void {
    const id = field(item, 'id');
    if (typeof id !== 'string') throw new SnapshotError(event, '(no id)', 'its data has no string `id`');
    this.#open = undefined;
    this.#list.put(id, new Segment(item, id));
  }

  /** `in_progress`: the accumulated object stands; the server's is taken only for an unknown id. */
  keep(event: string, item: T): void {
    if (!this.#list.has(field(item, 'id') as string)) this.put(event, item);
  }

  /** Records the `delta` of a delta event's data, `{ id, delta }`, on the object with that `id`. */
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
    const at = this.#list.indexOf(id);
    if (at < 0) {
      throw new SnapshotError(
        event,
        id,
        `no ${this.createdEvent} for this id came before it. A snapshot starts from the created object; subscribe from the start of the run`,
      );
    }
    let segment = this.#open;
    if (segment === undefined || at !== this.#openAt || segment.full) {
      // Snapshots already hold the segment in the list, with its length: it stays as they saw it.
      segment = (this.#list.items.get(at) as Segment<T>).next();
      this.#list.replaceAt(at, segment);
      this.#open = segment;
      this.#openAt = at;
    }
    segment.record(delta);
  }
}

/**
 * `value[key]`, read at one site for every object: parsed JSON comes in many layouts, and a
 * site that has seen many compiles to a lookup that holds for all of them.
 */
function field(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

function malformed(event: string, id: string | undefined, detail: string): SnapshotError {
  return new SnapshotError(
    event,
    id ?? '(no id)',
    `${detail}, but the data of a delta event must be { id, object, delta }`,
  );
}

// The array of a family's list when no segment was open, built on first read. Keyed by the
// list, so snapshots that share it (the family did not change between them) share one array;
// with a segment open the list stays the same, and the array is kept on the segment by count.
const arrays = new WeakMap<PersistentList<Segment<object>>, object[]>();

function arrayOf<T extends object>(
  items: PersistentList<Segment<T>>,
  open: Segment<T> | undefined,
  count: number,
): T[] {
  const cached = open === undefined ? arrays.get(items) : open.arrays[count];
  if (cached !== undefined) return cached as T[];
  const array = items.toArray().map((segment) => segment.valueAt(segment === open ? count : segment.length));
  if (open === undefined) arrays.set(items, array);
  else open.arrays[count] = array;
  return array;
}

/**
 * A snapshot whose `steps` and `messages` are built from the family states on first read.
 * They are getters on the prototype, not own fields: an own getter per snapshot (what spread and
 * deep equality would see) costs a property definition per event, several times the rest of the
 * event's cost. `toJSON` writes them, so a snapshot serialises as the plain object it stands for.
 */
class LazySnapshot implements RunSnapshot {
  readonly #steps: PersistentList<Segment<RunStep>>;
  readonly #openStep: Segment<RunStep> | undefined;
  readonly #stepCount: number;
  readonly #messages: PersistentList<Segment<Message>>;
  readonly #openMessage: Segment<Message> | undefined;
  readonly #messageCount: number;

  constructor(
    readonly event: RunStreamEvent,
    readonly run: Run | undefined,
    steps: Family<RunStep>,
    messages: Family<Message>,
  ) {
    // What each family is now: its list, and its open segment with the deltas it has so far.
    this.#steps = steps.items;
    this.#openStep = steps.open;
    this.#stepCount = this.#openStep?.length ?? 0;
    this.#messages = messages.items;
    this.#openMessage = messages.open;
    this.#messageCount = this.#openMessage?.length ?? 0;
  }

  get steps(): RunStep[] {
    return arrayOf(this.#steps, this.#openStep, this.#stepCount);
  }

  get messages(): Message[] {
    return arrayOf(this.#messages, this.#openMessage, this.#messageCount);
  }

  /** The snapshot as a plain object: what `JSON.stringify` writes. */
  toJSON(): RunSnapshot {
    return { event: this.event, run: this.run, steps: this.steps, messages: this.messages };
  }
}

/**
 * Folds run events into the state they describe, one {@link RunSnapshot} per event. The
 * snapshots it returns are never modified afterwards.
 */
export class RunAccumulator {
  #run: Run | undefined;
  readonly #steps = new Family<RunStep>('thread.run.step.created');
  readonly #messages = new Family<Message>('thread.message.created');

  /**
   * Applies one event.
   *
   * @param event - The next event of the run.
   * @returns The snapshot after it.
   * @throws {@link SnapshotError} for a delta whose object was never created or whose data is
   * not `{ id, delta }`.
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
        this.#steps.keep(event.event, event.data);
        break;
      case 'thread.run.step.created':
      case 'thread.run.step.completed':
      case 'thread.run.step.failed':
      case 'thread.run.step.cancelled':
      case 'thread.run.step.expired':
        this.#steps.put(event.event, event.data);
        break;
      case 'thread.message.in_progress':
        this.#messages.keep(event.event, event.data);
        break;
      case 'thread.message.created':
      case 'thread.message.completed':
      case 'thread.message.incomplete':
        this.#messages.put(event.event, event.data);
        break;
      default:
      // `thread.created` and events unknown to the library change nothing a snapshot holds.
    }
    return new LazySnapshot(event, this.#run, this.#steps, this.#messages);
  }
}
