import { describe, expect, it, vi } from 'vitest';
import { type ClientOptions, createClient, type RequestOptions, ValidationError } from '../../src/index.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { API_KEY, SSE_HEADERS, TEXT_SSE } from './support.js';

const BASE_URL = 'http://options.invalid/v1';
const params = { assistant_id: 'asst_1' };

function expectInvalid(make: () => unknown, field: string, rule: string): void {
  let thrown: unknown;
  try {
    make();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  expect((thrown as ValidationError).field).toBe(field);
  expect((thrown as ValidationError).message).toContain(rule);
}

describe('createClient checks its options when the client is made', () => {
  it.each<[string, ClientOptions, string, string]>([
    ['maxRetries NaN (Number of an unset variable)', { maxRetries: Number.NaN }, 'maxRetries', '0 or more'],
    ['maxRetries below 0', { maxRetries: -1 }, 'maxRetries', '0 or more'],
    ['maxRetries of 1.5', { maxRetries: 1.5 }, 'maxRetries', 'whole number'],
    ['timeout NaN', { timeout: Number.NaN }, 'timeout', 'milliseconds'],
    ['timeout below 0', { timeout: -1 }, 'timeout', 'milliseconds'],
    ['timeout past what a timer can wait', { timeout: 3e9 }, 'timeout', '2147483647'],
    ['idleTimeout as a string', { idleTimeout: '30' as unknown as number }, 'idleTimeout', 'milliseconds'],
    ['pollInterval Infinity', { pollInterval: Number.POSITIVE_INFINITY }, 'pollInterval', 'milliseconds'],
    ['a baseURL that is not a URL', { baseURL: 'localhost:4010/v1' }, 'baseURL', 'http or https URL'],
    ['a baseURL of another scheme', { baseURL: 'ftp://files.example/v1' }, 'baseURL', 'http or https URL'],
    ['headers with a number', { headers: { 'X-Tries': 3 as unknown as string } }, 'headers', 'string values'],
    ['fetch that is not a function', { fetch: 'fetch' as unknown as typeof fetch }, 'fetch', 'function'],
    ['an apiKey that is not a string', { apiKey: 42 as unknown as string }, 'apiKey', 'string'],
  ])('rejects %s', (_what, options, field, rule) => {
    expectInvalid(() => createClient({ apiKey: API_KEY, baseURL: BASE_URL, ...options }), field, rule);
  });

  it('names OPENAI_BASE_URL when that is where a bad base URL came from', () => {
    vi.stubEnv('OPENAI_BASE_URL', 'api.example.com/v1');
    try {
      expectInvalid(() => createClient({ apiKey: API_KEY }), 'OPENAI_BASE_URL', 'http or https URL');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('accepts the documented ways to turn timeouts off, and a base URL with a query', () => {
    for (const options of [
      { timeout: 0, idleTimeout: 0 },
      { timeout: Number.POSITIVE_INFINITY, idleTimeout: Number.POSITIVE_INFINITY },
      { maxRetries: 0, pollInterval: 0 },
      { baseURL: 'https://gateway.example/v1?tenant=a' },
    ]) {
      expect(() => createClient({ apiKey: API_KEY, baseURL: BASE_URL, ...options })).not.toThrow();
    }
  });
});

describe('each call checks its own options before anything is sent', () => {
  const fetch = vi.fn(async () => new Response(TEXT_SSE, { headers: SSE_HEADERS }));
  const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL, fetch });

  it.each<[string, RequestOptions, string]>([
    ['maxRetries NaN', { maxRetries: Number.NaN }, 'maxRetries'],
    ['idleTimeout below 0', { idleTimeout: -5 }, 'idleTimeout'],
    ['unknownEvents misspelt', { unknownEvents: 'all' as 'emit' }, 'unknownEvents'],
    ['a signal that is not an AbortSignal', { signal: {} as AbortSignal }, 'signal'],
  ])('rejects %s, streaming or not', async (_what, options, field) => {
    fetch.mockClear();
    const { error } = await outcomeOf(client.runs.stream('thread_1', params, options));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    const rejected = await client.runs.retrieve('thread_1', 'run_1', options).catch((e: unknown) => e);
    expect((rejected as ValidationError).field).toBe(field);
    expect(fetch).not.toHaveBeenCalled();
  });
});
