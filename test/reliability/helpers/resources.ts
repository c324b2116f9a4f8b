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
