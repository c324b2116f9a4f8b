import { RunstreamBaseError } from './base.js';

/**
 * A relay was asked for a key it cannot serve: `'unknown'` (never started here, or forgotten
 * after `ttlMs`), or `'taken'` (`start` of a key that is live or still kept after its end).
 *
 * @example
 * ```ts
 * const relay = createRelay();
 * relay.events('chat_1').subscribe({
 *   error: (e) => e instanceof RelayKeyError && e.reason === 'unknown' && console.log(`no run ${e.key}`),
 * });
 * ```
 */
export class RelayKeyError extends RunstreamBaseError {
  override name = 'RelayKeyError';
  /** The key that was asked for. */
  readonly key: string;
  /** `'unknown'`: the log does not hold the key; `'taken'`: it already holds it. */
  readonly reason: 'unknown' | 'taken';
  /**
   * Makes the error of a key the relay cannot serve.
   *
   * @param key - The key asked for.
   * @param reason - Why it cannot be served.
   */
  constructor(key: string, reason: 'unknown' | 'taken') {
    super(
      reason === 'unknown'
        ? `No run with the key "${key}" is in the event log: it was never started, or it ended more than ttlMs ago and was forgotten.`
        : `A run with the key "${key}" is already in the event log (live, or kept after its end): start each run under a new key.`,
    );
    this.key = key;
    this.reason = reason;
  }
}

/**
 * The producer of a live run stopped sending heartbeats (its process died or lost the log):
 * the run will never end in the log, so its readers stop waiting.
 *
 * @example
 * ```ts
 * const relay = createRelay();
 * relay.events('chat_1').subscribe({
 *   error: (e) => e instanceof ProducerGoneError && console.log(`silent for ${e.silentMs} ms: start again`),
 * });
 * ```
 */
export class ProducerGoneError extends RunstreamBaseError {
  override name = 'ProducerGoneError';
  /** The key of the run whose producer went silent. */
  readonly key: string;
  /** How long the producer had been silent, at least. */
  readonly silentMs: number;
  /**
   * Makes the error of a run whose producer stopped sending heartbeats.
   *
   * @param key - The run's key.
   * @param silentMs - The milliseconds since its last heartbeat, at least.
   */
  constructor(key: string, silentMs: number) {
    super(
      `The producer of the run "${key}" sent no heartbeat for ${silentMs} ms: its process probably died, so the run will not go on. Start it again under a new key.`,
    );
    this.key = key;
    this.silentMs = silentMs;
  }
}

/**
 * The event log's store failed (Redis went away, refused a write, lost a stream), so events of
 * the run `key` may be missing: the run stops with this error rather than go on with a gap.
 *
 * @example
 * ```ts
 * const relay = createRelay();
 * relay.events('chat_1').subscribe({
 *   error: (e) => e instanceof EventLogError && console.error(`${e.store} failed: ${e.message}`),
 * });
 * ```
 */
export class EventLogError extends RunstreamBaseError {
  override name = 'EventLogError';
  /** The store that failed, e.g. `'Redis'`. */
  readonly store: string;
  /** The key of the run whose events may be missing. */
  readonly key: string;
  /**
   * Makes the error of a failed store.
   *
   * @param store - The store's name, e.g. `'Redis'`.
   * @param key - The run's key.
   * @param detail - What failed, for the message.
   * @param options - `cause`: the store's own error.
   */
  constructor(store: string, key: string, detail: string, options?: ErrorOptions) {
    super(`${store} failed for the run "${key}": ${detail}`, options);
    this.store = store;
    this.key = key;
  }
}
