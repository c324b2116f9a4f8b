import type { ErrorObject } from '../types/shared.js';
import { guardFor, RunstreamBaseError } from './base.js';

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
  /** The HTTP status of the response, e.g. `429`; it picks the subclass. */
  status: number;
  /** The `error` object of the JSON body, when the server sent one. */
  error?: Partial<ErrorObject> | undefined;
  /** The response's headers, for `requestId` and `Retry-After`. */
  headers?: Headers | undefined;
  /** What the body looked like when it was not a JSON error: a short excerpt. */
  bodyExcerpt?: string | undefined;
  /** The request's method, for `request` and the message. */
  method?: string | undefined;
  /** The request's URL, for `request` and the message (credentials and key-like query values are removed). */
  url?: string | undefined;
}

/**
 * The request an {@link APIError} answers: its method and its URL without secrets.
 *
 * @example
 * ```ts
 * client.runs.retrieve(threadId, runId).catch((e) => {
 *   const request: APIErrorRequest | undefined = isAPIError(e) ? e.request : undefined;
 *   if (request) console.error(`${request.method} ${request.url} failed`);
 * });
 * ```
 */
export interface APIErrorRequest {
  /** The HTTP method in capitals, e.g. `'POST'`. */
  readonly method: string;
  /** The whole URL, with any user info removed and key-like query values replaced by `REDACTED`. */
  readonly url: string;
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
  /** The HTTP status of the response, e.g. `404`. */
  readonly status: number;
  /** The `code` of the server's error object, e.g. `'rate_limit_exceeded'`; `null` when it gave none. */
  readonly code: string | null;
  /** The `type` of the server's error object, e.g. `'invalid_request_error'`; `null` when it gave none. */
  readonly type: string | null;
  /** The parameter the server blamed, e.g. `'temperature'`; `null` when it named none. */
  readonly param: string | null;
  /** The `x-request-id` header, to quote to the server's operator; `null` when absent. */
  readonly requestId: string | null;
  /** The response's headers (empty when none were known). */
  readonly headers: Headers;
  /** The `error` object of the JSON body as the server sent it; `undefined` when the body had none. */
  readonly error: Partial<ErrorObject> | undefined;
  /** The request the server answered, when known: method and URL, without credentials. */
  readonly request: APIErrorRequest | undefined;

  /**
   * Makes the error of one HTTP response; {@link APIError.from} picks the subclass for the status.
   *
   * @param init - The facts of the response.
   * @param message - The message; by default one made of the status, the server's words and a hint.
   */
  constructor(init: APIErrorInit, message?: string) {
    const request =
      init.method && init.url ? { method: init.method, url: withoutSecrets(init.url) } : undefined;
    super(message ?? describeHTTPError(init, request));
    this.request = request;
    this.status = init.status;
    this.error = init.error;
    this.code = init.error?.code ?? null;
    this.type = init.error?.type ?? null;
    this.param = init.error?.param ?? null;
    this.headers = init.headers ?? new Headers();
    this.requestId = this.headers.get('x-request-id');
  }

  /**
   * Picks the subclass for `init.status`; the one place where status maps to class.
   *
   * @param init - The facts of the response.
   * @returns An instance of the subclass for the status (`APIError` itself for the others).
   */
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

function describeHTTPError(init: APIErrorInit, request: APIErrorRequest | undefined): string {
  const where = request ? ` (${request.method} ${request.url})` : '';
  const what = init.error?.message ?? (init.bodyExcerpt ? `body: ${init.bodyExcerpt}` : 'no error body');
  const hint =
    HINTS[init.status] ?? (init.status >= 500 ? 'The server failed; retrying later may help.' : '');
  return `${init.status} ${what}${where}${hint ? `. ${hint}` : ''}`;
}

// Query parameters that may hold a credential (Azure SAS signatures, keys in the URL).
const SECRET_PARAM = /key|token|secret|sig|password|auth/i;

/** `url` without user info and with key-like query values replaced, so it can be shown. */
function withoutSecrets(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  return parsed.toString();
}

/**
 * Whether `error` is an {@link APIError} (any status subclass), from this copy of the package or another.
 *
 * @param error - Anything caught.
 * @returns `true` for an HTTP error status answered by the server.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => isAPIError(e) && console.error(e.status, e.requestId) });
 * ```
 */
export const isAPIError = guardFor<APIError>(
  'APIError',
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'UnprocessableEntityError',
  'RateLimitError',
  'InternalServerError',
);
