import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Observable, type Subscriber } from 'rxjs';
import {
  IdleTimeoutError,
  RunStreamError,
  StreamInterruptedError,
  StreamParseError,
  ValidationError,
} from '../errors.js';
import { LONGEST_TIMER } from '../timers.js';
import {
  RUN_STREAM_EVENT_NAMES,
  type RunStreamEvent,
  type RunStreamEventName,
  TERMINAL_RUN_EVENTS,
  type UnknownRunStreamEvent,
} from '../types/events.js';
import type { ErrorObject } from '../types/shared.js';

/**
 * What `parseRunEvents` reads: a fetch body, any async iterable of chunks, or a whole string.
 *
 * @example
 * ```ts
 * const recorded: RunEventSource = 'event: thread.run.completed\ndata: {}\n\nevent: done\ndata: [DONE]\n\n';
 * parseRunEvents(recorded).subscribe((e) => console.log(e.event));
 * ```
 */
export type RunEventSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | string;

/**
 * Options of {@link parseRunEvents}.
 *
 * @example
 * ```ts
 * const options: ParseRunEventsOptions = { idleTimeout: 30_000, signal: AbortSignal.timeout(600_000) };
 * const response = await fetch('/api/chat', { method: 'POST' });
 * parseRunEvents(response.body ?? '', options).subscribe(console.log);
 * ```
 */
export interface ParseRunEventsOptions {
  /** `'skip'` (default) drops events whose name the library does not know; `'emit'` delivers them. */
  unknownEvents?: 'skip' | 'emit';
  /** Aborting it stops reading and completes nothing: the observable errors with the signal's reason. */
  signal?: AbortSignal;
  /** Milliseconds of silence after which the stream errors with {@link IdleTimeoutError}. Default: none (also `0` or `Infinity`). */
  idleTimeout?: number;
}

// One Map lookup is the whole per-event routing cost. It returns the library's own copy of the
// name, which is emitted instead of the parser's fresh slice: V8 compares two internalized strings
// by pointer, so every later `switch (e.event)` (snapshots, the caller's code) skips a char-by-char
// comparison per case.
const KNOWN_EVENTS: ReadonlyMap<string, RunStreamEventName> = new Map(
  RUN_STREAM_EVENT_NAMES.map((name) => [name, name]),
);
// Hoisted so that decoding a chunk does not allocate an options object.
const STREAM_DECODE = { stream: true } as const;

/**
 * Reads server-sent events of a run stream and emits them as typed {@link RunStreamEvent}s.
 *
 * Cold: nothing is read until subscription; unsubscribing cancels the reader. Any chunking of
 * the same bytes gives the same events. `[DONE]` completes, `event: error` errors with
 * {@link RunStreamError}, an end before `[DONE]` and before a terminal run event errors with
 * {@link StreamInterruptedError}.
 *
 * @example
 * ```ts
 * const response = await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ text: 'Hi' }) });
 * parseRunEvents(response.body ?? '').subscribe((e) => {
 *   if (e.event === 'thread.message.delta') console.log(e.data.delta.content);
 * });
 * ```
 */
export function parseRunEvents(
  body: RunEventSource,
  options?: ParseRunEventsOptions & { unknownEvents?: 'skip' },
): Observable<RunStreamEvent>;
export function parseRunEvents(
  body: RunEventSource,
  options: ParseRunEventsOptions & { unknownEvents: 'emit' },
): Observable<RunStreamEvent | UnknownRunStreamEvent>;
// Options whose `unknownEvents` is known only at run time: either kind of event.
export function parseRunEvents(
  body: RunEventSource,
  options?: ParseRunEventsOptions,
): Observable<RunStreamEvent | UnknownRunStreamEvent>;
export function parseRunEvents(
  body: RunEventSource,
  options: ParseRunEventsOptions = {},
): Observable<RunStreamEvent | UnknownRunStreamEvent> {
  return new Observable((subscriber) => {
    const idleTimeout = options.idleTimeout;
    if (idleTimeout !== undefined && !(typeof idleTimeout === 'number' && idleTimeout >= 0)) {
      subscriber.error(
        new ValidationError(
          'idleTimeout',
          'must be a number of milliseconds (0 or Infinity for none)',
          idleTimeout,
        ),
      );
      return;
    }
    const reader = new RunEventReader(subscriber, options.unknownEvents === 'emit');
    const stopIdle = idleTimeout && Number.isFinite(idleTimeout) ? watchIdle(reader, idleTimeout) : undefined;
    const signal = options.signal;
    const onAbort = () => reader.fail(signal?.reason);
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    void reader.read(body);
    return () => {
      signal?.removeEventListener('abort', onAbort);
      stopIdle?.();
      reader.cancel();
    };
  });
}

/** Feeds chunks through the SSE framing and turns each frame into one event. */
class RunEventReader {
  private readonly parser = createParser({ onEvent: (message) => this.onMessage(message) });
  private readonly decoder = new TextDecoder();
  private done = false;
  private sawTerminal = false;
  private lastEvent: string | null = null;
  private atStart = true;
  // True while the final flush runs, so that a half-written last frame reads as a cut, not bad JSON.
  private flushing = false;
  private endsWithCR = false;
  private releaseSource: (() => void) | undefined;
  // Why the source ended early, when it failed rather than closed.
  private cause: unknown;
  lastActivity = performance.now();

  constructor(
    private readonly subscriber: Subscriber<RunStreamEvent | UnknownRunStreamEvent>,
    private readonly emitUnknown: boolean,
  ) {}

