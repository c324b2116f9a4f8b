import { Observable } from 'rxjs';
import { UnexpectedResponseError, ValidationError } from '../errors.js';
import { RUN_STREAM_EVENT_NAMES, type RunStreamEvent, type UnknownRunStreamEvent } from '../types/events.js';
import { type Run, TERMINAL_RUN_STATUSES } from '../types/run.js';
import { followSignal } from './follow-signal.js';
import type { RequestOptions } from './options.js';
import { runPath } from './paths.js';
import type { Transport } from './transport.js';

/**
 * The run a call answered with, the response it came in, and the thread the caller named (none
 * for create-thread-and-run, whose thread is the run's).
 */
export interface FirstRun {
  run: Run;
  response: Response | undefined;
  threadId: string | undefined;
}

/**
 * Yields the run each time its status changes, starting with `run` itself, until it reaches a
 * terminal status or `requires_action`. Waits `openai-poll-after-ms` between polls when the server
 * gives it, else `pollInterval`.
 */
async function* pollRunStatuses(
  transport: Transport,
  first: FirstRun,
  options: RequestOptions,
  signal: AbortSignal,
): AsyncGenerator<Run> {
  let { run, response } = first;
  yield run;
  if (TERMINAL_RUN_STATUSES.has(run.status)) return;
  // The caller's thread id first: a compatible server may leave `thread_id` out of its runs.
  const path = pollPath(first);
  while (!TERMINAL_RUN_STATUSES.has(run.status)) {
    await sleep(pollDelay(response, options.pollInterval ?? transport.config.pollInterval), signal);
    const next = await transport.json<Run>({ method: 'get', path }, options, signal);
    response = next.response;
    if (next.value.status !== run.status) {
      run = next.value;
      yield run;
    }
  }
}

/** Polls until the run settles and resolves with its last state. */
export async function pollRun(
  transport: Transport,
  first: FirstRun,
  options: RequestOptions,
  signal: AbortSignal,
): Promise<Run> {
  let last = first.run;
  for await (const run of pollRunStatuses(transport, first, options, signal)) last = run;
  return last;
}

/**
 * The stream fallback: the server answered a stream request with a JSON run, so poll it and emit
 * one `thread.run.<status>` event per status change, completing after the terminal one.
 */
export function pollRunEvents(
  transport: Transport,
  first: FirstRun,
  options: RequestOptions,
  signal: AbortSignal,
): Observable<RunStreamEvent | UnknownRunStreamEvent> {
  return new Observable((subscriber) => {
    const controller = new AbortController();
    const unfollow = followSignal(signal, controller);
    const both = controller.signal;
    (async () => {
      for await (const run of pollRunStatuses(transport, first, options, both)) {
        if (subscriber.closed) return;
        const event = `thread.run.${run.status}`;
        // A status the library does not know has no event in the union: it goes out like an unknown stream event.
        if (KNOWN_EVENTS.has(event)) subscriber.next({ event, data: run } as RunStreamEvent);
        else if (options.unknownEvents === 'emit') subscriber.next({ event, data: run, unknown: true });
      }
      subscriber.complete();
    })().catch((error: unknown) => subscriber.error(error));
    return () => {
      controller.abort();
      unfollow();
    };
  });
}

/** Where the run is polled; a run whose ids cannot make a path is the server's fault, said so. */
function pollPath({ run, response, threadId }: FirstRun): string {
  try {
    return runPath(threadId ?? run.thread_id, run.id);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new UnexpectedResponseError(
      response?.status ?? 200,
      response?.headers.get('content-type') ?? null,
      `a run whose ${error.field === 'run_id' ? 'id' : 'thread_id'} cannot be polled (${error.message.split(' (got')[0]})`,
    );
  }
}

const KNOWN_EVENTS: ReadonlySet<string> = new Set(RUN_STREAM_EVENT_NAMES);

/** The wait before the next poll: the server's `openai-poll-after-ms`, else `fallback`. */
export function pollDelay(response: Response | undefined, fallback: number): number {
  const hint = Number(response?.headers.get('openai-poll-after-ms'));
  return Number.isFinite(hint) && hint > 0 ? hint : fallback;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
