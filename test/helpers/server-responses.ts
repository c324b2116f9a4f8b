import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';

/** The responses of every `node:http` server in this process, watched from {@link watchServerResponses} on. */
export interface ServerResponses {
  /** Resolves once no response is open; rejects, naming how many remain, after `withinMs`. */
  allClosed(withinMs?: number): Promise<void>;
  /** Stops watching. */
  stop(): void;
}

const REQUEST_START = 'http.server.request.start';

/**
 * Watches the responses of every HTTP server in this process through Node's
 * `http.server.request.start` diagnostics channel, so that a test can await the moment a server
 * that raises no event of its own (the simulator, say) has closed its last response.
 *
 * @example
 * ```ts
 * const responses = watchServerResponses();
 * // … stream runs from a simulator started in this process …
 * await responses.allClosed();
 * expect(sim.streams()).toBe(0);
 * responses.stop();
 * ```
 */
export function watchServerResponses(): ServerResponses {
  const open = new Set<ServerResponse>();
  let onAllClosed: (() => void) | undefined;
  const onRequestStart = (message: unknown) => {
    const { response } = message as { response: ServerResponse };
    open.add(response);
    // Registered before the server's own handler runs, so this listener comes first; whoever
    // awaits `allClosed` resumes in a later microtask, once the server's listeners ran too.
    response.once('close', () => {
      open.delete(response);
      if (open.size === 0) onAllClosed?.();
    });
  };
  subscribe(REQUEST_START, onRequestStart);
  return {
    allClosed: (withinMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (open.size === 0) return resolve();
        const limit = setTimeout(() => {
          onAllClosed = undefined;
          reject(new Error(`${open.size} server response(s) still open after ${withinMs} ms`));
        }, withinMs);
        onAllClosed = () => {
          onAllClosed = undefined;
          clearTimeout(limit);
          resolve();
        };
      }),
    stop: () => unsubscribe(REQUEST_START, onRequestStart),
  };
}
