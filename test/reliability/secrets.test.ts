import { inspect } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { ClientOptions } from '../../src/client/options.js';
import type { APIError } from '../../src/errors.js';
import { toNDJSON } from '../../src/relay/to-ndjson.js';
import { toServerSentEvents } from '../../src/relay/to-server-sent-events.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { renderings } from '../helpers/renderings.js';
import { frame, run } from './helpers/events.js';
import { apiKeyOf, type FaultScript, type FaultServer, startFaultServer } from './helpers/fault-server.js';
import { respond, stream } from './helpers/faults.js';

const KEY = 'sk-proj-Reliability-Secret-0123456789abcdef';
const START = [
  frame('thread.run.created', run('queued')),
  frame('thread.run.in_progress', run('in_progress')),
];

/** Faults whose answers quote the key back, in every place an error takes text from. */
const ECHOES: Record<string, FaultScript> = {
  'json-error': (x) =>
    respond(
      401,
      { 'content-type': 'application/json' },
      JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${apiKeyOf(x.request)}`,
          code: 'invalid_api_key',
          param: apiKeyOf(x.request),
        },
      }),
    )(x),
  'html-error': (x) =>
    respond(
      502,
      { 'content-type': 'text/html' },
      `<html><body>Bad gateway for ${apiKeyOf(x.request)}</body></html>`,
    )(x),
  'html-200': (x) =>
    respond(
      200,
      { 'content-type': 'text/html' },
      `<html><body>Welcome ${apiKeyOf(x.request)}</body></html>`,
    )(x),
  'json-200': (x) =>
    respond(200, { 'content-type': 'application/json' }, JSON.stringify({ echo: apiKeyOf(x.request) }))(x),
  'event-error': (x) =>
    stream([
      ...START,
      frame('error', {
        message: `Key ${apiKeyOf(x.request)} revoked`,
        code: apiKeyOf(x.request),
        type: 'auth',
      }),
    ])(x),
  'bad-json': (x) =>
    stream([...START, `event: thread.message.delta\ndata: {"echo":"${apiKeyOf(x.request)}"\n\n`])(x),
  'cut-frame': (x) =>
    stream([...START, `event: thread.message.delta\ndata: {"echo":"${apiKeyOf(x.request)}`], 'close')(x),
  'header-echo': (x) =>
    respond(
      400,
      { 'content-type': 'application/json', 'x-echo-authorization': `Bearer ${apiKeyOf(x.request)}` },
      '{"error":{"message":"bad"}}',
    )(x),
};

const byThread: FaultScript = (exchange) => {
  const thread = /^\/(?:v1|openai)\/threads\/([^/?]+)/.exec(exchange.request.url)?.[1] ?? '';
  const script = ECHOES[thread];
  if (script) script(exchange);
  else respond(500, {}, 'no such scenario')(exchange);
};

let server: FaultServer;
const logged: unknown[][] = [];

// A server per test, so that the requests it records are that test's own.
beforeEach(async () => {
  server = await startFaultServer(byThread);
});

afterEach(async () => {
  await server.close();
});

/** The test's one request carried the key: a test whose server never saw it would prove nothing. */
function expectServerSawKey(): void {
  expect(server.requests.map(apiKeyOf)).toEqual([KEY]);
}

// Anything the library logs is caught here and checked for the key after each test.
const consoleSpies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    logged.push(args);
  }),
);

afterEach(() => {
  for (const args of logged.splice(0))
    expect(inspect(args, { depth: Number.POSITIVE_INFINITY })).not.toContain(KEY);
});

afterAll(() => {
  for (const spy of consoleSpies) spy.mockRestore();
});

/** Client options for each way the key travels: `Authorization: Bearer`, or Azure's `api-key`. */
function optionsFor(kind: 'openai' | 'azure'): ClientOptions {
  return kind === 'openai'
    ? { baseURL: server.url, apiKey: KEY, maxRetries: 0 }
    : {
        azure: { endpoint: `http://127.0.0.1:${server.port}`, apiVersion: '2024-05-01-preview' },
        apiKey: KEY,
        maxRetries: 0,
      };
}

describe.each(['openai', 'azure'] as const)('the API key with an %s client', (kind) => {
  it.each(Object.keys(ECHOES))(
    'is absent from the error of a stream whose server echoes it (%s)',
    async (scenario) => {
      const client = createClient(optionsFor(kind));
      const outcome = await outcomeOf(client.runs.stream(scenario, { assistant_id: 'asst_1' }));
      expect(outcome.error).toBeDefined();
      for (const text of renderings(outcome.error)) expect(text).not.toContain(KEY);
      expectServerSawKey();
    },
  );

  it.each(['json-error', 'html-error', 'html-200', 'header-echo'])(
    'is absent from the error of a non-stream call whose server echoes it (%s)',
    async (scenario) => {
      const client = createClient(optionsFor(kind));
      const error = await client.runs.retrieve(scenario, 'run_1').then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeDefined();
      for (const text of renderings(error)) expect(text).not.toContain(KEY);
      expectServerSawKey();
    },
  );
});

describe('the API key in response headers', () => {
  it('is redacted from the headers an APIError carries, which stay readable otherwise', async () => {
    const client = createClient({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
    const { error } = await outcomeOf(client.runs.stream('header-echo', { assistant_id: 'asst_1' }));
    const headers = (error as APIError).headers;
    expect(headers.get('x-echo-authorization')).toBe('Bearer [redacted]');
    expect(headers.get('content-type')).toBe('application/json');
  });
});

describe('the API key in relayed streams', () => {
  it.each([
    ['server-sent events', toServerSentEvents],
    ['NDJSON', toNDJSON],
  ] as const)('is absent from the error frame a relay writes in %s', async (_label, relay) => {
    const client = createClient({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
    const text = await new Response(
      relay(client.runs.stream('event-error', { assistant_id: 'asst_1' })),
    ).text();
    expect(text).toContain('revoked');
    expect(text).not.toContain(KEY);
    expectServerSawKey();
  });

  it('is absent from the client, however it is logged or serialised', () => {
    const client = createClient({ baseURL: server.url, apiKey: KEY });
    for (const text of [
      JSON.stringify(client.config),
      inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      String(client),
    ]) {
      expect(text).not.toContain(KEY);
    }
  });
});
