import type { OperatorFunction } from 'rxjs';
import { RunstreamBaseError, SnapshotError } from '../errors.js';
import { operate } from '../operators/operate.js';
import type { ResponseStreamEvent, UnknownResponseStreamEvent } from '../types/responses/events.js';
import { ResponseAccumulator, type ResponseSnapshot } from './accumulator.js';

/**
 * Emits one {@link ResponseSnapshot} per event: the response as the official SDK's
 * `ResponseStream` accumulates it from the same events (items by `output_index`, parts by
 * `content_index`, summaries by `summary_index`; text, refusals, arguments, code and inputs
 * appended, annotations added, statuses set; `.done` and lifecycle events replace with the
 * server's object; `output_text` all text joined). A snapshot never changes once emitted; a
 * delta costs the same whatever came before it. Unknown events are passed over. An event that
 * addresses an item or part that is not there errors with `SnapshotError` naming the event.
 *
 * @returns An operator from Responses events to snapshots, one per known event.
 *
 * @example
 * ```ts
 * import { snapshots } from 'runstream/responses';
 * response$.pipe(snapshots()).subscribe(({ response }) => render(response.output_text));
 * ```
 */
export function snapshots(): OperatorFunction<
  ResponseStreamEvent | UnknownResponseStreamEvent,
  ResponseSnapshot
> {
  return operate(() => {
    const accumulator = new ResponseAccumulator();
    return {
      next(event, out) {
        if ('unknown' in event) return;
        out.next(applied(accumulator, event));
      },
    };
  });
}

/** The snapshot after `event`; data of the wrong shape (from a source that did not check it) is a SnapshotError. */
function applied(accumulator: ResponseAccumulator, event: ResponseStreamEvent): ResponseSnapshot {
  try {
    return accumulator.apply(event);
  } catch (error) {
    if (error instanceof RunstreamBaseError) throw error;
    const id = (event as { item_id?: unknown }).item_id;
    throw new SnapshotError(
      String((event as { type?: unknown }).type),
      typeof id === 'string' ? id : '(no item id)',
      `its data is not what the API sends (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
