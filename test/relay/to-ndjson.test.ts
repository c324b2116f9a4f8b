import { Observable, of, throwError } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { RunStreamError } from '../../src/errors.js';
import { relayErrorData } from '../../src/relay/relay-error-data.js';
import { toNDJSON } from '../../src/relay/to-ndjson.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { allFixtureNames, outcomeOf } from '../helpers/fixtures.js';
import { bytesOf, textOf, watchedSilence } from './support.js';

const inProgress = {
  event: 'thread.run.in_progress',
  data: { id: 'run_1', object: 'thread.run', status: 'in_progress', instructions: 'line one\nline two' },
} as unknown as RunStreamEvent;

function linesOf(text: string): Array<{ event: string; data: unknown }> {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('toNDJSON', () => {
  it.each(allFixtureNames())(
    'writes every event of %s as one JSON line, then how the run ended',
    async (name) => {
      const original = await outcomeOf(parseRunEvents(bytesOf(name), { unknownEvents: 'emit' }));
      expect(original.values.length).toBeGreaterThan(0);
      const lines = linesOf(await textOf(toNDJSON(parseRunEvents(bytesOf(name), { unknownEvents: 'emit' }))));
      const last = lines.pop();
      expect(lines).toEqual(original.values.map(({ event, data }) => ({ event, data })));
      expect(last).toEqual(
        original.error
          ? { event: 'error', data: relayErrorData(original.error) }
          : { event: 'done', data: '[DONE]' },
      );
    },
  );

  it('keeps line breaks inside the data escaped, so each event stays one line', async () => {
    const text = await textOf(toNDJSON(of(inProgress)));
    expect(text.split('\n')).toHaveLength(3);
    expect(linesOf(text)[0]).toEqual({ event: inProgress.event, data: inProgress.data });
  });

  it('ends with an error line carrying message, code and type', async () => {
    const error = new RunStreamError({
      message: 'Rate limit reached.',
      code: 'rate_limit_exceeded',
      type: 'requests',
    });
    const lines = linesOf(
      await textOf(
        toNDJSON(
          new Observable((s) => {
            s.next(inProgress);
            s.error(error);
          }),
        ),
      ),
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({
      event: 'error',
      data: { message: 'Rate limit reached.', code: 'rate_limit_exceeded', type: 'requests' },
    });
  });

  it('uses the errorData option for the error line', async () => {
    const text = await textOf(
      toNDJSON(
        throwError(() => new Error('x')),
        { errorData: () => ({ message: 'nope', code: null, type: 'app' }) },
      ),
    );
    expect(linesOf(text)).toEqual([{ event: 'error', data: { message: 'nope', code: null, type: 'app' } }]);
  });

  it('writes no keep-alive, so every line is JSON', async () => {
    vi.useFakeTimers();
    try {
      const silence = watchedSilence<RunStreamEvent>();
      const reader = toNDJSON(silence.events$).getReader();
      const first = reader.read();
      await vi.waitFor(() => expect(silence.subscribed()).toBe(true));
      expect(vi.getTimerCount()).toBe(0);
      await reader.cancel();
      await first;
      expect(silence.tornDown()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
