import type { Observable, Subscription } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import type { RelayErrorData } from './options.js';
import { relayErrorData } from './relay-error-data.js';

/** How one wire format writes each kind of frame. */
export interface RelayFraming<T = RunStreamEvent | UnknownRunStreamEvent> {
  event(event: T): string;
  error(data: RelayErrorData): string;
  /** The last frame of a run that ended well. */
  done: string;
  /** Written after `keepAliveMs` of silence; a format without comments has none. */
  keepAlive?: string;
}

/** What {@link relayStream} needs besides the events and the framing. */
export interface RelaySettings {
  keepAliveMs: number;
  errorData: ((error: unknown) => RelayErrorData) | undefined;
}

/**
 * Turns events into a byte stream of frames. The subscription starts at the first read (so a
 * stream nobody reads sends no request) and ends when the reader cancels. An Observable cannot be
 * paused, so frames the reader has not taken yet wait in the stream's queue.
 */
export function relayStream<T>(
  events$: Observable<T>,
  framing: RelayFraming<T>,
  settings: RelaySettings,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let subscription: Subscription | undefined;
  let started = false;
  let finished = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWrite = 0;

  const stop = () => {
    finished = true;
    clearTimeout(timer);
  };

  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (started) return;
        started = true;
        const write = (text: string) => {
          lastWrite = Date.now();
          controller.enqueue(encoder.encode(text));
        };
        const end = (text: string) => {
          if (finished) return;
          stop();
          write(text);
          controller.close();
        };
        const fail = (error: unknown) => end(framing.error(errorDataOf(error, settings.errorData)));
        const keepAlive = framing.keepAlive;
        if (keepAlive && settings.keepAliveMs > 0) {
          const every = settings.keepAliveMs;
          // Re-armed only when it fires, so an event costs a Date.now(), not a timer reset.
          const check = () => {
            if (finished) return;
            const silent = Date.now() - lastWrite;
            // A reader that has not taken the queued frames yet is not idle: no comment then.
            if (silent >= every && (controller.desiredSize ?? 0) >= 0) write(keepAlive);
            timer = setTimeout(check, silent >= every ? every : every - silent);
          };
          lastWrite = Date.now();
          timer = setTimeout(check, every);
        }
        subscription = events$.subscribe({
          next(event) {
            if (finished) return;
            let frame: string;
            try {
              frame = framing.event(event);
            } catch (error) {
              // An event that cannot be written (a cycle, a BigInt) ends the relay like an upstream error.
              fail(error);
              subscription?.unsubscribe();
              return;
            }
            write(frame);
          },
          error: fail,
          complete: () => end(framing.done),
        });
        // The first event may have failed while subscribe() was still running.
        if (finished) subscription.unsubscribe();
      },
      cancel() {
        stop();
        subscription?.unsubscribe();
      },
    },
    // No read-ahead: subscribing (which sends the request upstream) waits for the first read.
    new CountQueuingStrategy({ highWaterMark: 0 }),
  );
}

function errorDataOf(error: unknown, map: ((error: unknown) => RelayErrorData) | undefined): RelayErrorData {
  if (!map) return relayErrorData(error);
  try {
    return map(error);
  } catch {
    // A throwing mapper must not leave the client without its last frame.
    return relayErrorData(error);
  }
}

/** The JSON text of an event's data; `undefined` (possible only for a hand-made event) becomes `null`. */
export function dataJSON(data: unknown): string {
  return JSON.stringify(data) ?? 'null';
}
