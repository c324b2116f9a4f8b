import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  type ClientOptions,
  createClient,
  IdleTimeoutError,
  type RunStreamEvent,
  StreamInterruptedError,
} from '../../src/index.js';
import { expectedEvents, outcomeOf } from '../helpers/fixtures.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/sse-server.js';
import { API_KEY, SSE_HEADERS, TEXT_SSE } from './support.js';

const RUN = JSON.stringify({ id: 'run_1', object: 'thread.run', status: 'in_progress' });
const COMPLETED = JSON.stringify({ id: 'run_1', object: 'thread.run', status: 'completed' });
const frame = (event: string, data: string) => `event: ${event}\ndata: ${data}\n\n`;
const DONE = frame('done', '[DONE]');

let server: ScriptedServer;

beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

const clientFor = (options: ClientOptions = {}) =>
  createClient({ apiKey: API_KEY, baseURL: server.url, ...options });

/** Collects events into `seen` and resolves `next()` with each one as it arrives. */
function eventQueue() {
  const seen: RunStreamEvent[] = [];
  const waiting: Array<(event: RunStreamEvent) => void> = [];
  return {
    seen,
    push(event: RunStreamEvent) {
      seen.push(event);
      waiting.shift()?.(event);
    },
    next(): Promise<RunStreamEvent> {
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe('runs.stream over a real connection', () => {
  it('is cold: nothing is sent until subscription', async () => {
    const client = clientFor();
    client.runs.stream('thread_1', { assistant_id: 'asst_cold' });
    const answered = (async () => {
      const exchange = await server.nextExchange();
      exchange.respond(200, SSE_HEADERS);
      await exchange.end(frame('thread.run.completed', COMPLETED) + DONE);
    })();
    // A whole round trip of another call gives a hot observable every chance to send first.
    await lastValueFrom(client.runs.stream('thread_1', { assistant_id: 'asst_other' }));
    await answered;
    expect(server.requests.map((r) => JSON.parse(r.body).assistant_id)).toEqual(['asst_other']);
  });

  it('sends one request per subscription', async () => {
    const events$ = clientFor().runs.stream('thread_1', { assistant_id: 'asst_1' });
    const serve = async () => {
      const exchange = await server.nextExchange();
      exchange.respond(200, SSE_HEADERS);
      await exchange.end(TEXT_SSE);
    };
    const [first, second] = await Promise.all([
      lastValueFrom(events$.pipe(toArray())),
      lastValueFrom(events$.pipe(toArray())),
      serve(),
      serve(),
    ]);
    expect(server.requests).toHaveLength(2);
    expect(first).toEqual(expectedEvents(TEXT_SSE));
    expect(second).toEqual(first);
  });

  it('delivers each event as its bytes arrive, before the next chunk is written', async () => {
    const queue = eventQueue();
    const subscription = clientFor()
      .runs.stream('thread_1', { assistant_id: 'asst_1' })
      .subscribe((event) => queue.push(event));
    const exchange = await server.nextExchange();
    exchange.respond(200, SSE_HEADERS);
    let next = queue.next();
    await exchange.write(frame('thread.run.created', RUN));
    expect((await next).event).toBe('thread.run.created');
    // Half a frame is not an event yet; its second half completes it.
    next = queue.next();
    const inProgress = frame('thread.run.in_progress', RUN);
    await exchange.write(inProgress.slice(0, 30));
    await exchange.write(inProgress.slice(30));
    expect((await next).event).toBe('thread.run.in_progress');
    expect(queue.seen.map((e) => e.event)).toEqual(['thread.run.created', 'thread.run.in_progress']);
    subscription.unsubscribe();
    await exchange.closed;
  });

  it('aborts the request at once when the subscriber unsubscribes mid-stream', async () => {
    const queue = eventQueue();
    const first = queue.next();
    const subscription = clientFor()
      .runs.stream('thread_1', { assistant_id: 'asst_1' })
      .subscribe((event) => queue.push(event));
    const exchange = await server.nextExchange();
    exchange.respond(200, SSE_HEADERS);
    await exchange.write(frame('thread.run.created', RUN));
    await first;
    subscription.unsubscribe();
    await exchange.closed;
    expect(exchange.closedEarly).toBe(true);
  });

  it('aborts the request when the subscriber leaves before the response arrives', async () => {
    const subscription = clientFor().runs.stream('thread_1', { assistant_id: 'asst_1' }).subscribe();
    const exchange = await server.nextExchange();
    subscription.unsubscribe();
    await exchange.closed;
    expect(exchange.closedEarly).toBe(true);
  });

  it('errors with the reason and closes the connection when the caller aborts its signal', async () => {
    const controller = new AbortController();
    const outcome = outcomeOf(
      clientFor().runs.stream('thread_1', { assistant_id: 'asst_1' }, { signal: controller.signal }),
    );
    const exchange = await server.nextExchange();
    exchange.respond(200, SSE_HEADERS);
    await exchange.write(frame('thread.run.created', RUN));
    const reason = new Error('user pressed stop');
    controller.abort(reason);
    expect((await outcome).error).toBe(reason);
    await exchange.closed;
  });
});

describe('runs.stream endings over a real connection', () => {
  it('errors with StreamInterruptedError when the connection is cut mid-stream, without a retry', async () => {
    const outcome = outcomeOf(
      clientFor({ maxRetries: 2 }).runs.stream('thread_1', { assistant_id: 'asst_1' }),
    );
    const exchange = await server.nextExchange();
    exchange.respond(200, SSE_HEADERS);
    await exchange.write(
      frame('thread.run.created', RUN) + frame('thread.run.in_progress', RUN).slice(0, 40),
    );
    exchange.destroy();
    const result = await outcome;
    expect(result.values.map((e) => e.event)).toEqual(['thread.run.created']);
    expect(result.error).toBeInstanceOf(StreamInterruptedError);
    expect((result.error as StreamInterruptedError).lastEvent).toBe('thread.run.created');
    expect(server.requests).toHaveLength(1);
  });

  it('errors with StreamInterruptedError when the response ends before [DONE] and any terminal event', async () => {
    const outcome = outcomeOf(clientFor().runs.stream('thread_1', { assistant_id: 'asst_1' }));
    const exchange = await server.nextExchange();
    exchange.respond(200, SSE_HEADERS);
    await exchange.end(frame('thread.run.created', RUN));
    const result = await outcome;
    expect(result.error).toBeInstanceOf(StreamInterruptedError);
    expect(server.requests).toHaveLength(1);
  });

  it('completes when the connection is cut after a terminal run event', async () => {
    const outcome = outcomeOf(clientFor().runs.stream('thread_1', { assistant_id: 'asst_1' }));
    const exchange = await server.nextExchange();
    exchange.respond(200, SSE_HEADERS);
    await exchange.write(frame('thread.run.completed', COMPLETED));
    exchange.destroy();
    const result = await outcome;
    expect(result.completed).toBe(true);
    expect(result.values.map((e) => e.event)).toEqual(['thread.run.completed']);
  });

  it('errors with IdleTimeoutError after idleTimeout ms of silence and aborts the request', async () => {
    const outcome = outcomeOf(
      clientFor({ idleTimeout: 60_000 }).runs.stream(
        'thread_1',
        { assistant_id: 'asst_1' },
        { idleTimeout: 250 },
      ),
    );
    const exchange = await server.nextExchange();
    exchange.respond(200, SSE_HEADERS);
    await exchange.write(frame('thread.run.created', RUN));
    const result = await outcome;
    expect(result.values).toHaveLength(1);
    expect(result.error).toBeInstanceOf(IdleTimeoutError);
    expect((result.error as IdleTimeoutError).idleTimeout).toBe(250);
    await exchange.closed;
    expect(exchange.closedEarly).toBe(true);
  });
});

describe('failures before the first byte over a real connection', () => {
  it('retries a connection reset, then streams from the new connection', async () => {
    const events = lastValueFrom(
      clientFor({ maxRetries: 1 }).runs.stream('thread_1', { assistant_id: 'asst_1' }).pipe(toArray()),
    );
    (await server.nextExchange()).destroy();
    const retry = await server.nextExchange();
    retry.respond(200, SSE_HEADERS);
    await retry.end(TEXT_SSE);
    expect(await events).toEqual(expectedEvents(TEXT_SSE));
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
  });

  it('errors with APIConnectionError when every attempt is reset', async () => {
    const outcome = outcomeOf(
      clientFor({ maxRetries: 1 }).runs.stream('thread_1', { assistant_id: 'asst_1' }),
    );
    (await server.nextExchange()).destroy();
    (await server.nextExchange()).destroy();
    const result = await outcome;
    expect(result.error).toBeInstanceOf(APIConnectionError);
    expect((result.error as Error).message).toContain(server.url);
    expect(server.requests).toHaveLength(2);
  });

  it('errors with APIConnectionTimeoutError when no headers arrive within timeout, after retrying', async () => {
    const outcome = outcomeOf(
      clientFor({ maxRetries: 1, timeout: 60_000 }).runs.stream(
        'thread_1',
        { assistant_id: 'asst_1' },
        { timeout: 40 },
      ),
    );
    const first = await server.nextExchange();
    await first.closed;
    const second = await server.nextExchange();
    await second.closed;
    const result = await outcome;
    expect(result.error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((result.error as APIConnectionTimeoutError).timeout).toBe(40);
    expect(server.requests).toHaveLength(2);
  });

  it('runs.create resolves through the same connection handling', async () => {
    const run = clientFor().runs.create('thread_1', { assistant_id: 'asst_1' });
    const exchange = await server.nextExchange();
    expect(JSON.parse(exchange.request.body)).toEqual({ assistant_id: 'asst_1', stream: false });
    exchange.respond(200, { 'content-type': 'application/json' });
    await exchange.end(COMPLETED);
    expect((await run).status).toBe('completed');
  });
});

describe('firstValueFrom on a stream', () => {
  it('takes the first event and closes the connection', async () => {
    const first = firstValueFrom(clientFor().runs.stream('thread_1', { assistant_id: 'asst_1' }));
    const exchange = await server.nextExchange();
    exchange.respond(200, SSE_HEADERS);
    await exchange.write(frame('thread.run.created', RUN));
    expect((await first).event).toBe('thread.run.created');
    await exchange.closed;
    expect(exchange.closedEarly).toBe(true);
  });
});
