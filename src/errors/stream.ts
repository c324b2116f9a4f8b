import { truncate } from '../truncate.js';
import type { ErrorObject } from '../types/shared.js';
import { guardFor, RunstreamBaseError } from './base.js';

/**
 * The server sent `event: error` inside the stream; `error` is its error object.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => e instanceof RunStreamError && console.error(e.code, e.message) });
 * ```
 */
export class RunStreamError extends RunstreamBaseError {
  override name = 'RunStreamError';
  /** The `code` of the server's error object, e.g. `'server_error'`; `null` when it gave none. */
  readonly code: string | null;
  /** The `type` of the server's error object; `null` when it gave none. */
  readonly type: string | null;
  /** The parameter the server blamed; `null` when it named none. */
  readonly param: string | null;
  /** The error object as the server sent it in the `data` of `event: error`. */
  readonly error: Partial<ErrorObject>;
  /**
   * Makes the error of an `event: error` frame.
   *
   * @param error - The frame's error object (`message`, `code`, `type`, `param`, each optional).
   */
  constructor(error: Partial<ErrorObject>) {
    super(
      `The server reported an error in the stream: ${error.message ?? 'no message'}${error.code ? ` (${error.code})` : ''}`,
    );
    this.error = error;
    this.code = error.code ?? null;
    this.type = error.type ?? null;
    this.param = error.param ?? null;
  }
}

/**
 * The stream closed before `[DONE]` and before any terminal run event: the run's end is unknown.
 *
 * @example
 * ```ts
 * run$.subscribe({
 *   error: async (e) => {
 *     if (e instanceof StreamInterruptedError) console.log((await client.runs.retrieve(threadId, runId)).status);
 *   },
 * });
 * ```
 */
export class StreamInterruptedError extends RunstreamBaseError {
  override name = 'StreamInterruptedError';
  /** The name of the last event that arrived whole, if any. */
  readonly lastEvent: string | null;
  /**
   * Makes the error of a stream that ended too early.
   *
   * @param lastEvent - The name of the last whole event, or `null` when none arrived.
   * @param detail - How it ended, for the message, e.g. `'the connection reset'`.
   * @param options - `cause`: the network error, when there was one.
   */
  constructor(lastEvent: string | null, detail = 'the connection closed', options?: ErrorOptions) {
    super(
      `The run stream ended before [DONE] (${detail}; last event: ${lastEvent ?? 'none'}). Retrieve the run with runs.retrieve() to learn how it ended.`,
      options,
    );
    this.lastEvent = lastEvent;
  }
}

/**
 * No byte arrived for `idleTimeout` ms inside a stream; the request was aborted.
 *
 * @example
 * ```ts
 * client.runs.stream(threadId, params, { idleTimeout: 30_000 }); // errors after 30 s of silence
 * ```
 */
export class IdleTimeoutError extends RunstreamBaseError {
  override name = 'IdleTimeoutError';
  /** The `idleTimeout` that ran out, in milliseconds. */
  readonly idleTimeout: number;
  /**
   * Makes the error of a stream that fell silent.
   *
   * @param idleTimeout - The milliseconds of silence allowed.
   */
  constructor(idleTimeout: number) {
    super(
      `The stream was silent for ${idleTimeout} ms and was aborted; raise \`idleTimeout\` if the server is slow.`,
    );
    this.idleTimeout = idleTimeout;
  }
}

/**
 * A `data:` line of a known event was not valid JSON, or its JSON lacked a field runstream relies
 * on (`reason` then says which, as `runEventShapeError` gives it). Every event before it was delivered.
 *
 * @example
 * ```ts
 * parseRunEvents('event: thread.run.created\ndata: {oops\n\n').subscribe({
 *   error: (e) => e instanceof StreamParseError && console.error(`bad ${e.event}: ${e.excerpt}`),
 * });
 * ```
 */
export class StreamParseError extends RunstreamBaseError {
  override name = 'StreamParseError';
  /** The name of the event whose data could not be read. */
  readonly event: string;
  /** The start of that data (80 characters at most), to show what arrived. */
  readonly excerpt: string;
  /**
   * Makes the error of one unreadable event.
   *
   * @param event - The event's name.
   * @param data - Its `data:` text; only an excerpt is kept.
   * @param options - `reason`: the field that was wrong (the data was JSON); `cause`: the JSON error.
   */
  constructor(event: string, data: string, options?: ErrorOptions & { reason?: string }) {
    const excerpt = truncate(data, 80);
    const what = options?.reason
      ? `is not what the API sends (${options.reason}), so runstream cannot read it`
      : 'is not valid JSON';
    super(`The data of event "${event}" ${what}: ${JSON.stringify(excerpt)}`, options);
    this.event = event;
    this.excerpt = excerpt;
  }
}

/**
 * Whether `error` is a {@link StreamInterruptedError}, from this copy of the package or another.
 *
 * @param error - Anything caught.
 * @returns `true` when a stream ended before its run did.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => isStreamInterruptedError(e) && console.error(e.lastEvent) });
 * ```
 */
export const isStreamInterruptedError = guardFor<StreamInterruptedError>('StreamInterruptedError');

/**
 * Whether `error` is a {@link RunStreamError} (the server's `event: error`), from any copy of the package.
 *
 * @param error - Anything caught.
 * @returns `true` when the server reported an error inside the stream.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => isRunStreamError(e) && console.error(e.code) });
 * ```
 */
export const isRunStreamError = guardFor<RunStreamError>('RunStreamError');
