import type { Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { ClientOptions } from '../../src/client/options.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  BadRequestError,
  IdleTimeoutError,
  InternalServerError,
  NotFoundError,
  RunStreamError,
  StreamInterruptedError,
  StreamParseError,
  UnexpectedResponseError,
} from '../../src/errors.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { closedPort } from '../helpers/closed-port.js';
import { type Outcome, outcomeOf } from '../helpers/fixtures.js';
import { DONE, frame, gate, namesOf, run, runFrames, textDelta } from './helpers/events.js';
import { type FaultScript, type FaultServer, startFaultServer } from './helpers/fault-server.js';
import {
  drip,
  type Ending,
  gzipStream,
  inTurn,
  neverRespond,
  resetBeforeHeaders,
  respond,
  SSE_HEADERS,
  stream,
} from './helpers/faults.js';
import { activeTimers, nextTurn } from './helpers/resources.js';

const API_KEY = 'sk-reliability-network-0123456789';
const PARAMS = { assistant_id: 'asst_1' };
const START = [
  frame('thread.run.created', run('queued')),
  frame('thread.run.in_progress', run('in_progress')),
];
const START_NAMES = ['thread.run.created', 'thread.run.in_progress'];

let server: FaultServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Played {
  outcome: Outcome<RunStreamEvent>;
  requests: number;
}

/**
 * Streams one run from a server playing `script`, then checks what every fault must leave behind:
 * no socket open on the server and no timer keeping the process alive. Retries are allowed (2)
 * unless `options` says otherwise, so a retry a fault must not cause shows in `requests`.
 */
async function play(
  script: FaultScript,
  options: ClientOptions = {},
  subscribe: (events: Observable<RunStreamEvent>) => Promise<Outcome<RunStreamEvent>> = outcomeOf,
): Promise<Played> {
  server = await startFaultServer(script);
  const timersBefore = activeTimers();
  const client = createClient({ baseURL: server.url, apiKey: API_KEY, maxRetries: 2, ...options });
  const outcome = await subscribe(client.runs.stream('thread_1', PARAMS));
  await server.allSocketsClosed();
  await nextTurn();
  expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  return { outcome, requests: server.requests.length };
}

/**
 * Plays a stream that sends `frames` (plainly, or as `framing` writes them), waits until the
 * client delivered them, then ends with `ending`.
 */
function cutAfterDelivery(
  frames: string[],
  ending: Exclude<Ending, 'end'>,
  options: ClientOptions = {},
  framing: (chunks: string[], ending: Ending, ready: Promise<void>) => FaultScript = stream,
) {
  const delivered = gate();
  return play(framing(frames, ending, delivered.opened), options, (events) =>
    outcomeOf(events, (_event, count) => {
      if (count === frames.length) delivered.open();
    }),
  );
}

