// The one merge of a `delta` object into the object it changes, for every layout a server may
// send (keys missing, extra, in any order): it reads the delta's own keys and nothing else.
// Copy-on-write: an object is changed in place only if this merge made it (it is in `owned`);
// any other (the server's objects, those of a snapshot already emitted, the frozen empties
// below) is copied first, path by path. So applying many deltas in one go copies each object on
// their path once, and nothing a caller holds ever changes.

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
 * Merges `delta` into `target`: streamed strings (`value`, `arguments`, `input`, `logs`,
 * `refusal`) are appended, arrays of `{ index }` entries are merged entry by entry (a new index
 * is appended), nested objects are merged, anything else replaces. Objects in `owned` are changed
 * in place; any other object on the path is copied, and the copy joined to `owned`.
 *
 * @param target - The object to merge into.
 * @param delta - The changes, as the API's `delta` objects carry them.
 * @param owned - The objects this merge (or a run of merges) made and may change.
 * @returns `target` itself if owned, else its merged copy.
 */
export function mergeInto<T extends object>(target: T, delta: object, owned: Set<object>): T {
  const merged = (owned.has(target) ? target : own({ ...target }, owned)) as Record<string, unknown>;
  const changes = delta as Record<string, unknown>;
  for (const key in changes) {
    // A JSON key "__proto__" would otherwise replace the copy's prototype; keys inherited from
    // a prototype (JSON has none) are not the delta's.
    if (key === '__proto__' || !Object.hasOwn(changes, key)) continue;
    const current = merged[key];
    const value = mergeValue(key, current, changes[key], owned);
    // Most keys of a delta (`index`, `type`, the parts merged in place) leave the value as it
    // was: a store only where it changed keeps the copy's layout and skips the write.
    if (value !== current) merged[key] = value;
  }
  return merged as T;
}

/**
 * A copy of `target` with `delta` merged in (see {@link mergeInto}); `target` is unchanged.
 *
 * @param target - The object to merge into.
 * @param delta - The changes.
 * @returns The merged copy.
 */
export function mergeDelta<T extends object>(target: T, delta: object): T {
  return mergeInto(target, delta, new Set());
}

function mergeValue(key: string, current: unknown, next: unknown, owned: Set<object>): unknown {
  if (next === undefined) return current;
  if (current === undefined || current === null || next === null) {
    return Array.isArray(next) && isIndexed(next) ? mergeByIndex([], next, owned) : next;
  }
  if (Array.isArray(next)) {
    // An empty list (`annotations: []` beside a text fragment) says "nothing new", not "clear".
    if (next.length === 0) return current;
    return isIndexed(next) && Array.isArray(current) ? mergeByIndex(current, next, owned) : next;
  }
  // V8, SpiderMonkey and JavaScriptCore all build `a + b` as a rope in O(1) and flatten it once,
  // when it is read: appending a fragment does not copy the text accumulated before it.
  if (typeof next === 'string')
    return CONCATENATED.has(key) && typeof current === 'string' ? current + next : next;
  if (isRecord(next) && isRecord(current)) return mergeInto(current, next, owned);
  return next;
}

function mergeByIndex(current: unknown[], entries: readonly Indexed[], owned: Set<object>): unknown[] {
  const merged = owned.has(current) ? current : own(current.slice(), owned);
  for (const entry of entries) {
    const at = positionOf(merged, entry.index);
    if (at === -1) merged.push(mergeInto(EMPTY_BY_TYPE.get(entry.type) ?? NOTHING, entry, owned));
    else merged[at] = mergeInto(asObject(merged[at]), entry, owned);
  }
  return merged;
}

/**
 * Where in `items` the entry with `index` merges: the last element whose own `index` is that
 * number or, for an element of the server's own object (which has no `index`), whose position
 * is; -1 if none.
 */
function positionOf(items: readonly unknown[], index: number): number {
  // Deltas nearly always touch the newest element, so the search starts from the end.
  for (let at = items.length - 1; at >= 0; at--) {
    const item = items[at];
    const own = isRecord(item) ? item.index : undefined;
    if ((typeof own === 'number' ? own : at) === index) return at;
  }
  return -1;
}

function own<T extends object>(value: T, owned: Set<object>): T {
  owned.add(value);
  return value;
}

// A server's list may hold something other than objects; a delta merged there starts afresh.
function asObject(value: unknown): object {
  return isRecord(value) ? value : NOTHING;
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
