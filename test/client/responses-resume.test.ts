import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, IdleTimeoutError, StreamInterruptedError } from '../../src/index.js';
import type { ResponseStreamEvent } from '../../src/types/responses/index.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/sse-server.js';
import { responseJSON, sse, textResponseEvents } from './responses-support.js';

const ID = 'resp_cut123';
const SSE = { 'content-type': 'text/event-stream' };
const WORDS = ['One', ' two', ' three', ' four', ' five', ' six', ' seven'];

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

/**
 * Answers the status check a cut of a background stream starts with (`GET /responses/{id}`):
 * the response is still running, so the stream rejoins.
 */
async function stillRunning(id = ID): Promise<void> {
  const check = await server.nextExchange();
  expect(`${check.request.method} ${check.request.url}`).toBe(`GET /v1/responses/${id}`);
  check.respond(200, { 'content-type': 'application/json' });
  await check.end(JSON.stringify(responseJSON(id, 'in_progress', { background: true })));
}

const clientOf = (options: { maxRetries?: number; idleTimeout?: number } = {}) =>
  createClient({ baseURL: server.url, apiKey: 'sk-test', ...options });

/**
 * Subscribes and collects every event, and the error if there is one; `reached(n)` resolves once
 * `n` events have arrived.
 */
function collect(stream: ReturnType<ReturnType<typeof clientOf>['responses']['stream']>) {
  const events: ResponseStreamEvent[] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const ended = new Promise<unknown>((resolve) => {
    stream.subscribe({
      next: (e) => {
        events.push(e);
        for (const waiter of waiting.filter((w) => events.length >= w.count)) waiter.resolve();
      },
      error: resolve,
      complete: () => resolve(undefined),
    });
  });
  const reached = (count: number) =>
    new Promise<void>((resolve) => {
      if (events.length >= count) resolve();
      else waiting.push({ count, resolve });
    });
  return { events, ended, reached };
}

describe('a cut background stream', () => {
  const all = textResponseEvents(ID, WORDS, { background: true });

  it('resumes by itself after two cuts, every event once, in order', async () => {
    const { events, ended } = collect(
      clientOf().responses.stream({ model: 'gpt-5', input: 'Count', background: true }),
    );
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 4)));
    first.destroy();
    await stillRunning();
    const second = await server.nextExchange();
    expect(second.request.method).toBe('GET');
    expect(second.request.url).toBe(`/v1/responses/${ID}?stream=true&starting_after=3`);
    second.respond(200, SSE);
    await second.write(sse(all.slice(4, 7)));
    // A close without a terminal event is a cut too.
    await second.end();
    await stillRunning();
    const third = await server.nextExchange();
    expect(third.request.url).toBe(`/v1/responses/${ID}?stream=true&starting_after=6`);
    third.respond(200, SSE);
    await third.end(sse(all.slice(7)));
    expect(await ended).toBeUndefined();
    expect(events).toEqual(all);
  });

  it('drops the events a resuming server sends again', async () => {
    const { events, ended } = collect(
      clientOf().responses.stream({ model: 'gpt-5', input: 'Count', background: true }),
    );
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 6)));
    first.destroy();
    await stillRunning();
    const second = await server.nextExchange();
    expect(second.request.url).toContain('starting_after=5');
    second.respond(200, SSE);
    // This server replays from the start.
    await second.end(sse(all));
    expect(await ended).toBeUndefined();
    expect(events.map((e) => e.sequence_number)).toEqual(all.map((e) => e.sequence_number));
  });

  it('resumes after a stall once the idle timeout fires', async () => {
    const { events, ended } = collect(
      clientOf({ idleTimeout: 150 }).responses.stream({ model: 'gpt-5', input: 'Count', background: true }),
    );
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 3)));
    // Silence: the client gives up on this connection, checks the response's status and rejoins.
    await stillRunning();
    const second = await server.nextExchange();
    expect(second.request.url).toContain('starting_after=2');
    await first.closed;
    expect(first.closedEarly).toBe(true);
    second.respond(200, SSE);
    await second.end(sse(all.slice(3)));
    expect(await ended).toBeUndefined();
    expect(events).toEqual(all);
  });

  it('gives up after maxRetries cuts in a row with no new event, with the last cut', async () => {
    const { events, ended } = collect(
      clientOf({ maxRetries: 1 }).responses.stream({ model: 'gpt-5', input: 'Count', background: true }),
    );
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 2)));
    first.destroy();
    await stillRunning();
    const second = await server.nextExchange();
    second.respond(200, SSE);
    second.destroy();
    await stillRunning();
    expect(await ended).toBeInstanceOf(StreamInterruptedError);
    expect(events).toEqual(all.slice(0, 2));
  });

  it('resume() of another process rejoins from startingAfter and resumes its own cuts', async () => {
    const { events, ended } = collect(clientOf().responses.resume(ID, { startingAfter: 2 }));
    const first = await server.nextExchange();
    expect(first.request.url).toBe(`/v1/responses/${ID}?stream=true&starting_after=2`);
    first.respond(200, SSE);
    await first.write(sse(all.slice(3, 5)));
    first.destroy();
    await stillRunning();
    const second = await server.nextExchange();
    expect(second.request.url).toContain('starting_after=4');
    second.respond(200, SSE);
    await second.end(sse(all.slice(5)));
    expect(await ended).toBeUndefined();
    expect(events).toEqual(all.slice(3));
  });
});

