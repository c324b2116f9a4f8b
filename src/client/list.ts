import { ValidationError } from '../errors.js';
import type { RequestOptions } from './options.js';
import { validateId } from './validate.js';

/**
 * The query of a list endpoint (run steps, messages, runs): pages of `limit` items in `order`,
 * starting after or ending before an id.
 *
 * @example
 * ```ts
 * const query: ListQuery = { order: 'desc', limit: 100 };
 * const { data: steps } = await client.runs.listSteps(threadId, runId, query);
 * ```
 */
export interface ListQuery {
  /** `'asc'`: oldest first; `'desc'`: newest first. The default is the endpoint's (see each list call). */
  order?: 'asc' | 'desc';
  /** 1 to 100; the server's default is 20. */
  limit?: number;
  /** An id: the page starts after it. */
  after?: string;
  /** An id: the page ends before it. */
  before?: string;
}

const QUERY_KEYS: ReadonlySet<string> = new Set(['order', 'limit', 'after', 'before', 'include', 'run_id']);

/**
 * Whether the argument in the place of a query is one (rather than the request options an
 * older signature took there): it has a key that only a query has.
 */
function isListQuery(value: object | undefined): boolean {
  return value !== undefined && Object.keys(value).some((key) => QUERY_KEYS.has(key));
}

/** Checks a list query before sending and turns it into query parameters (`include` as `include[]`). */
export function listQueryOf(
  query: ListQuery & { include?: readonly string[]; run_id?: string },
): Record<string, string | string[]> {
  const { run_id, order, limit, after, before, include } = query;
  if (run_id !== undefined) validateId('run_id', run_id);
  if (after !== undefined) validateId('after', after);
  if (before !== undefined) validateId('before', before);
  if (order !== undefined && order !== 'asc' && order !== 'desc') {
    throw new ValidationError('order', 'must be "asc" or "desc"', order);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 100)) {
    throw new ValidationError('limit', 'must be a whole number from 1 to 100', limit);
  }
  if (include !== undefined && !(Array.isArray(include) && include.every((i) => typeof i === 'string'))) {
    throw new ValidationError('include', 'must be an array of strings', include);
  }
  const entries = Object.entries({ run_id, order, limit, after, before }).filter(
    ([, value]) => value !== undefined,
  );
  const params: Record<string, string | string[]> = Object.fromEntries(
    entries.map(([key, value]) => [key, String(value)]),
  );
  if (include !== undefined && include.length > 0) params['include[]'] = [...include];
  return params;
}

/**
 * Every item of a list endpoint, page after page (`after` the last id of the page before) until
 * the server says there is no more. A page that does not move on (the same last id, or none with
 * `has_more`) ends the walk, so a confused server cannot make it loop.
 */
export async function* allPages<T>(
  fetchPage: (after: string | undefined) => Promise<Page<T>>,
  first: string | undefined,
): AsyncGenerator<T, void, undefined> {
  let after = first;
  for (;;) {
    const page = await fetchPage(after);
    yield* page.data;
    if (!page.has_more || page.last_id === null || page.last_id === after) return;
    after = page.last_id;
  }
}

/** The `(query, options)` of a list call, also when an older caller passed the options alone. */
export function queryAndOptions<Q extends object>(
  queryOrOptions: Q | RequestOptions | undefined,
  options: RequestOptions | undefined,
): [Q, RequestOptions] {
  if (options !== undefined || isListQuery(queryOrOptions))
    return [(queryOrOptions ?? {}) as Q, options ?? {}];
  return [{} as Q, (queryOrOptions ?? {}) as RequestOptions];
}

/**
 * A page of a list endpoint.
 *
 * @example
 * ```ts
 * const page: Page<RunStep> = await client.runs.listSteps(threadId, runId);
 * console.log(page.data.length, page.has_more);
 * ```
 */
export interface Page<T> {
  /** Always `'list'`. */
  object: 'list';
  /** The page's items, in the order asked for. */
  data: T[];
  /** The id of the first item; `null` for an empty page. */
  first_id: string | null;
  /** The id of the last item, the `after` of the next page; `null` for an empty page. */
  last_id: string | null;
  /** Whether more items follow this page. */
  has_more: boolean;
}
