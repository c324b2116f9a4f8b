import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { Observable, type Subscriber } from 'rxjs';
import { IdleTimeoutError, StreamParseError, ValidationError } from '../errors.js';
import { LONGEST_TIMER } from '../timers.js';

// The one SSE reader of both APIs. It owns everything about bytes and time (decoding, BOM,
// CR line ends, the frame bound, the idle watchdog, abort, the grace after a terminal event,
// judging the end, releasing the source); a small dialect per API says what a frame means.

/**
 * What the parsers read: a fetch body, any async iterable of chunks, or a whole string.
 *
 * @example
 * ```ts
 * const recorded: RunEventSource = 'event: thread.run.completed\ndata: {}\n\nevent: done\ndata: [DONE]\n\n';
 * parseRunEvents(recorded).subscribe((e) => console.log(e.event));
 * ```
 */
export type RunEventSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | string;

/**
 * Options of the stream parsers (`parseRunEvents`, `parseResponseEvents`).
 *
 * @example
 * ```ts
 * const options: StreamReadOptions = { idleTimeout: 30_000, maxFrameBytes: 8 * 2 ** 20 };
 * ```
 */
export interface StreamReadOptions {
  /**
   * `'skip'` drops events whose name the library does not know; `'emit'` delivers them.
   * @default 'skip'
   */
  unknownEvents?: 'skip' | 'emit';
  /** Aborting it stops reading: the observable errors with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Milliseconds of silence after which the stream errors with {@link IdleTimeoutError}
   * (`0` or `Infinity` for none).
   * @default none
   */
  idleTimeout?: number;
  /**
   * The longest frame (the data of one event, or a line not yet ended) the reader holds, in
   * characters of decoded text (a byte each for ASCII JSON; never more than the frame's UTF-8
   * bytes). A longer one errors with `StreamParseError` as soon as it is crossed, so a broken
   * server cannot make the reader's memory grow past it.
   * @default 33554432 (32 MiB)
   */
  maxFrameBytes?: number;
  /**
   * Milliseconds of silence after a terminal event (the outcome is known) after which the
   * stream completes and the connection is released without waiting for `[DONE]` or the close
   * (`Infinity` waits for them).
   * @default 200
   */
  terminalGrace?: number;
}

/** The defaults of {@link StreamReadOptions}, in one place. */
const STREAM_READ_DEFAULTS = {
  maxFrameBytes: 32 * 2 ** 20,
  terminalGrace: 200,
} as const;

/** What a dialect may do with a frame, and what it may ask of the reader. */
export interface FrameSink<T> {
  /** Delivers an event; `terminal` when the stream's outcome is known after it. */
  emit(event: T, terminal: boolean): void;
  complete(): void;
  fail(error: unknown): void;
  /**
   * `data` as JSON, or {@link FAILED} after failing the stream: with a `StreamParseError` naming
   * `name`, or, for a last frame the source ended in the middle of, with the dialect's cut error.
   */
  json(name: string, data: string): unknown;
}

/** {@link FrameSink.json}'s answer when the data was not JSON (the stream has failed). */
export const FAILED: unique symbol = Symbol('failed');

/** How one API reads frames. One instance per subscription: it may keep what it has seen. */
export interface SseDialect<T> {
  frame(message: EventSourceMessage, sink: FrameSink<T>): void;
  /** The error of a stream that ended before a terminal event: `detail` says how it ended. */
  interrupted(detail: string, cause: unknown): Error;
}

/**
 * Reads `body` as server-sent events through `dialect` (made once per subscription). Cold;
 * unsubscribing releases the source. Bad options error the observable before anything is read.
 */
