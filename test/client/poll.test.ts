import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ClientOptions,
  createClient,
  type Run,
  type RunStatus,
  UnexpectedResponseError,
} from '../../src/index.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { API_KEY, BASE_URL, intercept, runJSON, SSE_HEADERS, useNock } from './support.js';

useNock({ beforeAll, afterEach, afterAll });

const RUNS_PATH = '/v1/threads/thread_abc123/runs';
const RUN_PATH = '/v1/threads/thread_abc123/runs/run_abc123';
const POLL_NOW = { 'openai-poll-after-ms': '1' };
const params = { assistant_id: 'asst_abc123' };
const clientWith = (options: ClientOptions = {}) =>
  createClient({ apiKey: API_KEY, baseURL: BASE_URL, pollInterval: 1, ...options });

/** Answers the create call with a `first` run and each poll with the next status of `statuses`. */
function runThrough(first: RunStatus, statuses: RunStatus[]) {
  const create = intercept('post', RUNS_PATH, () => [200, runJSON(first), POLL_NOW]);
  const polls =
    statuses.length > 0
      ? intercept(
          'get',
          RUN_PATH,
          (_seen, i) => [200, runJSON(statuses[i] as RunStatus), POLL_NOW],
          statuses.length,
        )
      : { seen: [] };
  return { create, polls };
}

/** A fetch that answers the create call with `first` and each poll with `next()`, recording when. */
function scriptedFetch(first: Run, headers: Record<string, string>, next: () => Run) {
  const sent: Array<{ method: string; at: number }> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    sent.push({ method: request.method, at: Date.now() });
    const run = request.method === 'POST' ? first : next();
    return new Response(JSON.stringify(run), { headers: { 'content-type': 'application/json', ...headers } });
  };
  return { fetch, sent };
}

describe('runs.create without stream: true', () => {
  it('creates the run with stream: false and polls until it completes', async () => {
    const { create, polls } = runThrough('queued', ['queued', 'in_progress', 'completed']);
    const run = await clientWith().runs.create('thread_abc123', params);
    expect(create.seen[0]?.body).toEqual({ ...params, stream: false });
    expect(polls.seen).toHaveLength(3);
    expect(run).toEqual(runJSON('completed'));
  });

  it.each<RunStatus>(['requires_action', 'failed', 'incomplete', 'cancelled', 'expired'])(
    'resolves when the run reaches %s',
    async (status) => {
      const { polls } = runThrough('in_progress', [status]);
      const run = await clientWith().runs.create('thread_abc123', params);
      expect(run.status).toBe(status);
      expect(polls.seen).toHaveLength(1);
    },
  );

  it('polls the thread the caller named, even when the server leaves thread_id out of its runs', async () => {
    const { thread_id: _, ...bare } = runJSON('queued');
    intercept('post', RUNS_PATH, () => [200, bare, POLL_NOW]);
    const polls = intercept('get', RUN_PATH, () => [200, runJSON('completed'), POLL_NOW]);
    expect((await clientWith().runs.create('thread_abc123', params)).status).toBe('completed');
    expect(polls.seen).toHaveLength(1);
  });

  it('says which id is missing when a created thread-and-run cannot be polled, and sends no poll', async () => {
    const { thread_id: _, ...bare } = runJSON('queued');
    const create = intercept('post', '/v1/threads/runs', () => [200, bare, POLL_NOW]);
    const error = await clientWith()
      .threads.createAndRun(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('a run whose thread_id cannot be polled');
    expect(create.seen).toHaveLength(1);
  });

  it('resolves without polling when the created run has already settled', async () => {
    const { polls } = runThrough('completed', []);
    expect((await clientWith().runs.create('thread_abc123', params)).status).toBe('completed');
    expect(polls.seen).toHaveLength(0);
  });

  it('reads the run from a stream when the server streams anyway', async () => {
    const stream = [
      `event: thread.run.created\ndata: ${JSON.stringify(runJSON('queued'))}\n\n`,
      `event: thread.run.in_progress\ndata: ${JSON.stringify(runJSON('in_progress'))}\n\n`,
      `event: thread.run.requires_action\ndata: ${JSON.stringify(runJSON('requires_action'))}\n\n`,
      'event: done\ndata: [DONE]\n\n',
    ].join('');
    intercept('post', RUNS_PATH, () => [200, stream, SSE_HEADERS]);
    const run = await clientWith().runs.create('thread_abc123', params);
    expect(run).toEqual(runJSON('requires_action'));
  });
});

describe('poll timing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits openai-poll-after-ms between polls when the server gives it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let polls = 0;
    const { fetch, sent } = scriptedFetch(runJSON('queued'), { 'openai-poll-after-ms': '250' }, () =>
      runJSON(++polls < 3 ? 'in_progress' : 'completed'),
    );
    const run = clientWith({ fetch, pollInterval: 10_000 }).runs.create('thread_abc123', params);
    for (let step = 0; step < 100 && sent.length < 4; step++) await vi.advanceTimersByTimeAsync(10);
    expect((await run).status).toBe('completed');
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(gaps).toHaveLength(3);
    // Timers advance in 10 ms steps, so a 250 ms wait is seen as 250 to 259 ms.
    for (const gap of gaps) expect(Math.floor(gap / 10) * 10).toBe(250);
  });

  it('waits pollInterval when the server gives no hint', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fetch, sent } = scriptedFetch(runJSON('queued'), {}, () => runJSON('completed'));
    const run = clientWith({ fetch, pollInterval: 400 }).runs.create('thread_abc123', params);
    await vi.advanceTimersByTimeAsync(390);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(sent).toHaveLength(2);
    expect((await run).status).toBe('completed');
  });

  it('stops polling and rejects with the reason when the signal aborts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fetch, sent } = scriptedFetch(runJSON('queued'), {}, () => runJSON('in_progress'));
    const controller = new AbortController();
    const run = clientWith({ fetch, pollInterval: 100 }).runs.create('thread_abc123', params, {
      signal: controller.signal,
    });
    const settled = run.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(250);
    const before = sent.length;
    expect(before).toBeGreaterThan(1);
    const reason = new Error('enough');
    controller.abort(reason);
    expect(await settled).toBe(reason);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toHaveLength(before);
  });
});

