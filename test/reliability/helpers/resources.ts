/** Timers that keep the process alive right now (unref'd ones are not counted by Node). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/**
 * Resolves once the event loop has had a full turn, so timers and sockets a finished call
 * releases asynchronously (an abort, a reader cancel) are gone before we count them.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Resolves when a timer of exactly `ms` milliseconds is armed, by anyone, from this call on: ky
 * waiting out a `Retry-After`, say, which it starts a few turns after the response arrived (more
 * on a busy machine). Watches `setTimeout` until then; rejects after `withinMs`.
 */
export function timerArmed(ms: number, withinMs = 5_000): Promise<void> {
  const original = globalThis.setTimeout;
  return new Promise((resolve, reject) => {
    const restore = () => {
      globalThis.setTimeout = original;
      clearTimeout(limit);
    };
    const watching = (...args: Parameters<typeof original>) => {
      const timer = original(...args);
      if (args[1] === ms) {
        restore();
        resolve();
      }
      return timer;
    };
    globalThis.setTimeout = Object.assign(watching, original);
    // Unref'd, so that this bound is never counted as a timer the library left behind.
    const limit = original(() => {
      restore();
      reject(new Error(`no timer of ${ms} ms was armed within ${withinMs} ms`));
    }, withinMs).unref();
  });
}
