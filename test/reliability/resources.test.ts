import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { runScript } from './helpers/child.js';
import { frame, run, runFrames } from './helpers/events.js';
import { type FaultScript, type FaultServer, startFaultServer } from './helpers/fault-server.js';
import { neverRespond, respond, stream } from './helpers/faults.js';
import { activeTimers, nextTurn, timerArmed } from './helpers/resources.js';

const API_KEY = 'sk-reliability-resources-0123456789';
const PARAMS = { assistant_id: 'asst_1' };
const START = [
  frame('thread.run.created', run('queued')),
  frame('thread.run.in_progress', run('in_progress')),
];
const JSON_HEADERS = { 'content-type': 'application/json' };

/** The fault each thread id of the exit probe asks for. */
const SCENARIOS: Record<string, FaultScript> = {
  complete: stream(runFrames(['a', 'b'])),
  'complete-held-open': stream(runFrames(['a', 'b']), 'stall'),
  'event-error-held-open': stream(
    [...START, frame('error', { message: 'boom', code: 'server_error' })],
    'stall',
  ),
  cut: stream(START, 'close'),
  'http-error': respond(500, { ...JSON_HEADERS, 'retry-after-ms': '5' }, '{"error":{"message":"down"}}'),
  html: respond(200, { 'content-type': 'text/html' }, '<html><title>Sign in</title></html>'),
  stall: stream(START, 'stall'),
  'no-headers': neverRespond(),
  // The probe leaves once the 30 s wait this asks for is armed: keep the two in step.
  'retry-later': respond(503, { ...JSON_HEADERS, 'retry-after': '30' }, '{"error":{"message":"busy"}}'),
  'json-run': respond(200, JSON_HEADERS, JSON.stringify({ ...run('in_progress'), thread_id: 'json-run' })),
};

const byThread: FaultScript = (exchange) => {
  const thread = /^\/v1\/threads\/([^/]+)\//.exec(exchange.request.url)?.[1] ?? '';
  const script = SCENARIOS[thread];
  if (script) script(exchange);
  else respond(404, JSON_HEADERS, '{"error":{"message":"no such scenario"}}')(exchange);
};

let server: FaultServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every socket that carried a request is closed, and no timer is left beyond `timersBefore`. */
async function expectReleased(timersBefore: number): Promise<void> {
  await server?.allSocketsClosed();
  await nextTurn();
  expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
}

describe('a process that streamed runs', () => {
  it('exits on its own after completions, errors, timeouts and unsubscriptions, with default timeouts', async () => {
    server = await startFaultServer(byThread);
    // The client's own limits are 60 s (headers), 120 s (idle) and 30 s (Retry-After): anything
    // they left armed would hold the child far past this bound.
    const { code, stdout, stderr } = await runScript('./exit-probe.ts', [server.url], { limitMs: 15_000 });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const outcomes = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { scenario: string; completed: boolean; error?: string });
    expect(outcomes.map(({ scenario, completed, error }) => [scenario, completed, error ?? null])).toEqual([
      ['complete', true, null],
      ['complete-held-open', true, null],
      ['event-error-held-open', false, 'RunStreamError'],
      ['cut', false, 'StreamInterruptedError'],
      ['http-error', false, 'InternalServerError'],
      ['html', false, 'UnexpectedResponseError'],
      ['idle-timeout', false, 'IdleTimeoutError'],
      ['header-timeout', false, 'APIConnectionTimeoutError'],
      ['unsubscribe', false, null],
      ['unsubscribe-during-retry-wait', false, null],
      ['unsubscribe-during-poll', false, null],
    ]);
  });
});

describe('sockets and timers in this process', () => {
  it('closes the connection and clears every timer when the subscriber leaves mid-stream', async () => {
    server = await startFaultServer(stream(START, 'stall'));
    const timersBefore = activeTimers();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY });
    await firstValueFrom(client.runs.stream('thread_1', PARAMS));
    await expectReleased(timersBefore);
  });

  it('closes the socket and clears the header timer when the subscriber leaves before the headers', async () => {
    let arrived: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    server = await startFaultServer(() => arrived());
    const timersBefore = activeTimers();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY });
    const subscription = client.runs.stream('thread_1', PARAMS).subscribe();
    await seen;
    subscription.unsubscribe();
    await expectReleased(timersBefore);
  });

  it('leaves no timer (so no retry is pending) when the subscriber leaves during a Retry-After wait', async () => {
    server = await startFaultServer(respond(503, { ...JSON_HEADERS, 'retry-after': '30' }, '{}'));
    const timersBefore = activeTimers();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY });
    // The client is waiting out the Retry-After once its 30 s timer is armed, not before. (The
    // timer count is no proof of that: the runner's own timers come and go meanwhile.)
    const waiting = timerArmed(30_000);
    const subscription = client.runs.stream('thread_1', PARAMS).subscribe();
    await waiting;
    subscription.unsubscribe();
    await expectReleased(timersBefore);
    expect(server.requests).toHaveLength(1);
  });

  it('keeps at most the runtime spare connection after 100 subscribe/unsubscribe cycles over real sockets', async () => {
    server = await startFaultServer(stream(START, 'stall'));
    const timersBefore = activeTimers();
    const client = createClient({ baseURL: server.url, apiKey: API_KEY });
    for (let i = 0; i < 100; i++) {
      const first: RunStreamEvent = await firstValueFrom(client.runs.stream(`thread_${i}`, PARAMS));
      expect(first.event).toBe('thread.run.created');
    }
    await expectReleased(timersBefore);
    expect(server.requests).toHaveLength(100);
    // undici's spare after an abort (nodejs/undici#5845) is reused, so it never piles up.
    expect(server.connectedSockets()).toBeLessThanOrEqual(2);
  });
});
