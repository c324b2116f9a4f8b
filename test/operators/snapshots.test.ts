import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/errors.js';
import { type RunSnapshot, snapshots } from '../../src/operators/snapshots.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import type { Message, TextContent } from '../../src/types/message.js';
import type { CodeInterpreterToolCall, FunctionToolCall, RunStep } from '../../src/types/step.js';
import { eventsOf, fixture, outcomeOf } from './support.js';

async function snapshotsOf(name: string): Promise<RunSnapshot[]> {
  return lastValueFrom(from(await eventsOf(fixture(name))).pipe(snapshots(), toArray()));
}

/** The last snapshot emitted for an event named `event` (about `id`, if given). */
function lastAt(all: RunSnapshot[], event: string, id?: string): RunSnapshot {
  const found = all.findLast((s) => s.event.event === event && (id === undefined || s.event.data.id === id));
  if (!found) throw new Error(`no snapshot for ${event} ${id ?? ''}`);
  return found;
}

function message(snapshot: RunSnapshot, id: string): Message {
  const found = snapshot.messages.find((m) => m.id === id);
  if (!found) throw new Error(`no message ${id}`);
  return found;
}

function step(snapshot: RunSnapshot, id: string): RunStep {
  const found = snapshot.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

function textOf(m: Message, index = 0): string {
  return (m.content[index] as TextContent).text.value;
}

function toolCalls(s: RunStep) {
  if (s.step_details.type !== 'tool_calls') throw new Error('not a tool step');
  return s.step_details.tool_calls;
}

describe('snapshots', () => {
  it('emits one snapshot per event, carrying that event', async () => {
    const events = await eventsOf(fixture('text.sse'));
    const all = await lastValueFrom(from(events).pipe(snapshots(), toArray()));
    expect(all.map((s) => s.event)).toEqual(events);
  });

  it('adds a message on created and grows its text with every delta', async () => {
    const all = await snapshotsOf('text.sse');
    const texts = all
      .filter((s) => s.event.event === 'thread.message.delta')
      .map((s) => textOf(message(s, 'msg_p1')));
    expect(texts).toEqual([
      'Sure',
      'Sure! The ',
      'Sure! The capital of ',
      'Sure! The capital of France is ',
      'Sure! The capital of France is Paris',
      'Sure! The capital of France is Paris 🇫🇷',
      'Sure! The capital of France is Paris 🇫🇷.',
    ]);
    expect(lastAt(all, 'thread.message.created').messages).toEqual([
      expect.objectContaining({ id: 'msg_p1', content: [] }),
    ]);
  });

  it('keeps the accumulated message on in_progress and takes the server object on completed', async () => {
    const events: RunStreamEvent[] = await eventsOf(fixture('text.sse'));
    const created = events.find((e) => e.event === 'thread.message.created') as RunStreamEvent & {
      data: Message;
    };
    // An in_progress after some deltas, with the server's (empty) object, must not wipe the text.
    const at = events.findIndex((e) => e.event === 'thread.message.delta') + 2;
    events.splice(at, 0, { event: 'thread.message.in_progress', data: created.data });
    const all = await lastValueFrom(from(events).pipe(snapshots(), toArray()));
    const kept = all[at] as RunSnapshot;
    expect(kept.event.event).toBe('thread.message.in_progress');
    expect(message(kept, 'msg_p1')).toBe(message(all[at - 1] as RunSnapshot, 'msg_p1'));

    const completed = lastAt(all, 'thread.message.completed');
    expect(message(completed, 'msg_p1')).toBe(completed.event.data);
    expect(message(completed, 'msg_p1').status).toBe('completed');
  });

  it('replaces a message cut by the token limit with the incomplete object', async () => {
    const all = await snapshotsOf('incomplete.sse');
    const last = all.at(-1) as RunSnapshot;
    expect(last.run?.status).toBe('incomplete');
    expect(last.run?.incomplete_details).toEqual({ reason: 'max_completion_tokens' });
    expect(message(last, 'msg_inc1')).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_tokens' },
    });
    expect(textOf(message(lastAt(all, 'thread.message.delta'), 'msg_inc1'))).toBe(
      textOf(message(last, 'msg_inc1')),
    );
  });

  it('holds the latest run object from every run event', async () => {
    const all = await snapshotsOf('failed.sse');
    expect(all.map((s) => s.run?.status)).toEqual(['queued', 'queued', 'in_progress', 'failed']);
    expect(all.at(-1)?.run?.last_error).toEqual({ code: 'server_error', message: 'Something went wrong.' });
  });

  it('appends code-interpreter input and logs, and merges outputs by index', async () => {
    const all = await snapshotsOf('code-interpreter.sse');
    const beforeDone = lastAt(all, 'thread.run.step.delta', 'step_ci2');
    const [call] = toolCalls(step(beforeDone, 'step_ci2')) as [CodeInterpreterToolCall];
    expect(call.id).toBe('call_ci1');
    expect(call.code_interpreter.input).toBe(
      "import math\nroot = math.sqrt(1764)\nprint(root)\nimport matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.savefig('plot.png')",
    );
    expect(call.code_interpreter.outputs).toEqual([
      { index: 0, type: 'logs', logs: '42.0\n' },
      { index: 1, type: 'image', image: { file_id: 'file_plot1' } },
    ]);
    // The accumulated step agrees with the server's final one, apart from the delta indices.
    const [done] = toolCalls(step(all.at(-1) as RunSnapshot, 'step_ci2')) as [CodeInterpreterToolCall];
    expect(done.code_interpreter.input).toBe(call.code_interpreter.input);
    expect(done.code_interpreter.outputs).toEqual(
      call.code_interpreter.outputs.map(({ index: _, ...output }) => output),
    );
  });

  it('keeps several messages and steps apart, in creation order', async () => {
    const all = await snapshotsOf('code-interpreter.sse');
    const last = all.at(-1) as RunSnapshot;
    expect(last.steps.map((s) => s.id)).toEqual(['step_ci1', 'step_ci2', 'step_ci3']);
    expect(last.messages.map((m) => m.id)).toEqual(['msg_ci1', 'msg_ci2']);
    expect(textOf(message(last, 'msg_ci1'))).toBe('Let me calculate that.');
    // The second message streams an image part (index 0) and then text (index 1).
    const streamed = message(lastAt(all, 'thread.message.delta', 'msg_ci2'), 'msg_ci2');
    expect(streamed.content).toEqual([
      { index: 0, type: 'image_file', image_file: { file_id: 'file_plot1' } },
      {
        index: 1,
        type: 'text',
        text: { value: 'The square root of 1764 is **42**. Here is the plot 📈.', annotations: [] },
      },
    ]);
  });

  it('merges file-search annotations by index as they stream in, and keeps them through deltas with none', async () => {
    const all = await snapshotsOf('file-search-annotations.sse');
    const streamed = message(lastAt(all, 'thread.message.delta'), 'msg_fs1');
    const part = streamed.content[0] as TextContent;
    expect(part.text.annotations.map((a) => [a.index, a.text, a.type])).toEqual([
      [0, '【4:0†manual.pdf】', 'file_citation'],
      [1, '【4:1†policy.pdf】', 'file_citation'],
    ]);
    for (const annotation of part.text.annotations) {
      expect(part.text.value.slice(annotation.start_index, annotation.end_index)).toBe(annotation.text);
    }
    const final = message(all.at(-1) as RunSnapshot, 'msg_fs1').content[0] as TextContent;
    expect(final.text.annotations).toEqual(part.text.annotations.map(({ index: _, ...a }) => a));
  });

  it('accumulates two parallel function calls, each with its own arguments', async () => {
    const all = await snapshotsOf('parallel-function-calls.sse');
    const calls = toolCalls(step(lastAt(all, 'thread.run.step.delta'), 'step_pf1')) as FunctionToolCall[];
    expect(calls).toEqual([
      {
        index: 0,
        id: 'call_weather',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city": "Oslo"}', output: null },
      },
      {
        index: 1,
        id: 'call_time',
        type: 'function',
        function: { name: 'get_time', arguments: '{"timezone": "Europe/Oslo"}', output: null },
      },
    ]);
    expect(
      all.at(-1)?.run?.required_action?.submit_tool_outputs.tool_calls.map((c) => c.function.arguments),
    ).toEqual(calls.map((c) => c.function.arguments));
  });

  it('keeps the identity of messages, steps and arrays an event did not change', async () => {
    const all = await snapshotsOf('code-interpreter.sse');
    const at = all.findIndex((s) => s.event.event === 'thread.run.step.delta');
    const [before, after] = [all[at - 1], all[at]] as [RunSnapshot, RunSnapshot];
    expect(after.messages).toBe(before.messages);
    expect(after.steps).not.toBe(before.steps);
    expect(step(after, 'step_ci1')).toBe(step(before, 'step_ci1'));
    expect(after).not.toBe(before);
    const runEvent = all.findIndex((s, n) => n > 0 && s.event.event === 'thread.run.completed');
    expect((all[runEvent] as RunSnapshot).steps).toBe((all[runEvent - 1] as RunSnapshot).steps);
  });

  it('leaves every emitted snapshot as it was when emitted', async () => {
    const events = await eventsOf(fixture('code-interpreter.sse'));
    const copies: Array<[RunSnapshot, RunSnapshot]> = [];
    const source = new Subject<RunStreamEvent>();
    source.pipe(snapshots()).subscribe((s) => copies.push([s, structuredClone(s)]));
    for (const event of events) source.next(event);
    source.complete();
    expect(copies).toHaveLength(events.length);
    for (const [snapshot, copy] of copies) expect(snapshot).toEqual(copy);
  });

  it('errors with a SnapshotError naming the id when a delta comes for an object never created', async () => {
    const events = await eventsOf(fixture('text.sse'));
    const orphan: RunStreamEvent = {
      event: 'thread.message.delta',
      data: {
        id: 'msg_ghost',
        object: 'thread.message.delta',
        delta: { content: [{ index: 0, type: 'text', text: { value: 'boo' } }] },
      },
    };
    const outcome = await outcomeOf(
      from([...events.slice(0, 3), orphan, ...events.slice(3)]).pipe(snapshots()),
    );
    expect(outcome.values).toHaveLength(3);
    expect(outcome.error).toBeInstanceOf(SnapshotError);
    expect(outcome.error).toMatchObject({ id: 'msg_ghost', event: 'thread.message.delta' });
    expect((outcome.error as Error).message).toContain('msg_ghost');

    const stepOrphan: RunStreamEvent = {
      event: 'thread.run.step.delta',
      data: {
        id: 'step_ghost',
        object: 'thread.run.step.delta',
        delta: { step_details: { type: 'tool_calls', tool_calls: [] } },
      },
    };
    const stepOutcome = await outcomeOf(from([stepOrphan]).pipe(snapshots()));
    expect(stepOutcome.error).toMatchObject({ id: 'step_ghost', event: 'thread.run.step.delta' });
  });

  describe('errors with a SnapshotError naming the event, the id and what is wrong for malformed delta data', () => {
    const cases: Array<[string, unknown, string, string]> = [
      ['no delta', { id: 'msg_p1', object: 'thread.message.delta' }, 'msg_p1', 'no `delta` object'],
      ['a delta that is not an object', { id: 'msg_p1', delta: 'hi' }, 'msg_p1', 'no `delta` object'],
      ['null data', null, '(no id)', 'its data is null'],
      ['no id', { object: 'thread.message.delta', delta: { content: [] } }, '(no id)', 'no string `id`'],
    ];
    it.each(cases)('%s', async (_name, data, id, detail) => {
      const events = await eventsOf(fixture('text.sse'));
      const created = events.findIndex((e) => e.event === 'thread.message.created') + 1;
      const malformed = { event: 'thread.message.delta', data } as RunStreamEvent;
      const outcome = await outcomeOf(from([...events.slice(0, created), malformed]).pipe(snapshots()));
      expect(outcome.values).toHaveLength(created);
      expect(outcome.error).toBeInstanceOf(SnapshotError);
      expect(outcome.error).toMatchObject({ event: 'thread.message.delta', id });
      expect((outcome.error as Error).message).toContain(`Cannot apply thread.message.delta for ${id}`);
      expect((outcome.error as Error).message).toContain(detail);
    });
  });

  it('ignores an id inside a delta: the object keeps its id and its place', async () => {
    const events = await eventsOf(fixture('text.sse'));
    const created = events.find((e) => e.event === 'thread.message.created') as RunStreamEvent;
    const delta = (value: string, extra: object = {}): RunStreamEvent => ({
      event: 'thread.message.delta',
      data: {
        id: 'msg_p1',
        object: 'thread.message.delta',
        delta: { ...extra, content: [{ index: 0, type: 'text', text: { value } }] },
      },
    });
    const all = await lastValueFrom(
      from([created, delta('Hi', { id: 'msg_other' }), delta(' there')]).pipe(snapshots(), toArray()),
    );
    for (const snapshot of all.slice(1)) expect(snapshot.messages.map((m) => m.id)).toEqual(['msg_p1']);
    expect(textOf(message(all.at(-1) as RunSnapshot, 'msg_p1'))).toBe('Hi there');
  });

  it('starts a new text part with the empty shape of the server object', async () => {
    const events: RunStreamEvent[] = [
      {
        event: 'thread.message.created',
        data: (await eventsOf(fixture('text.sse'))).find((e) => e.event === 'thread.message.created')
          ?.data as Message,
      },
      {
        event: 'thread.message.delta',
        data: {
          id: 'msg_p1',
          object: 'thread.message.delta',
          delta: { content: [{ index: 0, type: 'text', text: { value: 'Hi' } }] },
        },
      },
    ];
    const last = (await lastValueFrom(from(events).pipe(snapshots(), toArray()))).at(-1) as RunSnapshot;
    expect((last.messages[0] as Message).content).toEqual([
      { index: 0, type: 'text', text: { value: 'Hi', annotations: [] } },
    ]);
  });

  it('replaces a step on failed, cancelled or expired with the server object', async () => {
    const events = await eventsOf(fixture('parallel-function-calls.sse'));
    const created = events.find((e) => e.event === 'thread.run.step.created')?.data as RunStep;
    for (const end of ['failed', 'cancelled', 'expired'] as const) {
      const server: RunStep = { ...created, status: end };
      const last = (
        await lastValueFrom(
          from([...events, { event: `thread.run.step.${end}`, data: server } as RunStreamEvent]).pipe(
            snapshots(),
            toArray(),
          ),
        )
      ).at(-1);
      expect(last?.steps).toEqual([server]);
      expect(last?.steps[0]).toBe(server);
    }
  });

  it('starts from an empty state for every subscription', async () => {
    const events = await eventsOf(fixture('text.sse'));
    const run$ = from(events).pipe(snapshots());
    const first = await lastValueFrom(run$);
    const second = await lastValueFrom(run$);
    expect(second).toEqual(first);
    expect(second.messages).toHaveLength(1);
  });

  it('passes thread.created through without changing the state', async () => {
    const thread: RunStreamEvent = {
      event: 'thread.created',
      data: { id: 'thread_1', object: 'thread', created_at: 1, metadata: {} },
    };
    const [snapshot] = await lastValueFrom(from([thread]).pipe(snapshots(), toArray()));
    const { event, run, steps, messages } = snapshot as RunSnapshot;
    expect({ event, run, steps, messages }).toEqual({
      event: thread,
      run: undefined,
      steps: [],
      messages: [],
    });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual({ event: thread, steps: [], messages: [] });
  });
});

describe('snapshots() fed events that no parser checked', () => {
  const names = [
    'thread.run.step.created',
    'thread.run.step.completed',
    'thread.message.created',
    'thread.message.completed',
  ] as const;
  for (const name of names) {
    for (const data of [null, 42, 'text']) {
      it(`errors with SnapshotError naming ${name} when its data is ${JSON.stringify(data)}`, async () => {
        const events = [{ event: name, data } as unknown as RunStreamEvent];
        const { values, error } = await outcomeOf(from(events).pipe(snapshots()));
        expect(values).toEqual([]);
        expect(error).toBeInstanceOf(SnapshotError);
        expect((error as SnapshotError).event).toBe(name);
      });
    }
  }
});
