import fc from 'fast-check';
import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { mergeDelta } from '../../src/operators/merge-delta.js';
import { type RunSnapshot, snapshots } from '../../src/operators/snapshots.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import type { Message } from '../../src/types/message.js';
import type { RunStep } from '../../src/types/step.js';

// The accumulator records a delta and merges it only when a snapshot is read (or after a run of
// them), for every layout alike. These properties hold it, on the API's layout and on others
// (fields missing, extra, reordered), to the plain reference: merge each delta at once, as
// `mergeDelta` does, key order included. Whatever snapshots are read, in whatever order, each
// reads as the reference did after its event, and never changes afterwards.

const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 5 }),
  fc.constantFrom('🇫🇷', '"', '\\', '\n', 'é', ''),
);
const index = fc.nat({ max: 2 });

// Mostly what a server streams (fragments into parts and calls that exist), with now and then a
// delta the fast path must leave alone; some of those leave the object in a layout it cannot take
// any more (a value that is not a string, a refusal merged into a text part), so they are rare.
const textDelta = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record({ index, value: piece }).map(({ index, value }) => textEntry(index, { value })),
  },
  {
    weight: 10,
    arbitrary: fc
      .record({ index, value: piece })
      .map(({ index, value }) => textEntry(index, { value, annotations: [] })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ index, value: piece }).map(({ index, value }) =>
      textEntry(index, {
        value,
        annotations: [{ index: 0, type: 'file_citation', text: value, start_index: 0, end_index: 1 }],
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ index, value: piece })
      .map(({ index, value }) => ({ content: [{ type: 'text', index, text: { value } }] })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ index, value: piece }).map(({ index, value }) => ({
      content: [
        { index, type: 'text', text: { value } },
        { index: index + 1, type: 'text', text: { value } },
      ],
    })),
  },
  { weight: 2, arbitrary: piece.map((value) => ({ ...textEntry(0, { value }), role: 'assistant' })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ index, refusal: piece })
      .map(({ index, refusal }) => ({ content: [{ index, type: 'refusal', refusal }] })),
  },
  { weight: 1, arbitrary: piece.map((value) => textEntry(0, { value: { nested: value } })) },
  { weight: 1, arbitrary: fc.constant(textEntry(1, { value: 7 })) },
);

