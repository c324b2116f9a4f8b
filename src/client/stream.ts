import { Observable, type Subscription } from 'rxjs';
import { UnexpectedResponseError } from '../errors.js';
import { parseRunEvents } from '../sse/parse.js';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import type { Run } from '../types/run.js';
import { anySignal } from './any-signal.js';
import type { RequestOptions } from './options.js';
import { pollRunEvents } from './poll.js';
import { type CallSpec, excerpt, type Transport } from './transport.js';

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
    const spec = prepare();
    const controller = new AbortController();
    const signal = options.signal ? anySignal([options.signal, controller.signal]) : controller.signal;
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
    };
  });
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
  if (response.body && type?.includes('text/event-stream')) {
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
    if (run) return pollRunEvents(transport, { run, response }, options, signal);
  }
  throw new UnexpectedResponseError(response.status, type, excerpt(text) || `(empty body from ${spec.path})`);
}

function parseRun(text: string): Run | undefined {
  try {
    const value = JSON.parse(text) as Partial<Run>;
    return value && value.object === 'thread.run' && typeof value.id === 'string' ? (value as Run) : undefined;
  } catch {
    return undefined;
  }
}
