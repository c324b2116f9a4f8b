import { Observable, type OperatorFunction } from 'rxjs';
import { type RunStreamEvent, type RunstreamClient, TERMINAL_RUN_EVENTS } from '../../src/index.js';

/** How long the events of a run left before it was named are read on, waiting for its name. */
const NAME_WAIT_MS = 10_000;

/** The run an event names, if it is a run event whose data holds the ids to cancel it by. */
function runOf(event: RunStreamEvent): { id: string; thread_id: string } | undefined {
  const data: unknown = event.data;
  if (data === null || typeof data !== 'object') return undefined;
  const { object, id, thread_id } = data as Record<string, unknown>;
  return object === 'thread.run' && typeof id === 'string' && typeof thread_id === 'string'
    ? { id, thread_id }
    : undefined;
}

/**
 * Cancels the run server-side when the subscriber leaves (or the events fail) before it ended:
 * aborting the stream does not stop the model, which would run (and bill) to the end. A
 * subscriber may leave before the first run event, which names the run to cancel: then the
 * request is not aborted at once, but its events are read on, unseen, until one names the run
 * or `nameWaitMs` have passed. Whatever the upstream sends (`data: null` included) is only read,
 * never trusted to have a shape.
 *
 * @example
 * ```ts
 * const events$ = client.runs.stream(threadId, { assistant_id: assistantId }).pipe(cancelOnLeave(client));
 * ```
 */
export function cancelOnLeave(
  client: Pick<RunstreamClient, 'runs'>,
  nameWaitMs = NAME_WAIT_MS,
): OperatorFunction<RunStreamEvent, RunStreamEvent> {
  return (source) =>
    new Observable<RunStreamEvent>((subscriber) => {
      let run: { id: string; thread_id: string } | undefined;
      let ended = false;
      let left = false;
      let giveUp: ReturnType<typeof setTimeout> | undefined;
      const stop = () => {
        upstream.unsubscribe();
        if (run && !ended) client.runs.cancel(run.thread_id, run.id).catch(() => undefined);
      };
      const upstream = source.subscribe({
        next(event) {
          try {
            const named = runOf(event);
            if (named) {
              run = named;
              // requires_action is terminal for one stream, not for the run: handleToolCalls goes on.
              ended = TERMINAL_RUN_EVENTS.has(event.event) && event.event !== 'thread.run.requires_action';
            }
            if (!left) subscriber.next(event);
            else if (run) stop();
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      upstream.add(() => clearTimeout(giveUp));
      return () => {
        if (run || upstream.closed) return stop();
        // Aborting now would leave a run the server may have started running, with no id to cancel it by.
        left = true;
        giveUp = setTimeout(() => upstream.unsubscribe(), nameWaitMs);
      };
    });
}
