import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type APIError,
  type ClientOptions,
  createClient,
  InternalServerError,
  RateLimitError,
  StreamInterruptedError,
} from '../../src/index.js';
import { expectedEvents, outcomeOf } from '../helpers/fixtures.js';
import {
  API_KEY,
  BASE_URL,
  errorBody,
  intercept,
  runJSON,
  SSE_HEADERS,
  TEXT_SSE,
  useNock,
} from './support.js';

useNock({ beforeAll, afterEach, afterAll });

const RUNS_PATH = '/v1/threads/thread_1/runs';
const clientWith = (options: ClientOptions = {}) =>
  createClient({ apiKey: API_KEY, baseURL: BASE_URL, ...options });
const params = { assistant_id: 'asst_1' };

/** Fails `failures` times with `status` and `headers`, then streams TEXT_SSE. */
function failThenStream(
  status: number,
  failures: number,
  headers: Record<string, string> = { 'retry-after': '0' },
) {
  return intercept(
    'post',
    RUNS_PATH,
    (_seen, index) =>
      index < failures
        ? [status, errorBody(`attempt ${index + 1} failed`), headers]
        : [200, TEXT_SSE, SSE_HEADERS],
    failures + 1,
  );
}

describe('retries before the first byte', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])('retries a %i and then streams the run', async (status) => {
    const { seen } = failThenStream(status, 2);
    const events = await lastValueFrom(clientWith().runs.stream('thread_1', params).pipe(toArray()));
    expect(seen).toHaveLength(3);
    expect(events).toEqual(expectedEvents(TEXT_SSE));
    expect(seen.map((s) => s.body)).toEqual([seen[0]?.body, seen[0]?.body, seen[0]?.body]);
  });

  it.each([400, 401, 403, 404, 422])('does not retry a %i', async (status) => {
    const { seen } = failThenStream(status, 2);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect((error as APIError).status).toBe(status);
    expect(seen).toHaveLength(1);
  });

  it('retries twice by default', async () => {
    const { seen } = failThenStream(503, 3);
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(3);
  });

  it('makes maxRetries + 1 attempts, then errors with the last response', async () => {
    const { seen } = failThenStream(503, 5);
    const { error } = await outcomeOf(clientWith({ maxRetries: 3 }).runs.stream('thread_1', params));
    expect(seen).toHaveLength(4);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toContain('attempt 4 failed');
  });

  it('lets a call set its own maxRetries', async () => {
    const { seen } = failThenStream(503, 2);
    const { error } = await outcomeOf(
      clientWith({ maxRetries: 5 }).runs.stream('thread_1', params, { maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(1);
  });

  it('does not retry when the server says x-should-retry: false', async () => {
    const { seen } = failThenStream(503, 2, { 'retry-after': '0', 'x-should-retry': 'false' });
    const { error } = await outcomeOf(clientWith().runs.stream('thread_1', params));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(1);
  });

  it('retries a status it would not when the server says x-should-retry: true', async () => {
    const { seen } = failThenStream(400, 1, { 'x-should-retry': 'true' });
    const events = await lastValueFrom(clientWith().runs.stream('thread_1', params).pipe(toArray()));
    expect(events).toEqual(expectedEvents(TEXT_SSE));
    expect(seen).toHaveLength(2);
  });

  it('honours retry-after-ms and keeps the body of the last error', async () => {
    const { seen } = failThenStream(429, 3, { 'retry-after-ms': '1', 'content-type': 'application/json' });
    const { error } = await outcomeOf(clientWith({ maxRetries: 1 }).runs.stream('thread_1', params));
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as Error).message).toContain('attempt 2 failed');
  });

  it('retries the create call of runs.create and each poll after it', async () => {
    const create = intercept(
      'post',
      RUNS_PATH,
      (_seen, index) =>
        index === 0
          ? [500, errorBody('oops'), { 'retry-after': '0' }]
          : [200, runJSON('queued'), { 'openai-poll-after-ms': '1' }],
      2,
    );
    const poll = intercept(
      'get',
      '/v1/threads/thread_1/runs/run_abc123',
      (_seen, index) =>
        index === 0 ? [503, errorBody('busy'), { 'retry-after': '0' }] : [200, runJSON('completed')],
      2,
    );
    const run = await clientWith().runs.create('thread_1', params);
    expect(run.status).toBe('completed');
    expect(create.seen).toHaveLength(2);
    expect(poll.seen).toHaveLength(2);
  });
});

