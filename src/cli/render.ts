import type { Observable, Subscription } from 'rxjs';
import { operate } from '../operators/operate.js';
import { runEventShapeFailure } from '../sse/run-event-shape.js';
import { isRunEvent } from '../types/is-run-event.js';
import type { Run } from '../types/run.js';
import type { CliEvent, Formatter, Outcome } from './format/index.js';
import { deltaText } from './format/text.js';

/**
 * Subscribes to a run's events, hands each to `formatter` as it arrives and resolves with how
 * the run ended; never rejects. Aborting `signal` unsubscribes (which aborts the request).
 */
export function renderRun(
  events$: Observable<CliEvent>,
  formatter: Formatter,
  options: { now?: () => number; signal?: AbortSignal } = {},
): Promise<Outcome> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let run: Run | undefined;
  let firstTokenAt: number | undefined;
  let done = false;
  return new Promise((resolve) => {
    let subscription: Subscription | undefined;
    // Declared before subscribing: a source may end (a ValidationError, say) inside subscribe().
    const onAbort = () => {
      subscription?.unsubscribe();
      finish(options.signal?.reason);
    };
    const finish = (error: unknown) => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      let outcome: Outcome = { run, error, startedAt, firstTokenAt, endedAt: now() };
      try {
        formatter.end(outcome);
      } catch (failure) {
        // Resolving is the promise this function makes: the first error is the one to report.
        if (error === undefined) outcome = { ...outcome, error: failure };
      }
      resolve(outcome);
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const show = (event: CliEvent) => {
      if (isRunEvent(event)) run = event.data;
      else if (
        firstTokenAt === undefined &&
        event.event === 'thread.message.delta' &&
        !('unknown' in event)
      ) {
        if (deltaText(event.data) !== '') firstTokenAt = now();
      }
      formatter.event(event);
    };
    // Through operate(): a formatter that throws on an event it cannot show ends the run's
    // outcome with that error (one line, exit status) instead of crashing the process.
    const shown = events$.pipe(
      operate<CliEvent, never>(() => ({
        next(event) {
          try {
            show(event);
          } catch (error) {
            // The parser checks what the formatters read; this names the field for any other source.
            throw ('unknown' in event ? undefined : runEventShapeFailure(event.event, event.data)) ?? error;
          }
        },
      })),
    );
    subscription = shown.subscribe({ error: finish, complete: () => finish(undefined) });
  });
}
