import { afterEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  createClient,
  IdleTimeoutError,
  InternalServerError,
  RateLimitError,
  RunStreamError,
  type RunStreamEvent,
  StreamInterruptedError,
} from '../../src/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { call, closeSimulators, eventually, frames, pollRun, simulator, threadWith } from './support.js';

afterEach(closeSimulators);

const clientFor = (sim: Simulator, maxRetries: number, idleTimeout?: number) =>
  createClient({
    baseURL: sim.url,
    apiKey: 'sk-sim-test-key',
    maxRetries,
    ...(idleTimeout ? { idleTimeout } : {}),
  });

const streamWith = (
  sim: Simulator,
  threadId: string,
  metadata: Record<string, string>,
  maxRetries = 0,
  idleTimeout?: number,
) =>
  outcomeOf(
    clientFor(sim, maxRetries, idleTimeout).runs.stream(threadId, { assistant_id: 'asst_f', metadata }),
  );

const statuses = (sim: Simulator) =>
  sim
    .requests()
    .filter((r) => r.method === 'POST' && r.path.endsWith('/runs'))
    .map((r) => r.status);

const textOf = (events: RunStreamEvent[]) =>
  events
    .map((e) =>
      e.event === 'thread.message.delta'
        ? ((e.data.delta.content?.[0] as { text?: { value?: string } })?.text?.value ?? '')
        : '',
    )
    .join('');

describe('HTTP faults', () => {
  it.each([
    ['http_429', 429],
    ['http_500', 500],
    ['http_503', 503],
  ])('%s: the client retries (Retry-After: 0) and the run then streams to its end', async (fault, status) => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const outcome = await streamWith(sim, threadId, { fault }, 2);
    expect(outcome.error).toBeUndefined();
    expect(outcome.values.at(-1)?.event).toBe('thread.run.completed');
    await eventually(() => statuses(sim).length === 2 && statuses(sim)[1] !== 0);
    expect(statuses(sim)).toEqual([status, 200]);
  });

  it.each([
    ['http_429', RateLimitError, 429],
    ['http_500', InternalServerError, 500],
    ['http_503', InternalServerError, 503],
  ])(
    '%s with maxRetries 0 errors with %o carrying the status and request id',
    async (fault, ErrorClass, status) => {
      const sim = await simulator();
      const threadId = await threadWith(sim, 'hi');
      const outcome = await streamWith(sim, threadId, { fault }, 0);
      expect(outcome.error).toBeInstanceOf(ErrorClass);
      expect(outcome.error).toMatchObject({ status, requestId: expect.stringMatching(/^req_/) });
      expect(outcome.values).toEqual([]);
    },
  );

  it('answers the fault with the API error body and a Retry-After header', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const answer = await call(sim, 'POST', `/threads/${threadId}/runs`, {
      assistant_id: 'asst_f',
      metadata: { fault: 'http_429', retry_after: '3' },
    });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.json.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests', param: null });
  });

  it('keeps failing for fault_times requests, so fewer retries than that still fail', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const outcome = await streamWith(sim, threadId, { fault: 'http_500', fault_times: '3' }, 2);
    expect(outcome.error).toBeInstanceOf(InternalServerError);
    const next = await streamWith(sim, threadId, { fault: 'http_500', fault_times: '3' }, 0);
    expect(next.values.at(-1)?.event).toBe('thread.run.completed');
  });

  it('a refused request leaves nothing behind: the retried additional message is added once', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'first');
    const client = clientFor(sim, 1);
    const outcome = await outcomeOf(
      client.runs.stream(threadId, {
        assistant_id: 'asst_f',
        additional_messages: [{ role: 'user', content: 'again [fault:http_503]' }],
      }),
    );
    expect(outcome.values.at(-1)?.event).toBe('thread.run.completed');
    const messages = await call(sim, 'GET', `/threads/${threadId}/messages?order=asc`);
    expect(messages.json.data.map((m: { role: string }) => m.role)).toEqual(['user', 'user', 'assistant']);
  });

  it('reset: a dropped connection is retried, and with no retries errors with APIConnectionError', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const failed = await streamWith(sim, threadId, { fault: 'reset' }, 0);
    expect(failed.error).toBeInstanceOf(APIConnectionError);
    const other = await threadWith(sim, 'hi');
    const retried = await streamWith(sim, other, { fault: 'reset' }, 1);
    expect(retried.values.at(-1)?.event).toBe('thread.run.completed');
  });
});