describe('backoff', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('waits Retry-After seconds before retrying', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const attempts: number[] = [];
    const fetch: typeof globalThis.fetch = async () => {
      attempts.push(attempts.length);
      return attempts.length === 1
        ? new Response('{}', { status: 429, headers: { 'retry-after': '30' } })
        : new Response(TEXT_SSE, { headers: SSE_HEADERS });
    };
    const events = lastValueFrom(clientWith({ fetch }).runs.stream('thread_1', params).pipe(toArray()));
    await vi.advanceTimersByTimeAsync(29_900);
    expect(attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(attempts).toHaveLength(2);
    expect(await events).toEqual(expectedEvents(TEXT_SSE));
  });

  /** The first request fails with `headers`, the next streams; resolves with the ms between the two. */
  async function waitBeforeRetry(status: number, headers: Record<string, string>): Promise<number> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const sentAt: number[] = [];
    const fetch: typeof globalThis.fetch = async () => {
      sentAt.push(Date.now());
      return sentAt.length === 1
        ? new Response('{}', { status, headers })
        : new Response(TEXT_SSE, { headers: SSE_HEADERS });
    };
    const events = lastValueFrom(clientWith({ fetch }).runs.stream('thread_1', params).pipe(toArray()));
    for (let step = 0; step < 400 && sentAt.length < 2; step++) await vi.advanceTimersByTimeAsync(25);
    expect(await events).toEqual(expectedEvents(TEXT_SSE));
    return (sentAt[1] as number) - (sentAt[0] as number);
  }

  it.each([
    ['retry-after-ms', 429, { 'retry-after-ms': '3000' }, 3000],
    ['retry-after-ms over retry-after', 503, { 'retry-after-ms': '2500', 'retry-after': '9' }, 2500],
    ['Retry-After with x-should-retry: true', 429, { 'retry-after': '4', 'x-should-retry': 'true' }, 4000],
    [
      'retry-after-ms with x-should-retry: true',
      503,
      { 'retry-after-ms': '2000', 'x-should-retry': 'true' },
      2000,
    ],
  ])('waits as %s asks', async (_name, status, headers, expected) => {
    const wait = await waitBeforeRetry(status, headers);
    expect(wait).toBeGreaterThanOrEqual(expected);
    expect(wait).toBeLessThanOrEqual(expected + 50);
  });

  it.each([
    [0, 1],
    [1, 0.75],
  ])(
    'backs off exponentially without Retry-After: with Math.random() = %d, retry n waits %d × 500 ms × 2^(n-1)',
    async (random, share) => {
      vi.spyOn(Math, 'random').mockReturnValue(random);
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const sentAt: number[] = [];
      const fetch: typeof globalThis.fetch = async () => {
        sentAt.push(Date.now());
        return new Response('{}', { status: 503 });
      };
      const outcome = outcomeOf(clientWith({ fetch, maxRetries: 3 }).runs.stream('thread_1', params));
      for (let step = 0; step < 200 && sentAt.length < 4; step++) await vi.advanceTimersByTimeAsync(25);
      expect((await outcome).error).toBeInstanceOf(InternalServerError);
      const waits = sentAt.slice(1).map((at, i) => at - (sentAt[i] as number));
      // Timers advance in 25 ms steps, so each wait is seen up to 25 ms late.
      expect(waits).toHaveLength(3);
      waits.forEach((wait, i) => {
        const due = 500 * 2 ** i * share;
        expect(wait).toBeGreaterThanOrEqual(due);
        expect(wait).toBeLessThanOrEqual(due + 25);
      });
    },
  );

  it('stops waiting and sends nothing more when the subscriber leaves during a backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let attempts = 0;
    const fetch: typeof globalThis.fetch = async () => {
      attempts++;
      return new Response('{}', { status: 503, headers: { 'retry-after': '5' } });
    };
    const subscription = clientWith({ fetch }).runs.stream('thread_1', params).subscribe();
    await vi.advanceTimersByTimeAsync(1_000);
    subscription.unsubscribe();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(attempts).toBe(1);
  });
});

/** A fetch whose 200 stream serves `text` and then fails as a reset connection does. */
function breakingStream(text: string): typeof globalThis.fetch {
  return async () => {
    const encoder = new TextEncoder();
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(encoder.encode(text));
        else controller.error(new TypeError('terminated'));
      },
    });
    return new Response(body, { headers: SSE_HEADERS });
  };
}

describe('no replay once the stream has started', () => {
  it('errors with StreamInterruptedError after one request when a 200 stream breaks off', async () => {
    const partial = TEXT_SSE.slice(0, 1_500);
    const fetch = vi.fn(breakingStream(partial));
    const outcome = await outcomeOf(clientWith({ fetch, maxRetries: 3 }).runs.stream('thread_1', params));
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect(outcome.values).toEqual(expectedEvents(partial.slice(0, partial.lastIndexOf('\n\n') + 2)));
    expect(outcome.values.length).toBeGreaterThan(0);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('delivers the events that arrived just before the break, and completes after a terminal one', async () => {
    const beforeDone = TEXT_SSE.slice(0, TEXT_SSE.indexOf('event: done'));
    const fetch = vi.fn(breakingStream(beforeDone));
    const outcome = await outcomeOf(clientWith({ fetch }).runs.stream('thread_1', params));
    expect(outcome.completed).toBe(true);
    expect(outcome.values).toEqual(expectedEvents(TEXT_SSE));
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
