import { Observable, type Subscription } from 'rxjs';
import { UnexpectedResponseError } from '../errors.js';
import { parseRunEvents } from '../sse/parse.js';
import type { RunStreamEvent } from '../types/events.js';
import type { Run } from '../types/run.js';
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
): Observable<RunStreamEvent> {
  return new Observable<RunStreamEvent>((subscriber) => {
    const spec = prepare();
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    let inner: Subscription | undefined;
    transport
      .send(spec, options, signal)
      .then(async (response) => {
        if (subscriber.closed) return void response.body?.cancel().catch(() => undefined);
        const events = await eventsOf(transport, response, spec, options, signal);
        if (!subscriber.closed) inner = events.subscribe(subscriber);
      })
      .catch((error: unknown) => subscriber.error(error));
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
): Promise<Observable<RunStreamEvent>> {
  const type = response.headers.get('content-type');
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
