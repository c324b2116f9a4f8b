import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Observable, type Subscriber } from 'rxjs';
import {
  APIConnectionError,
  APIError,
  RunStreamError,
  StreamInterruptedError,
  StreamParseError,
  UnexpectedResponseError,
  ValidationError,
} from '../errors.js';
import type { RelayedEvent } from './event-log.js';

/**
 * The request options of {@link followRelay}: those of `fetch`, and how often to reconnect.
 *
 * @example
 * ```ts
 * const init: FollowRelayInit = { retries: 5, credentials: 'include' };
 * followRelay('http://127.0.0.1:5173/api/runs/chat_1', init).subscribe(render);
 * ```
 */
export interface FollowRelayInit extends RequestInit {
  /**
   * Reconnects in a row, without an event between them, before the drop is an error (0 to 100).
   *
   * @default 5
   */
  retries?: number;
}

const FOLLOW_DEFAULTS = { retries: 5, firstBackoffMs: 200, maxBackoffMs: 5_000 } as const;

/** Why a connection ended: the run's end, or a drop to reconnect after. */
type Outcome = 'ended' | { drop: unknown };

/**
 * Follows a run served by {@link Relay.response}: its events (run events, or Responses events
 * whole), in order, each once. When the connection drops before the run's end, it reconnects
 * with `Last-Event-ID` up to `retries` times in a row, waiting longer each time, and goes on after
 * the last event it delivered. Completes at the run's end, errors with the run's error (a
 * `RunStreamError`), with an `APIError` for an HTTP error status, or with a
 * `StreamInterruptedError` when it could not reconnect. Unsubscribing aborts the request.
 *
 * @param url - The relay's route for the run, e.g. `/api/runs/chat_1`.
 * @param init - The `fetch` options of every request, and `retries`.
 * @returns The run's events, each once, across reconnects; errors with a `ValidationError`
 *   on subscription when `retries` is not a whole number from 0 to 100.
 * @see {@link createRelay}, the server's side.
 *
 * @example
 * ```ts
 * const { key } = await (await fetch('/api/chat', { method: 'POST', body: '{}' })).json();
 * followRelay(`/api/runs/${key}`).subscribe({ next: render, error: (e) => console.error(e.message) });
 * ```
 */
export function followRelay(url: string, init: FollowRelayInit = {}): Observable<RelayedEvent> {
  return new Observable<RelayedEvent>((subscriber) => {
    const { retries = FOLLOW_DEFAULTS.retries, signal: callerSignal, ...request } = init;
    if (!Number.isSafeInteger(retries) || retries < 0 || retries > 100) {
      throw new ValidationError('retries', 'must be a whole number from 0 to 100', retries);
    }
    if (typeof url !== 'string' || url === '')
      throw new ValidationError('url', 'must be a non-empty URL', url);
    const controller = new AbortController();
    const onCallerAbort = () => {
      controller.abort();
      subscriber.error(new APIConnectionError('followRelay was aborted by the signal it was given.'));
    };
    if (callerSignal?.aborted) return onCallerAbort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const state: FollowState = { lastId: undefined, lastEvent: null, delivered: false };

    (async () => {
      let drops = 0;
      for (;;) {
        if (controller.signal.aborted) return;
        state.delivered = false;
        const outcome = await connect(url, request, controller.signal, state, subscriber);
        if (outcome === 'ended' || subscriber.closed) return;
        drops = state.delivered ? 1 : drops + 1;
        if (drops > retries) {
          const detail = `the connection to the relay dropped and ${retries} reconnect(s) with Last-Event-ID did not get it back`;
          throw new StreamInterruptedError(state.lastEvent, detail, { cause: outcome.drop });
        }
        const backoff = Math.min(
          FOLLOW_DEFAULTS.firstBackoffMs * 2 ** (drops - 1),
          FOLLOW_DEFAULTS.maxBackoffMs,
        );
        await delay(backoff, controller.signal);
      }
    })().then(
      () => subscriber.complete(),
      (error: unknown) => {
        if (!controller.signal.aborted) subscriber.error(error);
      },
    );
    return () => {
      callerSignal?.removeEventListener('abort', onCallerAbort);
      controller.abort();
    };
  });
}

