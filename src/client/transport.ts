import ky, { HTTPError, type KyInstance, type Options as KyOptions, TimeoutError } from 'ky';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  UnexpectedResponseError,
} from '../errors.js';
import { excerpt } from '../truncate.js';
import type { ErrorObject } from '../types/shared.js';
import { type ClientConfig, configure } from './configuration.js';
import { withCallSignal } from './follow-signal.js';
import { CLIENT_DEFAULTS, type ClientOptions, type RequestOptions } from './options.js';
import { redact, redactError, redactHeaders } from './redact.js';
import { validateRequestOptions } from './validate-options.js';

export { excerpt } from '../truncate.js';
export type { ClientConfig } from './configuration.js';

/** A request the client makes: method, path below baseURL, JSON body and query. */
export interface CallSpec {
  method: 'get' | 'post' | 'delete';
  path: string;
  body?: Record<string, unknown>;
  query?: Record<string, string | string[]>;
  /** The thread the call is about, when the caller named one: the run it answers is polled there. */
  threadId?: string;
}

const RETRY_STATUSES: number[] = [408, 409, 429];
for (let status = 500; status < 600; status++) RETRY_STATUSES.push(status);

/**
 * Sends requests with ky: headers, retries before the first byte (with Retry-After), header
 * timeouts; and turns every failure into one of runstream's errors, with the key redacted.
 */
export class Transport {
  readonly config: ClientConfig;
  // Private (#) fields stay out of JSON.stringify and console.log, so the key never shows there.
  readonly #apiKey: string | undefined;
  readonly #ky: KyInstance;
  // Query parameters of every request: those of baseURL, and Azure's api-version.
  readonly #query: URLSearchParams;

