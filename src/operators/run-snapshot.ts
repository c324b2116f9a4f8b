import type { RunStreamEvent } from '../types/events.js';
import type { Message } from '../types/message.js';
import type { Run } from '../types/run.js';
import type { RunStep } from '../types/step.js';

/**
 * The state of a run after one event. Immutable once emitted: keep the previous snapshot and
 * compare by reference. An object, or a whole array, that the event did not change is the very
 * same object as in the snapshot before.
 *
 * `steps` and `messages` are getters that build their array when first read (and give the same
 * array on every later read of that snapshot, or of any snapshot the family did not change in):
 * a pipeline that only keeps the last snapshot pays nothing per event for them. Being getters,
 * they are not copied by a spread (`{ ...snapshot }`): destructure them instead
 * (`const { run, messages } = snapshot`); `JSON.stringify(snapshot)` writes them. Reading `messages` after an event that
 * changed one message builds an array of all of them, O(messages): throttle a UI that renders a
 * run of thousands of messages (see the example of `snapshots`).
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
