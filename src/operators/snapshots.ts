import { defer, map, type OperatorFunction } from 'rxjs';
import type { RunStreamEvent } from '../types/events.js';
import type { Message } from '../types/message.js';
import type { Run } from '../types/run.js';
import type { RunStep } from '../types/step.js';
import { RunAccumulator } from './accumulate.js';

/**
 * The state of a run after one event. Immutable once emitted: keep the previous snapshot and
 * compare by reference. An object, or a whole array, that the event did not change is the very
 * same object as in the snapshot before.
 *
 * @example
 * ```ts
 * let previous: RunSnapshot | undefined;
 * client.runs.stream(threadId, { assistant_id: assistantId }).pipe(snapshots()).subscribe((snapshot) => {
 *   // A message the event did not change is the same object as before: render only the others.
 *   for (const message of snapshot.messages) if (!previous?.messages.includes(message)) render(message);
 *   previous = snapshot;
 * });
 * ```
 */
export interface RunSnapshot {
  /** The event that produced this snapshot. */
  event: RunStreamEvent;
  /** The latest run object; `undefined` until the first run event. */
  run?: Run | undefined;
  /** The run's steps, in the order they were created. */
  steps: RunStep[];
  /** The messages of the run, in the order they were created, with their content so far. */
  messages: Message[];
}

/**
 * Emits one {@link RunSnapshot} per event: `created` adds an object, `delta` merges into it
 * (text, `arguments`, code `input` and logs appended; content, tool calls, annotations and
 * outputs merged by `index`), `in_progress` keeps it, and `completed | incomplete | failed |
 * cancelled | expired` replace it with the server's object. A delta for an id that was never
 * created errors with `SnapshotError`. Each subscription starts from an empty state.
 *
 * @example
 * ```ts
 * client.runs.stream('thread_abc', { assistant_id: 'asst_abc' })
 *   .pipe(snapshots(), throttleTime(50, undefined, { leading: true, trailing: true }))
 *   .subscribe(({ messages }) => render(messages));
 * ```
 */
export function snapshots(): OperatorFunction<RunStreamEvent, RunSnapshot> {
  return (source) =>
    defer(() => {
      const accumulator = new RunAccumulator();
      return source.pipe(map((event) => accumulator.apply(event)));
    });
}
