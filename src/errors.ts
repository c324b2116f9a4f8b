import type { ErrorObject } from './types/shared.js';

/**
 * The base of every error runstream raises, so `catch (e) { if (e instanceof RunstreamBaseError) … }`
 * separates the library's errors from a subscriber's own.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => console.error(e instanceof RunstreamBaseError ? e.message : e) });
 * ```
 */
export class RunstreamBaseError extends Error {
  override name = 'RunstreamBaseError';
}

/**
 * Facts about an HTTP response that every {@link APIError} carries.
 *
 * @example
 * ```ts
 * const init: APIErrorInit = { status: 503, error: { message: 'overloaded', code: null, type: 'server_error' } };
 * console.log(APIError.from(init) instanceof InternalServerError); // true
 * ```
 */
export interface APIErrorInit {
  status: number;
  /** The `error` object of the JSON body, when the server sent one. */
  error?: Partial<ErrorObject> | undefined;
  headers?: Headers | undefined;
  /** What the body looked like when it was not a JSON error: a short excerpt. */
  bodyExcerpt?: string | undefined;
  method?: string | undefined;
  url?: string | undefined;
}

/**
 * The server answered with an HTTP error status. Use `status`, `code`, `type` and `param` to act;
 * quote `requestId` (the `x-request-id` header) when asking the server's operator for help.
 *
 * @example
 * ```ts
 * try {
 *   await client.runs.retrieve('thread_abc', 'run_abc');
 * } catch (e) {
 *   if (e instanceof APIError) console.error(e.status, e.code, e.requestId);
 * }
 * ```
 */
export class APIError extends RunstreamBaseError {
  override name = 'APIError';
  readonly status: number;
  readonly code: string | null;
  readonly type: string | null;
  readonly param: string | null;
  readonly requestId: string | null;
  readonly headers: Headers;
  readonly error: Partial<ErrorObject> | undefined;

  constructor(init: APIErrorInit, message?: string) {
    super(message ?? describeHTTPError(init));
    this.status = init.status;
    this.error = init.error;
    this.code = init.error?.code ?? null;
    this.type = init.error?.type ?? null;
    this.param = init.error?.param ?? null;
    this.headers = init.headers ?? new Headers();
    this.requestId = this.headers.get('x-request-id');
  }

  /** Picks the subclass for `init.status`; the one place where status maps to class. */
  static from(init: APIErrorInit): APIError {
    const Class = classForStatus(init.status);
    return new Class(init);
  }
}

/**
 * 400: the body or a parameter was rejected.
 *
 * @example
 * ```ts
 * client.runs.stream(threadId, { assistant_id: assistantId }).subscribe({
 *   error: (e) => e instanceof BadRequestError && console.error(`rejected ${e.param}: ${e.message}`),
 * });
 * ```
 */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/**
 * 401: the key is missing or wrong.
 *
 * @example
 * ```ts
 * const keyWorks = await client.runs.retrieve(threadId, runId).then(
 *   () => true,
 *   (e) => !(e instanceof AuthenticationError),
 * );
 * ```
 */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/**
 * 403: the key may not use this resource.
 *
 * @example
 * ```ts
 * const run = await client.runs.retrieve(threadId, runId).catch((e: unknown) => {
 *   if (e instanceof PermissionDeniedError) return null; // another project's run
 *   throw e;
 * });
 * ```
 */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/**
 * 404: an unknown id, or a server without the Assistants API.
 *
 * @example
 * ```ts
 * const exists = await client.runs.retrieve(threadId, runId).then(
 *   () => true,
 *   (e) => (e instanceof NotFoundError ? false : Promise.reject(e)),
 * );
 * ```
 */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/**
 * 409: the run is busy; retried before it is raised.
 *
 * @example
 * ```ts
 * client.runs
 *   .stream(threadId, { assistant_id: assistantId })
 *   .pipe(retry({ count: 3, delay: (e) => (e instanceof ConflictError ? timer(2_000) : throwError(() => e)) }))
 *   .subscribe();
 * ```
 */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/**
 * 422: well-formed, but not acceptable now.
 *
 * @example
 * ```ts
 * const outputs = { tool_outputs: [{ tool_call_id: 'call_abc', output: '21°C' }] };
 * await client.runs.submitToolOutputs(threadId, runId, outputs).catch((e: unknown) => {
 *   if (e instanceof UnprocessableEntityError) console.error('the run no longer waits for these outputs');
 * });
 * ```
 */
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
/**
 * 429: rate limited or out of quota; retried (honouring `Retry-After`) before it is raised.
 *
 * @example
 * ```ts
 * client.runs.stream(threadId, { assistant_id: assistantId }).subscribe({
 *   error: (e) => e instanceof RateLimitError && console.error(`slow down; retry after ${e.headers.get('retry-after')} s`),
 * });
 * ```
 */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
/**
 * Any 5xx; retried before it is raised.
 *
 * @example
 * ```ts
 * try {
 *   await client.runs.create(threadId, { assistant_id: assistantId });
 * } catch (e) {
 *   if (e instanceof InternalServerError) console.error(`${e.status}; quote request ${e.requestId} to the operator`);
 * }
 * ```
 */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

function classForStatus(status: number): new (init: APIErrorInit) => APIError {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? InternalServerError : APIError;
  }
}

