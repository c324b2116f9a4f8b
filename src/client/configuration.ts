import { ValidationError } from '../errors.js';
import { processEnv, resolveEnvironment } from './environment.js';
import { type AzureOptions, CLIENT_DEFAULTS, type ClientOptions } from './options.js';
import { validateBaseURL, validateClientOptions } from './validate-options.js';

/**
 * The resolved settings of a client, shared by every call it makes.
 *
 * @example
 * ```ts
 * const config: ClientConfig = client.config;
 * console.log(`talking to ${config.baseURL}, ${config.maxRetries} retries`);
 * ```
 */
export interface ClientConfig {
  /** The URL every path is appended to, without a trailing slash or query. */
  readonly baseURL: string;
  /** Retries before the first byte of a response. */
  readonly maxRetries: number;
  /** Milliseconds until response headers. */
  readonly timeout: number;
  /** Milliseconds of silence inside a stream before it errors. */
  readonly idleTimeout: number;
  /** Milliseconds between two polls when the server gives no `openai-poll-after-ms`. */
  readonly pollInterval: number;
  /** Azure's deployment, sent as `model` when a run names none. */
  readonly deployment: string | undefined;
}

/** What a Transport is built from: the public config, and what stays private to it. */
export interface Configuration {
  readonly config: ClientConfig;
  readonly apiKey: string | undefined;
  /** Headers of every request: auth, organization, project, the caller's own. */
  readonly headers: Headers;
  /** Query parameters of every request: those of baseURL, and Azure's api-version. */
  readonly query: URLSearchParams;
}

/**
 * Checks `options` and resolves them against the environment and the defaults.
 *
 * @param options - What `createClient` was given.
 * @returns The settings of every call.
 * @throws ValidationError naming the option (or variable) that is wrong.
 */
export function configure(options: ClientOptions): Configuration {
  validateClientOptions(options);
  const azure = options.azure;
  if (azure) validateAzure(azure);
  const env = resolveEnvironment(processEnv(), azure !== undefined);
  const apiKey = options.apiKey ?? env.apiKey;
  const baseURL = azure
    ? `${azure.endpoint.replace(/\/+$/, '').replace(/\/openai$/, '')}/openai`
    : options.baseURL || env.baseURL || CLIENT_DEFAULTS.baseURL;
  // A query in baseURL (a gateway's tenant key, say) goes on every request, after the path.
  const queryAt = baseURL.includes('?') ? baseURL.indexOf('?') : baseURL.length;
  const root = baseURL.slice(0, queryAt);
  if (!azure) validateBaseURL(root, options.baseURL ? 'baseURL' : 'OPENAI_BASE_URL');
  const query = new URLSearchParams(baseURL.slice(queryAt + 1));
  // Azure's GA v1 API takes no api-version; every other value is sent as it is.
  if (azure && azure.apiVersion !== 'v1') query.set('api-version', azure.apiVersion);
  // A Headers object, not a spread: `authorization` in `options.headers` must replace
  // `Authorization`, not be sent next to it.
  const headers = new Headers({ 'OpenAI-Beta': 'assistants=v2' });
  if (apiKey) {
    if (azure) headers.set('api-key', apiKey);
    else headers.set('Authorization', `Bearer ${apiKey}`);
  }
  const organization = options.organization ?? env.organization;
  const project = options.project ?? env.project;
  if (organization) headers.set('OpenAI-Organization', organization);
  if (project) headers.set('OpenAI-Project', project);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return {
    config: {
      baseURL: root.replace(/\/+$/, ''),
      maxRetries: options.maxRetries ?? CLIENT_DEFAULTS.maxRetries,
      timeout: options.timeout ?? CLIENT_DEFAULTS.timeout,
      idleTimeout: options.idleTimeout ?? CLIENT_DEFAULTS.idleTimeout,
      pollInterval: options.pollInterval ?? CLIENT_DEFAULTS.pollInterval,
      deployment: azure?.deployment,
    },
    apiKey: apiKey || undefined,
    headers,
    query,
  };
}

/**
 * Whether `apiVersion` names Azure's v1 API, whose paths live under `/openai/v1`: `'v1'` (the GA
 * API, which takes no `api-version` query) or `'preview'` / `'latest'` (the v1 preview surface,
 * sent as `api-version=preview` or `latest`, as Azure's v1 preview release was addressed). Dated
 * versions (`'2025-04-01-preview'`) use `/openai/...?api-version=…`.
 *
 * @param apiVersion - The `azure.apiVersion` option.
 * @returns `true` for `'v1'`, `'preview'` and `'latest'`.
 * @see https://learn.microsoft.com/azure/foundry/openai/api-version-lifecycle
 */
export function isAzureV1(apiVersion: string): boolean {
  return apiVersion === 'v1' || apiVersion === 'preview' || apiVersion === 'latest';
}

// Checked when the client is made, so a missing piece fails there and not on every call.
function validateAzure(azure: AzureOptions): void {
  if (typeof azure.endpoint !== 'string' || !/^https?:\/\//.test(azure.endpoint)) {
    throw new ValidationError(
      'azure.endpoint',
      'must be a URL like "https://my-resource.openai.azure.com"',
      azure.endpoint,
    );
  }
  if (typeof azure.apiVersion !== 'string' || azure.apiVersion === '') {
    throw new ValidationError('azure.apiVersion', 'is required, e.g. "2024-05-01-preview"', azure.apiVersion);
  }
}
