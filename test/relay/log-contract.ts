import { firstValueFrom, Subject, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RelayKeyError } from '../../src/errors/relay.js';
import { RunStreamError, ValidationError } from '../../src/errors.js';
import { createRelay } from '../../src/relay/create-relay.js';
import type { EventLog, LogEntry } from '../../src/relay/event-log.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { outcomeOf } from '../helpers/fixtures.js';

/** The nth event of a made-up run: a text delta whose value says which one it is. */
export function delta(n: number): RunStreamEvent {
  return {
    event: 'thread.message.delta',
    data: {
      id: 'msg_1',
      object: 'thread.message.delta',
      delta: { content: [{ index: 0, type: 'text', text: { value: `<${n}>` } }] },
    },
  } as RunStreamEvent;
}

export const deltas = (from: number, to: number): RunStreamEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => delta(from + i));

const eventsOf = (entries: LogEntry[]) => entries.map((entry) => entry.event);

let serial = 0;
/** A key no other test of this process uses (Redis keys outlive a test). */
export const freshKey = (name: string) => `${name}-${process.pid}-${Date.now()}-${++serial}`;

/**
 * The behaviour every event log gives a relay: the same tests for memoryEventLog and
 * redisEventLog. `makeLog` gives a log for a test; `ttlMs` is short enough to watch expire.
 */
