import type { EventSourceMessage } from 'eventsource-parser';
import type { Observable } from 'rxjs';
import { ResponseStreamInterruptedError } from '../errors/response-stream.js';
import { RunStreamError, StreamParseError } from '../errors.js';
import { errorObjectOf } from '../sse/parse.js';
import {
  causeOf,
  FAILED,
  type FrameSink,
  type RunEventSource,
  readEvents,
  type SseDialect,
  type StreamReadOptions,
} from '../sse/reader.js';
import {
  RESPONSE_STREAM_EVENT_TYPES,
  type ResponseStreamEvent,
  type ResponseStreamEventType,
  TERMINAL_RESPONSE_EVENTS,
  type UnknownResponseStreamEvent,
} from '../types/responses/events.js';
import { isLifecycleType, kindOf, responseEventShapeError } from './event-shape.js';

/**
 * Options of {@link parseResponseEvents}: those of every stream parser (unknown events, abort,
 * idle timeout, frame bound, grace after the terminal event).
 *
 * @example
 * ```ts
 * import { parseResponseEvents, type ParseResponseEventsOptions } from 'runstream/responses';
 * const options: ParseResponseEventsOptions = { unknownEvents: 'emit', idleTimeout: 30_000 };
 * const response = await fetch('/api/respond', { method: 'POST' });
 * parseResponseEvents(response.body ?? '', options).subscribe((e) => console.log(e.type));
 * ```
 */
export interface ParseResponseEventsOptions extends StreamReadOptions {}

/** What the reader needs to know of a known type, found with one Map lookup per event. */
interface KnownType {
  // The library's own copy of the type, put in place of the parser's fresh slice: later
  // `switch (e.type)`s (snapshots, the caller's) then compare internalized strings by pointer.
  readonly type: ResponseStreamEventType;
  /** The stream's outcome is known after it. */
  readonly terminal: boolean;
  /** It carries the whole `response` (whose id a resume needs). */
  readonly lifecycle: boolean;
}

const KNOWN_TYPES: ReadonlyMap<string, KnownType> = new Map(
  RESPONSE_STREAM_EVENT_TYPES.map((type) => [
    type,
    { type, terminal: TERMINAL_RESPONSE_EVENTS.has(type), lifecycle: isLifecycleType(type) },
  ]),
);

type WireEvent = Record<string, unknown> & { type: string };

/**
 * Reads server-sent events of a Responses stream (`POST /responses` with `stream: true`, or
 * `GET /responses/{id}?stream=true`) and emits each event as the JSON object the server sent.
 *
 * The JSON `type` says what an event is (the `event:` line may be absent or differ). Cold;
 * any chunking of the same bytes gives the same events. A terminal event (`response.completed |
 * incomplete | failed`) is delivered, and the stream completes on `[DONE]`, at the close, or
 * after a short silence; `response.failed` is an event (`finalResponse()` errors on it). An
 * `error` event errors with {@link RunStreamError} (`code`, `message`, `param`); unknown types
 * are skipped, or delivered with `unknownEvents: 'emit'`; a known event without the fields
 * runstream reads errors with `StreamParseError` naming it; a close before a terminal event
 * errors with {@link ResponseStreamInterruptedError} (a `StreamInterruptedError` carrying the
 * response id and the last `sequence_number`).
 *
 * @example
 * ```ts
 * import { parseResponseEvents } from 'runstream/responses';
 * const response = await fetch('/api/respond', { method: 'POST', body: JSON.stringify({ text: 'Hi' }) });
 * parseResponseEvents(response.body ?? '').subscribe((e) => {
 *   if (e.type === 'response.output_text.delta') console.log(e.delta);
 * });
 * ```
 *
 * @param body - The response body (`response.body` of a fetch), any async iterable of byte or
 * string chunks, or a whole recorded stream as a string.
 * @param options - Abort signal, idle timeout, frame bound, grace after the terminal event;
 * without `unknownEvents: 'emit'`, events of types this version does not know are skipped.
 * @returns A cold observable of the events, completing after the terminal one.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function parseResponseEvents(
  body: RunEventSource,
  options?: ParseResponseEventsOptions & { unknownEvents?: 'skip' },
): Observable<ResponseStreamEvent>;
/**
 * Reads a Responses stream as {@link parseResponseEvents} does, delivering events of types
 * this version does not know too, marked `unknown: true`.
 *
 * @param body - The response body, an async iterable of chunks, or a recorded stream.
 * @param options - As above, with `unknownEvents: 'emit'`.
 * @returns A cold observable of the known and the unknown events.
 */
