import type { OperatorFunction } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import { operate } from './operate.js';

/**
 * Emits the text fragments of the run's messages, in the order they arrive: the `value` of each
 * text part of each `thread.message.delta`. Joined, they are the messages' text.
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
      for (const part of event.data.delta.content ?? []) {
        if (part.type === 'text' && part.text?.value) subscriber.next(part.text.value);
      }
    },
  }));
}
