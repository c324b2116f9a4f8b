import { Observable, of, Subject, throwError } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  IdleTimeoutError,
  RunStreamError,
  StreamInterruptedError,
  ToolCallError,
  UnexpectedResponseError,
} from '../../src/errors.js';
import { RELAY_DEFAULTS } from '../../src/relay/options.js';
import { relayErrorData } from '../../src/relay/relay-error-data.js';
import { toServerSentEvents } from '../../src/relay/to-server-sent-events.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { allFixtureNames, outcomeOf } from '../helpers/fixtures.js';
import { type ScriptedServer, startScriptedServer } from '../helpers/sse-server.js';
import { bytesOf, nextFrame, textOf, watchedSilence } from './support.js';

const RUN = { id: 'run_1', object: 'thread.run', status: 'in_progress' };
const inProgress = { event: 'thread.run.in_progress', data: RUN } as unknown as RunStreamEvent;
const completed = {
  event: 'thread.run.completed',
  data: { ...RUN, status: 'completed' },
} as unknown as RunStreamEvent;

describe('toServerSentEvents round trip', () => {
  it.each(allFixtureNames())('parseRunEvents reads the relay of %s back unchanged', async (name) => {
    const original = await outcomeOf(parseRunEvents(bytesOf(name), { unknownEvents: 'emit' }));
    expect(original.values.length).toBeGreaterThan(0);
    const relayed = await outcomeOf(
      parseRunEvents(toServerSentEvents(parseRunEvents(bytesOf(name), { unknownEvents: 'emit' })), {
        unknownEvents: 'emit',
      }),
    );
    expect(relayed.values).toEqual(original.values);
    expect(relayed.completed).toBe(original.completed);
    if (original.error) {
      // An error crosses the relay as an `event: error` frame, so it arrives as a RunStreamError.
      expect(relayed.error).toBeInstanceOf(RunStreamError);
      expect((relayed.error as RunStreamError).error).toEqual(relayErrorData(original.error));
    }
  });
});

describe('toServerSentEvents framing', () => {
  it('writes each event as one event/data frame and ends with [DONE]', async () => {
    const text = await textOf(toServerSentEvents(of(inProgress, completed)));
    expect(text).toBe(
      `event: thread.run.in_progress\ndata: ${JSON.stringify(RUN)}\n\n` +
        `event: thread.run.completed\ndata: ${JSON.stringify(completed.data)}\n\n` +
        'event: done\ndata: [DONE]\n\n',
    );
  });

  it('keeps line breaks inside the data on one data: line', async () => {
    const message = { event: 'thread.run.in_progress', data: { ...RUN, instructions: 'a\nb\r\nc' } };
    const text = await textOf(toServerSentEvents(of(message as unknown as RunStreamEvent)));
    expect(text.split('\n\n')[0]?.split('\n')).toHaveLength(2);
    const back = await outcomeOf(parseRunEvents(text));
    expect(back.values).toEqual([message]);
  });

  it('cannot be made to forge a frame by a line break in a hand-made event name', async () => {
    const forged = { event: 'x\ndata: {}\n\nevent: thread.run.completed', data: {}, unknown: true as const };
    const text = await textOf(toServerSentEvents(of(forged, inProgress)));
    const back = await outcomeOf(parseRunEvents(text, { unknownEvents: 'emit' }));
    expect(back.values.map((e) => e.event)).toEqual([
      'x data: {} event: thread.run.completed',
      'thread.run.in_progress',
    ]);
  });
});

