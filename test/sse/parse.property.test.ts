import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRunEvents } from '../../src/sse/parse.js';
import { cutAt, streamOf, trickyCuts } from '../helpers/chunks.js';
import { allFixtureNames, fixtureText, type Outcome, outcomeOf } from '../helpers/fixtures.js';

const encoder = new TextEncoder();

type Dialect = 'LF' | 'CRLF' | 'CR';
const ENDINGS: Record<Dialect, string> = { LF: '\n', CRLF: '\r\n', CR: '\r' };

/** Every transcript, in each of the three line-ending dialects, as bytes. */
const FIXTURES = allFixtureNames().map((name) => {
  const lf = fixtureText(name).replace(/\r\n|\r/g, '\n');
  const dialects = Object.fromEntries(
    Object.entries(ENDINGS).map(([dialect, ending]) => [dialect, encoder.encode(lf.replace(/\n/g, ending))]),
  ) as Record<Dialect, Uint8Array>;
  return { name, dialects };
});

function wholeReading(bytes: Uint8Array): Promise<Outcome<unknown>> {
  return outcomeOf(parseRunEvents(streamOf([bytes])));
}

const readChunks = (bytes: Uint8Array, cuts: number[]) =>
  outcomeOf(parseRunEvents(streamOf(cutAt(bytes, cuts))));

// Each transcript is compared with its own whole LF reading, so one that another suite adds (even
// one that ends in an error) is held to the same rule.
describe.each(FIXTURES)('parseRunEvents on $name', ({ dialects }) => {
  it('yields the same events for any line endings and any chunking of the bytes', async () => {
    const reference = await wholeReading(dialects.LF);
    expect(reference.values.length).toBeGreaterThan(0);
    const cutsOf = (dialect: Dialect) =>
      fc.array(fc.integer({ min: 1, max: dialects[dialect].length - 1 }), { maxLength: 60 });
    const dialect = fc.constantFrom<Dialect>('LF', 'CRLF', 'CR');
    await fc.assert(
      fc.asyncProperty(
        dialect.chain((d) => fc.tuple(fc.constant(d), cutsOf(d))),
        async ([d, cuts]) => {
          expect(await readChunks(dialects[d], cuts)).toEqual(reference);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('yields the same events from one-byte chunks of CRLF text', async () => {
    const reference = await wholeReading(dialects.LF);
    const bytes = dialects.CRLF;
    expect(
      await readChunks(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(reference);
  });

  it('yields the same events when chunks end inside multi-byte characters or between \\r and \\n', async () => {
    const reference = await wholeReading(dialects.LF);
    const bytes = dialects.CRLF;
    const awkward = trickyCuts(bytes);
    await fc.assert(
      fc.asyncProperty(fc.subarray(awkward, { minLength: 1 }), async (cuts) => {
        expect(await readChunks(bytes, cuts)).toEqual(reference);
      }),
      { numRuns: 25 },
    );
  });
});

describe('the transcripts', () => {
  it('include multi-byte characters, so cuts inside a character are exercised', () => {
    expect(FIXTURES.some(({ dialects }) => trickyCuts(dialects.LF).length > 0)).toBe(true);
  });
});