  async read(body: RunEventSource): Promise<void> {
    try {
      if (typeof body === 'string') this.feed(body);
      else if (isReadableStream(body)) await this.readStream(body);
      else await this.readIterable(body);
      if (!this.done) this.end();
    } catch (error) {
      // The source failed mid-way (a reset connection, say): judged like an early end, cause kept.
      if (!this.done) this.end(error);
    }
  }

  private async readStream(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    this.releaseSource = () => void reader.cancel().catch(() => undefined);
    if (this.done) return this.releaseSource();
    for (;;) {
      const { done, value } = await reader.read();
      if (done || this.done) return;
      this.feed(value);
    }
  }

  private async readIterable(body: AsyncIterable<Uint8Array | string>): Promise<void> {
    const iterator = body[Symbol.asyncIterator]();
    this.releaseSource = () => void Promise.resolve(iterator.return?.()).catch(() => undefined);
    if (this.done) return this.releaseSource();
    for (;;) {
      const { done, value } = await iterator.next();
      if (done || this.done) return;
      this.feed(value);
    }
  }

  private feed(chunk: Uint8Array | string): void {
    this.lastActivity = performance.now();
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, STREAM_DECODE);
    if (this.atStart && text.length > 0) {
      // TextDecoder drops a UTF-8 BOM itself; a string source may still start with U+FEFF.
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // The parser holds back a final `\r` in case a `\n` follows; `end` must know it was sent.
    if (text.length > 0) this.endsWithCR = text.charCodeAt(text.length - 1) === 13;
    this.parser.feed(text);
  }

  /**
   * The source ended, or failed with `cause`: flush a last frame written without its blank line,
   * then judge the ending. After a terminal run event the run's outcome is known, so it completes.
   */
  private end(cause?: unknown): void {
    this.cause = cause;
    const tail = this.decoder.decode();
    // A held-back `\r` did end its line: a frame it closed was whole, so its bad JSON is a parse error, not a cut.
    if (this.endsWithCR && tail === '') this.parser.feed('\n');
    this.flushing = true;
    this.parser.feed(`${tail}\n\n`);
    this.flushing = false;
    if (this.done) return;
    if (this.sawTerminal) this.complete();
    else this.fail(new StreamInterruptedError(this.lastEvent, describeEnd(cause), causeOf(cause)));
  }

  private onMessage(message: EventSourceMessage): void {
    if (this.done) return;
    const name = message.event;
    const data = message.data;
    if (name === 'done' || (data === '[DONE]' && (name === undefined || name === 'message'))) {
      this.complete();
      return;
    }
    if (name === 'error') {
      this.fail(new RunStreamError(errorObjectOf(data)));
      return;
    }
    const known = name === undefined ? undefined : KNOWN_EVENTS.get(name);
    if (known !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch (cause) {
        this.fail(
          this.flushing
            ? new StreamInterruptedError(
                this.lastEvent,
                `the last frame, ${known}, was cut short`,
                causeOf(this.cause),
              )
            : new StreamParseError(known, data, { cause }),
        );
        return;
      }
      this.lastEvent = known;
      if (TERMINAL_RUN_EVENTS.has(known)) this.sawTerminal = true;
      this.subscriber.next({ event: known, data: parsed } as RunStreamEvent);
      return;
    }
    if (this.emitUnknown) {
      this.subscriber.next({ event: name ?? 'message', data: parseLoosely(data), unknown: true });
    }
  }

  private complete(): void {
    if (this.done) return;
    this.done = true;
    this.subscriber.complete();
  }

  /** Ends with an error and stops reading; later calls are ignored. */
  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.releaseSource?.();
    this.subscriber.error(error);
  }

  /** Teardown: the subscriber left, so stop reading and release the source. */
  cancel(): void {
    this.done = true;
    this.releaseSource?.();
  }

  get finished(): boolean {
    return this.done;
  }
}

// One timer per stream, re-armed only when it fires: cheaper than resetting a timer per chunk.
// Monotonic time, so a change of the wall clock neither fires it early nor holds it back; each
// wait is cut to what a timer can hold (a longer one would fire at once, again and again).
function watchIdle(reader: RunEventReader, idleTimeout: number): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const arm = (ms: number) => {
    timer = setTimeout(check, Math.min(ms, LONGEST_TIMER));
  };
  const check = () => {
    if (reader.finished) return;
    const silent = performance.now() - reader.lastActivity;
    if (silent >= idleTimeout) reader.fail(new IdleTimeoutError(idleTimeout));
    else arm(idleTimeout - silent);
  };
  arm(idleTimeout);
  return () => clearTimeout(timer);
}

function describeEnd(cause: unknown): string {
  if (cause === undefined) return 'the connection closed';
  const inner = (cause as { cause?: { message?: unknown } } | null)?.cause?.message;
  const message = cause instanceof Error ? cause.message : String(cause);
  return `the connection failed: ${message}${typeof inner === 'string' ? ` (${inner})` : ''}`;
}

function causeOf(cause: unknown): ErrorOptions | undefined {
  return cause === undefined ? undefined : { cause };
}

function isReadableStream(body: unknown): body is ReadableStream<Uint8Array> {
  return typeof (body as ReadableStream | undefined)?.getReader === 'function';
}

function errorObjectOf(data: string): Partial<ErrorObject> {
  const parsed = parseLoosely(data);
  if (parsed && typeof parsed === 'object') {
    const record = parsed as { error?: unknown };
    // The API sends the error object itself; some compatible servers wrap it as { error: {...} }.
    const inner = record.error && typeof record.error === 'object' ? record.error : parsed;
    return inner as Partial<ErrorObject>;
  }
  return { message: typeof parsed === 'string' && parsed ? parsed : 'no error details' };
}

function parseLoosely(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
