import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamInterruptedError, StreamParseError } from '../../src/errors.js';
import { parseResponseEvents } from '../../src/responses/parse.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import { cutAt, streamOf, trickyCuts } from '../helpers/chunks.js';
import { fixtureBytes, outcomeOf } from '../helpers/fixtures.js';
import { eventsOf, sseOf, streamPlan } from '../responses/generate.js';

// The reader both parsers share: chunking, the frame bound, the grace after a terminal event and
// an end that never throws, held for each dialect.

type Body = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | string;
type Options = { maxFrameBytes?: number; terminalGrace?: number };
const DIALECTS: Array<{
  name: string;
  parse: (body: Body, options?: Options) => Observable<unknown>;
  terminal: string;
}> = [
  {
    name: 'runs',
    parse: (body, options) => parseRunEvents(body, options),
    terminal:
      'event: thread.run.completed\ndata: {"id":"run_1","object":"thread.run","status":"completed"}\n\n',
  },
  {
    name: 'responses',
    parse: (body, options) => parseResponseEvents(body, options),
    terminal: `data: ${JSON.stringify({ type: 'response.completed', sequence_number: 0, response: { id: 'resp_1', output: [] } })}\n\n`,
  },
];

const encoder = new TextEncoder();

/** An endless source: `head`, then `piece` forever; counts what was pulled and whether it was released. */
function endless(head: string, piece: string) {
  const state = { pulled: 0, released: false };
  const body: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        state.pulled++;
        return { done: false, value: state.pulled === 1 ? head : piece };
      },
      return: async () => {
        state.released = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return { body, state };
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('parseResponseEvents chunking', () => {
  const files = readdirSync(new URL('../fixtures/responses/', import.meta.url)).filter((f) =>
    f.endsWith('.sse'),
  );
  it.each(files)('yields the same outcome for any chunking of %s', async (file) => {
    const bytes = fixtureBytes(`responses/${file}`);
    const reference = await outcomeOf(parseResponseEvents(streamOf([bytes])));
    const cuts = fc.oneof(
      fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 60 }),
      fc.subarray(trickyCuts(bytes)),
    );
    await fc.assert(
      fc.asyncProperty(cuts, async (points) => {
        expect(await outcomeOf(parseResponseEvents(streamOf(cutAt(bytes, points))))).toEqual(reference);
      }),
      { numRuns: 25 },
    );
  });

  it('yields the same events for any chunking of generated streams, with or without event: lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamPlan.chain((plan) => {
          const bytes = encoder.encode(sseOf(eventsOf(plan), { eventLines: plan.queued }));
          return fc.tuple(
            fc.constant(bytes),
            fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
          );
        }),
        async ([bytes, points]) => {
          const whole = await outcomeOf(parseResponseEvents(streamOf([bytes])));
          expect(whole.completed).toBe(true);
          expect(await outcomeOf(parseResponseEvents(streamOf(cutAt(bytes, points))))).toEqual(whole);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe.each(DIALECTS)('the shared reader ($name)', ({ parse, terminal }) => {
  it('errors with StreamParseError as soon as an unterminated line crosses maxFrameBytes, and stops reading', async () => {
    const { body, state } = endless('data: {"a":"', 'x'.repeat(100));
    const outcome = await outcomeOf(parse(body, { maxFrameBytes: 1000 }));
    expect(outcome.error).toBeInstanceOf(StreamParseError);
    expect((outcome.error as Error).message).toContain('maxFrameBytes (1000)');
    // 1 000 characters are crossed by the 11th piece: the reader asked for no more than that.
    expect(state.pulled).toBeLessThanOrEqual(12);
    expect(state.released).toBe(true);
  });

  it('bounds a frame of many data lines, and one that arrives whole in a single chunk', async () => {
    const lines = endless('event: x\n', 'data: yyyyyyyyyy\n');
    const many = await outcomeOf(parse(lines.body, { maxFrameBytes: 500 }));
    expect(many.error).toBeInstanceOf(StreamParseError);
    expect(lines.state.pulled).toBeLessThanOrEqual(60);
    const whole = await outcomeOf(
      parse(`data: "${'z'.repeat(2000)}"\n\n${terminal}`, { maxFrameBytes: 1000 }),
    );
    expect(whole.error).toBeInstanceOf(StreamParseError);
  });

  it('holds a frame of the default bound (32 MiB) and errors past it', async () => {
    const mib = 'x'.repeat(2 ** 20);
    const { body, state } = endless('data: "', mib);
    const outcome = await outcomeOf(parse(body));
    expect(outcome.error).toBeInstanceOf(StreamParseError);
    expect(state.pulled).toBeGreaterThanOrEqual(32);
    expect(state.pulled).toBeLessThanOrEqual(34);
  }, 20_000);

  it('completes after the grace when the connection stays open in silence after a terminal event', async () => {
    let released = false;
    const body: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => {
        let sent = false;
        return {
          next: () => {
            if (sent) return new Promise<IteratorResult<string>>(() => undefined);
            sent = true;
            return Promise.resolve({ done: false, value: terminal });
          },
          return: async () => {
            released = true;
            return { done: true, value: undefined };
          },
        };
      },
    };
    const events = await lastValueFrom(parse(body, { terminalGrace: 10 }).pipe(toArray()));
    expect(events).toHaveLength(1);
    expect(released).toBe(true);
  });

  it('never throws from its end: a source failing with an unreadable error is an interruption', async () => {
    // Neither its message nor its text can be read: describing it must not throw.
    const hostile = {
      toString(): string {
        throw new Error('no text for you');
      },
    };
    const body: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(hostile),
      }),
    };
    const outcome = await outcomeOf(parse(body));
    expect(outcome.error).toBeInstanceOf(StreamInterruptedError);
  });
});