describe('a cut foreground stream', () => {
  it('errors with StreamInterruptedError after every event that arrived, and does not resume', async () => {
    const all = textResponseEvents(ID, WORDS);
    const { events, ended } = collect(clientOf().responses.stream({ model: 'gpt-5', input: 'Count' }));
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 5)));
    first.destroy();
    expect(await ended).toBeInstanceOf(StreamInterruptedError);
    expect(events).toEqual(all.slice(0, 5));
    expect(server.requests).toHaveLength(1);
  });

  it('errors with IdleTimeoutError on a stall', async () => {
    const all = textResponseEvents(ID, WORDS);
    const { events, ended } = collect(
      clientOf({ idleTimeout: 100 }).responses.stream({ model: 'gpt-5', input: 'Count' }),
    );
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 2)));
    expect(await ended).toBeInstanceOf(IdleTimeoutError);
    expect(events).toEqual(all.slice(0, 2));
  });
});

describe('unsubscribing', () => {
  it('aborts the request', async () => {
    const all = textResponseEvents(ID, WORDS, { background: true });
    const subscription = clientOf()
      .responses.stream({ model: 'gpt-5', input: 'Count', background: true })
      .subscribe();
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 2)));
    subscription.unsubscribe();
    await first.closed;
    expect(first.closedEarly).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});

it('lastValueFrom of a completed background stream is its terminal event', async () => {
  const all = textResponseEvents(ID, WORDS, { background: true });
  const done = lastValueFrom(
    clientOf().responses.stream({ model: 'gpt-5', input: 'Count', background: true }).pipe(toArray()),
  );
  const first = await server.nextExchange();
  first.respond(200, SSE);
  await first.end(sse(all));
  expect((await done).at(-1)?.type).toBe('response.completed');
});

