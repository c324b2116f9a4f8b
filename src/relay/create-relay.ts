import type { Observable, Subscription } from 'rxjs';
import { RelayKeyError } from '../errors/relay.js';
import { ValidationError } from '../errors.js';
import { positionAfter } from './entry-id.js';
import type { EventLog, LogEnd, LogEntry, RelayedEvent } from './event-log.js';
import { memoryEventLog } from './memory-event-log.js';
import { RELAY_DEFAULTS, type RelayErrorData } from './options.js';
import { relayErrorData } from './relay-error-data.js';
import { dataJSON, relayStream } from './relay-stream.js';
import { oneLine } from './to-server-sent-events.js';

/**
 * Options of {@link createRelay}.
 *
 * @example
 * ```ts
 * const options: RelayConfig = { ttlMs: 60_000, keepAliveMs: 5_000 };
 * const relay = createRelay(options);
 * ```
 */
export interface RelayConfig {
  /**
   * Where the runs' events are kept.
   *
   * @default a new {@link memoryEventLog} (this process only)
   */
  log?: EventLog;
  /**
   * How long a run is kept after its end, in milliseconds, for late readers and reconnects.
   *
   * @default 600 000 (10 min)
   */
  ttlMs?: number;
  /**
   * Milliseconds of silence after which {@link Relay.response} writes a `: keep-alive` comment; `0` turns it off.
   *
   * @default 15 000 (`RELAY_DEFAULTS.keepAliveMs`)
   */
  keepAliveMs?: number;
  /**
   * Maps an upstream error to what readers are told (it is kept in the log).
   *
   * @param error - The error that ended the run's events.
   * @returns The data of the final `error` frame; it must hold no secrets.
   * @default {@link relayErrorData}
   */
  errorData?: (error: unknown) => RelayErrorData;
  /**
   * Called with a failure no reader may be there to see: the log refused a start (the key is
   * taken in another process) or failed mid-run.
   *
   * @param error - The log's error.
   * @param key - The key of the run it happened to.
   * @default `console.error` of the message
   */
  onError?: (error: unknown, key: string) => void;
}

/**
 * A relay: runs read into an event log by their producer, served to any number of readers.
 *
 * @example
 * ```ts
 * const relay: Relay = createRelay();
 * relay.start('chat_1', events$);
 * relay.events('chat_1').subscribe(({ id, event }) => console.log(id, event));
 * ```
 */
export interface Relay {
  /**
   * Reads `events$` to its end into the log under `key`, watched or not. Throws a
   * `RelayKeyError` for a key this relay is running or its log holds.
   *
   * @param key - The run's key: 1 to 200 letters, digits or `_ . : -`, new to the log.
   * @param events$ - The run's events (or a Responses stream); subscribed at once.
   * @throws {@link ValidationError} for a malformed key.
   * @throws {@link RelayKeyError} (`reason: 'taken'`) for a key this relay is running, or that a
   * synchronous log such as {@link memoryEventLog} holds (an asynchronous one reports it to `onError`).
   */
  start(key: string, events$: Observable<RelayedEvent>): void;
  /**
   * The run's events after the id `after` (all without it), then live ones as they come; completes
   * when the run's stream ended, errors with the run's error, or at once for an unknown key.
   *
   * @param key - The run's key.
   * @param options - `after`: the id of the last entry the reader has, to go on after it.
   * @returns The run's entries, each with its id.
   * @throws {@link ValidationError} for a malformed key.
   */
  events(key: string, options?: { after?: string }): Observable<LogEntry>;
  /**
   * The run's events as server-sent events, each frame with its `id:`, after the request's
   * `Last-Event-ID`; ends with `event: done` / `[DONE]`, or `event: error`. A reader that leaves stops nothing.
   *
   * @param key - The run's key.
   * @param request - The reader's request; only its `Last-Event-ID` header is read.
   * @returns A `text/event-stream` response, or a 400 JSON error for a `Last-Event-ID` the relay never gave.
   * @throws {@link ValidationError} for a malformed key.
   * @see {@link followRelay}, which reads it in a browser and reconnects.
   */
  response(key: string, request: Request): Response;
}

/** The defaults of {@link createRelay}, in one place. */
const DEFAULTS = { ttlMs: 10 * 60_000 } as const;

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Proxies such as nginx buffer responses unless told not to.
  'x-accel-buffering': 'no',
};

/**
 * Creates a resumable relay: `start` reads a run (or a Responses stream) into an event log to
 * its end, whoever watches; `events` and `response` replay it after an id and follow it live, so
 * a browser that reloads or reconnects (to this process, or with `redisEventLog` to any) picks the
 * run up where it left off. The main entry's code: it runs in browsers and edge runtimes too.
 *
 * @param config - Where the events are kept and for how long; every field is optional.
 * @returns The relay: `start`, `events` and `response`.
 * @throws {@link ValidationError} when `ttlMs` or `keepAliveMs` is not a whole number of milliseconds.
 * @see {@link followRelay}, the browser's side.
 *
 * @example
 * ```ts
 * const relay = createRelay({ ttlMs: 5 * 60_000 });
 * // POST /api/chat starts the run and answers with its key…
 * async function POST(request: Request) {
 *   const key = crypto.randomUUID();
 *   relay.start(key, client.threads.createAndRunStream({ assistant_id: assistantId, thread: await request.json() }));
 *   return Response.json({ key });
 * }
 * // …GET /api/runs/:key serves it, after the browser's Last-Event-ID when it reconnects.
 * const GET = (request: Request, key: string) => relay.response(key, request);
 * ```
 */