describe('stream fallback when the server answers with a JSON run', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits thread.run.<status> once per status change and completes after the terminal one', async () => {
    const { polls } = runThrough('queued', ['queued', 'in_progress', 'in_progress', 'completed']);
    const events = await lastValueFrom(clientWith().runs.stream('thread_abc123', params).pipe(toArray()));
    expect(polls.seen).toHaveLength(4);
    expect(events).toEqual([
      { event: 'thread.run.queued', data: runJSON('queued') },
      { event: 'thread.run.in_progress', data: runJSON('in_progress') },
      { event: 'thread.run.completed', data: runJSON('completed') },
    ]);
  });

  it('emits the one event of a run that has already settled, without polling', async () => {
    const { polls } = runThrough('failed', []);
    const events = await lastValueFrom(clientWith().runs.stream('thread_abc123', params).pipe(toArray()));
    expect(events).toEqual([{ event: 'thread.run.failed', data: runJSON('failed') }]);
    expect(polls.seen).toHaveLength(0);
  });

  it('completes at requires_action, so tool calls can be answered', async () => {
    runThrough('in_progress', ['requires_action']);
    const events = await lastValueFrom(clientWith().runs.stream('thread_abc123', params).pipe(toArray()));
    expect(events.map((e) => e.event)).toEqual(['thread.run.in_progress', 'thread.run.requires_action']);
  });

  it("skips a status it does not know, or delivers it marked unknown with unknownEvents: 'emit'", async () => {
    const future = 'paused' as RunStatus;
    runThrough('queued', [future, 'completed']);
    const skipped = await lastValueFrom(clientWith().runs.stream('thread_abc123', params).pipe(toArray()));
    expect(skipped.map((e) => e.event)).toEqual(['thread.run.queued', 'thread.run.completed']);
    runThrough('queued', [future, 'completed']);
    const emitted = await lastValueFrom(
      clientWith().runs.stream('thread_abc123', params, { unknownEvents: 'emit' }).pipe(toArray()),
    );
    expect(emitted[1]).toEqual({ event: 'thread.run.paused', data: runJSON(future), unknown: true });
    expect(emitted.map((e) => e.event)).toEqual([
      'thread.run.queued',
      'thread.run.paused',
      'thread.run.completed',
    ]);
  });

  it('errors the stream with the HTTP error of a failed poll', async () => {
    intercept('post', RUNS_PATH, () => [200, runJSON('queued'), POLL_NOW]);
    intercept('get', RUN_PATH, () => [
      404,
      { error: { message: 'No run found', type: 'invalid_request_error' } },
    ]);
    const { values, error } = await outcomeOf(
      clientWith({ maxRetries: 0 }).runs.stream('thread_abc123', params),
    );
    expect(values.map((e) => e.event)).toEqual(['thread.run.queued']);
    expect((error as Error).name).toBe('NotFoundError');
  });

  it('stops polling when the subscriber leaves', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fetch, sent } = scriptedFetch(runJSON('queued'), {}, () => runJSON('in_progress'));
    const seen: string[] = [];
    const subscription = clientWith({ fetch, pollInterval: 100 })
      .runs.stream('thread_abc123', params)
      .subscribe((e) => seen.push(e.event));
    await vi.advanceTimersByTimeAsync(250);
    expect(seen).toEqual(['thread.run.queued', 'thread.run.in_progress']);
    subscription.unsubscribe();
    const before = sent.length;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toHaveLength(before);
  });
});
