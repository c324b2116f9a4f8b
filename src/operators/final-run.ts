import type { OperatorFunction } from 'rxjs';
import { runEventShapeFailure } from '../sse/run-event-shape.js';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import { isRunEvent } from '../types/is-run-event.js';
import type { Run } from '../types/run.js';
import { operate } from './operate.js';

/**
 * Emits the last run object of the stream, once, when the source completes; completes without
 * a value if no run event came. After `handleToolCalls` it is the run of the last round. A run
 * event whose data is not a run (`null`, a number, no `id` or `status`: a source other than
 * `parseRunEvents`, which checks this itself) errors with `StreamParseError` naming the event.
 *
 * @returns An operator from run events to the last run object, emitted once at completion.
 * @see {@link snapshots} for the run with its messages and steps, as it grows.
 *
 * @example
 * ```ts
 * const run = await lastValueFrom(client.runs.stream('thread_abc', { assistant_id: 'asst_abc' }).pipe(finalRun()));
 * console.log(run.status, run.usage);
 * ```
 */
export function finalRun(): OperatorFunction<RunStreamEvent | UnknownRunStreamEvent, Run> {
  return operate(() => {
    let last: Run | undefined;
    return {
      next(event) {
        if (!isRunEvent(event)) return;
        const failure = runEventShapeFailure(event.event, event.data);
        if (failure) throw failure;
        last = event.data;
      },
      complete(subscriber) {
        if (last !== undefined) subscriber.next(last);
        subscriber.complete();
      },
    };
  });
}
