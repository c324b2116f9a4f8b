import type { OperatorFunction } from 'rxjs';
import { RunstreamBaseError, SnapshotError } from '../errors.js';
import type { RunStreamEvent } from '../types/events.js';
import { RunAccumulator } from './accumulate.js';
import { operate } from './operate.js';
import type { RunSnapshot } from './run-snapshot.js';

export type { RunSnapshot } from './run-snapshot.js';

/**
 * Emits one {@link RunSnapshot} per event: `created` adds an object, `delta` merges into it
 * (text, `arguments`, code `input` and logs appended; content, tool calls, annotations and
 * outputs merged by `index`), `in_progress` keeps it, and `completed | incomplete | failed |
 * cancelled | expired` replace it with the server's object. A delta for an id that was never
 * created errors with `SnapshotError`. Each subscription starts from an empty state.
 *
 * A delta costs the same whatever came before it (text, messages, steps) and whatever the
 * layout of the server's objects; see {@link RunSnapshot} for what reading a snapshot costs.
 *
 * @returns An operator from run events to snapshots, one per event.
 * @see {@link textDeltas} for the text alone, {@link finalRun} for the last run object.
 *
 * @example
 * ```ts
 * client.runs.stream('thread_abc', { assistant_id: 'asst_abc' })
 *   .pipe(snapshots(), throttleTime(50, undefined, { leading: true, trailing: true }))
 *   .subscribe(({ messages }) => render(messages));
 * ```
 */
export function snapshots(): OperatorFunction<RunStreamEvent, RunSnapshot> {
  return operate(() => {
    const accumulator = new RunAccumulator();
    return { next: (event, out) => out.next(applied(accumulator, event)) };
  });
}

/** The snapshot after `event`; data of the wrong shape (from a source that did not check it) is a SnapshotError. */
function applied(accumulator: RunAccumulator, event: RunStreamEvent): RunSnapshot {
  try {
    return accumulator.apply(event);
  } catch (error) {
    if (error instanceof RunstreamBaseError) throw error;
    const id = (event.data as { id?: unknown } | null | undefined)?.id;
    throw new SnapshotError(
      String(event.event),
      typeof id === 'string' ? id : '(no id)',
      `its data is not what the API sends (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