export function readEvents<T>(
  body: RunEventSource,
  options: StreamReadOptions,
  dialect: () => SseDialect<T>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const settings = settingsOf(options);
    if (settings instanceof ValidationError) {
      subscriber.error(settings);
      return;
    }
    const reader = new SseReader(subscriber, dialect(), settings);
    const stopIdle = settings.idleTimeout ? watchIdle(reader, settings.idleTimeout) : undefined;
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

interface Settings {
  idleTimeout: number | undefined;
  maxFrameBytes: number;
  terminalGrace: number;
}

function settingsOf(options: StreamReadOptions): Settings | ValidationError {
  const { idleTimeout, maxFrameBytes = STREAM_READ_DEFAULTS.maxFrameBytes } = options;
  const terminalGrace = options.terminalGrace ?? STREAM_READ_DEFAULTS.terminalGrace;
  if (idleTimeout !== undefined && !(typeof idleTimeout === 'number' && idleTimeout >= 0)) {
    return new ValidationError(
      'idleTimeout',
      'must be a number of milliseconds (0 or Infinity for none)',
      idleTimeout,
    );
  }
  if (!(typeof maxFrameBytes === 'number' && Number.isInteger(maxFrameBytes) && maxFrameBytes > 0)) {
    return new ValidationError('maxFrameBytes', 'must be a positive whole number of bytes', maxFrameBytes);
  }
  if (!(typeof terminalGrace === 'number' && terminalGrace >= 0)) {
    return new ValidationError(
      'terminalGrace',
      'must be a number of milliseconds (Infinity to wait for the end)',
      terminalGrace,
    );
  }
  return {
    idleTimeout: idleTimeout && Number.isFinite(idleTimeout) ? idleTimeout : undefined,
    maxFrameBytes,
    terminalGrace,
  };
}

// How errors name a frame whose event name has not arrived whole.
const UNTERMINATED = '(a frame not yet ended)';
// Hoisted so that decoding a chunk does not allocate an options object.
const STREAM_DECODE = { stream: true } as const;

/** Feeds chunks through the SSE framing and hands each frame to the dialect. */
class SseReader<T> implements FrameSink<T> {
  private readonly parser;
  private readonly decoder = new TextDecoder();
  private done = false;
  private sawTerminal = false;
  private atStart = true;
  // True while the final flush runs, so that a half-written last frame reads as a cut, not bad JSON.
  private flushing = false;
  private endsWithCR = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private releaseSource: (() => void) | undefined;
  // Why the source ended early, when it failed rather than closed.
  private cause: unknown;
  lastActivity = performance.now();

  constructor(
    private readonly subscriber: Subscriber<T>,
    private readonly dialect: SseDialect<T>,
    private readonly settings: Settings,
  ) {
    // The parser bounds what it holds between chunks (a line not yet ended plus the data lines
    // of the frame so far); `onMessage` bounds a frame that arrived whole within one chunk.
    this.parser = createParser({
      onEvent: (message) => this.onMessage(message),
      onError: (error) => this.onParserError(error),
      maxBufferSize: settings.maxFrameBytes,
    });
  }

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
    this.parse(text);
  }

  /** Feeds the SSE parser; whatever it throws (a string too long for the engine) fails the stream. */
  private parse(text: string): void {
    if (this.done) return;
    try {
      this.parser.feed(text);
    } catch (cause) {
      this.fail(
        new StreamParseError(UNTERMINATED, '', {
          cause,
          reason: `the SSE framing failed: ${cause instanceof Error ? cause.message : 'no message'}`,
        }),
      );
    }
  }

  /**
   * The source ended, or failed with `cause`: flush a last frame written without its blank line,
   * then judge the ending. After a terminal event the outcome is known, so it completes. Never
   * throws: it runs inside `read`'s catch, where a throw would be an unhandled rejection.
   */
  private end(cause?: unknown): void {
    this.cause = cause;
    let tail = '';
    try {
      tail = this.decoder.decode();
    } catch {
      // A decoder that cannot flush has nothing whole left to give.
    }
    // A held-back `\r` did end its line: a frame it closed was whole, so its bad JSON is a parse error, not a cut.
    if (this.endsWithCR && tail === '') this.parse('\n');
    this.flushing = true;
    this.parse(`${tail}\n\n`);
    this.flushing = false;
    if (this.done) return;
    if (this.sawTerminal) this.complete();
    else this.fail(this.dialect.interrupted(describeEnd(cause), cause));
  }

  private onMessage(message: EventSourceMessage): void {
    if (this.done) return;
    if (message.data.length > this.settings.maxFrameBytes) {
      this.fail(this.frameTooLong(message.event ?? 'message', message.data));
      return;
    }
    this.dialect.frame(message, this);
  }

  private onParserError(error: ParseError): void {
    // Unknown fields and bad `retry:` values are ignored, as the SSE rules say; only the bound matters.
    if (error.type === 'max-buffer-size-exceeded') this.fail(this.frameTooLong(UNTERMINATED, ''));
  }

  private frameTooLong(event: string, data: string): StreamParseError {
    const limit = this.settings.maxFrameBytes;
    return new StreamParseError(event, data, {
      reason: `a frame longer than maxFrameBytes (${limit}); raise maxFrameBytes if the server sends events that large`,
    });
  }

  json(name: string, data: string): unknown {
    try {
      return JSON.parse(data);
    } catch (cause) {
      this.fail(
        this.flushing
          ? this.dialect.interrupted(`the last frame, ${name}, was cut short`, this.cause)
          : new StreamParseError(name, data, { cause }),
      );
      return FAILED;
    }
  }

  emit(event: T, terminal: boolean): void {
    if (terminal && !this.sawTerminal) {
      this.sawTerminal = true;
      if (Number.isFinite(this.settings.terminalGrace)) this.armGrace(this.settings.terminalGrace);
    }
    this.subscriber.next(event);
  }

  // After a terminal event only `[DONE]` or the close can follow: a server that keeps the
  // connection open in silence would otherwise hold the stream until the idle timeout.
  private armGrace(ms: number): void {
    this.graceTimer = setTimeout(() => {
      if (this.done) return;
      const silent = performance.now() - this.lastActivity;
      const grace = this.settings.terminalGrace;
      if (silent >= grace) {
        this.releaseSource?.();
        this.complete();
      } else this.armGrace(Math.min(grace - silent, LONGEST_TIMER));
    }, ms);
  }

  complete(): void {
    if (this.done) return;
    this.stop();
    this.subscriber.complete();
  }

  /** Ends with an error and stops reading; later calls are ignored. */
  fail(error: unknown): void {
    if (this.done) return;
    this.stop();
    this.releaseSource?.();
    this.subscriber.error(error);
  }

  /** Teardown: the subscriber left, so stop reading and release the source. */
  cancel(): void {
    this.stop();
    this.releaseSource?.();
  }

  private stop(): void {
    this.done = true;
    clearTimeout(this.graceTimer);
  }

  get finished(): boolean {
    return this.done;
  }
}

// One timer per stream, re-armed only when it fires: cheaper than resetting a timer per chunk.
// Monotonic time, so a change of the wall clock neither fires it early nor holds it back; each
// wait is cut to what a timer can hold (a longer one would fire at once, again and again).
function watchIdle(reader: SseReader<unknown>, idleTimeout: number): () => void {
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
  try {
    const inner = (cause as { cause?: { message?: unknown } } | null)?.cause?.message;
    const message = cause instanceof Error ? cause.message : String(cause);
    return `the connection failed: ${message}${typeof inner === 'string' ? ` (${inner})` : ''}`;
  } catch {
    // A cause whose message cannot be read (a throwing getter or toString) still ends the stream.
    return 'the connection failed';
  }
}

/** `{ cause }` for an error's options, or nothing when there is no cause. */
export function causeOf(cause: unknown): ErrorOptions | undefined {
  return cause === undefined ? undefined : { cause };
}

function isReadableStream(body: unknown): body is ReadableStream<Uint8Array> {
  return typeof (body as ReadableStream | undefined)?.getReader === 'function';
}

/** The JSON of `data`, or `data` itself when it is not JSON. */
export function parseLoosely(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