  /**
   * @param options - What `createClient` was given; checked here.
   * @throws ValidationError for an option that breaks a rule, before any request.
   */
  constructor(options: ClientOptions) {
    const { config, apiKey, headers, query } = configure(options);
    this.config = config;
    this.#apiKey = apiKey;
    this.#query = query;
    this.#ky = ky.create({
      headers,
      throwHttpErrors: true,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      hooks: { beforeError: [retryAfterMs] },
    });
  }

  /** The absolute URL of `path`, for messages and logs. */
  url(path: string): string {
    return `${this.config.baseURL}${path}`;
  }

  /**
   * Sends one call and resolves with a 2xx response whose body is unread. Retries happen only
   * here, before any byte of a body reaches the caller, so a started stream is never replayed.
   * The call's options were checked where it began (`request`, `streamCall`, `settle`).
   */
  async send(spec: CallSpec, options: RequestOptions, signal: AbortSignal): Promise<Response> {
    const maxRetries = options.maxRetries ?? this.config.maxRetries;
    const timeout = options.timeout ?? this.config.timeout;
    const searchParams = new URLSearchParams(this.#query);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) searchParams.append(key, item);
    }
    const kyOptions: KyOptions = {
      method: spec.method,
      signal,
      timeout: timeout > 0 && Number.isFinite(timeout) ? timeout : false,
      searchParams,
      retry: {
        limit: maxRetries,
        methods: ['get', 'post', 'delete'],
        statusCodes: RETRY_STATUSES,
        afterStatusCodes: RETRY_STATUSES,
        maxRetryAfter: CLIENT_DEFAULTS.maxRetryAfter,
        backoffLimit: CLIENT_DEFAULTS.retryMaxDelay,
        delay: (attempt) => CLIENT_DEFAULTS.retryBaseDelay * 2 ** (attempt - 1),
        jitter: (delay) => delay * (1 - Math.random() * 0.25),
        retryOnTimeout: true,
        shouldRetry: ({ error }) => shouldRetry(error, signal),
      },
      ...(options.headers ? { headers: options.headers } : {}),
      ...(spec.body ? { json: spec.body } : {}),
    };
    try {
      return await this.#ky(this.url(spec.path), kyOptions);
    } catch (error) {
      throw await this.toError(error, spec, timeout, signal);
    }
  }

  /** Sends a call and resolves with its parsed JSON body: what the plain (non-stream) calls answer. */
  async request<T>(spec: CallSpec, options: RequestOptions): Promise<T> {
    validateRequestOptions(options);
    return (await this.json<T>(spec, options, signalOf(options))).value;
  }

  /** Sends a call and parses its JSON body. */
  async json<T>(
    spec: CallSpec,
    options: RequestOptions,
    signal: AbortSignal,
  ): Promise<{ value: T; response: Response }> {
    // A signal of the call's own, so that what ky and fetch attach to it goes when the call does.
    return withCallSignal(signal, async (callSignal) => {
      const response = await this.send(spec, options, callSignal);
      return { value: await this.readJSON<T>(response), response };
    });
  }

  /** Reads the body of a 2xx response as JSON. */
  async readJSON<T>(response: Response): Promise<T> {
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      // A 2xx is not an HTTP error: the server (or a proxy before it) answered with something else.
      throw new UnexpectedResponseError(
        response.status,
        response.headers.get('content-type'),
        excerpt(this.scrub(text)),
      );
    }
  }

  /** Removes the API key from text that may reach an error or a log. */
  scrub(text: string): string {
    return redact(text, this.#apiKey);
  }

  /** Removes the API key from an error built from what the server sent, such as `event: error`. */
  scrubError<T>(error: T): T {
    return redactError(error, this.#apiKey);
  }

  private async toError(
    error: unknown,
    spec: CallSpec,
    timeout: number,
    signal: AbortSignal,
  ): Promise<unknown> {
    if (signal.aborted) return signal.reason ?? error;
    if (error instanceof HTTPError) {
      const response = error.response;
      const text = this.scrub(await response.text().catch(() => ''));
      const body = parseJSON(text) as { error?: Partial<ErrorObject> } | undefined;
      const errorObject = body && typeof body.error === 'object' && body.error ? body.error : undefined;
      return APIError.from({
        status: response.status,
        error: errorObject,
        headers: redactHeaders(response.headers, this.#apiKey),
        bodyExcerpt: errorObject ? undefined : excerpt(text),
        method: spec.method.toUpperCase(),
        url: this.url(spec.path),
      });
    }
    if (error instanceof TimeoutError) return new APIConnectionTimeoutError(timeout);
    const reason = error instanceof Error ? this.scrub(describeCause(error)) : 'unknown failure';
    // The cause stays attached for a program that needs more than the message; scrubbed like the rest.
    return this.scrubError(
      new APIConnectionError(
        `Could not reach ${this.url(spec.path)} (${reason}); check baseURL and that the server is running.`,
        { cause: error },
      ),
    );
  }
}

const NEVER = new AbortController().signal;

/** The call's signal, or one that never aborts. */
export function signalOf(options: RequestOptions): AbortSignal {
  return options.signal ?? NEVER;
}

function shouldRetry(error: Error, signal: AbortSignal): boolean | undefined {
  if (signal.aborted) return false;
  if (error instanceof HTTPError) {
    // OpenAI's servers may say explicitly whether a retry can help. `true` is passed on only for a
    // status ky would not retry by itself: for one it does, ky's own path is the one that waits
    // as `Retry-After` asks, where `true` would send it straight to its backoff.
    const hint = error.response.headers.get('x-should-retry');
    if (hint === 'false') return false;
    if (hint === 'true' && !RETRY_STATUSES.includes(error.response.status)) return true;
  }
  return undefined;
}

// ky honours Retry-After; OpenAI-style servers may send the finer `retry-after-ms`, which wins when
// both are sent (as in the official SDKs). This is a beforeError hook, not afterResponse: ky tees
// every response for afterResponse hooks, and a tee'd body drops the chunks it has buffered when
// the connection then fails (events lost mid-stream).
function retryAfterMs(error: HTTPError): HTTPError {
  const { response } = error;
  const ms = response.headers.get('retry-after-ms');
  if (!ms || !Number.isFinite(Number(ms)) || Number(ms) < 0) return error;
  const headers = new Headers(response.headers);
  headers.set('retry-after', String(Number(ms) / 1000));
  error.response = new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  }) as typeof error.response;
  return error;
}

// fetch says only "fetch failed"; what failed is in its cause, as a code (ECONNREFUSED) or a message.
function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const facts = cause && typeof cause === 'object' ? (cause as { code?: unknown; message?: unknown }) : {};
  const detail = typeof facts.code === 'string' ? facts.code : facts.message;
  return typeof detail === 'string' && detail !== '' ? `${error.message}: ${detail}` : error.message;
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
