import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ResponseSnapshot } from '../../src/responses/accumulator.js';
import { parseResponseEvents } from '../../src/responses/parse.js';
import { snapshots } from '../../src/responses/snapshots.js';
import type { ResponseStreamEvent } from '../../src/types/responses/events.js';
import { eventsOf, longStreamPlan, type StreamPlan, sseOf } from './generate.js';
import { sdkResponses } from './reference.js';

// A snapshot's response is built when it is first read, from the deltas recorded since: these
// tests read snapshots late (after the whole stream), out of order, some of them also while the
// stream runs, on streams whose strings arrive in long runs of deltas (text, refusals,
// arguments, inputs, code, summary and reasoning text), and hold each to what the official SDK
// had built after that very event.

type Json = Record<string, unknown>;

/** A long stream, the order to read its snapshots in, and which of them to read as they arrive. */
const lateReads = longStreamPlan.chain((plan) => {
  const positions = eventsOf(plan).map((_, n) => n);
  return fc.record({
    plan: fc.constant(plan),
    order: fc.shuffledSubarray(positions, { minLength: positions.length, maxLength: positions.length }),
    early: fc.subarray(positions),
  });
});

/** The snapshots of `events`, the responses of those at `early` read (and serialised) on arrival. */
async function collect(events: readonly Json[], early: ReadonlySet<number>) {
  const emitted: ResponseSnapshot[] = [];
  const readEarly = new Map<number, { response: unknown; json: string }>();
  await new Promise<void>((resolve, reject) =>
    parseResponseEvents(sseOf(events))
      .pipe(snapshots())
      .subscribe({
        next: (snapshot) => {
          const n = emitted.push(snapshot) - 1;
          if (early.has(n))
            readEarly.set(n, { response: snapshot.response, json: JSON.stringify(snapshot.response) });
        },
        error: reject,
        complete: resolve,
      }),
  );
  return { emitted, readEarly };
}

/** The items of snapshot `n` that its event did not address: the same objects as in `n - 1`. */
function expectUntouchedKept(emitted: readonly ResponseSnapshot[], n: number): void {
  const event = emitted[n]?.event as { output_index?: unknown; type: string };
  if (n === 0 || typeof event.output_index !== 'number' || event.type === 'response.output_item.added')
    return;
  const before = emitted[n - 1]?.response.output ?? [];
  const after = emitted[n]?.response.output ?? [];
  for (const [at, item] of before.entries()) if (at !== event.output_index) expect(after[at]).toBe(item);
}

