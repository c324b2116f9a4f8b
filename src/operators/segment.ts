import { mergeInto } from './merge-delta.js';

// How many deltas one segment records before the next one starts from their merge. Merging a
// run of deltas copies each object on their path once (./merge-delta.ts) and then appends in
// place, so the copies cost 1/SEGMENT_DELTAS of a copy per delta; the bound keeps the deltas
// an unread snapshot holds, and the work of reading one, small.
const SEGMENT_DELTAS = 32;

/**
 * A message or step as snapshots see it: the object at the segment's start, and the deltas
 * recorded on it since, at most 32. Recording a delta is one `push`, whatever the object's
 * layout, and allocates nothing per delta. A snapshot holds a segment and the number of its
 * deltas it saw: the first `count` deltas of a segment never change, so neither does what the
 * snapshot shows. {@link Segment.valueAt} merges on first read and keeps the result, so every
 * read of one state gives the very same object, and an untouched object keeps its identity
 * from one snapshot to the next. A merge copies whatever an earlier state holds.
 */
export class Segment<T extends object> {
  readonly #deltas: object[] = [];
  // What valueAt returned, by count (sparse); [0] is the object the segment starts from.
  readonly #values: Array<T | undefined>;
  readonly #id: string;
  // The arrays of the family built while this segment was the open one, by count (sparse).
  readonly arrays: Array<object[] | undefined> = [];

  /**
   * @param start - The object the segment starts from, kept as it is.
   * @param id - Its id, which no delta changes.
   */
  constructor(start: T, id: string) {
    this.#values = [start];
    this.#id = id;
  }

  /** The number of deltas recorded. */
  get length(): number {
    return this.#deltas.length;
  }

  /** Whether the segment holds as many deltas as it may: the next one starts a new segment. */
  get full(): boolean {
    return this.#deltas.length >= SEGMENT_DELTAS;
  }

  /**
   * Records one more delta.
   *
   * @param delta - A delta event's `delta` object.
   */
  record(delta: object): void {
    this.#deltas.push(delta);
  }

  /**
   * The segment that goes on where this one ends.
   *
   * @returns A new, empty segment starting from this one's last state.
   */
  next(): Segment<T> {
    return new Segment(this.valueAt(this.#deltas.length), this.#id);
  }

  /**
   * The object after the first `count` deltas, merged on the first read from the nearest state
   * already merged before it.
   *
   * @param count - From 0 to {@link Segment.length}.
   * @returns The same object on every call with the same `count`.
   */
  valueAt(count: number): T {
    const values = this.#values;
    const known = values[count];
    if (known !== undefined) return known;
    let from = count - 1;
    while (values[from] === undefined) from--;
    const owned = new Set<object>();
    let merged = values[from] as T;
    for (let n = from; n < count; n++) merged = mergeInto(merged, this.#deltas[n] as object, owned);
    // An `id` inside a delta does not rename the object (the official SDK ignores it in a message
    // delta too): it keeps its id, and so its place. `merged` is a copy this merge made.
    if ((merged as { id?: unknown }).id !== this.#id) (merged as { id?: unknown }).id = this.#id;
    values[count] = merged;
    return merged;
  }
}
