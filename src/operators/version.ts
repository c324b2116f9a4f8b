import { mergeInto } from './merge-delta.js';

// How many deltas may wait on one object before they are merged. Merging a run of deltas
// copies each object on their path once (./merge-delta.ts) and then appends in place, so the
// copies cost 1/COLLAPSE_AFTER of a copy per delta; the bound keeps the deltas an unread
// snapshot holds, and the work of reading one, small.
const COLLAPSE_AFTER = 32;

/**
 * One version of a message or step, as a snapshot holds it: the server's whole object, or a
 * delta on top of an earlier version. A delta is recorded, not merged (O(1), whatever the
 * object's layout); {@link Version.value} merges the deltas since the last merged version on
 * first read and keeps the result, so every read of one version gives the very same object, and
 * an untouched object keeps its identity from one snapshot to the next. Versions are never
 * changed in a way a reader can see: the merge copies whatever an earlier version holds.
 */
export class Version<T extends object> {
  #value: T | undefined;
  #base: Version<T> | undefined;
  #delta: object | undefined;
  // Deltas between this version and the nearest merged one before it.
  readonly #pending: number;
  readonly #id: string;

  private constructor(
    value: T | undefined,
    base: Version<T> | undefined,
    delta: object | undefined,
    id: string,
  ) {
    this.#value = value;
    this.#base = base;
    this.#delta = delta;
    this.#id = id;
    this.#pending = base === undefined ? 0 : base.#value === undefined ? base.#pending + 1 : 1;
  }

  /**
   * A version that is the server's object itself.
   *
   * @param value - The object, kept as it is.
   * @param id - Its id, which no delta changes.
   * @returns The version.
   */
  static of<T extends object>(value: T, id: string): Version<T> {
    return new Version(value, undefined, undefined, id);
  }

  /**
   * The version after `delta`; this one is unchanged.
   *
   * @param delta - A delta event's `delta` object.
   * @returns The new version.
   */
  after(delta: object): Version<T> {
    const next = new Version<T>(undefined, this, delta, this.#id);
    if (next.#pending >= COLLAPSE_AFTER) next.#merge();
    return next;
  }

  /** The object this version stands for, merged on the first read. */
  get value(): T {
    return this.#value ?? this.#merge();
  }

  #merge(): T {
    const deltas: object[] = [];
    let base: Version<T> = this;
    while (base.#value === undefined) {
      deltas.push(base.#delta as object);
      base = base.#base as Version<T>;
    }
    const owned = new Set<object>();
    let merged = base.#value;
    for (let n = deltas.length - 1; n >= 0; n--) merged = mergeInto(merged, deltas[n] as object, owned);
    // An `id` inside a delta does not rename the object (the official SDK ignores it in a message
    // delta too): it keeps its id, and so its place. `merged` is a copy this merge made.
    if ((merged as { id?: unknown }).id !== this.#id) (merged as { id?: unknown }).id = this.#id;
    this.#value = merged;
    // Merged: the versions before this one are no longer needed to read it.
    this.#base = undefined;
    this.#delta = undefined;
    return merged;
  }
}
