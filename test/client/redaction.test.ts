import { inspect } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  AuthenticationError,
  type ClientOptions,
  createClient,
  RunStreamError,
  StreamParseError,
  UnexpectedResponseError,
} from '../../src/index.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { API_KEY, BASE_URL, intercept, ORIGIN, SSE_HEADERS, useNock } from './support.js';

useNock({ beforeAll, afterEach, afterAll });

const RUNS_PATH = '/v1/threads/thread_1/runs';
const params = { assistant_id: 'asst_1' };
const clientWith = (options: ClientOptions = {}) =>
  createClient({ apiKey: API_KEY, baseURL: BASE_URL, maxRetries: 0, ...options });

/** Every way an error is usually shown: message, stack, JSON, inspection, and its cause chain. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    e.message,
    e.stack ?? '',
    JSON.stringify(e),
    inspect(e, { depth: 8, showHidden: true }),
    inspect(e.cause, { depth: 8, showHidden: true }),
  ];
}

function expectNoKey(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
}

describe('the API key never appears in an error', () => {
  it('when an HTTP error message echoes it', async () => {
    const echoed = { error: { message: `Incorrect API key provided: ${API_KEY}.`, code: 'invalid_api_key' } };
    intercept('post', RUNS_PATH, () => [401, echoed]);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('Incorrect API key provided: [redacted]');
    expectNoKey(error);
    expectNoKey(
      await clientWith()
        .runs.retrieve('thread_1', 'run_1')
        .catch((e: unknown) => e),
    );
  });

  it('when an error body that is not JSON echoes it', async () => {
    intercept('post', RUNS_PATH, () => [500, `upstream rejected Authorization: Bearer ${API_KEY}`]);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect((error as Error).message).toContain('upstream rejected');
    expectNoKey(error);
  });

  it('when a 2xx page that is neither stream nor JSON echoes it', async () => {
    intercept('post', RUNS_PATH, () => [
      200,
      `<p>debug: key=${API_KEY}</p>`,
      { 'content-type': 'text/html' },
    ]);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expectNoKey(error);
  });

  it('when event: error inside the stream echoes it', async () => {
    const body = `event: error\ndata: {"message":"key ${API_KEY} is revoked","code":"invalid_api_key","type":"auth"}\n\n`;
    intercept('post', RUNS_PATH, () => [200, body, SSE_HEADERS]);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(RunStreamError);
    expect((error as RunStreamError).code).toBe('invalid_api_key');
    expect((error as Error).message).toContain('is revoked');
    expectNoKey(error);
    expect(JSON.stringify((error as RunStreamError).error)).not.toContain(API_KEY);
  });

  it('when a data line that is not JSON holds it', async () => {
    intercept('post', RUNS_PATH, () => [
      200,
      `event: thread.run.created\ndata: {${API_KEY}\n\n`,
      SSE_HEADERS,
    ]);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(StreamParseError);
    expectNoKey(error);
  });

  it('when the excerpt of a data line that is not JSON is cut inside it', async () => {
    // StreamParseError quotes 80 characters: the key starts at 66 and the cut falls inside it.
    const data = `{"note":"${'x'.repeat(56)} ${API_KEY} and more"`;
    intercept('post', RUNS_PATH, () => [200, `event: thread.run.created\ndata: ${data}\n\n`, SSE_HEADERS]);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as StreamParseError).excerpt).toMatch(/x \[redacted\]…$/);
    for (const text of renderings(error)) expect(text).not.toContain(API_KEY.slice(0, 12));
  });

  it('when it sits deep in the cause chain of a failed body', async () => {
    let cause = new Error(`socket closed by proxy?auth=${API_KEY}`);
    for (let depth = 0; depth < 6; depth++) cause = new Error(`layer ${depth}`, { cause });
    const fetch: typeof globalThis.fetch = async () =>
      new Response(
        new ReadableStream({
          pull: (controller) => controller.error(new TypeError('terminated', { cause })),
        }),
        { headers: SSE_HEADERS },
      );
    const { error } = await outcomeOf(clientWith({ fetch }).runs.stream('thread_1', params));
    expect(inspect(error, { depth: 20 })).toContain('socket closed by proxy?auth=[redacted]');
    expect(inspect(error, { depth: 20 })).not.toContain(API_KEY);
  });

  it('when a server echoes the key minus its last character, or a fragment of it', async () => {
    const message = `Incorrect API key provided: ${API_KEY.slice(0, -1)} (ends ${API_KEY.slice(-10)}).`;
    intercept('post', RUNS_PATH, () => [401, { error: { message } }]);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect((error as Error).message).toContain('Incorrect API key provided: [redacted] (ends [redacted]).');
    expectNoKey(error);
  });

  it('but not a key too short to tell apart from ordinary text, whose letters stay in every word', async () => {
    intercept('post', RUNS_PATH, () => [401, { error: { message: 'Incorrect API key provided: k-42.' } }]);
    const { error } = await outcomeOf(
      createClient({ apiKey: 'k-42', baseURL: BASE_URL, maxRetries: 0 }).runs.stream('thread_1', params),
    );
    expect((error as Error).message).toContain('Incorrect API key provided: k-42.');
  });

  it('when the network fails with a message that holds it', async () => {
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError(`fetch failed for proxy?auth=${API_KEY}`, {
        cause: new Error(`socket ${API_KEY}`),
      });
    };
    const { error } = await outcomeOf(clientWith({ fetch }).runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain('fetch failed for proxy');
    expectNoKey(error);
    expectNoKey(
      await clientWith({ fetch })
        .runs.create('thread_1', params)
        .catch((e: unknown) => e),
    );
  });

  it('when a non-stream create fails with a message that echoes it', async () => {
    intercept('post', RUNS_PATH, () => [403, { error: { message: `Key ${API_KEY} has no access` } }]);
    expectNoKey(
      await clientWith()
        .runs.create('thread_1', params)
        .catch((e: unknown) => e),
    );
  });

  it('when the Azure api-key is echoed', async () => {
    nock('https://res.openai.azure.com')
      .post('/openai/threads/thread_1/runs')
      .query(true)
      .reply(401, { error: { message: `Access denied due to invalid subscription key ${API_KEY}` } });
    const client = createClient({
      apiKey: API_KEY,
      maxRetries: 0,
      azure: { endpoint: 'https://res.openai.azure.com', apiVersion: '2024-05-01-preview' },
    });
    const { error } = await outcomeOf(client.runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoKey(error);
  });
});

describe('the API key never appears in the client', () => {
  it('is absent from JSON.stringify, util.inspect and config', () => {
    const client = clientWith({ organization: 'org_1', headers: { 'X-Trace': '1' } });
    expect(JSON.stringify(client)).not.toContain(API_KEY);
    expect(inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(API_KEY);
    expect(inspect(client.runs, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(
      API_KEY,
    );
    expect(JSON.stringify(client.config)).not.toContain(API_KEY);
    expect(client.config.baseURL).toBe(BASE_URL);
  });

  it('is absent from the string form of an Azure client', () => {
    const client = createClient({
      apiKey: API_KEY,
      azure: { endpoint: ORIGIN, apiVersion: '2024-05-01-preview' },
    });
    expect(JSON.stringify(client)).not.toContain(API_KEY);
    expect(inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(API_KEY);
  });
});