// The calls of a step: even indices are function calls, odd ones code interpreter calls, as a
// server keeps a call's type for the whole stream.
const kindAt = (index: number) => (index % 2 === 1 ? ('code_interpreter' as const) : ('function' as const));
const fragment = (index: number, value: string): object => {
  const kind = kindAt(index);
  return callEntry({
    index,
    type: kind,
    [kind]: kind === 'function' ? { arguments: value } : { input: value },
  });
};
const creation = (index: number): object => {
  const kind = kindAt(index);
  return callEntry({
    index,
    id: `call_${index}`,
    type: kind,
    [kind]:
      kind === 'function' ? { name: 'get_weather', arguments: '', output: null } : { input: '', outputs: [] },
  });
};
const stepDelta = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record({ index, value: piece }).map(({ index, value }) => fragment(index, value)),
  },
  {
    weight: 5,
    arbitrary: piece.map((value) =>
      callEntry({ index: 1, type: 'code_interpreter', code_interpreter: { input: value, outputs: [] } }),
    ),
  },
  { weight: 5, arbitrary: fc.nat({ max: 3 }).map(creation) },
  {
    weight: 2,
    arbitrary: piece.map((value) =>
      callEntry({
        index: 1,
        type: 'code_interpreter',
        code_interpreter: { outputs: [{ index: 0, type: 'logs', logs: value }] },
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({ index, value: piece }).map(({ index, value }) => ({
      step_details: {
        tool_calls: [{ index, type: kindAt(index), function: { arguments: value } }],
        type: 'tool_calls',
      },
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ index, value: piece })
      .map(({ index, value }) => ({ ...fragment(index, value), usage: null })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ index, value: piece })
      .map(({ index, value }) => callEntry({ index, type: 'function', function: { name: value } })),
  },
  {
    weight: 1,
    arbitrary: piece.map((value) =>
      callEntry({ index: 0, type: 'code_interpreter', code_interpreter: { input: value } }),
    ),
  },
);

/** The layouts a server may send: the API's, reversed, without the optional fields, with future ones. */
const layout = fc.constantFrom('api' as const, 'reversed' as const, 'missing' as const, 'extra' as const);
type Layout = 'api' | 'reversed' | 'missing' | 'extra';

/** Which snapshots a subscriber reads while the run goes on: all, none, or some. */
const reads = fc.oneof(
  fc.constant('all' as const),
  fc.constant('none' as const),
  fc.array(fc.boolean(), { maxLength: 80 }),
);

describe('snapshots on any layout', () => {
  it('give, for messages, what merging every text delta at once gives, whichever snapshots are read', () => {
    fc.assert(
      fc.property(
        layout,
        reads,
        fc.array(textDelta, { minLength: 1, maxLength: 70 }),
        (order, read, deltas) => {
          const created = arrange(messageObject(), order);
          const other = { ...arrange(messageObject(), order), id: 'msg_0' };
          check('thread.message', [other, created], deltas, read);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('give, for steps, what merging every tool-call delta at once gives, whichever snapshots are read', () => {
    fc.assert(
      fc.property(
        layout,
        reads,
        fc.array(stepDelta, { minLength: 1, maxLength: 70 }),
        (order, read, deltas) => {
          const created = arrange(stepObject(), order);
          const other = { ...arrange(stepObject(), order), id: 'step_0' };
          const calls = [0, 1, 2].map((n) => creation(n));
          check('thread.run.step', [other, created], [...calls, ...deltas], read);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('give what merging at once gives when deltas go to two messages in turn, read in any order', () => {
    fc.assert(
      fc.property(
        layout,
        reads,
        fc.array(fc.tuple(fc.boolean(), textDelta), { minLength: 1, maxLength: 90 }),
        (order, read, steps) => {
          const first = { ...arrange(messageObject(), order), id: 'msg_0' };
          const second = arrange(messageObject(), order);
          const events = [
            created('thread.message', first),
            created('thread.message', second),
            ...steps.map(([toFirst, change]) => delta('thread.message', toFirst ? 'msg_0' : 'msg_1', change)),
          ];
          // The reference: each delta merged at once into its message.
          const expected: Message[][] = [];
          let current: Message[] = [first, second];
          for (const [toFirst, change] of steps) {
            const at = toFirst ? 0 : 1;
            current = current.slice();
            current[at] = { ...mergeDelta(current[at] as Message, change), id: (current[at] as Message).id };
            expected.push(current);
          }
          const { emitted, early } = streamed(events, read, (s) => s.messages);
          // Read last to first: the segments a later delta opened do not change what an earlier one shows.
          for (let n = events.length - 1; n >= 2; n--) {
            const list = (emitted[n] as RunSnapshot).messages;
            expect(JSON.stringify(list)).toBe(JSON.stringify(expected[n - 2]));
            const seen = early.get(n);
            if (seen !== undefined) expect(JSON.stringify(list)).toBe(seen);
            // The message the delta did not go to is the very object of the snapshot before.
            const other = (steps[n - 2] as [boolean, object])[0] ? 1 : 0;
            expect(list[other]).toBe((emitted[n - 1] as RunSnapshot).messages[other]);
          }
        },
      ),
      { numRuns: 250 },
    );
  });

  it('record a delta without touching the object, on every layout, until a snapshot is read', () => {
    fc.assert(
      fc.property(layout, fc.array(textDelta, { minLength: 1, maxLength: 31 }), (order, deltas) => {
        // The created message behind a proxy that counts every look at it: keys, fields, copies.
        const looks = { count: 0 };
        const message = watched(arrange(messageObject(), order), looks);
        const events = [
          created('thread.message', message),
          ...deltas.map((d) => delta('thread.message', 'msg_1', d)),
        ];
        const emitted: RunSnapshot[] = [];
        from(events)
          .pipe(snapshots())
          .subscribe((s) => emitted.push(s));
        const afterCreated = looks.count;
        expect(emitted).toHaveLength(events.length);
        // Fewer than 32 deltas are recorded only: the message is not read, not copied.
        expect(looks.count).toBe(afterCreated);
        const last = emitted.at(-1) as RunSnapshot;
        expect(last.messages[0]).toStrictEqual(
          reference([arrange(messageObject(), order)], deltas).at(-1)?.[0],
        );
        expect(looks.count).toBeGreaterThan(afterCreated);
      }),
      { numRuns: 100 },
    );
  });
});

type Family = 'thread.message' | 'thread.run.step';

function created(family: Family, object: object): RunStreamEvent {
  return { event: `${family}.created`, data: object } as RunStreamEvent;
}

function delta(family: Family, id: string, change: object): RunStreamEvent {
  return {
    event: `${family}.delta`,
    data: { id, object: `${family}.delta`, delta: change },
  } as RunStreamEvent;
}

/** The family after each delta into the last object, merged at once: the reference. */
function reference<T extends { id: string }>(objects: readonly T[], deltas: readonly object[]): T[][] {
  const versions: T[][] = [];
  let current = objects.slice();
  for (const change of deltas) {
    const at = current.length - 1;
    const merged = mergeDelta(current[at] as T, change);
    merged.id = (current[at] as T).id;
    current = current.slice();
    current[at] = merged;
    versions.push(current);
  }
  return versions;
}

/**
 * Streams `objects` created, then `deltas` into the last one, through `snapshots()`, reading the
 * snapshots `read` names while it runs and all of them at the end, in reverse: each equals the
 * reference after its event (key order included), reads the same twice, and keeps the identity
 * of the objects no delta touched.
 */
function check<T extends { id: string }>(
  family: Family,
  objects: readonly T[],
  deltas: readonly object[],
  read: 'all' | 'none' | boolean[],
): void {
  const id = (objects.at(-1) as T).id;
  const events = [...objects.map((o) => created(family, o)), ...deltas.map((d) => delta(family, id, d))];
  const listOf = (s: RunSnapshot) => (family === 'thread.message' ? s.messages : s.steps) as unknown as T[];
  const { emitted, early } = streamed(events, read, listOf);
  const expected = reference(objects, deltas);
  for (let n = events.length - 1; n >= objects.length; n--) {
    const list = listOf(emitted[n] as RunSnapshot);
    const wanted = expected[n - objects.length] as T[];
    expect(JSON.stringify(list)).toBe(JSON.stringify(wanted));
    expect(list).toStrictEqual(wanted);
    expect(listOf(emitted[n] as RunSnapshot)).toBe(list);
    // The object no delta touches is the server's own, in every snapshot.
    expect(list[0]).toBe(objects[0]);
    const seen = early.get(n);
    if (seen !== undefined) expect(JSON.stringify(list)).toBe(seen);
  }
}

/**
 * `events` through `snapshots()`: every snapshot, and the JSON of `listOf` of those `read`
 * names, taken while the stream runs.
 */
function streamed(
  events: readonly RunStreamEvent[],
  read: 'all' | 'none' | boolean[],
  listOf: (snapshot: RunSnapshot) => unknown,
): { emitted: RunSnapshot[]; early: Map<number, string> } {
  const emitted: RunSnapshot[] = [];
  const early = new Map<number, string>();
  from(events)
    .pipe(snapshots())
    .subscribe((s) => {
      const n = emitted.push(s) - 1;
      if (read === 'all' || (read !== 'none' && read[n % Math.max(1, read.length)])) {
        early.set(n, JSON.stringify(listOf(s)));
      }
    });
  return { emitted, early };
}

/** `value` behind a proxy that counts every read of its keys or fields. */
function watched<T extends object>(value: T, looks: { count: number }): T {
  return new Proxy(value, {
    get(target, key, receiver) {
      looks.count++;
      return Reflect.get(target, key, receiver);
    },
    ownKeys(target) {
      looks.count++;
      return Reflect.ownKeys(target);
    },
  });
}

function textEntry(index: number, text: object): object {
  return { content: [{ index, type: 'text', text }] };
}

function callEntry(call: object): object {
  return { step_details: { type: 'tool_calls', tool_calls: [call] } };
}

function arrange<T extends object>(value: T, order: Layout): T {
  const entries = Object.entries(value);
  if (order === 'reversed') return Object.fromEntries(entries.reverse()) as T;
  if (order === 'missing') {
    const optional = new Set(['incomplete_details', 'incomplete_at', 'completed_at', 'usage', 'expired_at']);
    return Object.fromEntries(entries.filter(([key]) => !optional.has(key))) as T;
  }
  if (order === 'extra') return { ...value, future_field: { nested: [1] }, another: 'x' } as T;
  return value;
}

// Key for key in the order the Assistants API writes them.
function messageObject(): Message {
  return {
    id: 'msg_1',
    object: 'thread.message',
    created_at: 1_712_000_002,
    assistant_id: 'asst_1',
    thread_id: 'thread_1',
    run_id: 'run_1',
    status: 'in_progress',
    incomplete_details: null,
    incomplete_at: null,
    completed_at: null,
    role: 'assistant',
    content: [],
    attachments: [],
    metadata: {},
  };
}

function stepObject(): RunStep {
  return {
    id: 'step_1',
    object: 'thread.run.step',
    created_at: 1_712_000_002,
    run_id: 'run_1',
    assistant_id: 'asst_1',
    thread_id: 'thread_1',
    type: 'tool_calls',
    status: 'in_progress',
    cancelled_at: null,
    completed_at: null,
    expired_at: null,
    failed_at: null,
    last_error: null,
    step_details: { type: 'tool_calls', tool_calls: [] },
    usage: null,
  };
}
