import type { OperatorFunction } from 'rxjs';
import { runEventShapeFailure } from '../sse/run-event-shape.js';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import { operate } from './operate.js';

/**
 * Emits the text fragments of the run's messages, in the order they arrive: the `value` of each
 * text part of each `thread.message.delta`. Joined, they are the messages' text.
 *
 * @returns An operator from run events to text fragments; other events emit nothing.
 * @see {@link snapshots} for each message's whole text so far, annotations included.
 *
 * @example
 * ```ts
 * client.runs.stream(threadId, { assistant_id: assistantId })
 *   .pipe(textDeltas(), scan((text, fragment) => text + fragment, ''))
 *   .subscribe((text) => render(text));
 * ```
 */
export function textDeltas(): OperatorFunction<RunStreamEvent | UnknownRunStreamEvent, string> {
  return operate(() => ({
    next(event, subscriber) {
      if (event.event !== 'thread.message.delta' || 'unknown' in event) return;
      try {
        for (const part of event.data.delta.content ?? []) {
          if (part.type === 'text' && part.text?.value) subscriber.next(part.text.value);
        }
      } catch (error) {
        // Checked only when reading failed: `parseRunEvents` has checked every delta already, and
        // this names the field for a source that did not.
        throw runEventShapeFailure(event.event, event.data) ?? error;
      }
    },
  }));
}
