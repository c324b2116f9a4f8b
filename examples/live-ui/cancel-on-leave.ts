import { Observable, type OperatorFunction } from 'rxjs';
import { type RunStreamEvent, type RunstreamClient, TERMINAL_RUN_EVENTS } from '../../src/index.js';

/** How long the events of a run left before it was named are read on, waiting for its name. */
const NAME_WAIT_MS = 10_000;

/**
 * Cancels the run server-side when the subscriber leaves (or the events fail) before it ended:
 * aborting the stream does not stop the model, which would run (and bill) to the end. A
 * subscriber may leave before the first run event, which names the run to cancel: then the
 * request is not aborted at once, but its events are read on, unseen, until one names the run
 * or `nameWaitMs` have passed.
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
          const data = event.data;
          if (data.object === 'thread.run') {
            run = data;
            // requires_action is terminal for one stream, not for the run: handleToolCalls goes on.
            ended = TERMINAL_RUN_EVENTS.has(event.event) && event.event !== 'thread.run.requires_action';
          }
          if (!left) subscriber.next(event);
          else if (run) stop();
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
