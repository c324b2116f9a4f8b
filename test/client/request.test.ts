import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type MessageListQuery, type ValidationError } from '../../src/index.js';
import { expectedEvents } from '../helpers/fixtures.js';
import {
  API_KEY,
  BASE_URL,
  FULL_PARAMS,
  intercept,
  ORIGIN,
  SSE_HEADERS,
  TEXT_SSE,
  useNock,
} from './support.js';

useNock({ beforeAll, afterEach, afterAll });

const RUNS_PATH = '/v1/threads/thread_abc123/runs';
const streamReply = () => [200, TEXT_SSE, SSE_HEADERS] as [number, string, Record<string, string>];

describe('runs.stream request', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('POSTs /threads/{id}/runs with the create-run body and stream: true, and emits the events', async () => {
    const { seen, scope } = intercept('post', RUNS_PATH, streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    const events = await lastValueFrom(client.runs.stream('thread_abc123', FULL_PARAMS).pipe(toArray()));
    expect(scope.isDone()).toBe(true);
    expect(seen[0]?.body).toEqual({ ...FULL_PARAMS, stream: true });
    expect(events).toEqual(expectedEvents(TEXT_SSE));
  });

  it('sends Authorization: Bearer, OpenAI-Beta: assistants=v2 and a JSON content type', async () => {
    const { seen } = intercept('post', RUNS_PATH, streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    await lastValueFrom(client.runs.stream('thread_abc123', { assistant_id: 'asst_1' }));
    const headers = seen[0]?.headers ?? {};
    expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(headers['openai-beta']).toBe('assistants=v2');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['openai-organization']).toBeUndefined();
    expect(headers['openai-project']).toBeUndefined();
  });

  it('sends OpenAI-Organization and OpenAI-Project when they are set', async () => {
    const { seen } = intercept('post', RUNS_PATH, streamReply);
    const client = createClient({
      apiKey: API_KEY,
      baseURL: BASE_URL,
      organization: 'org_1',
      project: 'proj_1',
    });
    await lastValueFrom(client.runs.stream('thread_abc123', { assistant_id: 'asst_1' }));
    expect(seen[0]?.headers['openai-organization']).toBe('org_1');
    expect(seen[0]?.headers['openai-project']).toBe('proj_1');
  });

  it('reads the key, base URL, organization and project from the environment by default', async () => {
    vi.stubEnv('OPENAI_API_KEY', API_KEY);
    vi.stubEnv('OPENAI_BASE_URL', BASE_URL);
    vi.stubEnv('OPENAI_ORG_ID', 'org_env');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj_env');
    const { seen, scope } = intercept('post', RUNS_PATH, streamReply);
    await lastValueFrom(createClient().runs.stream('thread_abc123', { assistant_id: 'asst_1' }));
    expect(scope.isDone()).toBe(true);
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(seen[0]?.headers['openai-organization']).toBe('org_env');
    expect(seen[0]?.headers['openai-project']).toBe('proj_env');
  });

  it('adds per-call headers to the client headers without dropping any', async () => {
    const { seen } = intercept('post', RUNS_PATH, streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL, headers: { 'X-Client': 'a' } });
    await lastValueFrom(
      client.runs.stream('thread_abc123', { assistant_id: 'asst_1' }, { headers: { 'X-Call': 'b' } }),
    );
    const headers = seen[0]?.headers ?? {};
    expect(headers['x-client']).toBe('a');
    expect(headers['x-call']).toBe('b');
    expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(headers['openai-beta']).toBe('assistants=v2');
  });

  it('lets custom headers replace the defaults, whatever their letter case', async () => {
    const { seen } = intercept('post', RUNS_PATH, streamReply, 2);
    const client = createClient({
      apiKey: API_KEY,
      baseURL: BASE_URL,
      headers: { authorization: 'Bearer proxy-token', 'openai-beta': 'assistants=v3' },
    });
    await lastValueFrom(client.runs.stream('thread_abc123', { assistant_id: 'asst_1' }));
    await lastValueFrom(
      client.runs.stream(
        'thread_abc123',
        { assistant_id: 'asst_1' },
        { headers: { AUTHORIZATION: 'Bearer per-call' } },
      ),
    );
    expect(seen[0]?.headers.authorization).toBe('Bearer proxy-token');
    expect(seen[0]?.headers['openai-beta']).toBe('assistants=v3');
    expect(seen[1]?.headers.authorization).toBe('Bearer per-call');
  });

  it('sends include as an include[] query and keeps it out of the body', async () => {
    const { seen } = intercept('post', RUNS_PATH, streamReply);
    const include = ['step_details.tool_calls[*].file_search.results[*].content'];
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    await lastValueFrom(client.runs.stream('thread_abc123', { assistant_id: 'asst_1', include }));
    const url = new URL(seen[0]?.path ?? '', ORIGIN);
    expect(url.pathname).toBe(RUNS_PATH);
    expect(url.searchParams.getAll('include[]')).toEqual(include);
    expect(seen[0]?.body).toEqual({ assistant_id: 'asst_1', stream: true });
  });

  it('sends the fields of extra_body, newer than its types, unchecked in the body', async () => {
    const { seen } = intercept('post', RUNS_PATH, streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    const future = { tool_resources: { code_interpreter: { file_ids: ['f_1'] } }, verbosity: 'low' };
    await lastValueFrom(
      client.runs.stream('thread_abc123', {
        assistant_id: 'asst_1',
        reasoning_effort: 'xhigh',
        extra_body: future,
      }),
    );
    expect(seen[0]?.body).toEqual({
      assistant_id: 'asst_1',
      reasoning_effort: 'xhigh',
      ...future,
      stream: true,
    });
  });

  it('sends include of create-thread-and-run as a query parameter, not in the body', async () => {
    const { seen } = intercept('post', '/v1/threads/runs', streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    const include = ['step_details.tool_calls[*].file_search.results[*].content'];
    await lastValueFrom(client.threads.createAndRunStream({ assistant_id: 'asst_1', include }));
    expect(new URL(seen[0]?.path ?? '', ORIGIN).searchParams.getAll('include[]')).toEqual(include);
    expect(seen[0]?.body).toEqual({ assistant_id: 'asst_1', stream: true });
  });

  it('URL-encodes the thread id', async () => {
    const { seen, scope } = intercept('post', '/v1/threads/thread%3Aa.b/runs', streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    await lastValueFrom(client.runs.stream('thread:a.b', { assistant_id: 'asst_1' }));
    expect(scope.isDone()).toBe(true);
    expect(seen[0]?.path).toBe('/v1/threads/thread%3Aa.b/runs');
  });

  it('makes the same streaming request for runs.create with stream: true', async () => {
    const { seen } = intercept('post', RUNS_PATH, streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    const events = await lastValueFrom(
      client.runs.create('thread_abc123', { ...FULL_PARAMS, stream: true }).pipe(toArray()),
    );
    expect(seen[0]?.body).toEqual({ ...FULL_PARAMS, stream: true });
    expect(events).toEqual(expectedEvents(TEXT_SSE));
  });

  it('POSTs submit_tool_outputs and createAndRun with stream: true', async () => {
    const submit = intercept('post', '/v1/threads/thread_abc123/runs/run_1/submit_tool_outputs', streamReply);
    const createAndRun = intercept('post', '/v1/threads/runs', streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    const tool_outputs = [{ tool_call_id: 'call_1', output: '{"temp":21}' }];
    await lastValueFrom(
      client.runs.submitToolOutputs('thread_abc123', 'run_1', { tool_outputs, stream: true }),
    );
    const thread = { messages: [{ role: 'user' as const, content: 'Hi' }] };
    await lastValueFrom(client.threads.createAndRun({ assistant_id: 'asst_1', thread, stream: true }));
    expect(submit.seen[0]?.body).toEqual({ tool_outputs, stream: true });
    expect(createAndRun.seen[0]?.body).toEqual({ assistant_id: 'asst_1', thread, stream: true });
  });
});

describe('runs.stream events', () => {
  const body = [
    'event: thread.run.created\ndata: {"id":"run_1","object":"thread.run","status":"queued"}\n\n',
    'event: thread.run.vendor_note\ndata: {"note":"warming up"}\n\n',
    'event: thread.run.completed\ndata: {"id":"run_1","object":"thread.run","status":"completed"}\n\n',
    'event: done\ndata: [DONE]\n\n',
  ].join('');

  it('skips event names it does not know and goes on', async () => {
    intercept('post', RUNS_PATH, () => [200, body, SSE_HEADERS]);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    const events = await lastValueFrom(
      client.runs.stream('thread_abc123', { assistant_id: 'asst_1' }).pipe(toArray()),
    );
    expect(events.map((e) => e.event)).toEqual(['thread.run.created', 'thread.run.completed']);
  });

  it("delivers them, marked unknown, with unknownEvents: 'emit'", async () => {
    intercept('post', RUNS_PATH, () => [200, body, SSE_HEADERS]);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    const events = await lastValueFrom(
      client.runs
        .stream('thread_abc123', { assistant_id: 'asst_1' }, { unknownEvents: 'emit' })
        .pipe(toArray()),
    );
    expect(events[1]).toEqual({
      event: 'thread.run.vendor_note',
      data: { note: 'warming up' },
      unknown: true,
    });
    expect(events).toHaveLength(3);
  });
});

describe('compatible servers', () => {
  it('joins a baseURL given with a trailing slash', async () => {
    const { scope } = intercept('post', '/compat/api/threads/thread_abc123/runs', streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: `${ORIGIN}/compat/api/` });
    await lastValueFrom(client.runs.stream('thread_abc123', { assistant_id: 'asst_1' }));
    expect(scope.isDone()).toBe(true);
  });

  it('keeps a query given in baseURL on every request, next to its own', async () => {
    const { seen } = intercept('post', '/gw/v1/threads/thread_abc123/runs', streamReply);
    const client = createClient({ apiKey: API_KEY, baseURL: `${ORIGIN}/gw/v1?tenant=t1` });
    await lastValueFrom(client.runs.stream('thread_abc123', { assistant_id: 'asst_1', include: ['x'] }));
    const url = new URL(seen[0]?.path ?? '', ORIGIN);
    expect(url.pathname).toBe('/gw/v1/threads/thread_abc123/runs');
    expect(url.searchParams.get('tenant')).toBe('t1');
    expect(url.searchParams.getAll('include[]')).toEqual(['x']);
  });

  it('falls back to the default base URL when OPENAI_BASE_URL is empty', () => {
    vi.stubEnv('OPENAI_BASE_URL', '');
    expect(createClient({ apiKey: API_KEY }).config.baseURL).toBe('https://api.openai.com/v1');
    vi.unstubAllEnvs();
  });

  it('sends every request through a custom fetch', async () => {
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      calls.push(`${request.method} ${request.url} ${request.headers.get('authorization')}`);
      return new Response(TEXT_SSE, { headers: SSE_HEADERS });
    };
    const client = createClient({ apiKey: API_KEY, baseURL: 'http://compat.invalid/v1', fetch });
    const events = await lastValueFrom(
      client.runs.stream('thread_abc123', { assistant_id: 'asst_1' }).pipe(toArray()),
    );
    expect(calls).toEqual([`POST http://compat.invalid/v1/threads/thread_abc123/runs Bearer ${API_KEY}`]);
    expect(events).toEqual(expectedEvents(TEXT_SSE));
  });

  it('sends no Authorization header when there is no key', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const { seen } = intercept('post', RUNS_PATH, streamReply);
    await lastValueFrom(
      createClient({ baseURL: BASE_URL }).runs.stream('thread_abc123', { assistant_id: 'asst_1' }),
    );
    expect(seen[0]?.headers.authorization).toBeUndefined();
    vi.unstubAllEnvs();
  });
});

describe('threads.messages.list', () => {
  it('lists one run’s messages with the query it was given, oldest first when asked', async () => {
    const page = { object: 'list', data: [], first_id: null, last_id: null, has_more: false };
    const { seen } = intercept('get', /^\/v1\/threads\/thread_abc123\/messages/, () => [200, page]);
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL });
    const listed = await client.threads.messages.list('thread_abc123', {
      run_id: 'run_1',
      order: 'asc',
      limit: 5,
    });
    expect(listed).toEqual(page);
    const url = new URL(seen[0]?.path ?? '', ORIGIN);
    expect(Object.fromEntries(url.searchParams)).toEqual({ run_id: 'run_1', order: 'asc', limit: '5' });
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ order: 'newest' }, 'order'],
    [{ run_id: 'run/1' }, 'run_id'],
    [{ after: '../x' }, 'after'],
  ])('rejects %j before any request', async (query, field) => {
    const fetch = vi.fn(async () => new Response('{}'));
    const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL, fetch });
    const error = await client.threads.messages
      .list('thread_abc123', query as MessageListQuery)
      .catch((e: unknown) => e);
    expect((error as ValidationError).field).toBe(field);
    expect(fetch).not.toHaveBeenCalled();
  });
});
