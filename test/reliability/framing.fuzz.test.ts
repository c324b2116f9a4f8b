import fc from 'fast-check';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StreamInterruptedError, StreamParseError } from '../../src/errors.js';
import { parseRunEvents, type RunEventSource } from '../../src/sse/parse.js';
import { cutAt, iterableOf, streamOf, trickyCuts } from '../helpers/chunks.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { DONE, frame, textDelta } from './helpers/events.js';
import {
  type Expected,
  expectedOf,
  malformedStream,
  type StreamModel,
  textOf,
  wellFormedStream,
} from './helpers/sse-model.js';

const encoder = new TextEncoder();

/** Reads `source` and reduces the outcome to what {@link expectedOf} predicts. */
async function read(source: RunEventSource, emitUnknown: boolean): Promise<Expected> {
  const events: Observable<unknown> = emitUnknown
    ? parseRunEvents(source, { unknownEvents: 'emit' })
    : parseRunEvents(source);
  const { values, completed, error } = await outcomeOf(events);
  if (error === undefined) return { values, completed };
  const facts = error as { name: string; event?: string; excerpt?: string; lastEvent?: string | null };
  const reduced: Expected['error'] = { name: facts.name };
  if (facts.name === 'StreamParseError')
    Object.assign(reduced, { event: facts.event, excerpt: facts.excerpt });
  if (facts.name === 'StreamInterruptedError') reduced.lastEvent = facts.lastEvent;
  return { values, completed, error: reduced };
}

const cuts = fc.array(fc.nat(4_000), { maxLength: 40 });
const settings = { numRuns: 150 };

describe('framing under any chunking (generated streams)', () => {
  it('yields the predicted events and ending, whatever the byte chunks', async () => {
    await fc.assert(
      fc.asyncProperty(wellFormedStream(), fc.boolean(), cuts, async (model, emit, points) => {
        const bytes = encoder.encode(textOf(model));
        expect(await read(streamOf(cutAt(bytes, points)), emit)).toEqual(expectedOf(model, emit));
      }),
      settings,
    );
  });

  it('yields the same from one-byte chunks', async () => {
    await fc.assert(
      fc.asyncProperty(wellFormedStream(), fc.boolean(), async (model, emit) => {
        const bytes = encoder.encode(textOf(model));
        const points = Array.from({ length: bytes.length }, (_, i) => i);
        expect(await read(streamOf(cutAt(bytes, points)), emit)).toEqual(expectedOf(model, emit));
      }),
      { numRuns: 40 },
    );
  });

  it('yields the same when every chunk ends inside a multi-byte character or between \\r and \\n', async () => {
    const tricky = wellFormedStream().filter((model) => trickyCuts(encoder.encode(textOf(model))).length > 0);
    await fc.assert(
      fc.asyncProperty(tricky, async (model) => {
        const bytes = encoder.encode(textOf(model));
        expect(await read(streamOf(cutAt(bytes, trickyCuts(bytes))), false)).toEqual(
          expectedOf(model, false),
        );
      }),
      { numRuns: 80 },
    );
  });

  it('yields the same from string chunks, even ones that split a surrogate pair', async () => {
    await fc.assert(
      fc.asyncProperty(wellFormedStream(), cuts, async (model, points) => {
        const text = textOf(model);
        expect(await read(iterableOf(cutAt(text, points)), true)).toEqual(expectedOf(model, true));
      }),
      settings,
    );
  });
});

// The generated streams hold all of these at random; each is also pinned here, so that one a
// generator happened to leave out still has a test that names it.
describe('framings the SSE specification allows (one stream each)', () => {
  const created = { event: 'thread.run.created', data: { id: 'run_1', status: 'queued' } };
  const DATA = 'data: {"id":"run_1","status":"queued"}';
  const emptyData = `${frame('thread.run.created', { id: 'run_1', status: 'queued' })}data:\n\n${DONE}`;

  /** Reads `text` whole and one byte at a time, expecting `values` and completion both times. */
  async function expectRead(text: string, emit: boolean, values: unknown[]): Promise<void> {
    const bytes = encoder.encode(text);
    const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
    for (const chunks of [[bytes], cutAt(bytes, everyByte)]) {
      expect(await read(streamOf(chunks), emit)).toEqual({ values, completed: true });
    }
  }

  it('reads LF, CRLF and CR line endings mixed line by line in one stream', async () => {
    const text = `event: thread.run.created\r\n${DATA}\n\revent: thread.run.in_progress\r${DATA}\r\n\r\n${DONE}`;
    await expectRead(text, false, [
      created,
      { event: 'thread.run.in_progress', data: { id: 'run_1', status: 'queued' } },
    ]);
  });

  it('ignores fields it does not know, with a value or with no colon at all', async () => {
    const text = `x-vendor-field: 1\nevent: thread.run.created\nx-flag\n${DATA}\n\n${DONE}`;
    await expectRead(text, false, [created]);
  });

  it('skips a frame whose only line is an empty data:', async () => {
    await expectRead(emptyData, false, [created]);
  });

  it("emits a frame whose only line is an empty data: as an unknown message with unknownEvents: 'emit'", async () => {
    await expectRead(emptyData, true, [created, { event: 'message', data: '', unknown: true }]);
  });
});

