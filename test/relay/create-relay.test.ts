import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Observable, of, Subject, take } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NotFoundError,
  RunStreamError,
  StreamInterruptedError,
  UnexpectedResponseError,
  ValidationError,
} from '../../src/errors.js';
import { createRelay } from '../../src/relay/create-relay.js';
import type { RelayedEvent } from '../../src/relay/event-log.js';
import { followRelay } from '../../src/relay/follow-relay.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { framesOf, outcomeOf } from '../helpers/fixtures.js';
import { delta, deltas } from './log-contract.js';
import { type RelayServer, startRelayServer } from './relay-server.js';
import { textOf } from './support.js';

const responsesEvents = [
  { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', status: 'in_progress' } },
  { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', delta: 'Hel' },
  { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1', delta: 'lo' },
  { type: 'response.completed', sequence_number: 3, response: { id: 'resp_1', status: 'completed' } },
];

const get = (url: string, lastEventId?: string) =>
  new Request(url, { headers: lastEventId ? { 'last-event-id': lastEventId } : {} });

let servers: RelayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

describe('relay.response', () => {
  it('writes an id: on every event frame, ends with [DONE], and parseRunEvents reads it back', async () => {
    const relay = createRelay();
    relay.start('run_a', of(...deltas(1, 3)));
    const text = await textOf(relay.response('run_a', get('http://x/')).body as ReadableStream<Uint8Array>);
    const blocks = text.split('\n\n').filter(Boolean);
    expect(blocks.slice(0, 3).map((block) => block.split('\n')[0])).toEqual(['id: 1', 'id: 2', 'id: 3']);
    expect(blocks.at(-1)).toBe('event: done\ndata: [DONE]');
    expect((await outcomeOf(parseRunEvents(text))).values).toEqual(deltas(1, 3));
  });

  it('honours Last-Event-ID, and refuses one it never gave with a 400', async () => {
    const relay = createRelay();
    relay.start('run_b', of(...deltas(1, 4)));
    const after = await textOf(
      relay.response('run_b', get('http://x/', '2')).body as ReadableStream<Uint8Array>,
    );
    expect((await outcomeOf(parseRunEvents(after))).values).toEqual(deltas(3, 4));
    const bad = relay.response('run_b', get('http://x/', 'abc'));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('after');
  });

  it('ends with an event: error frame of the relayed error, and one for an unknown key', async () => {
    const relay = createRelay();
    relay.start(
      'run_c',
      new Observable<RunStreamEvent>((s) =>
        s.error(new RunStreamError({ message: 'overloaded', code: 'busy' })),
      ),
    );
    const failed = framesOf(
      await textOf(relay.response('run_c', get('http://x/')).body as ReadableStream<Uint8Array>),
    );
    expect(failed).toEqual([
      { event: 'error', data: JSON.stringify({ message: 'overloaded', code: 'busy', type: 'server_error' }) },
    ]);
    const unknown = framesOf(
      await textOf(relay.response('nobody', get('http://x/')).body as ReadableStream<Uint8Array>),
    );
    expect(unknown[0]?.event).toBe('error');
    expect(JSON.parse(unknown[0]?.data ?? '{}')).toMatchObject({ type: 'RelayKeyError' });
  });

  it('keeps a silent run alive with comments', async () => {
    const relay = createRelay({ keepAliveMs: 20 });
    const upstream = new Subject<RunStreamEvent>();
    relay.start('run_d', upstream);
    const reader = (relay.response('run_d', get('http://x/')).body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe(': keep-alive\n\n');
    await reader.cancel();
    // The reader left; the run goes on.
    expect(upstream.observed).toBe(true);
    upstream.next(delta(1));
    upstream.complete();
    expect((await outcomeOf(relay.events('run_d'))).values).toHaveLength(1);
  });

  it('checks its key and options before anything starts', () => {
    expect(() => createRelay({ ttlMs: -1 })).toThrow(ValidationError);
    const relay = createRelay();
    const events$ = new Subject<RunStreamEvent>();
    expect(() => relay.start('two words', events$)).toThrow(ValidationError);
    expect(events$.observed).toBe(false);
  });
});

describe('followRelay', () => {
  it('reconnects through two cuts with Last-Event-ID and delivers every event once, in order', async () => {
    const relay = createRelay();
    const upstream = new Subject<RunStreamEvent>();
    relay.start('run_cut', upstream);
    for (const event of deltas(1, 30)) upstream.next(event);
    // The first two connections drop mid-frame, a few frames in.
    const server = await startRelayServer(relay, (n) =>
      n < 2 ? { cutAfterBytes: 700 + n * 300 } : undefined,
    );
    servers.push(server);
    const seen: RelayedEvent[] = [];
    const following = outcomeOf(followRelay(`${server.url}/runs/run_cut`), (event) => {
      seen.push(event);
      if (seen.length === 30) {
        for (const event of deltas(31, 40)) upstream.next(event);
        upstream.complete();
      }
    });
    const outcome = await following;
    expect(outcome.completed).toBe(true);
    expect(outcome.values).toEqual(deltas(1, 40));
    expect(server.lastEventIds).toHaveLength(3);
    expect(server.lastEventIds[0]).toBeUndefined();
    const resumed = server.lastEventIds.slice(1).map(Number);
    expect(resumed[0]).toBeGreaterThan(0);
    expect(resumed[1]).toBeGreaterThan(resumed[0] as number);
  });

  it('gives Responses events back whole, in order', async () => {
    const relay = createRelay();
    relay.start('resp_run', of(...(responsesEvents as RelayedEvent[])));
    const server = await startRelayServer(relay, (n) => (n === 0 ? { cutAfterBytes: 200 } : undefined));
    servers.push(server);
    const outcome = await outcomeOf(followRelay(`${server.url}/runs/resp_run`));
    expect(outcome.values).toEqual(responsesEvents);
    expect(outcome.completed).toBe(true);
  });

  it('errors with the relayed error as a RunStreamError', async () => {
    const relay = createRelay();
    relay.start(
      'run_err',
      new Observable<RunStreamEvent>((s) => {
        s.next(delta(1));
        s.error(new RunStreamError({ message: 'rate limited', code: 'rate_limit_exceeded' }));
      }),
    );
    const server = await startRelayServer(relay);
    servers.push(server);
    const outcome = await outcomeOf(followRelay(`${server.url}/runs/run_err`));
    expect(outcome.values).toEqual([delta(1)]);
    expect(outcome.error).toBeInstanceOf(RunStreamError);
    expect((outcome.error as RunStreamError).code).toBe('rate_limit_exceeded');
  });

  it('gives up after `retries` drops in a row without an event with a StreamInterruptedError', async () => {
    const relay = createRelay();
    relay.start('run_drop', new Subject<RunStreamEvent>().pipe(take(1)));
    const server = await startRelayServer(relay, () => ({ cutAfterBytes: 0 }));
    servers.push(server);
    const outcome = await outcomeOf(followRelay(`${server.url}/runs/run_drop`, { retries: 2 }));
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
    expect(server.lastEventIds).toHaveLength(3);
  });

  it('aborts the request when the subscriber leaves, and the run goes on', async () => {
    const relay = createRelay();
    const upstream = new Subject<RunStreamEvent>();
    relay.start('run_leave', upstream);
    const server = await startRelayServer(relay);
    servers.push(server);
    const subscription = followRelay(`${server.url}/runs/run_leave`).subscribe((event) => {
      if (event === delta(1) || JSON.stringify(event) === JSON.stringify(delta(1)))
        subscription.unsubscribe();
    });
    upstream.next(delta(1));
    await expect.poll(() => server.closedByClient()).toBe(1);
    expect(upstream.observed).toBe(true);
  });

  it('names an HTTP error, a page that is not a relay, and bad arguments', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'No such run.', code: null, type: 'not_found' } }));
      } else res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const missing = await outcomeOf(followRelay(`${base}/missing`));
      expect(missing.error).toBeInstanceOf(NotFoundError);
      expect((missing.error as NotFoundError).message).toContain('No such run.');
      const page = await outcomeOf(followRelay(`${base}/page`));
      expect(page.error).toBeInstanceOf(UnexpectedResponseError);
      expect((page.error as UnexpectedResponseError).contentType).toBe('text/html');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect((await outcomeOf(followRelay(''))).error).toBeInstanceOf(ValidationError);
    expect((await outcomeOf(followRelay(`${base}/x`, { retries: -1 }))).error).toBeInstanceOf(
      ValidationError,
    );
  });
});
