import { filter, lastValueFrom, map, Observable, type Subscription } from 'rxjs';
import { UnexpectedResponseError } from '../errors.js';
import { parseRunEvents } from '../sse/parse.js';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import { isRunEvent } from '../types/is-run-event.js';
import type { Run } from '../types/run.js';
import { followSignal, withCallSignal } from './follow-signal.js';
import type { RequestOptions } from './options.js';
import { type FirstRun, pollRunEvents } from './poll.js';
import { type CallSpec, excerpt, type Transport } from './transport.js';
import { validateRequestOptions } from './validate-options.js';

/**
 * A cold observable of one streaming call: each subscription sends the request (after `prepare`
 * has validated the input), reads the events as they arrive, and aborts the request on
 * unsubscribe. A JSON run in place of a stream falls back to polling.
 */
export function streamCall(
  transport: Transport,
  prepare: () => CallSpec,
  options: RequestOptions = {},
): Observable<RunStreamEvent | UnknownRunStreamEvent> {
  return new Observable<RunStreamEvent | UnknownRunStreamEvent>((subscriber) => {
    validateRequestOptions(options);
    const spec = prepare();
    const controller = new AbortController();
    const unfollow = options.signal ? followSignal(options.signal, controller) : undefined;
    const signal = controller.signal;
    let inner: Subscription | undefined;
    // Stream errors carry what the server sent (an `event: error` message, say), which may echo the key.
    const fail = (error: unknown) => subscriber.error(transport.scrubError(error));
    transport
      .send(spec, options, signal)
      .then(async (response) => {
        if (subscriber.closed) return void response.body?.cancel().catch(() => undefined);
        const events = await eventsOf(transport, response, spec, options, signal);
        if (subscriber.closed) return;
        inner = events.subscribe({
          next: (event) => subscriber.next(event),
          error: fail,
          complete: () => subscriber.complete(),
        });
      })
      .catch(fail);
    return () => {
      inner?.unsubscribe();
      controller.abort();
      unfollow?.();
    };
  });
}

/**
 * Sends a non-stream call and resolves with the run it answered. A server that streams although
 * `stream: false` was asked (some compatible ones always do) is read to the end, and its last run
 * event is the run.
 */
export function answeredRun(
  transport: Transport,
  spec: CallSpec,
  options: RequestOptions,
  signal: AbortSignal,
): Promise<FirstRun> {
  return withCallSignal(signal, (callSignal) => readAnsweredRun(transport, spec, options, callSignal));
}

async function readAnsweredRun(
  transport: Transport,
  spec: CallSpec,
  options: RequestOptions,
  signal: AbortSignal,
): Promise<FirstRun> {
  const response = await transport.send(spec, options, signal);
  const { threadId } = spec;
  if (!isEventStream(response)) return { run: await transport.readJSON<Run>(response), response, threadId };
  try {
    const events = await eventsOf(transport, response, spec, options, signal);
    const runs = events.pipe(filter(isRunEvent));
    const run = await lastValueFrom(runs.pipe(map((event) => event.data)), { defaultValue: undefined });
    if (run) return { run, response, threadId };
  } catch (error) {
    throw transport.scrubError(error);
  }
  throw new UnexpectedResponseError(
    response.status,
    response.headers.get('content-type'),
    '(a stream with no run event)',
  );
}

function isEventStream(response: Response): response is Response & { body: ReadableStream<Uint8Array> } {
  return (
    response.body !== null &&
    Boolean(response.headers.get('content-type')?.toLowerCase().includes('text/event-stream'))
  );
}

async function eventsOf(
  transport: Transport,
  response: Response,
  spec: CallSpec,
  options: RequestOptions,
  signal: AbortSignal,
): Promise<Observable<RunStreamEvent | UnknownRunStreamEvent>> {
  const type = response.headers.get('content-type')?.toLowerCase() ?? null;
  const idleTimeout = options.idleTimeout ?? transport.config.idleTimeout;
  if (isEventStream(response)) {
    return parseRunEvents(response.body, {
      signal,
      ...(idleTimeout > 0 ? { idleTimeout } : {}),
      // The caller's options type decides whether unknown events are in the value type.
      ...(options.unknownEvents ? { unknownEvents: options.unknownEvents as 'skip' } : {}),
    });
  }
  const text = transport.scrub(await response.text());
  if (type?.includes('json')) {
    const run = parseRun(text);
    if (run) return pollRunEvents(transport, { run, response, threadId: spec.threadId }, options, signal);
  }
  throw new UnexpectedResponseError(response.status, type, excerpt(text) || `(empty body from ${spec.path})`);
}

function parseRun(text: string): Run | undefined {
  try {
    const value = JSON.parse(text) as Partial<Run>;
    return value && value.object === 'thread.run' && typeof value.id === 'string'
      ? (value as Run)
      : undefined;
  } catch {
    return undefined;
  }
}
