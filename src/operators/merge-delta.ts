// Path-copying merge of a `delta` object into the object it changes. Nothing is mutated: every
// object on the path from the root to a changed field is copied (a handful of keys each), every
// other branch is shared with the previous version. That keeps earlier snapshots intact and
// makes a delta cost O(depth × keys), independent of how much text came before it.

/** Fields the API streams in pieces; every other string in a delta replaces the one before. */
const CONCATENATED: ReadonlySet<string> = new Set(['value', 'arguments', 'input', 'logs', 'refusal']);

// What a content part, tool call, code-interpreter output or annotation holds before its first
// delta, by `type` (the type names of these four families do not overlap). Starting from these
// gives a new element the shape the server's own object has, e.g. `annotations: []`.
const EMPTY_BY_TYPE: ReadonlyMap<unknown, object> = new Map(
  Object.entries({
    text: { text: { value: '', annotations: [] } },
    refusal: { refusal: '' },
    code_interpreter: { code_interpreter: { input: '', outputs: [] } },
    function: { function: { name: '', arguments: '', output: null } },
    file_search: { file_search: {} },
    logs: { logs: '' },
    // Frozen because every new element shares them until its first change copies them.
  }).map(([type, empty]) => [type, deepFreeze(empty)]),
);
const NOTHING: object = Object.freeze({});

type Indexed = Record<string, unknown> & { index: number };

/**
 * Returns a copy of `target` with `delta` merged in: streamed strings (`value`, `arguments`,
 * `input`, `logs`, `refusal`) are appended, arrays of `{ index }` entries are merged entry by entry
 * (a new index is appended), nested objects are merged, anything else replaces.
 */
export function mergeDelta<T extends object>(target: T, delta: object): T {
  const merged = { ...target } as Record<string, unknown>;
  const changes = delta as Record<string, unknown>;
  for (const key of Object.keys(changes)) {
    // A JSON key "__proto__" would otherwise replace the copy's prototype.
    if (key === '__proto__') continue;
    merged[key] = mergeValue(key, merged[key], changes[key]);
  }
  return merged as T;
}

function mergeValue(key: string, current: unknown, next: unknown): unknown {
  if (next === undefined) return current;
  if (current === undefined || current === null || next === null) {
    return Array.isArray(next) && isIndexed(next) ? mergeByIndex([], next) : next;
  }
  if (Array.isArray(next)) {
    // An empty list (`annotations: []` beside a text fragment) says "nothing new", not "clear".
    if (next.length === 0) return current;
    return isIndexed(next) && Array.isArray(current) ? mergeByIndex(current, next) : next;
  }
  // V8, SpiderMonkey and JavaScriptCore all build `a + b` as a rope in O(1) and flatten it once,
  // when it is read: appending a fragment does not copy the text accumulated before it.
  if (typeof next === 'string')
    return CONCATENATED.has(key) && typeof current === 'string' ? current + next : next;
  if (isRecord(next) && isRecord(current)) return mergeDelta(current, next);
  return next;
}

function mergeByIndex(current: readonly unknown[], entries: readonly Indexed[]): unknown[] {
  const merged = current.slice();
  for (const entry of entries) {
    const at = positionOf(merged, entry.index);
    if (at === -1) merged.push(mergeDelta(EMPTY_BY_TYPE.get(entry.type) ?? NOTHING, entry));
    else merged[at] = mergeDelta(merged[at] as object, entry);
  }
  return merged;
}

/**
 * Where in `items` the entry with `index` merges: the last element whose own `index` is that
 * number or, for an element of the server's own object (which has no `index`), whose position
 * is; -1 if none. The fast paths (./append-delta.ts) search with it too, so both pick the same
 * element.
 */
export function positionOf(items: readonly unknown[], index: number): number {
  // Deltas nearly always touch the newest element, so the search starts from the end.
  for (let at = items.length - 1; at >= 0; at--) {
    const own = (items[at] as { index?: unknown }).index;
    if ((typeof own === 'number' ? own : at) === index) return at;
  }
  return -1;
}

function isIndexed(items: readonly unknown[]): items is Indexed[] {
  return items.every((item) => isRecord(item) && typeof item.index === 'number');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}