describe('malformed JSON (generated streams)', () => {
  it('errors with StreamParseError naming the event and an excerpt, after every event before it', async () => {
    await fc.assert(
      fc.asyncProperty(malformedStream(), fc.boolean(), cuts, async (model: StreamModel, emit, points) => {
        const bytes = encoder.encode(textOf(model));
        expect(await read(streamOf(cutAt(bytes, points)), emit)).toEqual(expectedOf(model, emit));
      }),
      settings,
    );
  });
});

describe('the end of a stream', () => {
  // Found by the malformed-JSON property: the parser holds back a final `\r` in case `\n` follows,
  // so a whole last frame ended by `\r\r` was judged at the flush, as if it had been cut short.
  it('reports bad JSON in a whole last frame ended by CR as StreamParseError, not as a cut', async () => {
    const text =
      'event: thread.run.created\rdata: {"id":"run_1","status":"queued"}\r\revent: thread.created\rdata: {oops\r\r';
    const { values, error } = await outcomeOf(parseRunEvents(text));
    expect(values).toEqual([{ event: 'thread.run.created', data: { id: 'run_1', status: 'queued' } }]);
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as StreamParseError).event).toBe('thread.created');
  });

  it('reads an empty data: of a known event as bad JSON, naming the event, after the events before it', async () => {
    const text = `${frame('thread.run.created', { id: 'run_1', status: 'queued' })}event: thread.run.in_progress\ndata:\n\n${DONE}`;
    const { values, error } = await outcomeOf(parseRunEvents(text));
    expect(values).toEqual([{ event: 'thread.run.created', data: { id: 'run_1', status: 'queued' } }]);
    expect(error).toBeInstanceOf(StreamParseError);
    expect([(error as StreamParseError).event, (error as StreamParseError).excerpt]).toEqual([
      'thread.run.in_progress',
      '',
    ]);
  });

  it('still reads a last frame ended by a single CR, with no blank line, as a cut', async () => {
    const text =
      'event: thread.run.created\rdata: {"id":"run_1","status":"queued"}\r\revent: thread.created\rdata: {oops\r';
    const { values, error } = await outcomeOf(parseRunEvents(text));
    expect(values).toHaveLength(1);
    expect(error).toBeInstanceOf(StreamInterruptedError);
  });
});

describe('very long lines', () => {
  // 1 MB of text with multi-byte characters, so chunk edges land inside characters too.
  const big = 'Grüße, 世界! 🌍 '.repeat(Math.ceil(1_048_576 / 19)).slice(0, 1_048_576);
  const bytes = encoder.encode(`${frame('thread.message.delta', textDelta(big))}${DONE}`);

  it('delivers a 1 MB data: line intact, whatever the chunk sizes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 64, max: 65_536 }), fc.integer(), async (size, seed) => {
        const points: number[] = [];
        // Chunk sizes vary around `size`, so edges fall everywhere, not on one stride.
        for (let at = size, n = seed; at < bytes.length; n = (n * 1_103_515_245 + 12_345) | 0) {
          points.push(at);
          at += 1 + (Math.abs(n) % size);
        }
        const { values, completed } = await outcomeOf(parseRunEvents(streamOf(cutAt(bytes, points))));
        expect(completed).toBe(true);
        expect(values).toHaveLength(1);
        const content =
          values[0]?.event === 'thread.message.delta' ? values[0].data.delta.content?.[0] : undefined;
        expect(content?.type === 'text' ? content.text?.value : undefined).toBe(big);
      }),
      { numRuns: 8 },
    );
  });

  it('keeps the StreamParseError of a 1 MB malformed line short', async () => {
    const bad = `event: thread.message.delta\ndata: {"id":"msg_1",${'x'.repeat(1_048_576)}\n\n`;
    const { error } = await outcomeOf(parseRunEvents(streamOf(cutAt(encoder.encode(bad), [4_096, 70_000]))));
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as StreamParseError).excerpt).toHaveLength(80);
    expect((error as StreamParseError).message.length).toBeLessThan(200);
  });
});
