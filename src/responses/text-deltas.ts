import type { OperatorFunction } from 'rxjs';
import { operate } from '../operators/operate.js';
import type { ResponseStreamEvent, UnknownResponseStreamEvent } from '../types/responses/events.js';

/**
 * Emits the text of each `response.output_text.delta`, in order: the answer as it is written.
 * Refusals, reasoning and tool arguments are left out (read them from the events or snapshots).
 *
 * @returns An operator from Responses events to text pieces.
 *
 * @example
 * ```ts
 * import { textDeltas } from 'runstream/responses';
 * response$.pipe(textDeltas()).subscribe((text) => process.stdout.write(text));
 * ```
 */
export function textDeltas(): OperatorFunction<ResponseStreamEvent | UnknownResponseStreamEvent, string> {
  return operate(() => ({
    next(event, out) {
      if (event.type === 'response.output_text.delta' && !('unknown' in event)) {
        const delta = (event as { delta?: unknown }).delta;
        if (typeof delta === 'string') out.next(delta);
      }
    },
  }));
}
