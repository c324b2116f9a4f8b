/**
 * Every timer the simulator starts goes through one Clock, so that `close()` can stop them all
 * at once and a stalled or half-finished run never keeps the process alive.
 */
export class Clock {
  readonly #timeouts = new Set<ReturnType<typeof setTimeout>>();
  readonly #immediates = new Set<ReturnType<typeof setImmediate>>();
  readonly #wakers = new Set<() => void>();
  #stopped = false;

  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Resolves after `ms` (on the next turn of the event loop for 0) with `true`, or at once with
   * `false` when the clock is stopped, so a loop awaiting it can end instead of hanging.
   * Aborting `signal` cuts the wait short (to the next turn, if it was aborted already).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      let clear = () => {};
      const wake = () => {
        this.#wakers.delete(wake);
        signal?.removeEventListener('abort', wake);
        clear();
        resolve(!this.#stopped);
      };
      this.#wakers.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
      if (ms > 0 && !signal?.aborted) {
        const timer = setTimeout(wake, ms);
        this.#timeouts.add(timer);
        clear = () => {
          clearTimeout(timer);
          this.#timeouts.delete(timer);
        };
      } else {
        const immediate = setImmediate(wake);
        this.#immediates.add(immediate);
        clear = () => {
          clearImmediate(immediate);
          this.#immediates.delete(immediate);
        };
      }
    });
  }

  /** Clears every pending timer and wakes every sleeper with `false`. */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timeouts) clearTimeout(timer);
    for (const immediate of this.#immediates) clearImmediate(immediate);
    this.#timeouts.clear();
    this.#immediates.clear();
    for (const wake of [...this.#wakers]) wake();
  }
}
