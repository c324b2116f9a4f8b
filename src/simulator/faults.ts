import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TERMINAL_RUN_EVENTS } from '../types/events.js';
import type { Emission } from './beats.js';
import { HttpError, sendError } from './http.js';
import type { RunContext } from './run-context.js';
import type { FaultName, RunSettings } from './settings.js';
import type { SseWriter } from './sse-writer.js';

const HTTP_FAULTS: Readonly<
  Partial<Record<FaultName, { status: number; message: string; type: string; code: string | null }>>
> = {
  http_429: {
    status: 429,
    message: 'Rate limit reached for requests. Please try again shortly.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  http_500: {
    status: 500,
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  http_503: {
    status: 503,
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    code: null,
  },
};

/** Faults that strike inside a stream, so they mean nothing to a non-stream request. */
const STREAM_FAULTS: ReadonlySet<FaultName> = new Set(['cut', 'stall', 'error_event', 'json']);

/** The error object an `error_event` fault sends, and the run's `last_error` after it. */
const STREAM_ERROR: { code: 'server_error'; message: string; type: string } = {
  code: 'server_error',
  message: 'The server had an error while processing your request. Sorry about that!',
  type: 'server_error',
};

/**
 * Counts the attempts of each request that starts or resumes a run (create run, create thread
 * and run, submit tool outputs; every route the same way), so that its first `fault_times`
 * attempts suffer the run's fault and a client's retry then succeeds. Once an attempt goes
 * through, the count starts over: a later request with the same key (the same text, say) is an
 * independent one and suffers its own fault. A stream fault lets its request through and strikes
 * inside the stream, so it strikes every stream that asks for it.
 */
export class FaultBook {
  readonly #attempts = new Map<string, number>();

  /** The fault this attempt suffers, or null once the request has used up its `fault_times`. */
  take(settings: RunSettings<string>, key: string, stream: boolean): FaultName | null {
    const { fault } = settings;
    const seen = this.#attempts.get(key) ?? 0;
    const strikes = fault !== null && (stream || !STREAM_FAULTS.has(fault)) && seen < settings.faultTimes;
    if (strikes && !STREAM_FAULTS.has(fault)) this.#attempts.set(key, seen + 1);
    else this.#attempts.delete(key);
    return strikes ? fault : null;
  }
}

/**
 * The key under which the attempts of a request that creates a run are counted: its thread (none
 * for create-thread-and-run) and a digest of its body, which a client's retry sends unchanged.
 */
export function creationKey(threadId: string | null, body: Record<string, unknown>): string {
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return `create:${threadId ?? 'new'}:${digest}`;
}

/**
 * Answers a request with an HTTP fault (`http_*` with `Retry-After`) or drops its connection
 * (`reset`). Returns false for faults that strike later, inside the stream.
 */
export function answerWithRequestFault(
  req: IncomingMessage,
  res: ServerResponse,
  fault: FaultName | null,
  settings: RunSettings<string>,
): boolean {
  if (fault === 'reset') {
    req.socket.destroy();
    return true;
  }
  const http = fault ? HTTP_FAULTS[fault] : undefined;
  if (!http) return false;
  const retryAfter = String(settings.retryAfter);
  sendError(
    res,
    new HttpError(http.status, http.message, null, http.code, http.type, {
      'retry-after': retryAfter,
      'retry-after-ms': String(settings.retryAfter * 1000),
    }),
  );
  return true;
}

/**
 * The sink a stream's events go through: it passes them to the writer until the fault's moment
 * (after `fault_after` events, and always before a terminal run event), then strikes once.
 * The run itself carries on in the background, except after `error_event`, which fails it.
 */
export function faultySink(
  writer: SseWriter,
  fault: FaultName | null,
  context: RunContext,
): (emission: Emission) => Promise<void> {
  let delivered = 0;
  let struck = false;
  const strikes = fault === 'cut' || fault === 'stall' || fault === 'error_event';
  return async ({ event, data }) => {
    if (struck || writer.closed) return;
    if (strikes && (delivered >= context.settings.faultAfter || TERMINAL_RUN_EVENTS.has(event))) {
      struck = true;
      if (fault === 'cut') return writer.cut(event, data);
      if (fault === 'stall') return writer.stall();
      context.failure = STREAM_ERROR;
      await writer.event('error', JSON.stringify(STREAM_ERROR));
      return writer.end();
    }
    delivered += 1;
    await writer.event(event, data);
  };
}