const HINTS: Record<number, string> = {
  400: 'The server rejected the request body; check the field named in `param`.',
  401: 'Check the API key (OPENAI_API_KEY, or `apiKey`; `azure` sends it as `api-key`).',
  403: 'The key has no access to this resource or region.',
  404: 'Check the ids and baseURL; a server without the Assistants API (OpenAI removed it on 2026-08-26) answers 404 too: point OPENAI_BASE_URL at one that has it.',
  409: 'The run is busy (for example already running or not in requires_action); retry after it settles.',
  422: 'The request was well-formed but not acceptable in the current state.',
  429: 'Rate limited or out of quota; slow down, or raise `maxRetries`.',
};

function describeHTTPError(init: APIErrorInit): string {
  const where = init.method && init.url ? ` (${init.method} ${init.url})` : '';
  const what = init.error?.message ?? (init.bodyExcerpt ? `body: ${init.bodyExcerpt}` : 'no error body');
  const hint =
    HINTS[init.status] ?? (init.status >= 500 ? 'The server failed; retrying later may help.' : '');
  return `${init.status} ${what}${where}${hint ? `. ${hint}` : ''}`;
}

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
  readonly timeout: number;
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
  readonly status: number;
  readonly contentType: string | null;
  readonly bodyExcerpt: string;
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
 * The server sent `event: error` inside the stream; `error` is its error object.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => e instanceof RunStreamError && console.error(e.code, e.message) });
 * ```
 */
export class RunStreamError extends RunstreamBaseError {
  override name = 'RunStreamError';
  readonly code: string | null;
  readonly type: string | null;
  readonly param: string | null;
  readonly error: Partial<ErrorObject>;
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
  readonly idleTimeout: number;
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
  readonly event: string;
  readonly excerpt: string;
  constructor(event: string, data: string, options?: ErrorOptions & { reason?: string }) {
    const excerpt = data.length > 80 ? `${data.slice(0, 80)}…` : data;
    const what = options?.reason
      ? `is not what the API sends (${options.reason}), so runstream cannot read it`
      : 'is not valid JSON';
    super(`The data of event "${event}" ${what}: ${JSON.stringify(excerpt)}`, options);
    this.event = event;
    this.excerpt = excerpt;
  }
}

/**
 * A parameter broke a rule of the API; nothing was sent.
 *
 * @example
 * ```ts
 * client.runs.stream('thread_abc', { assistant_id: 'asst_abc', temperature: 3 }).subscribe({
 *   error: (e) => e instanceof ValidationError && console.error(e.field, e.rule), // 'temperature', 'must be a number from 0 to 2'
 * });
 * ```
 */
export class ValidationError extends RunstreamBaseError {
  override name = 'ValidationError';
  readonly field: string;
  readonly rule: string;
  readonly value: unknown;
  constructor(field: string, rule: string, value: unknown) {
    super(`Invalid ${field}: ${rule} (got ${preview(value)}). Nothing was sent.`);
    this.field = field;
    this.rule = rule;
    this.value = value;
  }
}

/**
 * `snapshots()` met an event it cannot apply, such as a delta for an id that was never created.
 *
 * @example
 * ```ts
 * run$.pipe(snapshots()).subscribe({ error: (e) => e instanceof SnapshotError && console.error(e.id) });
 * ```
 */
export class SnapshotError extends RunstreamBaseError {
  override name = 'SnapshotError';
  readonly event: string;
  readonly id: string;
  constructor(event: string, id: string, detail: string) {
    super(`Cannot apply ${event} for ${id}: ${detail}`);
    this.event = event;
    this.id = id;
  }
}

/**
 * `handleToolCalls` could not produce an output for a tool call, or could not submit a round's
 * outputs. The run was cancelled, unless
 * `runCancelled` is false (the cancel request failed too; the run waits in `requires_action`).
 *
 * @example
 * ```ts
 * run$.pipe(handleToolCalls(client, handlers)).subscribe({
 *   error: (e) => e instanceof ToolCallError && console.error(e.tool, e.callId, e.runCancelled),
 * });
 * ```
 */
export class ToolCallError extends RunstreamBaseError {
  override name = 'ToolCallError';
  /** The function's name; for a round whose outputs could not be submitted, every name, joined. */
  readonly tool: string;
  /** The call's id; for a round whose outputs could not be submitted, every id, joined. */
  readonly callId: string;
  /** Every call the error is about: one, or the whole round when its outputs could not be submitted. */
  readonly calls: ReadonlyArray<{ tool: string; callId: string }>;
  /** What went wrong with the call, without the sentence about the run. */
  readonly detail: string;
  readonly runCancelled: boolean;
  constructor(
    tool: string,
    callId: string,
    detail: string,
    options?: ErrorOptions & {
      runCancelled?: boolean;
      calls?: ReadonlyArray<{ tool: string; callId: string }>;
    },
  ) {
    const runCancelled = options?.runCancelled ?? true;
    const calls = options?.calls ?? [{ tool, callId }];
    const outcome = runCancelled
      ? 'The run was cancelled.'
      : 'Cancelling the run failed as well; cancel it with runs.cancel() or it stays in requires_action until it expires.';
    const which = calls.map((call) => `${call.callId} to "${call.tool}"`).join(', ');
    super(`Tool call${calls.length === 1 ? '' : 's'} ${which} failed: ${detail}. ${outcome}`, options);
    this.tool = tool;
    this.callId = callId;
    this.calls = calls;
    this.detail = detail;
    this.runCancelled = runCancelled;
  }
}

function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'function') return 'a function';
  // JSON would write NaN and Infinity as null, and cannot write a bigint.
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Map || value instanceof Set) return `a ${value.constructor.name} of ${value.size}`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
