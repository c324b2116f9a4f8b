import {
  RUN_STREAM_EVENT_NAMES,
  type RunEvent,
  type RunStreamEvent,
  type UnknownRunStreamEvent,
} from './events.js';

// The events whose data is a whole run: `thread.run.*`, but not `thread.run.step.*`.
const RUN_EVENTS: ReadonlySet<string> = new Set(
  RUN_STREAM_EVENT_NAMES.filter(
    (name) => name.startsWith('thread.run.') && !name.startsWith('thread.run.step.'),
  ),
);

/** Whether `event` carries a run object (`thread.run.created`, `…requires_action`, `…completed`, …). */
export function isRunEvent(
  event: RunStreamEvent | UnknownRunStreamEvent,
): event is Extract<RunStreamEvent, RunEvent> {
  return RUN_EVENTS.has(event.event) && !('unknown' in event);
}