export function parseResponseEvents(
  body: RunEventSource,
  options: ParseResponseEventsOptions & { unknownEvents: 'emit' },
): Observable<ResponseStreamEvent | UnknownResponseStreamEvent>;
/**
 * Reads a Responses stream as {@link parseResponseEvents} does, with options whose
 * `unknownEvents` is known only at run time.
 *
 * @param body - The response body, an async iterable of chunks, or a recorded stream.
 * @param options - As above.
 * @returns A cold observable of either kind of event.
 */
export function parseResponseEvents(
  body: RunEventSource,
  options?: ParseResponseEventsOptions,
): Observable<ResponseStreamEvent | UnknownResponseStreamEvent>;
export function parseResponseEvents(
  body: RunEventSource,
  options: ParseResponseEventsOptions = {},
): Observable<ResponseStreamEvent | UnknownResponseStreamEvent> {
  const emitUnknown = options.unknownEvents === 'emit';
  return readEvents(body, options, () => new ResponseDialect(emitUnknown));
}

type Sink = FrameSink<ResponseStreamEvent | UnknownResponseStreamEvent>;

/** A Responses stream: each `data:` is an event object whose `type` names it. */
class ResponseDialect implements SseDialect<ResponseStreamEvent | UnknownResponseStreamEvent> {
  private lastEvent: string | null = null;
  private lastSequenceNumber: number | null = null;
  private responseId: string | null = null;

  constructor(private readonly emitUnknown: boolean) {}

  frame(message: EventSourceMessage, sink: Sink): void {
    const name = message.event;
    const data = message.data;
    if (data === '[DONE]' || name === 'done') {
      sink.complete();
      return;
    }
    if (name === 'error') {
      sink.fail(new RunStreamError(errorObjectOf(data)));
      return;
    }
    const parsed = sink.json(name ?? 'message', data);
    if (parsed === FAILED) return;
    const type = (parsed as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || typeof parsed !== 'object' || Array.isArray(parsed)) {
      this.untyped(name, parsed, data, sink);
      return;
    }
    const event = parsed as WireEvent;
    if (type === 'error') {
      sink.fail(new RunStreamError(errorObjectOf(data)));
      return;
    }
    const known = KNOWN_TYPES.get(type);
    if (known === undefined) {
      if (this.emitUnknown) sink.emit(Object.assign(event, { unknown: true as const }), false);
      return;
    }
    const reason = responseEventShapeError(known.type, event);
    if (reason !== undefined) {
      sink.fail(new StreamParseError(known.type, data, { reason }));
      return;
    }
    event.type = known.type;
    this.note(known, event);
    sink.emit(event as unknown as ResponseStreamEvent, known.terminal);
  }

  /** Data without a string `type`: wrong for an `event:` of a known type, else an unknown event. */
  private untyped(name: string | undefined, parsed: unknown, data: string, sink: Sink): void {
    if (name !== undefined && KNOWN_TYPES.has(name)) {
      sink.fail(
        new StreamParseError(name, data, {
          reason: `its \`type\` is ${kindOf((parsed as { type?: unknown } | null)?.type)}; expected a string`,
        }),
      );
      return;
    }
    if (this.emitUnknown) sink.emit({ type: name ?? 'message', data: parsed, unknown: true }, false);
  }

  /** Keeps what a resume needs: the last event, its sequence number, the response's id. */
  private note(known: KnownType, event: WireEvent): void {
    this.lastEvent = known.type;
    if (typeof event.sequence_number === 'number') this.lastSequenceNumber = event.sequence_number;
    if (!known.lifecycle) return;
    const id = (event.response as { id?: unknown }).id;
    if (typeof id === 'string') this.responseId = id;
  }

  interrupted(detail: string, cause: unknown): Error {
    const facts = {
      lastEvent: this.lastEvent,
      lastSequenceNumber: this.lastSequenceNumber,
      responseId: this.responseId,
    };
    return new ResponseStreamInterruptedError(facts, detail, causeOf(cause));
  }
}
