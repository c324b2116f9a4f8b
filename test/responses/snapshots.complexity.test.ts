import { from, last } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ResponseSnapshot } from '../../src/responses/accumulator.js';
import { snapshots } from '../../src/responses/snapshots.js';
import type { ResponseStreamEvent } from '../../src/types/responses/events.js';

// Not a speed target (the benchmarks hold those): a check that the cost of an event does not grow
// with the text, the arguments or the output items before it. Four times the deltas (or items)
// must take about four times as long; a copy of the accumulated text, or of the items, per event
// would take sixteen. Only a ratio of two timings on the same machine is compared, with the best
// of several runs, so a slow or busy machine does not matter.

type Json = Record<string, unknown>;

const response = {
  id: 'resp_big',
  object: 'response',
  created_at: 1,
  status: 'in_progress',
  model: 'm',
  output: [],
};
const created = { type: 'response.created', sequence_number: 0, response } as Json;

/** A message with one text part, then `count` text deltas to it. */
function textStream(count: number): Json[] {
  const at = { item_id: 'msg_1', output_index: 0, content_index: 0 };
  const message = { id: 'msg_1', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
  const part = { type: 'output_text', text: '', annotations: [] };
  // One delta object, applied `count` times: the accumulator must never change its input.
  const delta = { type: 'response.output_text.delta', ...at, delta: 'token ', logprobs: [] };
  return [
    created,
    { type: 'response.output_item.added', output_index: 0, item: message },
    { type: 'response.content_part.added', ...at, part },
    ...new Array<Json>(count).fill(delta),
  ];
}

/** A function call, then `count` argument deltas to it. */
function argumentsStream(count: number): Json[] {
  const call = {
    id: 'fc_1',
    type: 'function_call',
    call_id: 'c',
    name: 'f',
    arguments: '',
    status: 'in_progress',
  };
  const delta = {
    type: 'response.function_call_arguments.delta',
    item_id: 'fc_1',
    output_index: 0,
    delta: '"ab",',
  };
  return [
    created,
    { type: 'response.output_item.added', output_index: 0, item: call },
    ...new Array(count).fill(delta),
  ];
}

/** `count` function calls, each added, given an argument delta and done. */
function itemsStream(count: number): Json[] {
  const events: Json[] = [created];
  for (let n = 0; n < count; n++) {
    const call = {
      id: `fc_${n}`,
      type: 'function_call',
      call_id: `c${n}`,
      name: 'f',
      arguments: '',
      status: 'in_progress',
    };
    events.push({ type: 'response.output_item.added', output_index: n, item: call });
    events.push({
      type: 'response.function_call_arguments.delta',
      item_id: call.id,
      output_index: n,
      delta: '{}',
    });
    events.push({
      type: 'response.output_item.done',
      output_index: n,
      item: { ...call, arguments: '{}', status: 'completed' },
    });
  }
  return events;
}

/** `count` messages, each added, given a text part, a delta and its `.done` events. */
function messagesStream(count: number): Json[] {
  const events: Json[] = [created];
  for (let n = 0; n < count; n++) {
    const id = `msg_${n}`;
    const item = { id, type: 'message', role: 'assistant', status: 'in_progress', content: [] };
    const at = { item_id: id, output_index: n, content_index: 0 };
    const part = { type: 'output_text', text: 'hi ', annotations: [] };
    events.push({ type: 'response.output_item.added', output_index: n, item });
    events.push({ type: 'response.content_part.added', ...at, part: { ...part, text: '' } });
    events.push({ type: 'response.output_text.delta', ...at, delta: 'hi ', logprobs: [] });
    events.push({ type: 'response.output_text.done', ...at, text: 'hi ', logprobs: [] });
    events.push({ type: 'response.content_part.done', ...at, part });
    const done = { ...item, status: 'completed', content: [part] };
    events.push({ type: 'response.output_item.done', output_index: n, item: done });
  }
  return events;
}

/** The time to fold `events` through snapshots(); `check` reads the last (or every) snapshot. */
function timeOf(events: Json[], check: (snapshot: ResponseSnapshot) => void, readEvery = false): number {
  const began = performance.now();
  const source = from(events as unknown as ResponseStreamEvent[]).pipe(snapshots());
  (readEvery ? source : source.pipe(last())).subscribe(check);
  return performance.now() - began;
}

function best(runs: number, measure: () => number): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let n = 0; n < runs; n++) fastest = Math.min(fastest, measure());
  return fastest;
}

/** The ratio of the time for 4 × `small` to the time for `small`, each the best of a few runs. */
function growth(small: number, time: (count: number) => number): number {
  time(small);
  const fast = best(3, () => time(small));
  const slow = best(2, () => time(4 * small));
  return slow / fast;
}

describe('Responses snapshots cost per event', () => {
  it('stays flat as the text grows: 200 000 text deltas take about 4× the time of 50 000, not 16×', () => {
    const ratio = growth(50_000, (count) =>
      timeOf(textStream(count), ({ response }) => {
        const text = response.output_text ?? '';
        // Reading a character forces the text to exist as one string: that cost counts too.
        if (text.length !== count * 6 || text.charCodeAt(count * 6 - 1) !== 32) throw new Error('wrong text');
      }),
    );
    expect(ratio).toBeLessThan(8);
  });

  it('stays flat as the arguments grow: 200 000 argument deltas take about 4× the time of 50 000', () => {
    const ratio = growth(50_000, (count) =>
      timeOf(argumentsStream(count), ({ response }) => {
        const call = response.output[0] as { arguments: string };
        if (call.arguments.length !== count * 5 || call.arguments.charCodeAt(0) !== 34)
          throw new Error('wrong arguments');
      }),
    );
    expect(ratio).toBeLessThan(8);
  });

  it('stays flat for a reader of every snapshot: each read costs the same, whatever the text before it', () => {
    const ratio = growth(25_000, (count) => {
      let reads = 0;
      const time = timeOf(
        textStream(count),
        ({ response }) => {
          if ((response.output_text ?? '').length > count * 6) throw new Error('wrong text');
          reads++;
        },
        true,
      );
      if (reads !== count + 3) throw new Error('a snapshot is missing');
      return time;
    });
    expect(ratio).toBeLessThan(8);
  });

  it('stays flat as the messages grow: the output text is joined anew per message event without walking every message before', () => {
    const ratio = growth(10_000, (count) =>
      timeOf(messagesStream(count), ({ response }) => {
        const text = response.output_text ?? '';
        if (response.output.length !== count || text.length !== count * 3 || text.charCodeAt(0) !== 104)
          throw new Error('wrong messages');
      }),
    );
    expect(ratio).toBeLessThan(8);
  });

  it('stays flat as the items grow: 80 000 calls take about 4× the time of 20 000', () => {
    const ratio = growth(20_000, (count) =>
      timeOf(itemsStream(count), ({ response }) => {
        if (response.output.length !== count) throw new Error('wrong items');
      }),
    );
    expect(ratio).toBeLessThan(8);
  });
});