export function describeEventLog(name: string, makeLog: () => EventLog, options: { expiryMs: number }): void {
  describe(`${name}: a relay's runs`, () => {
    it('gives readers from the start every event, with increasing ids, then completes at [DONE]', async () => {
      const relay = createRelay({ log: makeLog() });
      const key = freshKey('start');
      relay.start(key, new Subject<RunStreamEvent>().pipe(take(0)));
      const upstream = new Subject<RunStreamEvent>();
      const key2 = freshKey('start2');
      relay.start(key2, upstream);
      const reading = outcomeOf(relay.events(key2));
      for (const event of deltas(1, 5)) upstream.next(event);
      upstream.complete();
      const outcome = await reading;
      expect(outcome.completed).toBe(true);
      expect(eventsOf(outcome.values)).toEqual(deltas(1, 5));
      const ids = outcome.values.map((entry) => Number(entry.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(5);
      expect((await outcomeOf(relay.events(key))).completed).toBe(true);
    });

    it('replays after an id, then follows live, then ends with the run', async () => {
      const relay = createRelay({ log: makeLog() });
      const key = freshKey('after');
      const upstream = new Subject<RunStreamEvent>();
      relay.start(key, upstream);
      for (const event of deltas(1, 3)) upstream.next(event);
      const firstTwo = await firstValueFrom(relay.events(key).pipe(take(2), toArray()));
      const rest = outcomeOf(relay.events(key, { after: firstTwo[1]?.id as string }));
      const live = outcomeOf(relay.events(key));
      for (const event of deltas(4, 6)) upstream.next(event);
      upstream.complete();
      expect(eventsOf((await rest).values)).toEqual(deltas(3, 6));
      expect(eventsOf((await live).values)).toEqual(deltas(1, 6));
      // After the end, a reader still gets the whole run and the end.
      const late = await outcomeOf(relay.events(key));
      expect(late.completed).toBe(true);
      expect(eventsOf(late.values)).toEqual(deltas(1, 6));
    });

    it('ends every reader with the relayed error when the upstream fails', async () => {
      const relay = createRelay({ log: makeLog() });
      const key = freshKey('error');
      const upstream = new Subject<RunStreamEvent>();
      relay.start(key, upstream);
      const live = outcomeOf(relay.events(key));
      upstream.next(delta(1));
      upstream.error(new RunStreamError({ message: 'The model is overloaded.', code: 'overloaded' }));
      for (const outcome of [await live, await outcomeOf(relay.events(key))]) {
        expect(eventsOf(outcome.values)).toEqual([delta(1)]);
        expect(outcome.error).toBeInstanceOf(RunStreamError);
        expect((outcome.error as RunStreamError).message).toContain('The model is overloaded.');
        expect((outcome.error as RunStreamError).code).toBe('overloaded');
      }
    });

    it('errors at once for an unknown key, and refuses a second start of a live key', async () => {
      const log = makeLog();
      const relay = createRelay({ log });
      const unknown = await outcomeOf(relay.events(freshKey('nobody')));
      expect(unknown.error).toBeInstanceOf(RelayKeyError);
      expect((unknown.error as RelayKeyError).reason).toBe('unknown');
      const key = freshKey('twice');
      const upstream = new Subject<RunStreamEvent>();
      relay.start(key, upstream);
      expect(() => relay.start(key, new Subject<RunStreamEvent>())).toThrow(RelayKeyError);
      // Another relay on the same log (another process, with Redis) is refused by the log itself.
      const refused: unknown[] = [];
      const other = createRelay({ log, onError: (error) => refused.push(error) });
      const second = new Subject<RunStreamEvent>();
      try {
        other.start(key, second);
      } catch (error) {
        refused.push(error);
      }
      await expect.poll(() => refused.length).toBe(1);
      expect(refused[0]).toBeInstanceOf(RelayKeyError);
      expect(second.observed).toBe(false);
      upstream.complete();
      expect((await outcomeOf(relay.events(key))).completed).toBe(true);
      expect((await outcomeOf(relay.events(key, { after: 'x' }))).error).toBeInstanceOf(ValidationError);
    });

    it('goes on reading the run when every reader left', async () => {
      const relay = createRelay({ log: makeLog() });
      const key = freshKey('left');
      const upstream = new Subject<RunStreamEvent>();
      relay.start(key, upstream);
      const leaving = relay.events(key).subscribe();
      upstream.next(delta(1));
      leaving.unsubscribe();
      upstream.next(delta(2));
      expect(upstream.observed).toBe(true);
      upstream.complete();
      expect(eventsOf((await outcomeOf(relay.events(key))).values)).toEqual(deltas(1, 2));
    });

    it('serves 200 concurrent readers of one run every event once, in order', async () => {
      const relay = createRelay({ log: makeLog() });
      const key = freshKey('crowd');
      const upstream = new Subject<RunStreamEvent>();
      relay.start(key, upstream);
      upstream.next(delta(1));
      const readers = Array.from({ length: 200 }, () => outcomeOf(relay.events(key)));
      for (const event of deltas(2, 50)) upstream.next(event);
      upstream.complete();
      for (const outcome of await Promise.all(readers)) {
        expect(outcome.completed).toBe(true);
        expect(eventsOf(outcome.values)).toEqual(deltas(1, 50));
      }
    });

    it('holds 1 000 runs at once and forgets each ttlMs after its end', { timeout: 60_000 }, async () => {
      const relay = createRelay({ log: makeLog(), ttlMs: options.expiryMs });
      const keys = Array.from({ length: 1_000 }, (_, i) => freshKey(`many${i}`));
      const upstreams = keys.map(() => new Subject<RunStreamEvent>());
      for (const [i, key] of keys.entries()) relay.start(key, upstreams[i] as Subject<RunStreamEvent>);
      upstreams.forEach((upstream, i) => {
        upstream.next(delta(i));
        upstream.complete();
      });
      const outcomes = await Promise.all(keys.map((key) => outcomeOf(relay.events(key))));
      outcomes.forEach((outcome, i) => {
        expect(eventsOf(outcome.values)).toEqual([delta(i)]);
      });
      await expect
        .poll(async () => (await outcomeOf(relay.events(keys[999] as string))).error, {
          timeout: options.expiryMs + 5_000,
          interval: 50,
        })
        .toBeInstanceOf(RelayKeyError);
      const gone = await Promise.all(keys.map((key) => outcomeOf(relay.events(key))));
      expect(gone.every((outcome) => outcome.error instanceof RelayKeyError)).toBe(true);
    });
  });
}