export function createRelay(config: RelayConfig = {}): Relay {
  const log = config.log ?? memoryEventLog();
  const ttlMs = checkedMs('ttlMs', config.ttlMs ?? DEFAULTS.ttlMs);
  const keepAliveMs = checkedMs('keepAliveMs', config.keepAliveMs ?? RELAY_DEFAULTS.keepAliveMs);
  const errorData = config.errorData ?? relayErrorData;
  const onError =
    config.onError ??
    ((error: unknown, key: string) =>
      console.error(`runstream relay: run "${key}": ${error instanceof Error ? error.message : error}`));
  const live = new Set<string>();

  return {
    start(key, events$) {
      checkKey(key);
      if (live.has(key)) throw new RelayKeyError(key, 'taken');
      // A synchronous log refuses a taken key here, as a throw.
      const opened = log.open(key);
      live.add(key);
      produce(key, events$, opened);
    },
    events(key, options = {}) {
      checkKey(key);
      return log.read(key, options.after);
    },
    response(key, request) {
      checkKey(key);
      const after = request.headers.get('last-event-id') ?? undefined;
      try {
        positionAfter(after);
      } catch (error) {
        return Response.json(
          { error: { message: (error as Error).message, code: null, type: 'invalid_request_error' } },
          { status: 400 },
        );
      }
      const body = relayStream(log.read(key, after), SSE_ID_FRAMING, { keepAliveMs, errorData: undefined });
      return new Response(body, { status: 200, headers: SSE_HEADERS });
    },
  };

  // Subscribes at once, so that a hot source loses nothing while an asynchronous log opens the key:
  // events wait in the queue until it has.
  function produce(key: string, events$: Observable<RelayedEvent>, opened: void | Promise<void>): void {
    let position = 0;
    let queue: LogEntry[] = [];
    let writing = true;
    let ending: LogEnd | undefined;
    let stopped = false;
    let upstream: Subscription | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const every = log.heartbeatMs;
    settle(
      opened,
      () => {
        if (stopped) return;
        if (every && every > 0) heartbeat = setInterval(() => settle(log.heartbeat(key), noop, fail), every);
        writing = false;
        flush();
      },
      // Refused (the key is another producer's) or failed: nothing of this run is in the log to end.
      (error) => {
        stop();
        upstream?.unsubscribe();
        onError(error, key);
      },
    );

    const stop = () => {
      stopped = true;
      clearInterval(heartbeat);
      live.delete(key);
    };
    // The log failed: events may be missing, so the run stops here and says so, where it can.
    function fail(error: unknown): void {
      if (stopped) return;
      stop();
      upstream?.unsubscribe();
      try {
        settle(log.end(key, { error: errorData(error) }, ttlMs), noop, noop);
      } catch {
        // The log that just failed may fail again: onError still reports the first failure.
      }
      onError(error, key);
    }
    // One batch in flight at a time, so batches land in order; events that come meanwhile form the next.
    function flush(): void {
      while (!writing && !stopped) {
        if (queue.length > 0) {
          const batch = queue;
          queue = [];
          writing = true;
          try {
            settle(
              log.append(key, batch),
              () => {
                writing = false;
                flush();
              },
              fail,
            );
          } catch (error) {
            fail(error);
          }
          // A synchronous log has already cleared `writing`: the loop goes on with the next batch.
          continue;
        }
        if (ending) {
          const end = ending;
          stop();
          try {
            settle(log.end(key, end, ttlMs), noop, (error) => onError(error, key));
          } catch (error) {
            onError(error, key);
          }
        }
        return;
      }
    }
    upstream = events$.subscribe({
      next(event) {
        if (stopped) return;
        queue.push({ id: String(++position), event });
        if (!writing) flush();
      },
      error(error: unknown) {
        ending = { error: errorData(error) };
        if (!writing) flush();
      },
      complete() {
        ending = { done: true };
        if (!writing) flush();
      },
    });
    if (stopped) upstream.unsubscribe();
  }
}

/** The frames of {@link Relay.response}: an `id:` line on every event, a run event's data or a Responses event whole. */
const SSE_ID_FRAMING = {
  event: ({ id, event }: LogEntry): string =>
    'event' in event && typeof event.event === 'string'
      ? `id: ${id}\nevent: ${oneLine(event.event)}\ndata: ${dataJSON(event.data)}\n\n`
      : `id: ${id}\nevent: ${oneLine(String((event as { type?: unknown }).type))}\ndata: ${dataJSON(event)}\n\n`,
  error: (data: RelayErrorData) => `event: error\ndata: ${JSON.stringify(data)}\n\n`,
  done: 'event: done\ndata: [DONE]\n\n',
  keepAlive: ': keep-alive\n\n',
};

/** Calls `then` with the value, at once or when the Promise resolves; a rejection goes to `fail`. */
function settle(result: void | Promise<void>, then: () => void, fail: (error: unknown) => void): void {
  if (result && typeof (result as Promise<void>).then === 'function')
    (result as Promise<void>).then(then, fail);
  else then();
}

function noop(): void {}

function checkKey(key: string): void {
  if (typeof key !== 'string' || !/^[\w.:-]{1,200}$/.test(key)) {
    throw new ValidationError('key', 'must be 1 to 200 letters, digits or _ . : -', key);
  }
}

function checkedMs(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new ValidationError(field, 'must be a whole number of milliseconds from 0 to 2147483647', value);
  }
  return value;
}
