import { ValidationError } from '../errors.js';
import { LONGEST_TIMER } from '../timers.js';
import type { ClientOptions, RequestOptions } from './options.js';

/**
 * Checks the options of `createClient`, so that a typo or an unset variable read as a number
 * (`Number(process.env.UNSET)` is `NaN`) fails there, not as endless retries or no timeout.
 */
export function validateClientOptions(options: unknown): ClientOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValidationError('options', 'must be an object like { apiKey, baseURL }', options);
  }
  const record = options as Record<string, unknown>;
  for (const field of ['apiKey', 'baseURL', 'organization', 'project'] as const) {
    const value = record[field];
    if (value !== undefined && typeof value !== 'string') {
      throw new ValidationError(field, 'must be a string', value);
    }
  }
  if (record.fetch !== undefined && typeof record.fetch !== 'function') {
    throw new ValidationError('fetch', 'must be a function with the signature of fetch', record.fetch);
  }
  if (record.azure !== undefined && (record.azure === null || typeof record.azure !== 'object')) {
    throw new ValidationError('azure', 'must be an object like { endpoint, apiVersion }', record.azure);
  }
  validateTimings(record);
  return options as ClientOptions;
}

/** Checks the options of one call. */
export function validateRequestOptions(options: RequestOptions): void {
  validateTimings(options as Record<string, unknown>);
  const { signal, unknownEvents } = options;
  // Duck-typed: a signal from another realm or a polyfill is not an instance of this global.
  const signalLike = signal as { aborted?: unknown; addEventListener?: unknown } | undefined | null;
  if (
    signal !== undefined &&
    (typeof signalLike?.aborted !== 'boolean' || typeof signalLike.addEventListener !== 'function')
  ) {
    throw new ValidationError('signal', 'must be an AbortSignal, e.g. from new AbortController()', signal);
  }
  if (unknownEvents !== undefined && unknownEvents !== 'skip' && unknownEvents !== 'emit') {
    throw new ValidationError('unknownEvents', 'must be "skip" or "emit"', unknownEvents);
  }
}

/**
 * Checks a base URL: http or https, absolute, or relative to the page in a browser (a same-origin
 * proxy, say). `source` names where it came from.
 */
export function validateBaseURL(baseURL: string, source: string): void {
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  let protocol: string | undefined;
  try {
    protocol = new URL(baseURL, typeof page === 'string' ? page : undefined).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ValidationError(
      source,
      'must be an http or https URL, like "http://127.0.0.1:4010/v1"',
      baseURL,
    );
  }
}

/** Checks the options that count retries or milliseconds, shared by the client and each call. */
function validateTimings(options: Record<string, unknown>): void {
  const { headers, maxRetries } = options;
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && (maxRetries as number) >= 0)) {
    throw new ValidationError('maxRetries', 'must be a whole number of retries, 0 or more', maxRetries);
  }
  // `timeout` and `idleTimeout` turn off with 0 or Infinity; `pollInterval` has to be a real wait.
  milliseconds(options, 'timeout', true);
  milliseconds(options, 'idleTimeout', true);
  milliseconds(options, 'pollInterval', false);
  if (headers !== undefined) {
    const values = headers !== null && typeof headers === 'object' ? Object.values(headers) : undefined;
    if (!values || Array.isArray(headers) || values.some((value) => typeof value !== 'string')) {
      throw new ValidationError('headers', 'must be an object of header names and string values', headers);
    }
  }
}

function milliseconds(options: Record<string, unknown>, field: string, infinite: boolean): void {
  const value = options[field];
  if (value === undefined) return;
  const ok =
    typeof value === 'number' &&
    value >= 0 &&
    (value <= LONGEST_TIMER || (infinite && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    const off = infinite ? ' (0 or Infinity for none)' : '';
    throw new ValidationError(
      field,
      `must be a number of milliseconds from 0 to ${LONGEST_TIMER}${off}`,
      value,
    );
  }
}
