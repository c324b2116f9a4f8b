import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRunEvents } from '../../src/sse/parse.js';
import { allFixtureNames, fixtureText, type Outcome, outcomeOf } from '../helpers/fixtures.js';

const encoder = new TextEncoder();

/** Every transcript in three line-ending dialects, as bytes. */
const SOURCES = allFixtureNames().flatMap((name) => {
  const lf = fixtureText(name).replace(/\r\n|\r/g, '\n');
  return [
    { label: `${name} (LF)`, bytes: encoder.encode(lf) },
    { label: `${name} (CRLF)`, bytes: encoder.encode(lf.replace(/\n/g, '\r\n')) },
    { label: `${name} (CR)`, bytes: encoder.encode(lf.replace(/\n/g, '\r')) },
  ];
});

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Indices where a cut lands inside a multi-byte UTF-8 character (before a continuation byte). */
function insideCharacters(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < bytes.length; i++) if ((bytes[i] as number) >> 6 === 0b10) cuts.push(i);
  return cuts;
}

/** Indices where a cut lands between a `\r` and its `\n`. */
function insideCRLF(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < bytes.length; i++) if (bytes[i - 1] === 13 && bytes[i] === 10) cuts.push(i);
  return cuts;
}

const AWKWARD = SOURCES.map((source) => ({
  ...source,
  cuts: [...insideCharacters(source.bytes), ...insideCRLF(source.bytes)],
})).filter((source) => source.cuts.length > 0);

function wholeReading(bytes: Uint8Array): Promise<Outcome<unknown>> {
  return outcomeOf(parseRunEvents(streamOf([bytes])));
}

// Every source is compared with its own whole-buffer reading, so a transcript another suite adds
// (even one that ends in an error) is held to the same rule.
describe.each(SOURCES)('parseRunEvents on $label', ({ bytes }) => {
  it('yields the same events for any chunking of the bytes', async () => {
    const reference = await wholeReading(bytes);
    expect(reference.values.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 60 }),
        async (cuts) => {
          expect(await outcomeOf(parseRunEvents(streamOf(split(bytes, cuts))))).toEqual(reference);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('yields the same events from one-byte chunks', async () => {
    const reference = await wholeReading(bytes);
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(await outcomeOf(parseRunEvents(streamOf(split(bytes, cuts))))).toEqual(reference);
  });
});

describe.each(AWKWARD)('parseRunEvents on $label, cut awkwardly', ({ bytes, cuts: awkward }) => {
  it('yields the same events when chunks end inside multi-byte characters or between \\r and \\n', async () => {
    const reference = await wholeReading(bytes);
    await fc.assert(
      fc.asyncProperty(fc.subarray(awkward, { minLength: 1 }), async (cuts) => {
        expect(await outcomeOf(parseRunEvents(streamOf(split(bytes, cuts))))).toEqual(reference);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the transcripts', () => {
  it('include multi-byte characters and CRLF line endings, so awkward cuts are exercised', () => {
    expect(AWKWARD.some((source) => insideCharacters(source.bytes).length > 0)).toBe(true);
    expect(AWKWARD.some((source) => insideCRLF(source.bytes).length > 0)).toBe(true);
  });
});
