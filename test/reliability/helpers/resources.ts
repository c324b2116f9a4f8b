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
 * Resolves once `condition()` holds, checking every few milliseconds; rejects after `withinMs`.
 * Only for state that raises no event to await (a simulator's count of open streams, say).
 */
export async function eventually(condition: () => boolean, what: string, withinMs = 2_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not true within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
