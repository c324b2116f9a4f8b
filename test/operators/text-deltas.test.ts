import { concat, from, lastValueFrom, Subject, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { textDeltas } from '../../src/operators/text-deltas.js';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../../src/types/events.js';
import type { Message, TextContent } from '../../src/types/message.js';
import { eventsOf, fixture, outcomeOf } from './support.js';

describe('textDeltas', () => {
  it('emits the text fragments in the order they arrive', async () => {
    const texts = await lastValueFrom(
      from(await eventsOf(fixture('text.sse'))).pipe(textDeltas(), toArray()),
    );
    expect(texts).toEqual(['Sure', '! The ', 'capital of ', 'France is ', 'Paris', ' 🇫🇷', '.']);
  });

  it('joins to the text of the completed messages, across several messages', async () => {
    const events = await eventsOf(fixture('code-interpreter.sse'));
    const texts = await lastValueFrom(from(events).pipe(textDeltas(), toArray()));
    const completed = events.flatMap((e) =>
      e.event === 'thread.message.completed' ? [e.data as Message] : [],
    );
    const final = completed.flatMap((m) =>
      m.content.filter((p): p is TextContent => p.type === 'text').map((p) => p.text.value),
    );
    expect(texts.join('')).toBe(final.join(''));
  });

  it('skips image parts, empty fragments and every other event', async () => {
    const delta: RunStreamEvent = {
      event: 'thread.message.delta',
      data: {
        id: 'msg_1',
        object: 'thread.message.delta',
        delta: {
          content: [
            { index: 0, type: 'image_file', image_file: { file_id: 'file_1' } },
            { index: 1, type: 'text', text: { value: '' } },
            { index: 1, type: 'text', text: { value: 'a' } },
            { index: 2, type: 'text', text: { value: 'b' } },
          ],
        },
      },
    };
    const unknown: UnknownRunStreamEvent = {
      event: 'thread.message.delta',
      data: 'not an object',
      unknown: true,
    };
    const runOnly = await eventsOf(fixture('failed.sse'));
    const texts = await lastValueFrom(from([...runOnly, delta, unknown]).pipe(textDeltas(), toArray()));
    expect(texts).toEqual(['a', 'b']);
  });

  it('emits each fragment as soon as its event arrives', () => {
    const source = new Subject<RunStreamEvent>();
    const seen: string[] = [];
    source.pipe(textDeltas()).subscribe((text) => seen.push(text));
    source.next({
      event: 'thread.message.delta',
      data: {
        id: 'm',
        object: 'thread.message.delta',
        delta: { content: [{ index: 0, type: 'text', text: { value: 'Hi' } }] },
      },
    });
    expect(seen).toEqual(['Hi']);
  });

  it('passes the source error through after the fragments before it', async () => {
    const events = (await eventsOf(fixture('text.sse'))).slice(0, 9);
    const failure = new Error('cut');
    const outcome = await outcomeOf(
      concat(
        from(events),
        throwError(() => failure),
      ).pipe(textDeltas()),
    );
    expect(outcome.values).toEqual(['Sure', '! The ']);
    expect(outcome.error).toBe(failure);
  });
});
