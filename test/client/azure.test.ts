import nock from 'nock';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, ValidationError } from '../../src/index.js';
import { API_KEY, runJSON, SSE_HEADERS, TEXT_SSE, useNock } from './support.js';

useNock({ beforeAll, afterEach, afterAll });

const ENDPOINT = 'https://my-resource.openai.azure.com';
const API_VERSION = '2024-05-01-preview';

interface SeenAzure {
  path: string;
  body: unknown;
  headers: Record<string, unknown>;
}

function azureRuns(reply: () => [number, string | object, Record<string, string>?], times = 1) {
  const seen: SeenAzure[] = [];
  const scope = nock(ENDPOINT)
    .post('/openai/threads/thread_1/runs')
    .query(true)
    .times(times)
    .reply(function (path, body) {
      seen.push({ path, body, headers: this.req.headers });
      return reply();
    });
  return { seen, scope };
}

const azure = (overrides: { endpoint?: string; deployment?: string } = {}) =>
  createClient({ apiKey: API_KEY, azure: { endpoint: ENDPOINT, apiVersion: API_VERSION, ...overrides } });

describe('Azure OpenAI', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('POSTs to {endpoint}/openai with the api-version query and the key in api-key', async () => {
    const { seen, scope } = azureRuns(() => [200, TEXT_SSE, SSE_HEADERS]);
    const events = await lastValueFrom(
      azure().runs.stream('thread_1', { assistant_id: 'asst_1' }).pipe(toArray()),
    );
    expect(scope.isDone()).toBe(true);
    const url = new URL(seen[0]?.path ?? '', ENDPOINT);
    expect(url.pathname).toBe('/openai/threads/thread_1/runs');
    expect(url.searchParams.get('api-version')).toBe(API_VERSION);
    expect(seen[0]?.headers['api-key']).toBe(API_KEY);
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(seen[0]?.headers['openai-beta']).toBe('assistants=v2');
    expect(events.at(-1)?.event).toBe('thread.run.completed');
  });

  it('keeps api-version next to the include[] query', async () => {
    const { seen } = azureRuns(() => [200, TEXT_SSE, SSE_HEADERS]);
    await lastValueFrom(azure().runs.stream('thread_1', { assistant_id: 'asst_1', include: ['a'] }));
    const url = new URL(seen[0]?.path ?? '', ENDPOINT);
    expect(url.searchParams.get('api-version')).toBe(API_VERSION);
    expect(url.searchParams.getAll('include[]')).toEqual(['a']);
  });

  it('sends the deployment as model when the params name none, and keeps a model that is given', async () => {
    const { seen } = azureRuns(() => [200, TEXT_SSE, SSE_HEADERS], 2);
    const client = azure({ deployment: 'gpt-4o-prod' });
    await lastValueFrom(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
    await lastValueFrom(client.runs.stream('thread_1', { assistant_id: 'asst_1', model: 'gpt-4o-mini-eu' }));
    expect(seen[0]?.body).toEqual({ assistant_id: 'asst_1', model: 'gpt-4o-prod', stream: true });
    expect(seen[1]?.body).toEqual({ assistant_id: 'asst_1', model: 'gpt-4o-mini-eu', stream: true });
  });

  it.each([`${ENDPOINT}/`, `${ENDPOINT}/openai`, `${ENDPOINT}/openai/`])(
    'builds the same URL from the endpoint %s',
    async (endpoint) => {
      const { scope } = azureRuns(() => [200, TEXT_SSE, SSE_HEADERS]);
      await lastValueFrom(azure({ endpoint }).runs.stream('thread_1', { assistant_id: 'asst_1' }));
      expect(scope.isDone()).toBe(true);
    },
  );

  it('polls with api-version too when the run is not streamed', async () => {
    azureRuns(() => [
      200,
      runJSON('queued', { id: 'run_1', thread_id: 'thread_1' }),
      { 'openai-poll-after-ms': '1' },
    ]);
    const poll = nock(ENDPOINT)
      .get('/openai/threads/thread_1/runs/run_1')
      .query({ 'api-version': API_VERSION })
      .reply(200, runJSON('completed', { id: 'run_1', thread_id: 'thread_1' }));
    const run = await azure().runs.create('thread_1', { assistant_id: 'asst_1' });
    expect(run.status).toBe('completed');
    expect(poll.isDone()).toBe(true);
  });

  it('sends no api-key but a caller-given Authorization for Microsoft Entra tokens', async () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', '');
    vi.stubEnv('OPENAI_API_KEY', '');
    const { seen } = azureRuns(() => [200, TEXT_SSE, SSE_HEADERS]);
    const client = createClient({
      azure: { endpoint: ENDPOINT, apiVersion: API_VERSION },
      headers: { Authorization: 'Bearer entra-token' },
    });
    await lastValueFrom(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
    expect(seen[0]?.headers['api-key']).toBeUndefined();
    expect(seen[0]?.headers.authorization).toBe('Bearer entra-token');
  });

  it.each([
    [{ endpoint: 'my-resource.openai.azure.com', apiVersion: API_VERSION }, 'azure.endpoint'],
    [{ endpoint: ENDPOINT, apiVersion: '' }, 'azure.apiVersion'],
    [{ endpoint: ENDPOINT }, 'azure.apiVersion'],
  ])('refuses an incomplete azure option %j when the client is made', (azureOptions, field) => {
    const make = () =>
      createClient({ apiKey: API_KEY, azure: azureOptions as { endpoint: string; apiVersion: string } });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(field);
  });

  it('reads AZURE_OPENAI_API_KEY from the environment', async () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', API_KEY);
    vi.stubEnv('OPENAI_API_KEY', 'sk-not-this-one-000000');
    const { seen } = azureRuns(() => [200, TEXT_SSE, SSE_HEADERS]);
    const client = createClient({ azure: { endpoint: ENDPOINT, apiVersion: API_VERSION } });
    await lastValueFrom(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
    expect(seen[0]?.headers['api-key']).toBe(API_KEY);
  });
});
