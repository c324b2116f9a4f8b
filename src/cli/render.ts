import type { Observable, Subscription } from 'rxjs';
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
      const outcome: Outcome = { run, error, startedAt, firstTokenAt, endedAt: now() };
      formatter.end(outcome);
      resolve(outcome);
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    subscription = events$.subscribe({
      next(event) {
        if (isRunEvent(event)) run = event.data;
        else if (
          firstTokenAt === undefined &&
          event.event === 'thread.message.delta' &&
          !('unknown' in event)
        ) {
          if (deltaText(event.data) !== '') firstTokenAt = now();
        }
        formatter.event(event);
      },
      error: finish,
      complete: () => finish(undefined),
    });
  });
}
