import fc from 'fast-check';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ResponseSnapshot } from '../../src/responses/accumulator.js';
import { parseResponseEvents } from '../../src/responses/parse.js';
import { snapshots } from '../../src/responses/snapshots.js';
import { eventsOf, sseOf, streamPlan } from './generate.js';
import { sdkResponses } from './reference.js';

// The official SDK's accumulator is the reference: after every event of a generated stream (all
// item types, all their deltas, every ending) runstream's snapshot must equal what the SDK has
// built from the same bytes at that point.

async function snapshotsOf(sse: string): Promise<ResponseSnapshot[]> {
  return lastValueFrom(parseResponseEvents(sse).pipe(snapshots(), toArray()));
}

describe('snapshots() against the official SDK accumulator', () => {
  it('equals the SDK response after every event, for every item type', async () => {
    await fc.assert(
      fc.asyncProperty(streamPlan, fc.boolean(), async (plan, eventLines) => {
        const events = eventsOf(plan);
        const ours = await snapshotsOf(sseOf(events, { eventLines }));
        const reference = sdkResponses(events);
        expect(ours).toHaveLength(events.length);
        for (const [n, snapshot] of ours.entries()) {
          expect(snapshot.event).toEqual(events[n]);
          expect(snapshot.response).toEqual(reference[n]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never changes a snapshot once emitted', async () => {
    await fc.assert(
      fc.asyncProperty(streamPlan, async (plan) => {
        const seen: string[] = [];
        const emitted: ResponseSnapshot[] = [];
        await new Promise<void>((resolve, reject) =>
          parseResponseEvents(sseOf(eventsOf(plan)))
            .pipe(snapshots())
            .subscribe({
              next: (s) => {
                emitted.push(s);
                seen.push(JSON.stringify(s.response));
              },
              error: reject,
              complete: resolve,
            }),
        );
        expect(emitted.map((s) => JSON.stringify(s.response))).toEqual(seen);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the very objects of the items an event did not touch', async () => {
    await fc.assert(
      fc.asyncProperty(streamPlan, async (plan) => {
        const ours = await snapshotsOf(sseOf(eventsOf(plan)));
        for (let n = 1; n < ours.length; n++) {
          const event = ours[n]?.event as { output_index?: number; type: string };
          if (typeof event.output_index !== 'number' || event.type === 'response.output_item.added') continue;
          const before = ours[n - 1]?.response.output ?? [];
          const after = ours[n]?.response.output ?? [];
          for (const [at, item] of before.entries())
            if (at !== event.output_index) expect(after[at]).toBe(item);
        }
      }),
      { numRuns: 60 },
    );
  });
});
