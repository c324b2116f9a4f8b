import type { Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { StreamParseError } from '../../src/errors.js';
import { parseResponseEvents } from '../../src/responses/parse.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import { iterableOf } from '../helpers/chunks.js';
import { outcomeOf } from '../helpers/fixtures.js';

// eventsource-parser throws `RangeError: Invalid string length` when a frame outgrows what the
// engine can hold; here its feed throws that for one marked chunk, without needing gigabytes.
vi.mock('eventsource-parser', async (original) => {
  const real = await original<typeof import('eventsource-parser')>();
  return {
    ...real,
    createParser: (config: Parameters<typeof real.createParser>[0]) => {
      const parser = real.createParser(config);
      return {
        ...parser,
        feed(chunk: string) {
          if (chunk.includes('BOOM')) throw new RangeError('Invalid string length');
          parser.feed(chunk);
        },
      };
    },
  };
});

const PARSERS: Array<[string, (body: AsyncIterable<string>) => Observable<unknown>]> = [
  ['runs', (body) => parseRunEvents(body)],
  ['responses', (body) => parseResponseEvents(body)],
];

describe.each(PARSERS)('the shared reader (%s) when the SSE parser throws', (_, parse) => {
  it('errors with StreamParseError, and its end does not feed the failed parser again', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const outcome = await outcomeOf(parse(iterableOf(['data: BOOM'])));
    process.off('unhandledRejection', onRejection);
    expect(outcome.error).toBeInstanceOf(StreamParseError);
    expect((outcome.error as Error).message).toContain('Invalid string length');
    expect(rejections).toEqual([]);
  });
});
