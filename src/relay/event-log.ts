import type { Observable } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import type { ResponseStreamEvent, UnknownResponseStreamEvent } from '../types/responses/events.js';
import type { RelayErrorData } from './options.js';

/**
 * What a relay carries: run events (`{ event, data }`) or Responses events (`{ type,
 * sequence_number, … }`, written to the wire as `event: <type>` with the whole object as data).
 *
 * @example
 * ```ts
 * const seen = (e: RelayedEvent) => ('event' in e ? e.event : e.type);
 * ```
 */
export type RelayedEvent =
  | RunStreamEvent
  | UnknownRunStreamEvent
  | ResponseStreamEvent
  | UnknownResponseStreamEvent;

/**
 * One event of a run in the log, with the id the relay gave it: opaque, increasing within a key.
 *
 * @example
 * ```ts
 * const relay = createRelay();
 * relay.events('chat_1').subscribe((entry: LogEntry) => console.log(entry.id, entry.event));
 * ```
 */
export interface LogEntry<E = RelayedEvent> {
  /** The entry's id: the `id:` of its server-sent event, and what a reader passes as `after`. */
  id: string;
  /** The event, as the producer's stream emitted it. */
  event: E;
}

/**
 * How a run ended in the log: its stream reached `[DONE]`, or failed with `error` (what the
 * relay's `errorData` made of the upstream error, which is all a reader is told).
 *
 * @example
 * ```ts
 * const ended: LogEnd = { error: { message: 'The API could not be reached.', code: null, type: 'APIConnectionError' } };
 * ```
 */
export type LogEnd = { done: true } | { error: RelayErrorData };

/**
 * Where a relay keeps the events of its runs, so that readers can replay them and follow them
 * live: {@link memoryEventLog} in one process, `redisEventLog` from `runstream/redis` across
 * processes. A method may answer at once or with a Promise; the relay writes one batch at a time
 * per key, in order. Implement it to keep runs elsewhere.
 *
 * @example
 * ```ts
 * // A log that counts the events written to another one.
 * function counted(log: EventLog): EventLog & { written: () => number } {
 *   let written = 0;
 *   return {
 *     ...log,
 *     append: (key, entries) => {
 *       written += entries.length;
 *       return log.append(key, entries);
 *     },
 *     written: () => written,
 *   };
 * }
 * const relay = createRelay({ log: counted(memoryEventLog()) });
 * ```
 */
export interface EventLog {
  /** How often the relay calls {@link EventLog.heartbeat} while a run is live; none: never. */
  readonly heartbeatMs?: number;
  /**
   * Opens `key` for a new run; refuses (throws or rejects with a `RelayKeyError`) a key it holds.
   *
   * @param key - The new run's key.
   */
  open(key: string): void | Promise<void>;
  /**
   * Adds a batch of events after those already written for `key`.
   *
   * @param key - The run's key, opened before.
   * @param entries - The events, in order, with the ids the relay gave them.
   */
  append(key: string, entries: readonly LogEntry[]): void | Promise<void>;
  /**
   * Says the producer of `key` is alive.
   *
   * @param key - The live run's key.
   */
  heartbeat(key: string): void | Promise<void>;
  /**
   * Ends the run of `key`; it is kept `ttlMs` more, then forgotten.
   *
   * @param key - The run's key.
   * @param end - How the run ended: `{ done: true }` or `{ error }`.
   * @param ttlMs - How long to keep the run after its end, in milliseconds.
   */
  end(key: string, end: LogEnd, ttlMs: number): void | Promise<void>;
  /**
   * The entries of `key` after the id `after` (from the first without it), then each new one as
   * it is appended; completes at `{ done: true }`, errors with a `RunStreamError` of the logged
   * error data, and at once with a `RelayKeyError` for a key it does not hold.
   *
   * @param key - The run's key.
   * @param after - The id of the last entry the reader has; none: from the first.
   * @returns The entries, replayed then live.
   */
  read(key: string, after?: string): Observable<LogEntry>;
}
