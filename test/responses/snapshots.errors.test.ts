import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/errors.js';
import { snapshots } from '../../src/responses/snapshots.js';
import type { ResponseStreamEvent } from '../../src/types/responses/events.js';
import { outcomeOf } from '../helpers/fixtures.js';

// A delta is checked when it arrives, though its snapshot is built only when read: a delta that
// addresses an item or part that is not there, or one whose data is not what the API sends,
// errors the stream at that event with a SnapshotError naming it, and every snapshot before it
// still reads as it was.

type Json = Record<string, unknown>;

const created = {
  type: 'response.created',
  response: {
    id: 'resp_e',
    object: 'response',
    created_at: 1,
    status: 'in_progress',
    model: 'm',
    output: [],
  },
};

/** The stream `item` added at 0 and the events after it, through snapshots(). */
async function outcome(item: Json, ...after: Json[]) {
  const events = [created, { type: 'response.output_item.added', output_index: 0, item }, ...after];
  return outcomeOf(from(events as unknown as ResponseStreamEvent[]).pipe(snapshots()));
}

const message = (content: unknown) => ({
  id: 'msg_e',
  type: 'message',
  role: 'assistant',
  status: 'in_progress',
  content,
});
const textDelta = (content_index: number) => ({
  type: 'response.output_text.delta',
  item_id: 'msg_e',
  output_index: 0,
  content_index,
  delta: 'x',
});

describe('snapshots() on a delta it cannot apply', () => {
  it.each([
    [
      'a reasoning item whose summary is not a list',
      { id: 'rs_e', type: 'reasoning', summary: null },
      {
        type: 'response.reasoning_summary_text.delta',
        item_id: 'rs_e',
        output_index: 0,
        summary_index: 0,
        delta: 'x',
      },
      'no list',
    ],
    ['a part that is not there', message([]), textDelta(0), 'nothing at index 0'],
    [
      'a part of another kind',
      message([{ type: 'refusal', refusal: '' }]),
      textDelta(0),
      'is refusal, not output_text',
    ],
    [
      'a reasoning item without content',
      { id: 'rs_e', type: 'reasoning', summary: [] },
      {
        type: 'response.reasoning_text.delta',
        item_id: 'rs_e',
        output_index: 0,
        content_index: 0,
        delta: 'x',
      },
      'has no content',
    ],
    [
      'a summary that is not there',
      { id: 'rs_e', type: 'reasoning', summary: [] },
      {
        type: 'response.reasoning_summary_text.delta',
        item_id: 'rs_e',
        output_index: 0,
        summary_index: 2,
        delta: 'x',
      },
      'nothing at index 2',
    ],
    [
      'an item that is not there',
      message([]),
      { type: 'response.function_call_arguments.delta', item_id: 'fc_9', output_index: 4, delta: 'x' },
      'no output item at output_index 4',
    ],
  ])('errors at the delta for %s, naming it', async (_, item, delta, detail) => {
    const result = await outcome(item, delta);
    expect(result.error).toBeInstanceOf(SnapshotError);
    expect(result.error).toMatchObject({ event: delta.type, id: delta.item_id });
    expect((result.error as Error).message).toContain(detail);
    // The snapshots before the delta: emitted, and still what they were.
    expect(result.values).toHaveLength(2);
    expect(result.values[1]?.response.output).toEqual([item]);
  });

  it('passes over a delta for an item of another type, as the SDK does, with the response unchanged', async () => {
    const call = {
      id: 'fc_e',
      type: 'function_call',
      call_id: 'c',
      name: 'f',
      arguments: '',
      status: 'in_progress',
    };
    const result = await outcome(call, textDelta(0), {
      type: 'response.function_call_arguments.delta',
      item_id: 'fc_e',
      output_index: 0,
      delta: '{}',
    });
    expect(result.error).toBeUndefined();
    expect(result.values).toHaveLength(4);
    expect(result.values[2]?.response).toBe(result.values[1]?.response);
    expect(result.values[3]?.response.output).toEqual([{ ...call, arguments: '{}' }]);
  });
});