describe('network faults before the first byte', () => {
  it('errors with APIConnectionError naming the URL when the connection is refused', async () => {
    const port = await closedPort();
    const timersBefore = activeTimers();
    const client = createClient({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: API_KEY, maxRetries: 0 });
    const outcome = await outcomeOf(client.runs.stream('thread_1', PARAMS));
    expect(outcome.values).toEqual([]);
    expect(outcome.error).toBeInstanceOf(APIConnectionError);
    expect((outcome.error as Error).message).toContain(`127.0.0.1:${port}/v1/threads/thread_1/runs`);
    expect((outcome.error as Error).message).toContain('ECONNREFUSED');
    await nextTurn();
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  });

  it('retries a connection reset before the headers, then errors with APIConnectionError', async () => {
    const { outcome, requests } = await play(resetBeforeHeaders(), { maxRetries: 1 });
    expect(outcome.values).toEqual([]);
    expect(outcome.error).toBeInstanceOf(APIConnectionError);
    expect(requests).toBe(2);
  });

  it('errors with APIConnectionTimeoutError when the headers never come', async () => {
    const { outcome, requests } = await play(neverRespond(), { timeout: 200, maxRetries: 0 });
    expect(outcome.error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((outcome.error as APIConnectionTimeoutError).timeout).toBe(200);
    expect(requests).toBe(1);
  });

  it('retries a header timeout as many times as maxRetries allows, and no more', async () => {
    const { outcome, requests } = await play(neverRespond(), { timeout: 150, maxRetries: 1 });
    expect(outcome.error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(requests).toBe(2);
  });
});

describe('network faults inside a stream', () => {
  it.each(['reset', 'close'] as const)(
    'delivers every event before a %s mid-stream, then errors with StreamInterruptedError, without a retry',
    async (ending) => {
      const { outcome, requests } = await cutAfterDelivery(START, ending, { maxRetries: 3 });
      expect(namesOf(outcome.values)).toEqual(START_NAMES);
      expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
      expect((outcome.error as StreamInterruptedError).lastEvent).toBe('thread.run.in_progress');
      expect(requests).toBe(1);
    },
  );

  it('treats a connection cut inside a frame as an interruption, not as bad JSON', async () => {
    const half = frame('thread.message.delta', textDelta('never finished')).slice(0, 40);
    const { outcome, requests } = await play(stream([...START, half], 'close'));
    expect(namesOf(outcome.values)).toEqual(START_NAMES);
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect((outcome.error as StreamInterruptedError).lastEvent).toBe('thread.run.in_progress');
    expect(requests).toBe(1);
  });

  it('retries a 503 before the first byte but not the stream that was cut after it', async () => {
    const busy = respond(503, { 'content-type': 'application/json', 'retry-after-ms': '10' }, '{"error":{}}');
    const { outcome, requests } = await play(inTurn(busy, stream(START, 'close')), { maxRetries: 3 });
    expect(namesOf(outcome.values)).toEqual(START_NAMES);
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect(requests).toBe(2);
  });

  it('completes with every event when the connection resets after a terminal run event and no [DONE]', async () => {
    const frames = [...START, frame('thread.run.completed', run('completed'))];
    const { outcome, requests } = await cutAfterDelivery(frames, 'reset');
    expect(outcome.completed).toBe(true);
    expect(namesOf(outcome.values)).toEqual([...START_NAMES, 'thread.run.completed']);
    expect(requests).toBe(1);
  });

  it('errors with IdleTimeoutError when the stream stalls, after delivering what came', async () => {
    const { outcome, requests } = await cutAfterDelivery(START, 'stall', { idleTimeout: 150 });
    expect(namesOf(outcome.values)).toEqual(START_NAMES);
    expect(outcome.error).toBeInstanceOf(IdleTimeoutError);
    expect((outcome.error as IdleTimeoutError).idleTimeout).toBe(150);
    expect(requests).toBe(1);
  });

  it('delivers every event of a slow drip (one byte per 10 ms), each byte keeping the stream alive', async () => {
    const created = { id: 'r', status: 'queued' };
    const completed = { id: 'r', status: 'completed' };
    const frames = [frame('thread.run.created', created), frame('thread.run.completed', completed)];
    const everyMs = 10;
    const idleTimeout = 150;
    // Each frame takes over 400 ms to drip against a 150 ms idle limit: were activity counted per
    // event rather than per byte, the stream would time out before its first event.
    expect(Math.min(...frames.map((text) => text.length)) * everyMs).toBeGreaterThan(2.5 * idleTimeout);
    const { outcome, requests } = await play(drip(`${frames.join('')}${DONE}`, everyMs), { idleTimeout });
    expect(outcome.error).toBeUndefined();
    expect(outcome.values).toEqual([
      { event: 'thread.run.created', data: created },
      { event: 'thread.run.completed', data: completed },
    ]);
    expect(requests).toBe(1);
  });

  it('reads a gzip-encoded stream like a plain one', async () => {
    const frames = runFrames(['Grüße ', '— ', '🌍']);
    const { outcome } = await play(gzipStream(frames));
    expect(outcome.completed).toBe(true);
    const texts = outcome.values.flatMap((e) =>
      e.event === 'thread.message.delta'
        ? (e.data.delta.content ?? []).map((c) => (c.type === 'text' ? c.text?.value : ''))
        : [],
    );
    expect(texts.join('')).toBe('Grüße — 🌍');
  });

  it('delivers what arrived of a gzip-encoded stream cut mid-way, then errors with StreamInterruptedError', async () => {
    const { outcome, requests } = await cutAfterDelivery(START, 'reset', {}, gzipStream);
    expect(namesOf(outcome.values)).toEqual(START_NAMES);
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect(requests).toBe(1);
  });

  it('errors with RunStreamError on event: error and closes the connection the server kept open', async () => {
    const error = frame('error', {
      message: 'The server had an error',
      code: 'server_error',
      type: 'server_error',
    });
    const { outcome, requests } = await play(stream([...START, error], 'stall'));
    expect(namesOf(outcome.values)).toEqual(START_NAMES);
    expect(outcome.error).toBeInstanceOf(RunStreamError);
    expect((outcome.error as RunStreamError).code).toBe('server_error');
    expect(requests).toBe(1);
  });

  it('errors with StreamParseError on malformed JSON and closes the connection the server kept open', async () => {
    const bad = 'event: thread.message.delta\ndata: {"id":"msg_1","delta":{"content":[{"ind\n\n';
    const { outcome, requests } = await play(stream([...START, bad], 'stall'));
    expect(namesOf(outcome.values)).toEqual(START_NAMES);
    expect(outcome.error).toBeInstanceOf(StreamParseError);
    expect((outcome.error as StreamParseError).event).toBe('thread.message.delta');
    expect((outcome.error as StreamParseError).excerpt).toBe('{"id":"msg_1","delta":{"content":[{"ind');
    expect(requests).toBe(1);
  });

  it('completes on [DONE] and closes the connection even when the server keeps it open', async () => {
    const { outcome } = await play(stream(runFrames(['hi']), 'stall'));
    expect(outcome.completed).toBe(true);
    expect(namesOf(outcome.values)).toHaveLength(4);
  });
});

describe('answers that are not a run stream', () => {
  it('errors with UnexpectedResponseError on a 200 with an HTML page (a proxy), without a retry', async () => {
    const page = `<!doctype html><html><head><title>Gateway login</title></head><body>${'<p>sign in</p>'.repeat(50)}</body></html>`;
    const { outcome, requests } = await play(respond(200, { 'content-type': 'text/html' }, page));
    const error = outcome.error as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.status).toBe(200);
    expect(error.contentType).toBe('text/html');
    expect(error.bodyExcerpt).toContain('<title>Gateway login</title>');
    expect(error.bodyExcerpt.length).toBeLessThanOrEqual(201);
    expect(requests).toBe(1);
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['application/octet-stream', { 'content-type': 'application/octet-stream' }],
    ['no content type', {}],
  ])('errors with UnexpectedResponseError on a 200 stream sent as %s', async (_label, headers) => {
    const { outcome, requests } = await play(respond(200, headers, runFrames(['hi']).join('')));
    expect(outcome.values).toEqual([]);
    expect(outcome.error).toBeInstanceOf(UnexpectedResponseError);
    expect(requests).toBe(1);
  });

  it('errors with UnexpectedResponseError on a 200 JSON body that is not a run', async () => {
    const { outcome, requests } = await play(
      respond(200, { 'content-type': 'application/json' }, '{"object":"list","data":[]}'),
    );
    expect(outcome.error).toBeInstanceOf(UnexpectedResponseError);
    expect(requests).toBe(1);
  });

  it('errors with the status subclass and the fields of a JSON error body', async () => {
    const body = JSON.stringify({
      error: { message: 'Invalid tool', type: 'invalid_request_error', code: 'bad_tool', param: 'tools[0]' },
    });
    const headers = { 'content-type': 'application/json', 'x-request-id': 'req_123' };
    const { outcome, requests } = await play(respond(400, headers, body));
    const error = outcome.error as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect([error.status, error.code, error.type, error.param, error.requestId]).toEqual([
      400,
      'bad_tool',
      'invalid_request_error',
      'tools[0]',
      'req_123',
    ]);
    expect(error.message).toContain('Invalid tool');
    expect(requests).toBe(1);
  });

  it('errors with InternalServerError quoting a short excerpt of an HTML error page, after the retries', async () => {
    const page = `<html><body><h1>502 Bad Gateway</h1>${'x'.repeat(5_000)}</body></html>`;
    const script = respond(502, { 'content-type': 'text/html', 'retry-after-ms': '5' }, page);
    const { outcome, requests } = await play(script, { maxRetries: 1 });
    const error = outcome.error as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toContain('502 Bad Gateway');
    expect(error.message.length).toBeLessThan(600);
    expect(requests).toBe(2);
  });

  it('errors with NotFoundError saying there was no body when an error response is empty', async () => {
    const { outcome } = await play(respond(404, {}));
    const error = outcome.error as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('no error body');
  });

  it('streams normally when the content type has other letter cases and parameters', async () => {
    const script = respond(
      200,
      { ...SSE_HEADERS, 'content-type': 'Text/Event-Stream; charset=UTF-8' },
      runFrames(['a']).join(''),
    );
    const { outcome } = await play(script);
    expect(outcome.completed).toBe(true);
  });
});