interface FollowState {
  /** The id of the last event delivered: where a reconnect resumes. */
  lastId: string | undefined;
  lastEvent: string | null;
  /** Whether this connection delivered an event (a reconnect that makes progress resets the count). */
  delivered: boolean;
}

/** One connection: resolves with how it ended; rejects with an error that no reconnect can mend. */
async function connect(
  url: string,
  request: RequestInit,
  signal: AbortSignal,
  state: FollowState,
  subscriber: Subscriber<RelayedEvent>,
): Promise<Outcome> {
  const headers = new Headers(request.headers);
  headers.set('accept', 'text/event-stream');
  if (state.lastId !== undefined) headers.set('last-event-id', state.lastId);
  let response: Response;
  try {
    response = await fetch(url, { ...request, headers, signal });
  } catch (error) {
    return { drop: error };
  }
  // A gateway between instances may answer 502/503/504 while one restarts: worth a reconnect.
  if (response.status >= 500) {
    await response.body?.cancel().catch(() => undefined);
    return { drop: new APIError({ status: response.status, url, method: request.method ?? 'GET' }) };
  }
  if (!response.ok) throw await httpError(response, url, request.method ?? 'GET');
  const contentType = response.headers.get('content-type');
  if (!contentType?.includes('text/event-stream') || !response.body) {
    const excerpt = (await response.text().catch(() => '')).slice(0, 200);
    throw new UnexpectedResponseError(response.status, contentType, excerpt);
  }
  let ended: 'done' | { error: unknown } | undefined;
  const parser = createParser({
    onEvent(message) {
      if (ended || subscriber.closed) return;
      const outcome = eventOf(message);
      if ('end' in outcome) {
        ended = outcome.end;
        return;
      }
      if (message.id !== undefined) state.lastId = message.id;
      state.lastEvent = message.event ?? null;
      state.delivered = true;
      subscriber.next(outcome.event);
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!ended && !subscriber.closed) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } catch (error) {
    if (!ended) return { drop: error };
  } finally {
    reader.cancel().catch(() => undefined);
  }
  if (ended === 'done') return 'ended';
  if (ended) throw ended.error;
  return { drop: new Error('the relay closed the connection before the run ended') };
}

/** A frame read back: an event, or the run's end (`done`, or the relayed error). */
function eventOf(
  message: EventSourceMessage,
): { event: RelayedEvent } | { end: 'done' | { error: unknown } } {
  const name = message.event ?? 'message';
  if (name === 'done' || message.data === '[DONE]') return { end: 'done' };
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch (error) {
    return { end: { error: new StreamParseError(name, message.data, { cause: error }) } };
  }
  if (name === 'error') {
    const object = (data !== null && typeof data === 'object' ? data : { message: String(data) }) as object;
    return { end: { error: new RunStreamError(object) } };
  }
  // A Responses event travels whole (its `type` is the frame's name); a run event as its data.
  const responsesEvent =
    !name.startsWith('thread.') &&
    data !== null &&
    typeof data === 'object' &&
    (data as { type?: unknown }).type === name;
  return { event: (responsesEvent ? data : { event: name, data }) as RelayedEvent };
}

async function httpError(response: Response, url: string, method: string): Promise<APIError> {
  const text = await response.text().catch(() => '');
  let error: object | undefined;
  try {
    error = (JSON.parse(text) as { error?: object }).error;
  } catch {
    error = undefined;
  }
  return APIError.from({
    status: response.status,
    error,
    headers: response.headers,
    url,
    method,
    bodyExcerpt: text.slice(0, 200),
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
