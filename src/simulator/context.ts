import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import type { FaultBook } from './faults.js';
import type { RunContext } from './run-context.js';
import type { Store } from './store.js';

/** Everything a route needs from its simulator. */
export interface SimContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly faults: FaultBook;
  /** The live state of every run, by run id. */
  readonly runs: Map<string, RunContext>;
  /** Responses that are streaming right now. */
  readonly streams: Set<ServerResponse>;
  readonly tokenDelayMs: number;
  readonly pollAfterMs: number;
}

/** One request as a route sees it. */
export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/**
 * A route: returns the JSON to answer with status 200, or `undefined` when it answered itself
 * (a stream, a fault).
 */
export type Handler = (sim: SimContext, call: Call) => unknown;