describe('toServerSentEvents errors', () => {
  it('ends with one event: error frame carrying the server error object, then closes', async () => {
    const error = new RunStreamError({
      message: 'The server had an error.',
      code: 'server_error',
      type: 'server_error',
    });
    const text = await textOf(
      toServerSentEvents(
        new Observable((s) => {
          s.next(inProgress);
          s.error(error);
        }),
      ),
    );
    const frames = text.trimEnd().split('\n\n');
    expect(frames).toHaveLength(2);
    expect(frames[1]).toBe(
      'event: error\ndata: {"message":"The server had an error.","code":"server_error","type":"server_error"}',
    );
    expect(text).not.toContain('[DONE]');
  });

  it('gives runstream errors their message and class name, and never a stack', async () => {
    const text = await textOf(toServerSentEvents(throwError(() => new IdleTimeoutError(30_000))));
    const data = JSON.parse(text.split('data: ')[1] ?? '');
    expect(Object.keys(data).sort()).toEqual(['code', 'message', 'type']);
    expect(data).toEqual({
      message: new IdleTimeoutError(30_000).message,
      code: null,
      type: 'IdleTimeoutError',
    });
    expect(text).not.toContain('    at ');
  });

  it.each([
    [
      new APIConnectionError(
        'Could not reach http://10.0.0.7:8080/v1/threads/runs (fetch failed: ECONNREFUSED)',
      ),
      'The API could not be reached.',
    ],
    [new APIConnectionTimeoutError(60_000), 'The API did not answer in time.'],
    [
      new UnexpectedResponseError(200, 'text/html', '<h1>Corp proxy login: intranet.example</h1>'),
      'The API answered with text/html instead of a run stream.',
    ],
    [
      new StreamInterruptedError('thread.message.delta', 'the connection failed: socket hang up (10.0.0.7)'),
      'The run stream ended before the run did (last event: thread.message.delta).',
    ],
    [
      new ToolCallError('lookup', 'call_1', 'the handler threw: db password hunter2'),
      'The tool "lookup" failed (call call_1). The run was cancelled.',
    ],
    [
      new ToolCallError('a, b', 'call_1, call_2', 'their outputs could not be submitted', {
        runCancelled: false,
        calls: [
          { tool: 'a', callId: 'call_1' },
          { tool: 'b', callId: 'call_2' },
        ],
      }),
      'The tools "a", "b" failed (calls call_1, call_2).',
    ],
  ])('relays %s as a sentence of its facts, without what its message quotes', async (error, message) => {
    const data = JSON.parse(
      (await textOf(toServerSentEvents(throwError(() => error)))).split('data: ')[1] ?? '',
    );
    expect(data).toEqual({ message, code: null, type: error.name });
  });

  it('hides the text of errors that are not runstream errors', async () => {
    const text = await textOf(toServerSentEvents(throwError(() => new Error('db password hunter2'))));
    expect(text).not.toContain('hunter2');
    expect(text).toContain('"type":"server_error"');
  });

  it('relays an HTTP error without the upstream URL or a key the server quoted back', async () => {
    const error = APIError.from({
      status: 401,
      error: {
        message: 'Incorrect API key provided: sk-proj-****************abcd.',
        code: 'invalid_api_key',
        type: 'invalid_request_error',
      },
      method: 'POST',
      url: 'https://internal.example/v1/threads/runs',
    });
    const text = await textOf(toServerSentEvents(throwError(() => error)));
    expect(text).not.toContain('sk-proj');
    expect(text).not.toContain('internal.example');
    expect(text).toContain('"code":"invalid_api_key"');
  });

  it('uses the errorData option, and falls back to the default if it throws', async () => {
    const custom = await textOf(
      toServerSentEvents(
        throwError(() => new Error('x')),
        {
          errorData: () => ({ message: 'Try again later.', code: 'busy', type: 'app' }),
        },
      ),
    );
    expect(custom).toContain('data: {"message":"Try again later.","code":"busy","type":"app"}');
    const fallback = await textOf(
      toServerSentEvents(
        throwError(() => new Error('x')),
        {
          errorData: () => {
            throw new Error('mapper bug');
          },
        },
      ),
    );
    expect(fallback).toContain('event: error\ndata: {"message":"The run failed on the server."');
  });

  it('ends with an error frame and unsubscribes when an event cannot be written', async () => {
    let tornDown = false;
    const events$ = new Observable<RunStreamEvent>((subscriber) => {
      subscriber.next({
        event: 'thread.run.in_progress',
        data: { ...RUN, big: 1n },
      } as unknown as RunStreamEvent);
      return () => {
        tornDown = true;
      };
    });
    const text = await textOf(toServerSentEvents(events$));
    expect(text.startsWith('event: error\n')).toBe(true);
    expect(tornDown).toBe(true);
  });
});

