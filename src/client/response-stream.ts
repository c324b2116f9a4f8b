import { Observable, type Subscription } from 'rxjs';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  IdleTimeoutError,
  InternalServerError,
  RateLimitError,
  StreamInterruptedError,
  UnexpectedResponseError,
} from '../errors.js';
import { parseResponseEvents } from '../responses/parse.js';
import type { ResponseStreamEvent } from '../types/responses/index.js';
import { followSignal } from './follow-signal.js';
import { CLIENT_DEFAULTS, type RequestOptions } from './options.js';
import { parseResponseJSON, pollResponseEvents, type RetrieveSpec } from './response-fallback.js';
import { type CallSpec, excerpt, type Transport } from './transport.js';
import { validateRequestOptions } from './validate-options.js';

/** Where a stream of a response starts: a create request, or joining a stored response. */
export interface StreamStart {
  spec: CallSpec;
  /** The response is known to run in the background (so a cut can be resumed). */
  background: boolean;
  /** The response it joins, when known before the first event. */
  responseId?: string | undefined;
  /** The last sequence number the caller already has: events up to it are dropped. */
  startingAfter?: number | undefined;
}

/** The path of a response's stream from `startingAfter` on. */
type ResumeSpec = (responseId: string, startingAfter: number | undefined) => CallSpec;

/** The two ways a stream reaches a response it already knows by id. */
export interface ResponsePaths {
  /** Its stream from `startingAfter` on: `GET /responses/{id}?stream=true&starting_after=N`. */
  resume: ResumeSpec;
  /** The response itself: `GET /responses/{id}`, to poll it or to learn its status after a cut. */
  retrieve: RetrieveSpec;
}

/**
 * A cold observable of one response's events. When the stream of a background response is cut
 * (closed before a terminal event, reset, idle), it asks the response's status
 * (`GET /responses/{id}`): a `cancelled` response completes the observable after the last event
 * delivered (the API's stream has no event for a cancel); any other rejoins from the last
 * `sequence_number` delivered, up to `maxRetries` times in a row (the first at once, then with
 * backoff), and drops any event it already delivered: the subscriber sees every event once, in
 * order. A cut of a foreground response errors with the cut, after every event that arrived.
 *
 * A stream request answered with a response as JSON (a server or proxy that ignores
 * `stream: true`) falls back to polling it, then emits the events a stream would have ended
 * with (`response-fallback.ts`); that holds for the first request, before any event, not for a
 * rejoin.
 */
