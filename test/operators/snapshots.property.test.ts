import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type RunSnapshot, snapshots } from '../../src/operators/snapshots.js';
import { textDeltas } from '../../src/operators/text-deltas.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { cutAt, iterableOf, trickyCuts } from '../helpers/chunks.js';
import { transcripts } from './arbitraries.js';
import { toSSE } from './support.js';

// Each cut is either any byte position or one of the positions most likely to break a reader
// (inside a multi-byte character, between `\r` and `\n`), chosen once the bytes are known.
const cuts = fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 24 });
const style = fc.record({ newline: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'), keepAlive: fc.boolean() });

function place(bytes: Uint8Array, picks: ReadonlyArray<[boolean, number]>): number[] {
  const tricky = trickyCuts(bytes);
  return picks.map(([preferTricky, n]) =>
    preferTricky && tricky.length > 0 ? (tricky[n % tricky.length] as number) : n % bytes.length,
  );
}

describe('snapshots over generated transcripts', () => {
  it('gives the same events and the same final snapshot however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(transcripts(), style, cuts, async (transcript, sseStyle, picks) => {
        const bytes = new TextEncoder().encode(toSSE(transcript.events, sseStyle));
        const events = await lastValueFrom(
          parseRunEvents(iterableOf(cutAt(bytes, place(bytes, picks)))).pipe(toArray()),
        );
        expect(events).toEqual(transcript.events);
        const last = (await lastValueFrom(from(events).pipe(snapshots(), toArray()))).at(-1);
        expect(last?.run).toEqual(transcript.expected.run);
        expect(last?.steps).toEqual(transcript.expected.steps);
        expect(last?.messages).toEqual(transcript.expected.messages);
      }),
      { numRuns: 120 },
    );
  });

  it('accumulates each text part to the concatenation of its fragments, and textDeltas emits them in order', async () => {
    await fc.assert(
      fc.asyncProperty(transcripts(), async (transcript) => {
        const texts = await lastValueFrom(from(transcript.events).pipe(textDeltas(), toArray()));
        expect(texts).toEqual(transcript.fragments.filter((fragment) => fragment !== ''));
        // Just before its terminal event, each message's text is the concatenation of its deltas.
        const all = await lastValueFrom(from(transcript.events).pipe(snapshots(), toArray()));
        for (const message of transcript.expected.messages) {
          const before = all.findLast(
            (s) => s.event.event === 'thread.message.delta' && s.event.data.id === message.id,
          );
          const accumulated = before?.messages.find((m) => m.id === message.id);
          const joined = deltaTextsOf(transcript.events, message.id);
          expect(accumulated?.content.map((part) => (part.type === 'text' ? part.text.value : ''))).toEqual(
            joined,
          );
        }
      }),
      { numRuns: 120 },
    );
  });

  it('never changes a snapshot after emitting it, and keeps the identity of what an event did not touch', async () => {
    await fc.assert(
      fc.asyncProperty(transcripts(), async (transcript) => {
        const emitted = await new Promise<Array<{ snapshot: RunSnapshot; copy: RunSnapshot }>>(
          (resolve, reject) => {
            const seen: Array<{ snapshot: RunSnapshot; copy: RunSnapshot }> = [];
            from(transcript.events)
              .pipe(snapshots())
              .subscribe({
                next: (snapshot) => seen.push({ snapshot, copy: structuredClone(snapshot) }),
                error: reject,
                complete: () => resolve(seen),
              });
          },
        );
        for (const { snapshot, copy } of emitted) expect(snapshot).toEqual(copy);

        for (let n = 1; n < emitted.length; n++) {
          const previous = emitted[n - 1]?.snapshot as RunSnapshot;
          const current = emitted[n]?.snapshot as RunSnapshot;
          const touched = 'id' in current.event.data ? current.event.data.id : undefined;
          for (const message of previous.messages) {
            if (message.id !== touched)
              expect(current.messages.find((m) => m.id === message.id)).toBe(message);
          }
          for (const step of previous.steps) {
            if (step.id !== touched) expect(current.steps.find((s) => s.id === step.id)).toBe(step);
          }
        }
      }),
      { numRuns: 80 },
    );
  });
});

/** For each text part of a message, the concatenation of the values its deltas carried. */
function deltaTextsOf(events: readonly RunStreamEvent[], id: string): string[] {
  const parts: string[] = [];
  for (const event of events) {
    if (event.event !== 'thread.message.delta' || event.data.id !== id) continue;
    for (const part of event.data.delta.content ?? []) {
      if (part.type === 'text') parts[part.index] = (parts[part.index] ?? '') + (part.text?.value ?? '');
    }
  }
  return parts;
}
