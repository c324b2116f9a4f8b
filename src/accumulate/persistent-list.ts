// A persistent vector: a 32-way trie whose nodes are never changed once built. `set` and `push`
// copy only the nodes on the path to one element (at most ⌈log32 n⌉ arrays of 32), so a new
// version costs the same whether the list holds ten elements or a million, and every earlier
// version stays as it was. That is what lets an accumulator emit one immutable snapshot per event
// without copying all the messages (or output items) before the one that changed.

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

type Node = readonly unknown[];

const EMPTY_NODE: Node = Object.freeze([]);

/**
 * An immutable list with cheap updates: {@link PersistentList.set} and {@link PersistentList.push}
 * return a new list in O(log32 n) and leave this one unchanged; {@link PersistentList.toArray}
 * builds a plain array once per list and returns that same array on every later call.
 *
 * @typeParam T - The elements.
 *
 * For example:
 * ```
 * const a = PersistentList.empty<string>().push('x').push('y');
 * const b = a.set(0, 'z');
 * a.toArray(); // ['x', 'y']: `a` is unchanged
 * b.toArray(); // ['z', 'y']
 * ```
 */
export class PersistentList<T> {
  static readonly #EMPTY = new PersistentList<never>(EMPTY_NODE, 0, 0);

  /** The number of elements. */
  readonly length: number;
  readonly #root: Node;
  // The height of the trie in bits: the index bits that select the root's child start here.
  readonly #shift: number;
  #array: T[] | undefined;

  private constructor(root: Node, length: number, shift: number) {
    this.#root = root;
    this.length = length;
    this.#shift = shift;
  }

  /**
   * The empty list (one shared instance).
   *
   * @returns A list of no elements.
   */
  static empty<T>(): PersistentList<T> {
    return PersistentList.#EMPTY;
  }

  /**
   * The element at `at`.
   *
   * @param at - A position from 0 to `length - 1`.
   * @returns The element, or `undefined` outside the list.
   */
  get(at: number): T | undefined {
    if (!(at >= 0 && at < this.length)) return undefined;
    let node = this.#root;
    for (let shift = this.#shift; shift > 0; shift -= BITS) node = node[(at >>> shift) & MASK] as Node;
    return node[at & MASK] as T;
  }

  /**
   * A list with `value` at `at` instead; this one is unchanged.
   *
   * @param at - A position from 0 to `length - 1`.
   * @param value - The new element.
   * @returns The new list.
   * @throws RangeError when `at` is outside the list.
   */
  set(at: number, value: T): PersistentList<T> {
    if (!(at >= 0 && at < this.length) || !Number.isInteger(at)) {
      throw new RangeError(`position ${at} is outside a list of ${this.length}`);
    }
    return new PersistentList(setIn(this.#root, this.#shift, at, value), this.length, this.#shift);
  }

  /**
   * A list with `value` added at the end; this one is unchanged.
   *
   * @param value - The new last element.
   * @returns The new list.
   */
  push(value: T): PersistentList<T> {
    const at = this.length;
    if (at === WIDTH << this.#shift) {
      // The trie is full: a new root holds the old one and a path to the new element.
      const root = [this.#root, pathTo(this.#shift, value)];
      return new PersistentList(root, at + 1, this.#shift + BITS);
    }
    return new PersistentList(setIn(this.#root, this.#shift, at, value), at + 1, this.#shift);
  }

  /**
   * The elements as a plain array, built on the first call (O(n)) and the same array on every
   * later call, so two reads of one version give identical arrays. Do not modify it.
   *
   * @returns The elements in order.
   */
  toArray(): T[] {
    if (this.#array === undefined) {
      const array = new Array<T>(this.length);
      collect(this.#root, this.#shift, array, 0);
      this.#array = array;
    }
    return this.#array;
  }
}

/** A copy of `node` with `value` at `at`, creating the missing nodes on the way. */
function setIn(node: Node, shift: number, at: number, value: unknown): Node {
  const copy = node.slice();
  if (shift === 0) {
    copy[at & MASK] = value;
    return copy;
  }
  const slot = (at >>> shift) & MASK;
  const child = node[slot] as Node | undefined;
  copy[slot] = child === undefined ? pathTo(shift - BITS, value) : setIn(child, shift - BITS, at, value);
  return copy;
}

/** A branch of height `shift` holding only `value`, at its start. */
function pathTo(shift: number, value: unknown): Node {
  let node: Node = [value];
  for (let level = 0; level < shift; level += BITS) node = [node];
  return node;
}

/** Copies the elements under `node` into `into` from `from`; returns the position after them. */
function collect(node: Node, shift: number, into: unknown[], from: number): number {
  let at = from;
  if (shift === 0) {
    for (const value of node) into[at++] = value;
    return at;
  }
  for (const child of node) at = collect(child as Node, shift - BITS, into, at);
  return at;
}
