/**
 * Azure OpenAI: the key goes in `api-key`, every request gets `api-version` (but for `'v1'`).
 *
 * @example
 * ```ts
 * const azure: AzureOptions = {
 *   endpoint: 'https://my-resource.openai.azure.com',
 *   apiVersion: '2024-05-01-preview',
 *   deployment: 'gpt-4o-mini',
 * };
 * const azureClient = createClient({ azure, apiKey: process.env.AZURE_OPENAI_API_KEY });
 * ```
 */
export interface AzureOptions {
  /** The resource endpoint, e.g. `https://my-resource.openai.azure.com`. `/openai` is appended unless it ends with it. */
  endpoint: string;
  /**
   * The `api-version` query of every request, e.g. `'2025-04-01-preview'`. `'v1'` is Azure's GA
   * v1 API: Responses under `/openai/v1/responses` and no `api-version` query (it takes none);
   * `'preview'` and `'latest'` use `/openai/v1` too and are sent as `api-version=preview` / `latest`.
   *
   * @see https://learn.microsoft.com/azure/foundry/openai/api-version-lifecycle
   */
  apiVersion: string;
  /** A deployment name, sent as `model` when a run's params name none. */
  deployment?: string;
}

/**
 * Options of {@link createClient}. Every field is optional; defaults are in `CLIENT_DEFAULTS`.
 *
 * @example
 * ```ts
 * const options: ClientOptions = { baseURL: 'http://127.0.0.1:4010/v1', maxRetries: 4, idleTimeout: 30_000 };
 * const local = createClient(options);
 * ```
 */
export interface ClientOptions {
  /**
   * The API key; an empty one sends no auth header.
   *
   * @default `OPENAI_API_KEY` (with `azure`: `AZURE_OPENAI_API_KEY`, then `OPENAI_API_KEY`) where `process` exists
   */
  apiKey?: string;
  /**
   * Base URL of an Assistants-compatible server, ending in `/v1` or similar.
   *
   * @default `OPENAI_BASE_URL`, else `https://api.openai.com/v1`
   */
  baseURL?: string;
  /**
   * Sent as `OpenAI-Organization`.
   *
   * @default `OPENAI_ORG_ID`, else none
   */
  organization?: string;
  /**
   * Sent as `OpenAI-Project`.
   *
   * @default `OPENAI_PROJECT_ID`, else none
   */
  project?: string;
  /** Extra headers for every request; they override the defaults of the same name. */
  headers?: Record<string, string>;
  /**
   * The `fetch` to call, for proxies, tests and runtimes without a global one.
   *
   * @default `globalThis.fetch`
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Retries before the first byte of a response (408, 409, 429, 5xx, network errors, header timeouts).
   *
   * @default 2
   */
  maxRetries?: number;
  /**
   * Milliseconds until response headers, per attempt. `0` or `Infinity` turns it off.
   *
   * @default 60 000
   */
  timeout?: number;
  /**
   * Milliseconds of silence inside a stream before it errors with `IdleTimeoutError`. `0` or `Infinity` turns it off.
   *
   * @default 120 000
   */
  idleTimeout?: number;
  /**
   * Milliseconds between polls of a run when the server gives no `openai-poll-after-ms`.
   *
   * @default 1 000
   */
  pollInterval?: number;
  /**
   * Azure OpenAI instead of an OpenAI-style server; `baseURL` is then ignored.
   *
   * @default none
   */
  azure?: AzureOptions;
}

/**
 * Options of one call; they override the client's.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const options: RequestOptions = { signal: controller.signal, idleTimeout: 10_000, maxRetries: 0 };
 * client.runs.stream(threadId, { assistant_id: assistantId }, options).subscribe();
 * controller.abort(); // the request, the stream and any polling stop
 * ```
 */
export interface RequestOptions {
  /** Aborts the call: the request, the stream and any polling. */
  signal?: AbortSignal;
  /** Extra headers for this call, on top of the client's; a name given here replaces the client's. */
  headers?: Record<string, string>;
  /**
   * This call's retries before the first byte.
   *
   * @default the client's `maxRetries`
   */
  maxRetries?: number;
  /**
   * This call's ms until response headers, per attempt.
   *
   * @default the client's `timeout`
   */
  timeout?: number;
  /**
   * This call's ms of silence inside the stream.
   *
   * @default the client's `idleTimeout`
   */
  idleTimeout?: number;
  /**
   * This call's ms between polls.
   *
   * @default the client's `pollInterval`
   */
  pollInterval?: number;
  /**
   * `'emit'` delivers events whose names the library does not know.
   *
   * @default `'skip'`
   */
  unknownEvents?: 'skip' | 'emit';
}

/**
 * The defaults, in one place.
 *
 * @example
 * ```ts
 * const patient = createClient({ timeout: CLIENT_DEFAULTS.timeout * 2, maxRetries: CLIENT_DEFAULTS.maxRetries + 3 });
 * ```
 */
export const CLIENT_DEFAULTS = {
  baseURL: 'https://api.openai.com/v1',
  maxRetries: 2,
  timeout: 60_000,
  idleTimeout: 120_000,
  pollInterval: 1_000,
  /** Longest wait a `Retry-After` can ask for; a longer one is cut to this. */
  maxRetryAfter: 60_000,
  /** Backoff of retry n (1-based): 500 ms × 2^(n-1), capped, with up to 25 % jitter off. */
  retryBaseDelay: 500,
  retryMaxDelay: 8_000,
} as const;
