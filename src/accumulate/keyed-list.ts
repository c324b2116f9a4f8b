import { PersistentList } from './persistent-list.js';

/**
 * The objects of one family (messages, steps, output items) in creation order, found by key (an
 * id, or an `output_index`). The current version, {@link KeyedList.items}, is a
 * {@link PersistentList}: each change makes a new version in O(log n) and leaves the versions
 * already handed out alone, and a family that did not change keeps the very same version.
 *
 * Positions never move (objects are only added or replaced), so the key → position map is
 * shared by every version and only grows.
 *
 * @typeParam K - The key: a string id or a numeric index.
 * @typeParam T - The objects.
 *
 * For example:
 * ```
 * const list = new KeyedList<string, { id: string; text: string }>();
 * list.put('msg_1', { id: 'msg_1', text: '' });
 * const before = list.items;
 * list.put('msg_1', { id: 'msg_1', text: 'Hi' });
 * before.get(0)?.text; // '': an earlier version never changes
 * list.items.toArray(); // [{ id: 'msg_1', text: 'Hi' }]
 * ```
 */
export class KeyedList<K, T> {
  /** The current version. */
  items: PersistentList<T> = PersistentList.empty();
  readonly #positions = new Map<K, number>();
  // Updates come in long runs for one object: comparing with the last key costs less than a
  // map lookup of a key that, parsed from JSON, is a new string every time.
  #lastKey: K | undefined;
  #lastAt = -1;

  /**
   * Whether an object with `key` was put.
   *
   * @param key - The object's key.
   * @returns `true` once {@link KeyedList.put} was called with it.
   */
  has(key: K): boolean {
    return this.#positionOf(key) >= 0;
  }

  /**
   * Where the object with `key` is.
   *
   * @param key - The object's key.
   * @returns Its position in {@link KeyedList.items}, or -1 if none was put with that key.
   */
  indexOf(key: K): number {
    return this.#positionOf(key);
  }

  /**
   * Puts `value` in the place of the object at `at`, as {@link KeyedList.put} does for its key.
   *
   * @param at - A position {@link KeyedList.indexOf} gave.
   * @param value - The object.
   */
  replaceAt(at: number, value: T): void {
    this.items = this.items.set(at, value);
  }

  /**
   * The current object with `key`.
   *
   * @param key - The object's key.
   * @returns The object, or `undefined` if none was put with that key.
   */
  get(key: K): T | undefined {
    const at = this.#positionOf(key);
    return at < 0 ? undefined : this.items.get(at);
  }

  /**
   * Adds `value` at the end, or puts it in the place of the object with the same key.
   *
   * @param key - The object's key.
   * @param value - The object.
   */
  put(key: K, value: T): void {
    const at = this.#positionOf(key);
    if (at >= 0) {
      this.items = this.items.set(at, value);
      return;
    }
    this.#positions.set(key, this.items.length);
    this.#remember(key, this.items.length);
    this.items = this.items.push(value);
  }

  #positionOf(key: K): number {
    if (this.#lastAt >= 0 && key === this.#lastKey) return this.#lastAt;
    const at = this.#positions.get(key);
    if (at === undefined) return -1;
    this.#remember(key, at);
    return at;
  }

  #remember(key: K, at: number): void {
    this.#lastKey = key;
    this.#lastAt = at;
  }
}
