import { guardFor, RunstreamBaseError } from './base.js';

/**
 * The request never got a response: DNS, refused or reset connection, TLS, or an abort by the network.
 *
 * @example
 * ```ts
 * run$.pipe(retry({ count: 3, delay: (e) => (e instanceof APIConnectionError ? timer(1000) : throwError(() => e)) }));
 * ```
 */
export class APIConnectionError extends RunstreamBaseError {
  override name = 'APIConnectionError';
  /**
   * Makes the error of a request that got no response.
   *
   * @param message - What failed; by default a sentence pointing at `baseURL` and the network.
   * @param options - `cause`: the underlying error, when there is one.
   */
  constructor(
    message = 'Could not connect to the server; check baseURL and the network.',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * No response headers arrived within `timeout` ms (after every retry).
 *
 * @example
 * ```ts
 * const client = createClient({ timeout: 30_000 }); // raises it after 30 s without headers
 * ```
 */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';
  /** The `timeout` that ran out, in milliseconds. */
  readonly timeout: number;
  /**
   * Makes the error of a request whose headers did not arrive in time.
   *
   * @param timeout - The milliseconds waited for the headers of each attempt.
   * @param options - `cause`: the underlying error, when there is one.
   */
  constructor(timeout: number, options?: ErrorOptions) {
    super(`No response headers within ${timeout} ms; raise \`timeout\` or check the server.`, options);
    this.timeout = timeout;
  }
}

/**
 * The server answered 2xx, but not with a run stream or a JSON object (a proxy's HTML page, say).
 *
 * @example
 * ```ts
 * client.runs.stream(threadId, { assistant_id: assistantId }).subscribe({
 *   error: (e) => e instanceof UnexpectedResponseError && console.error(e.contentType, e.bodyExcerpt),
 * });
 * ```
 */
export class UnexpectedResponseError extends RunstreamBaseError {
  override name = 'UnexpectedResponseError';
  /** The 2xx status the server answered with. */
  readonly status: number;
  /** The `content-type` header; `null` when the server sent none. */
  readonly contentType: string | null;
  /** The start of the body (or a note that it was empty), to show what answered. */
  readonly bodyExcerpt: string;
  /**
   * Makes the error of a 2xx answer that is neither a stream nor JSON.
   *
   * @param status - The response's status.
   * @param contentType - Its `content-type` header, or `null`.
   * @param bodyExcerpt - The start of its body, already cut short (or a note that it was empty).
   */
  constructor(status: number, contentType: string | null, bodyExcerpt: string) {
    super(
      `Expected text/event-stream or JSON, got ${contentType ?? 'no content type'} (status ${status}): ${bodyExcerpt || '(empty body)'}. Is baseURL pointing at an Assistants-compatible server, not at a proxy or web page?`,
    );
    this.status = status;
    this.contentType = contentType;
    this.bodyExcerpt = bodyExcerpt;
  }
}

/**
 * Whether `error` is an {@link APIConnectionError} (a timeout too), from this copy of the package or another.
 *
 * @param error - Anything caught.
 * @returns `true` when the request got no response.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => isAPIConnectionError(e) && console.error('offline?', e.message) });
 * ```
 */
export const isAPIConnectionError = guardFor<APIConnectionError>(
  'APIConnectionError',
  'APIConnectionTimeoutError',
);
