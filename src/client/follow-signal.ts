/**
 * Makes `controller` abort, with the same reason, when `signal` does; returns what stops that.
 * A call links its own controller to the caller's signal this way, and unlinks it when the call
 * ends. `AbortSignal.any` would do the linking, but on Node 20 every signal it makes stays listed
 * on its sources for good, so a long-lived caller's signal would grow by one entry per call.
 *
 * @example
 * ```ts
 * const call = new AbortController();
 * const unfollow = followSignal(AbortSignal.timeout(30_000), call);
 * await fetch('http://127.0.0.1:4010/v1/threads', { method: 'POST', signal: call.signal }).finally(unfollow);
 * ```
 */
export function followSignal(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => undefined;
  }
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/**
 * Runs `call` with a signal of its own that follows `signal`, and unlinks the two when it settles:
 * what the call hands on (to ky, to fetch) attaches to a signal that lives only as long as it.
 *
 * @example
 * ```ts
 * const caller = new AbortController();
 * const page = await withCallSignal(caller.signal, (signal) => fetch('http://127.0.0.1:4010/v1/models', { signal }));
 * ```
 */
export async function withCallSignal<T>(
  signal: AbortSignal,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const unfollow = followSignal(signal, controller);
  try {
    return await call(controller.signal);
  } finally {
    unfollow();
  }
}