describe('against the simulator', () => {
  it.each(['cut', 'stall'])(
    'a background response whose stream suffers %s twice reaches the subscriber whole, every event once',
    async (fault) => {
      const { startSimulator } = await import('../../src/simulator/index.js');
      const sim = await startSimulator({ port: 0, tokenDelayMs: 0 });
      try {
        const client = createClient({ baseURL: sim.url, apiKey: '', idleTimeout: 200 });
        const events = await lastValueFrom(
          client.responses
            .stream({
              model: 'gpt-5',
              input: 'Count to ten',
              background: true,
              metadata: { fault, fault_times: '2', fault_after: '4' },
            })
            .pipe(toArray()),
        );
        const numbers = events.map((e) => e.sequence_number);
        expect(numbers).toEqual(numbers.map((_, i) => i));
        expect(events.at(-1)?.type).toBe('response.completed');
        // Each cut: a status check, then the rejoin.
        const gets = sim.requests().filter((r) => r.method === 'GET');
        expect(gets).toHaveLength(4);
      } finally {
        await sim.close();
      }
    },
  );

  it('create() of a background response polls the simulator until it completes', async () => {
    const { startSimulator } = await import('../../src/simulator/index.js');
    const sim = await startSimulator({ port: 0, tokenDelayMs: 1 });
    try {
      const client = createClient({ baseURL: sim.url, apiKey: '', pollInterval: 20 });
      const response = await client.responses.create({ model: 'gpt-5', input: 'Hello', background: true });
      expect(response.status).toBe('completed');
      expect(response.output.some((item) => item.type === 'message')).toBe(true);
      expect(sim.requests().filter((r) => r.method === 'GET').length).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});

it('unsubscribing while waiting to rejoin sends no further request', async () => {
  const all = textResponseEvents(ID, WORDS, { background: true });
  const events: ResponseStreamEvent[] = [];
  const subscription = clientOf({ maxRetries: 3 })
    .responses.stream({ model: 'gpt-5', input: 'Count', background: true })
    .subscribe((e) => events.push(e));
  const first = await server.nextExchange();
  first.respond(200, SSE);
  await first.write(sse(all.slice(0, 2)));
  first.destroy();
  await stillRunning();
  // The first rejoin goes at once; cut it with no new event, so the next one waits its backoff.
  const second = await server.nextExchange();
  second.respond(200, SSE);
  second.destroy();
  await stillRunning();
  await second.closed;
  subscription.unsubscribe();
  await new Promise((resolve) => setTimeout(resolve, 700));
  // The create, the first status check, the rejoin, the second status check: no second rejoin.
  expect(server.requests).toHaveLength(4);
  expect(events).toEqual(all.slice(0, 2));
});

describe('a cancelled background response', () => {
  it('ends the stream after its last event when the status check says cancelled, without rejoining', async () => {
    const all = textResponseEvents(ID, WORDS, { background: true });
    const { events, ended } = collect(
      clientOf().responses.stream({ model: 'gpt-5', input: 'Count', background: true }),
    );
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 5)));
    // What a cancel does to a live stream: it ends, with no terminal event.
    await first.end();
    const check = await server.nextExchange();
    expect(`${check.request.method} ${check.request.url}`).toBe(`GET /v1/responses/${ID}`);
    check.respond(200, { 'content-type': 'application/json' });
    await check.end(JSON.stringify(responseJSON(ID, 'cancelled', { background: true })));
    expect(await ended).toBeUndefined();
    expect(events).toEqual(all.slice(0, 5));
    expect(server.requests).toHaveLength(2);
  });

  it('a status check that fails is no answer: the stream rejoins as before', async () => {
    const all = textResponseEvents(ID, WORDS, { background: true });
    const { events, ended } = collect(
      clientOf().responses.stream({ model: 'gpt-5', input: 'Count', background: true }),
    );
    const first = await server.nextExchange();
    first.respond(200, SSE);
    await first.write(sse(all.slice(0, 3)));
    first.destroy();
    const check = await server.nextExchange();
    check.respond(503, { 'content-type': 'application/json' });
    await check.end('{"error":{"message":"busy"}}');
    const rejoin = await server.nextExchange();
    expect(rejoin.request.url).toBe(`/v1/responses/${ID}?stream=true&starting_after=2`);
    rejoin.respond(200, SSE);
    await rejoin.end(sse(all.slice(3)));
    expect(await ended).toBeUndefined();
    expect(events).toEqual(all);
  });

  it('against the simulator, the creating stream and a reader following with resume() both end cleanly on cancel', async () => {
    const { startSimulator } = await import('../../src/simulator/index.js');
    const sim = await startSimulator({ port: 0 });
    try {
      const client = createClient({ baseURL: sim.url, apiKey: '' });
      const creator = collect(
        client.responses.stream({
          model: 'gpt-5',
          input: 'Tell me a long story',
          background: true,
          metadata: { scenario: 'slow' },
        }),
      );
      await creator.reached(4);
      const id = (creator.events[0] as { response: { id: string } }).response.id;
      const follower = collect(client.responses.resume(id));
      await follower.reached(6);
      const cancelled = await client.responses.cancel(id);
      expect(cancelled.status).toBe('cancelled');
      expect(await creator.ended).toBeUndefined();
      expect(await follower.ended).toBeUndefined();
      const numbers = creator.events.map((e) => e.sequence_number);
      expect(numbers).toEqual(numbers.map((_, i) => i));
      expect(follower.events).toEqual(creator.events);
      expect(creator.events.some((e) => e.type === 'response.completed')).toBe(false);
      // After the cancel, each reader asked the status once and rejoined nothing.
      const afterCancel = sim
        .requests()
        .slice(sim.requests().findIndex((r) => r.path.endsWith('/cancel')) + 1);
      expect(afterCancel.map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET /v1/responses/${id}`,
        `GET /v1/responses/${id}`,
      ]);
    } finally {
      await sim.close();
    }
  });
});
