import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextAppender, ToolCallAppender } from '../../src/operators/append-delta.js';
import { mergeDelta } from '../../src/operators/merge-delta.js';
import type { Message } from '../../src/types/message.js';
import type { RunStep } from '../../src/types/step.js';

// The fast paths of the accumulator must give exactly what the generic merge gives, key order
// included, or step aside. Each property applies a generated run of deltas the way the
// accumulator does (the fast path's result when it has one, the generic merge's otherwise) and
// compares both results at every delta. The objects start in the API's own key order, so the fast
// path is taken, or in another order, so it must not be.

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

/** The API's key order, or the same keys reversed (a server with its own layout). */
const layout = fc.constantFrom('api' as const, 'reversed' as const);

describe('the accumulator fast paths', () => {
  it('append text exactly as mergeDelta merges it, or leave the delta to it', () => {
    const taken = { fast: 0 };
    fc.assert(
      fc.property(layout, fc.array(textDelta, { minLength: 5, maxLength: 60 }), (order, deltas) => {
        check(new TextAppender(), arrange(messageObject(), order), deltas, taken);
      }),
      { numRuns: 300 },
    );
    // Guards the property itself: a fast path never taken would make it pass vacuously.
    expect(taken.fast).toBeGreaterThan(500);
  });

  it('append arguments and code input exactly as mergeDelta merges them, or leave the delta to it', () => {
    const taken = { fast: 0 };
    fc.assert(
      fc.property(layout, fc.array(stepDelta, { minLength: 5, maxLength: 60 }), (order, deltas) => {
        // A server's first delta for a call carries its id, name or empty input.
        const created = [0, 1, 2].map((n) => creation(n));
        check(new ToolCallAppender(), arrange(stepObject(), order), [...created, ...deltas], taken);
      }),
      { numRuns: 300 },
    );
    expect(taken.fast).toBeGreaterThan(500);
  });

  it('never take a layout other than the API one', () => {
    fc.assert(
      fc.property(fc.array(textDelta, { minLength: 1, maxLength: 20 }), (deltas) => {
        const appender = new TextAppender();
        let current = arrange(messageObject(), 'reversed');
        for (const delta of deltas) {
          expect(appender.append(current, delta)).toBeUndefined();
          current = mergeDelta(current, delta);
        }
      }),
    );
  });
});

/**
 * Applies `deltas` to `start` as the accumulator does and compares, at every delta, the fast
 * path's result (when it gives one) with the generic merge's: the same keys in the same order and
 * the same values. Every version made stays as it was when made.
 */
function check<T extends object>(
  appender: { append(current: T, delta: object): T | undefined },
  start: T,
  deltas: readonly object[],
  taken: { fast: number },
): void {
  const versions: Array<{ object: T; json: string }> = [];
  let current = start;
  for (const delta of deltas) {
    const generic = mergeDelta(current, delta);
    const fast = appender.append(current, delta);
    if (fast !== undefined) {
      taken.fast++;
      expect(JSON.stringify(fast)).toBe(JSON.stringify(generic));
      expect(fast).toStrictEqual(generic);
    }
    current = fast ?? generic;
    versions.push({ object: current, json: JSON.stringify(current) });
  }
  for (const { object, json } of versions) expect(JSON.stringify(object)).toBe(json);
}

function textEntry(index: number, text: object): object {
  return { content: [{ index, type: 'text', text }] };
}

function callEntry(call: object): object {
  return { step_details: { type: 'tool_calls', tool_calls: [call] } };
}

function arrange<T extends object>(value: T, order: 'api' | 'reversed'): T {
  if (order === 'api') return value;
  return Object.fromEntries(Object.entries(value).reverse()) as T;
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