describe('toServerSentEvents keep-alive', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a keep-alive comment while no event arrives, which the parser skips', async () => {
    const events = new Subject<RunStreamEvent>();
    const reader = toServerSentEvents(events, { keepAliveMs: 5 }).getReader();
    expect(await nextFrame(reader)).toBe(': keep-alive\n\n');
    expect(await nextFrame(reader)).toBe(': keep-alive\n\n');
    events.next(inProgress);
    events.complete();
    let rest = '';
    for (let frame = await nextFrame(reader); frame !== undefined; frame = await nextFrame(reader))
      rest += frame;
    const back = await outcomeOf(parseRunEvents(`: keep-alive\n\n${rest}`));
    expect(back.values).toEqual([inProgress]);
    expect(back.completed).toBe(true);
  });

  it('writes the first keep-alive after 15 s of silence by default', async () => {
    vi.useFakeTimers();
    expect(RELAY_DEFAULTS.keepAliveMs).toBe(15_000);
    const events = new Subject<RunStreamEvent>();
    const reader = toServerSentEvents(events).getReader();
    const frames: string[] = [];
    const reading = (async () => {
      for (let frame = await nextFrame(reader); frame !== undefined; frame = await nextFrame(reader))
        frames.push(frame);
    })();
    await vi.advanceTimersByTimeAsync(14_900);
    expect(frames).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(frames).toEqual([': keep-alive\n\n']);
    events.complete();
    await reading;
  });

  it('writes no keep-alive while events keep coming within the interval', async () => {
    vi.useFakeTimers();
    const events = new Subject<RunStreamEvent>();
    const stream = toServerSentEvents(events, { keepAliveMs: 100 });
    const text = textOf(stream);
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(60);
      events.next(inProgress);
    }
    events.complete();
    expect(await text).not.toContain('keep-alive');
  });

  it('writes one keep-alive per interval of silence', async () => {
    vi.useFakeTimers();
    const events = new Subject<RunStreamEvent>();
    const text = textOf(toServerSentEvents(events, { keepAliveMs: 100 }));
    await vi.advanceTimersByTimeAsync(350);
    events.complete();
    expect((await text).match(/: keep-alive/g)).toHaveLength(3);
  });

  it.each([
    [0, 0],
    [100, 1],
  ])('with keepAliveMs %i holds %i timer while waiting for events', async (keepAliveMs, timers) => {
    vi.useFakeTimers();
    const silence = watchedSilence<RunStreamEvent>();
    const reader = toServerSentEvents(silence.events$, { keepAliveMs }).getReader();
    const first = reader.read();
    await vi.waitFor(() => expect(silence.subscribed()).toBe(true));
    expect(vi.getTimerCount()).toBe(timers);
    await reader.cancel();
    expect(await first).toEqual({ done: true, value: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('toServerSentEvents subscription', () => {
  it('subscribes only when the stream is first read', async () => {
    const silence = watchedSilence<RunStreamEvent>();
    const stream = toServerSentEvents(silence.events$, { keepAliveMs: 0 });
    await Promise.resolve();
    expect(silence.subscribed()).toBe(false);
    const reader = stream.getReader();
    const pending = reader.read();
    await vi.waitFor(() => expect(silence.subscribed()).toBe(true));
    await reader.cancel();
    await pending;
  });

  it('unsubscribes upstream when the stream is cancelled', async () => {
    const silence = watchedSilence<RunStreamEvent>();
    const reader = toServerSentEvents(silence.events$).getReader();
    const pending = reader.read();
    await vi.waitFor(() => expect(silence.subscribed()).toBe(true));
    expect(silence.tornDown()).toBe(false);
    await reader.cancel('browser went away');
    await pending;
    expect(silence.tornDown()).toBe(true);
  });

  describe('with the client', () => {
    let server: ScriptedServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('aborts the request to the API when the relay is cancelled', async () => {
      server = await startScriptedServer();
      const client = createClient({ baseURL: server.url, apiKey: 'sk-test-relay-key', maxRetries: 0 });
      const reader = toServerSentEvents(
        client.runs.stream('thread_1', { assistant_id: 'asst_1' }),
      ).getReader();
      const first = nextFrame(reader);
      const exchange = await server.nextExchange();
      exchange.respond(200, { 'content-type': 'text/event-stream' });
      await exchange.write(`event: thread.run.in_progress\ndata: ${JSON.stringify(RUN)}\n\n`);
      expect(await first).toContain('event: thread.run.in_progress');
      await reader.cancel();
      await exchange.closed;
      expect(exchange.closedEarly).toBe(true);
    });
  });
});
