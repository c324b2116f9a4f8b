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
   */
  sleep(ms: number): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        this.#wakers.delete(wake);
        resolve(!this.#stopped);
      };
      this.#wakers.add(wake);
      if (ms > 0) {
        const timer = setTimeout(() => {
          this.#timeouts.delete(timer);
          wake();
        }, ms);
        this.#timeouts.add(timer);
      } else {
        const immediate = setImmediate(() => {
          this.#immediates.delete(immediate);
          wake();
        });
        this.#immediates.add(immediate);
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
