import { filter, map, type OperatorFunction, takeLast } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import { isRunEvent } from '../types/is-run-event.js';
import type { Run } from '../types/run.js';

/**
 * Emits the last run object of the stream, once, when the source completes; completes without
 * a value if no run event came. After `handleToolCalls` it is the run of the last round.
 *
 * @example
 * ```ts
 * const run = await lastValueFrom(client.runs.stream('thread_abc', { assistant_id: 'asst_abc' }).pipe(finalRun()));
 * console.log(run.status, run.usage);
 * ```
 */
export function finalRun(): OperatorFunction<RunStreamEvent | UnknownRunStreamEvent, Run> {
  return (source) =>
    source.pipe(
      filter(isRunEvent),
      map((event) => event.data),
      takeLast(1),
    );
}