describe('fault counting', () => {
  const ROUTES = ['create run', 'create thread and run'] as const;

  /** Where a streamed run asking for `metadata` starts by `route`, and the body it sends there. */
  async function start(sim: Simulator, route: (typeof ROUTES)[number], metadata: Record<string, string>) {
    const body = { assistant_id: 'asst_f', stream: true, metadata };
    const message = { role: 'user', content: 'the same text' };
    if (route === 'create run')
      return { path: `/threads/${await threadWith(sim, message.content)}/runs`, body };
    return { path: '/threads/runs', body: { ...body, thread: { messages: [message] } } };
  }

  it.each(ROUTES)(
    '%s: every request of the run is refused once, then its retry goes through, submit included',
    async (route) => {
      const sim = await simulator();
      const { path, body } = await start(sim, route, { scenario: 'function_call', fault: 'http_503' });
      expect((await call(sim, 'POST', path, body)).status).toBe(503);
      const created = await call(sim, 'POST', path, body);
      expect(created.status).toBe(200);
      const run = frames(created.text).find((f) => f.event === 'thread.run.requires_action')?.json;
      const submit = `/threads/${run.thread_id}/runs/${run.id}/submit_tool_outputs`;
      const outputs = {
        stream: true,
        tool_outputs: run.required_action.submit_tool_outputs.tool_calls.map((c: { id: string }) => ({
          tool_call_id: c.id,
          output: '21°C',
        })),
      };
      expect((await call(sim, 'POST', submit, outputs)).status).toBe(503);
      const resumed = await call(sim, 'POST', submit, outputs);
      expect(resumed.status).toBe(200);
      expect(frames(resumed.text).at(-2)?.event).toBe('thread.run.completed');
    },
  );

  it.each(ROUTES)(
    '%s: an independent request with the same text, after one got through, suffers its own fault',
    async (route) => {
      const sim = await simulator();
      const { path, body } = await start(sim, route, { fault: 'http_503' });
      const statuses: number[] = [];
      // Each answer is read to its end, so the thread has no active run when the next one starts.
      for (let i = 0; i < 4; i++) statuses.push((await call(sim, 'POST', path, body)).status);
      expect(statuses).toEqual([503, 200, 503, 200]);
    },
  );
});

describe('stream faults', () => {
  it('cut: errors with StreamInterruptedError after delivering the events before the cut', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const outcome = await streamWith(sim, threadId, { fault: 'cut', fault_after: '8' });
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect(outcome.values).toHaveLength(8);
    expect((outcome.error as StreamInterruptedError).lastEvent).toBe(outcome.values.at(-1)?.event);
    // The connection was lost, not the run: it still ends on the server.
    const runId = outcome.values[0]?.data.id as string;
    expect((await pollRun(sim, threadId, runId)).at(-1)).toBe('completed');
  });

  it('cut: strikes before the terminal event even when the run is shorter than fault_after', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const outcome = await streamWith(sim, threadId, { fault: 'cut', scenario: 'failed' });
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect(outcome.values.map((e) => e.event)).toEqual([
      'thread.run.created',
      'thread.run.queued',
      'thread.run.in_progress',
    ]);
  });

  it('stall: the stream goes silent, the client errors with IdleTimeoutError and the server sees it leave', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const outcome = await streamWith(sim, threadId, { fault: 'stall', fault_after: '5' }, 0, 100);
    expect(outcome.error).toBeInstanceOf(IdleTimeoutError);
    expect(outcome.values).toHaveLength(5);
    await eventually(() => sim.streams() === 0);
  });

  it('stall: close() resolves even while a stalled stream holds its socket open', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const response = await fetch(`${sim.url}/threads/${threadId}/runs`, {
      method: 'POST',
      body: JSON.stringify({
        assistant_id: 'asst_f',
        stream: true,
        metadata: { fault: 'stall', fault_after: '1' },
      }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect(sim.streams()).toBe(1);
    await sim.close();
    await expect(reader.read()).rejects.toThrow();
    await eventually(() => sim.connections() === 0);
  });

  it('error_event: errors with RunStreamError carrying the server error, and the run fails', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const outcome = await streamWith(sim, threadId, { fault: 'error_event', fault_after: '4' });
    expect(outcome.error).toBeInstanceOf(RunStreamError);
    expect(outcome.error).toMatchObject({ code: 'server_error', type: 'server_error' });
    expect(outcome.values).toHaveLength(4);
    const runId = outcome.values[0]?.data.id as string;
    expect((await pollRun(sim, threadId, runId)).at(-1)).toBe('failed');
  });

  it('json: a JSON run instead of a stream makes the client poll and emit status events', async () => {
    const sim = await simulator({ tokenDelayMs: 1 });
    const threadId = await threadWith(sim, 'hi');
    const outcome = await streamWith(sim, threadId, { fault: 'json' });
    expect(outcome.error).toBeUndefined();
    const names = outcome.values.map((e) => e.event);
    expect(names[0]).toBe('thread.run.queued');
    expect(names.at(-1)).toBe('thread.run.completed');
    expect(names.every((n) => n.startsWith('thread.run.'))).toBe(true);
  });

  it('faults also come from a [fault:…] token in the user message', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'please [fault:cut]');
    const outcome = await streamWith(sim, threadId, {});
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
  });
});

describe('odd chunk boundaries', () => {
  it.each(['one_byte', 'mid_char', 'random'])(
    '%s chunking gives the client the same events as plain writes',
    async (chunking) => {
      const sim = await simulator();
      const plain = await streamWith(sim, await threadWith(sim, 'Grüße 👋 from Zürich'), {
        scenario: 'file_search',
      });
      const odd = await streamWith(sim, await threadWith(sim, 'Grüße 👋 from Zürich'), {
        scenario: 'file_search',
        chunking,
      });
      expect(odd.error).toBeUndefined();
      expect(odd.values.map((e) => e.event)).toEqual(plain.values.map((e) => e.event));
      expect(textOf(odd.values)).toBe(textOf(plain.values));
      expect(textOf(odd.values)).toContain('【4:0†manual.pdf】');
    },
  );
});
