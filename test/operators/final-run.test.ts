import { concat, from, lastValueFrom, Subject, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StreamParseError } from '../../src/errors.js';
import { finalRun } from '../../src/operators/final-run.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { eventsOf, fixture, outcomeOf } from './support.js';

describe('finalRun', () => {
  it('emits the last run object once, when the source completes', async () => {
    const events = await eventsOf(fixture('text.sse'));
    const runs = await lastValueFrom(from(events).pipe(finalRun(), toArray()));
    expect(runs).toEqual([events.findLast((e) => e.event === 'thread.run.completed')?.data]);
  });

  it('is the requires_action run when the stream stops for tool outputs', async () => {
    const run = await lastValueFrom(from(await eventsOf(fixture('function-call.sse'))).pipe(finalRun()));
    expect(run.status).toBe('requires_action');
    expect(run.required_action?.submit_tool_outputs.tool_calls[0]?.id).toBe('call_p');
  });

  it('ignores step and message events that come after the last run event', async () => {
    const events = await eventsOf(fixture('code-interpreter.sse'));
    const lastRun = events.findLast(
      (e) => e.event.startsWith('thread.run.') && !e.event.startsWith('thread.run.step.'),
    );
    const trailing = events.filter((e) => e.event.startsWith('thread.message.'));
    const run = await lastValueFrom(from([...events, ...trailing]).pipe(finalRun()));
    expect(run).toBe(lastRun?.data);
  });

  it('emits nothing before the source completes', () => {
    const source = new Subject<RunStreamEvent>();
    const seen: unknown[] = [];
    let completed = false;
    source.pipe(finalRun()).subscribe({ next: (run) => seen.push(run), complete: () => (completed = true) });
    source.next({
      event: 'thread.created',
      data: { id: 't', object: 'thread', created_at: 1, metadata: null },
    });
    expect(seen).toEqual([]);
    source.complete();
    expect(completed).toBe(true);
    expect(seen).toEqual([]);
  });

  it('errors without a value when the source errors', async () => {
    const failure = new Error('cut');
    const events = (await eventsOf(fixture('text.sse'))).slice(0, 3);
    const outcome = await outcomeOf(
      concat(
        from(events),
        throwError(() => failure),
      ).pipe(finalRun()),
    );
    expect(outcome).toEqual({ values: [], error: failure, completed: false });
  });

  it('errors with StreamParseError naming the event when a run event carries no run', async () => {
    for (const data of [null, 42, 'completed', [], { id: 'run_1' }]) {
      const bad = { event: 'thread.run.completed', data } as unknown as RunStreamEvent;
      const outcome = await outcomeOf(from([bad]).pipe(finalRun()));
      expect(outcome.values).toEqual([]);
      expect(outcome.error).toBeInstanceOf(StreamParseError);
      expect((outcome.error as StreamParseError).event).toBe('thread.run.completed');
    }
  });
});
