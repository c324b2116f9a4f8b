/**
 * A signal that aborts when any of `signals` does, with that signal's reason. Uses
 * `AbortSignal.any` where the runtime has it (Node ≥ 20.3, current browsers) and links the
 * signals by hand elsewhere, so older runtimes can still cancel a call.
 *
 * @example
 * ```ts
 * const mine = new AbortController();
 * const signal = anySignal([AbortSignal.timeout(30_000), mine.signal]); // aborts on either
 * ```
 */
export function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  if (signals.length === 1 && signals[0]) return signals[0];
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals as AbortSignal[]);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
