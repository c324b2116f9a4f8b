/**
 * The data of the final `error` frame a relay writes: what a browser may see of the failure.
 *
 * @example
 * ```ts
 * const data: RelayErrorData = relayErrorData(new Error('db password hunter2'));
 * console.log(data); // { message: 'The run failed on the server.', code: null, type: 'server_error' }
 * ```
 */
export interface RelayErrorData {
  /** What a reader is told of the failure; free of secrets and stacks. */
  message: string;
  /** The server's error code when it gave one (e.g. `'rate_limit_exceeded'`), else `null`. */
  code: string | null;
  /** The server's error type, or the name of runstream's error class, e.g. `'APIConnectionError'`. */
  type: string | null;
}

/**
 * Options of {@link toNDJSON}, shared by {@link toServerSentEvents}.
 *
 * @example
 * ```ts
 * const options: RelayOptions = {
 *   errorData: (error) => ({ ...relayErrorData(error), message: 'The assistant is unavailable; try again.' }),
 * };
 * const lines = toNDJSON(events$, options);
 * ```
 */
export interface RelayOptions {
  /**
   * Maps the error that ended the events to the data of the final `error` frame. Whatever it
   * returns goes to the client, so it must not include secrets or stacks.
   *
   * @param error - The error that ended the events.
   * @returns The data of the `error` frame.
   * @default {@link relayErrorData}
   */
  errorData?: (error: unknown) => RelayErrorData;
}

/**
 * Options of {@link toServerSentEvents}.
 *
 * @example
 * ```ts
 * // For a proxy that closes connections idle for 10 s.
 * const options: ServerSentEventsOptions = { keepAliveMs: 5_000 };
 * const body = toServerSentEvents(events$, options);
 * ```
 */
export interface ServerSentEventsOptions extends RelayOptions {
  /**
   * Milliseconds of silence after which a `: keep-alive` comment is written, so that proxies and
   * browsers do not close an idle connection while the model thinks. `0` turns it off.
   *
   * @default 15 000 (`RELAY_DEFAULTS.keepAliveMs`)
   */
  keepAliveMs?: number;
}

/**
 * The defaults of the relay options, in one place.
 *
 * @example
 * ```ts
 * const body = toServerSentEvents(events$, { keepAliveMs: RELAY_DEFAULTS.keepAliveMs / 3 }); // every 5 s
 * ```
 */
export const RELAY_DEFAULTS = {
  keepAliveMs: 15_000,
} as const;