describe('snapshots() read late and out of order', () => {
  it('gives each snapshot the response after its own event, whenever and in whatever order it is read', async () => {
    await fc.assert(
      fc.asyncProperty(lateReads, async ({ plan, order, early }) => {
        const events = eventsOf(plan);
        const reference = sdkResponses(events);
        const { emitted, readEarly } = await collect(events, new Set(early));
        expect(emitted).toHaveLength(events.length);
        for (const n of order) {
          const snapshot = emitted[n] as ResponseSnapshot;
          expect(snapshot.response, `snapshot ${n} (${snapshot.event.type})`).toEqual(reference[n]);
          // Read on arrival and again now: the very same object, unchanged since.
          const first = readEarly.get(n);
          if (first !== undefined) {
            expect(snapshot.response).toBe(first.response);
            expect(JSON.stringify(snapshot.response)).toBe(first.json);
          }
          expect(snapshot.response).toBe(snapshot.response);
        }
        for (const n of order) expectUntouchedKept(emitted, n);
      }),
      { numRuns: 40 },
    );
  });

  it('builds every kind of string from long runs of deltas, read only at the end and backwards', async () => {
    const long = (prefix: string) => Array.from({ length: 150 }, (_, n) => `${prefix}${n},`);
    const plan: StreamPlan = {
      queued: false,
      end: 'completed',
      items: [
        {
          type: 'message',
          parts: [
            { kind: 'output_text', deltas: long('t'), annotations: [] },
            { kind: 'refusal', deltas: long('r') },
          ],
        },
        { type: 'function_call', deltas: long('a') },
        { type: 'mcp_call', deltas: long('m') },
        { type: 'custom_tool_call', deltas: long('i') },
        { type: 'code_interpreter_call', deltas: long('c') },
        { type: 'reasoning', summary: [long('s'), long('u')], content: [long('x')] },
      ],
    };
    const events = eventsOf(plan);
    const reference = sdkResponses(events);
    const emitted = await lastValueFrom(parseResponseEvents(sseOf(events)).pipe(snapshots(), toArray()));
    // Nothing was read while the stream ran; now from the last snapshot to the first.
    for (let n = emitted.length - 1; n >= 0; n--) {
      expect(emitted[n]?.response, `snapshot ${n} (${emitted[n]?.event.type})`).toEqual(reference[n]);
    }
    const types = new Set(emitted.map((s) => s.event.type));
    for (const delta of [
      'response.output_text.delta',
      'response.refusal.delta',
      'response.function_call_arguments.delta',
      'response.mcp_call_arguments.delta',
      'response.custom_tool_call_input.delta',
      'response.code_interpreter_call_code.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_text.delta',
    ])
      expect(types).toContain(delta);
  });

  it('follows deltas that alternate between parallel items, read in order and late', async () => {
    const at = (output_index: number, item_id: string) => ({ output_index, item_id });
    const call = (n: number) => ({
      id: `fc_${n}`,
      type: 'function_call',
      call_id: `call_${n}`,
      name: 'lookup',
      arguments: '',
      status: 'in_progress',
    });
    const message = (n: number) => ({
      id: `msg_${n}`,
      type: 'message',
      role: 'assistant',
      status: 'in_progress',
      content: [],
    });
    const response = (status: string, output: Json[]) => ({
      id: 'resp_par',
      object: 'response',
      created_at: 1,
      status,
      model: 'gpt-par',
      output,
    });
    const part = { type: 'output_text', text: '', annotations: [] };
    const text = (n: number) => ({ ...at(n, `msg_${n}`), content_index: 0 });
    const events: Json[] = [
      { type: 'response.created', response: response('in_progress', []) },
      { type: 'response.output_item.added', output_index: 0, item: call(0) },
      { type: 'response.output_item.added', output_index: 1, item: call(1) },
      { type: 'response.output_item.added', output_index: 2, item: message(2) },
      { type: 'response.content_part.added', ...text(2), part },
      // A second message after the first: the output text is joined again while both stream.
      { type: 'response.output_item.added', output_index: 3, item: message(3) },
      { type: 'response.content_part.added', ...text(3), part },
    ];
    const written = ['', '', '', ''];
    for (let n = 0; n < 100; n++) {
      events.push({ type: 'response.function_call_arguments.delta', ...at(0, 'fc_0'), delta: `${n}` });
      events.push({ type: 'response.function_call_arguments.delta', ...at(1, 'fc_1'), delta: `-${n}` });
      const to = n % 3 === 0 ? 2 : 3;
      written[to] += `w${n} `;
      events.push({ type: 'response.output_text.delta', ...text(to), delta: `w${n} `, logprobs: [] });
      // Each text done, now and then, joins the output text of both messages anew.
      if (n % 10 === 9)
        events.push({ type: 'response.output_text.done', ...text(to), text: written[to], logprobs: [] });
    }
    events.push({ type: 'response.completed', response: response('completed', []) });
    const numbered = events.map((event, n) => ({ ...event, sequence_number: n }));
    const reference = sdkResponses(numbered);
    const source = () => from(numbered as unknown as ResponseStreamEvent[]).pipe(snapshots(), toArray());
    const inOrder = await lastValueFrom(source());
    for (const [n, snapshot] of inOrder.entries()) {
      expect(snapshot.response, `snapshot ${n}`).toEqual(reference[n]);
      expectUntouchedKept(inOrder, n);
    }
    // Again, read only after the stream, in a scrambled order (37 is prime to the length).
    const late = await lastValueFrom(source());
    expect(late.length % 37).not.toBe(0);
    for (let k = 0; k < late.length; k++) {
      const n = (k * 37) % late.length;
      expect(late[n]?.response, `snapshot ${n}`).toEqual(reference[n]);
    }
    for (let n = 0; n < late.length; n++) expectUntouchedKept(late, n);
  });

  it('gives an event that changes nothing the very response of the snapshot before, and serialises as { event, response }', async () => {
    const plan: StreamPlan = {
      queued: false,
      end: 'completed',
      items: [{ type: 'image_generation_call', partials: 2 }],
    };
    const emitted = await lastValueFrom(
      parseResponseEvents(sseOf(eventsOf(plan))).pipe(snapshots(), toArray()),
    );
    const partial = emitted.findIndex((s) => s.event.type === 'response.image_generation_call.partial_image');
    expect(partial).toBeGreaterThan(0);
    expect(emitted[partial]?.response).toBe(emitted[partial - 1]?.response);
    const snapshot = emitted[partial] as ResponseSnapshot;
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(
      JSON.parse(JSON.stringify({ event: snapshot.event, response: snapshot.response })),
    );
  });
});
