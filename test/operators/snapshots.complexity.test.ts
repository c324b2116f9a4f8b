import { from, last } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { snapshots } from '../../src/operators/snapshots.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import type { Message, TextContent } from '../../src/types/message.js';
import { eventsOf, fixture } from './support.js';

// Not a speed target (the benchmarks hold those): a check that the cost of an event does not grow
// with the text, or the messages, before it. Four times the deltas (or messages) must take about
// four times as long; a copy of the accumulated text (or of the messages) per event would take
// sixteen. Only a ratio of two timings on the same
// machine is compared, with the best of several runs, so a slow or busy machine does not matter.

const created = async () =>
  (await eventsOf(fixture('text.sse'))).find((e) => e.event === 'thread.message.created');

function deltaEvent(id: string): RunStreamEvent {
  return {
    event: 'thread.message.delta',
    data: {
      id,
      object: 'thread.message.delta',
      delta: { content: [{ index: 0, type: 'text', text: { value: 'token ' } }] },
    },
  };
}

function timeDeltas(start: RunStreamEvent, count: number): number {
  // One delta object applied `count` times: the accumulator must never mutate its input.
  const events = [start, ...new Array<RunStreamEvent>(count).fill(deltaEvent(start.data.id as string))];
  const began = performance.now();
  let text = '';
  from(events)
    .pipe(snapshots(), last())
    .subscribe((s) => {
      text = ((s.messages[0] as Message).content[0] as TextContent).text.value;
    });
  // Reading a character forces the text to exist as one string: that cost counts too.
  if (text.length !== count * 6 || text.charCodeAt(text.length - 1) !== 32) throw new Error('wrong text');
  return performance.now() - began;
}

function best(runs: number, measure: () => number): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let n = 0; n < runs; n++) fastest = Math.min(fastest, measure());
  return fastest;
}

/** A run of `count` messages, each created, given a delta and completed, timed through snapshots(). */
function timeMessages(template: RunStreamEvent, count: number): number {
  const message = template.data as Message;
  const events: RunStreamEvent[] = [];
  for (let n = 0; n < count; n++) {
    const id = `msg_${n}`;
    events.push({ event: 'thread.message.created', data: { ...message, id } });
    events.push(deltaEvent(id));
    events.push({ event: 'thread.message.completed', data: { ...message, id, status: 'completed' } });
  }
  const began = performance.now();
  let messages: readonly Message[] = [];
  from(events)
    .pipe(snapshots(), last())
    .subscribe((s) => {
      messages = s.messages;
    });
  if (messages.length !== count || messages[count - 1]?.id !== `msg_${count - 1}`)
    throw new Error('wrong messages');
  return performance.now() - began;
}

describe('snapshots cost per event', () => {
  it('stays flat as the messages grow: 200 000 messages take about 4× the time of 50 000, not 16×', async () => {
    const start = (await created()) as RunStreamEvent;
    timeMessages(start, 50_000);
    const small = best(3, () => timeMessages(start, 50_000));
    const large = best(2, () => timeMessages(start, 200_000));
    expect(large / small).toBeLessThan(8);
  });

  it('stays flat as the text grows: 200 000 deltas take about 4× the time of 50 000, not 16×', async () => {
    const start = (await created()) as RunStreamEvent;
    timeDeltas(start, 50_000);
    const small = best(3, () => timeDeltas(start, 50_000));
    const large = best(2, () => timeDeltas(start, 200_000));
    expect(large / small).toBeLessThan(8);
  });
});