export function responseStream(
  transport: Transport,
  prepare: () => StreamStart,
  paths: ResponsePaths,
  options: RequestOptions = {},
): Observable<ResponseStreamEvent> {
  return new Observable<ResponseStreamEvent>((subscriber) => {
    validateRequestOptions(options);
    const start = prepare();
    const controller = new AbortController();
    const unfollow = options.signal ? followSignal(options.signal, controller) : undefined;
    const signal = controller.signal;
    const maxRetries = options.maxRetries ?? transport.config.maxRetries;
    let background = start.background;
    let responseId = start.responseId;
    let last = start.startingAfter;
    // Cuts since the last event that was new: progress resets it, so a long stream may be cut often.
    let cutsInARow = 0;
    let inner: Subscription | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (error: unknown) => subscriber.error(transport.scrubError(error));

    const onEvent = (event: ResponseStreamEvent) => {
      const sequence = (event as { sequence_number?: unknown }).sequence_number;
      if (typeof sequence === 'number') {
        // A resumed stream may start again from earlier: what was delivered is not delivered twice.
        if (last !== undefined && sequence <= last) return;
        last = sequence;
      }
      const response = (event as { response?: { id?: unknown; background?: unknown } }).response;
      if (response && typeof response.id === 'string') responseId = response.id;
      if (response?.background === true) background = true;
      cutsInARow = 0;
      subscriber.next(event);
    };

    const onCut = (error: unknown) => {
      if (subscriber.closed) return;
      if (!background || responseId === undefined || !isCut(error)) return fail(error);
      // A cancel ends every stream of the response without a terminal event (the API's stream
      // has none for it), so before rejoining, ask how the response stands: a cancelled one has
      // nothing more to send, and its stream ends here, after its last event. A check that
      // fails is no answer: the rejoin goes ahead and counts as usual.
      const id = responseId;
      transport
        .json<{ status?: unknown }>(paths.retrieve(id), { ...options, maxRetries: 0 }, signal)
        .then(({ value }) => value?.status)
        .catch(() => undefined)
        .then((status) => {
          if (subscriber.closed) return;
          if (status === 'cancelled') subscriber.complete();
          else rejoin(id, error);
        });
    };

    const rejoin = (id: string, error: unknown) => {
      if (cutsInARow >= maxRetries) return fail(error);
      cutsInARow++;
      const delay =
        cutsInARow === 1
          ? 0
          : Math.min(CLIENT_DEFAULTS.retryBaseDelay * 2 ** (cutsInARow - 2), CLIENT_DEFAULTS.retryMaxDelay);
      timer = setTimeout(() => connect(paths.resume(id, last)), delay);
    };

    const connect = (spec: CallSpec) => {
      inner?.unsubscribe();
      transport
        .send(spec, options, signal)
        .then(async (response) => {
          if (subscriber.closed) return void response.body?.cancel().catch(() => undefined);
          // Only the first request may be answered with JSON: a rejoin must be a stream.
          const fallback = last === undefined ? paths.retrieve : undefined;
          const { events, polled } = await eventsOf(transport, response, spec, options, signal, fallback);
          if (subscriber.closed) return;
          inner = events.subscribe({
            next: onEvent,
            // A failed poll is no cut of a stream: there is nothing to rejoin.
            error: polled ? fail : onCut,
            complete: () => subscriber.complete(),
          });
        })
        .catch(onCut);
    };

    connect(start.spec);
    return () => {
      clearTimeout(timer);
      inner?.unsubscribe();
      controller.abort();
      unfollow?.();
    };
  });
}

/** A failure that a resumed stream can get past: a cut, silence, or a server that could not answer the rejoin. */
function isCut(error: unknown): boolean {
  return (
    error instanceof StreamInterruptedError ||
    error instanceof IdleTimeoutError ||
    error instanceof APIConnectionError ||
    error instanceof APIConnectionTimeoutError ||
    error instanceof InternalServerError ||
    error instanceof RateLimitError
  );
}

/**
 * The events of one answer: parsed from a stream, or, when `fallback` says how to poll, made from
 * a response the server answered as JSON (`polled`).
 */
async function eventsOf(
  transport: Transport,
  response: Response,
  spec: CallSpec,
  options: RequestOptions,
  signal: AbortSignal,
  fallback: RetrieveSpec | undefined,
): Promise<{ events: Observable<ResponseStreamEvent>; polled: boolean }> {
  const type = response.headers.get('content-type')?.toLowerCase() ?? null;
  if (response.body && type?.includes('text/event-stream')) {
    const idleTimeout = options.idleTimeout ?? transport.config.idleTimeout;
    const events = parseResponseEvents(response.body, {
      signal,
      ...(idleTimeout > 0 ? { idleTimeout } : {}),
      ...(options.unknownEvents ? { unknownEvents: options.unknownEvents as 'skip' } : {}),
    });
    return { events, polled: false };
  }
  const text = transport.scrub(await response.text());
  if (fallback && type?.includes('json')) {
    const first = { response: parseResponseJSON(text, response), http: response };
    return { events: pollResponseEvents(transport, first, fallback, options, signal), polled: true };
  }
  throw new UnexpectedResponseError(
    response.status,
    type,
    excerpt(text) || `(an empty body from ${spec.path}, where a stream was asked for)`,
  );
}
