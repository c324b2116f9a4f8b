import type { EventSourceMessage } from 'eventsource-parser';
import type { Observable } from 'rxjs';
import { RunStreamError, StreamInterruptedError } from '../errors.js';
import {
  RUN_STREAM_EVENT_NAMES,
  type RunStreamEvent,
  type RunStreamEventName,
  TERMINAL_RUN_EVENTS,
  type UnknownRunStreamEvent,
} from '../types/events.js';
import type { ErrorObject } from '../types/shared.js';
import {
  causeOf,
  FAILED,
  type FrameSink,
  parseLoosely,
  type RunEventSource,
  readEvents,
  type SseDialect,
  type StreamReadOptions,
} from './reader.js';
import { runEventShapeFailure } from './run-event-shape.js';

export type { RunEventSource } from './reader.js';

/**
 * Options of {@link parseRunEvents}: those of every stream parser (unknown events, abort, idle
 * timeout, frame bound, grace after the terminal event).
 *
 * @example
 * ```ts
 * const options: ParseRunEventsOptions = { idleTimeout: 30_000, signal: AbortSignal.timeout(600_000) };
 * const response = await fetch('/api/chat', { method: 'POST' });
 * parseRunEvents(response.body ?? '', options).subscribe(console.log);
 * ```
 */
export interface ParseRunEventsOptions extends StreamReadOptions {}

// One Map lookup is the whole per-event routing cost. It returns the library's own copy of the
// name, which is emitted instead of the parser's fresh slice: V8 compares two internalized strings
// by pointer, so every later `switch (e.event)` (snapshots, the caller's code) skips a char-by-char
// comparison per case.
const KNOWN_EVENTS: ReadonlyMap<string, RunStreamEventName> = new Map(
  RUN_STREAM_EVENT_NAMES.map((name) => [name, name]),
);

/**
 * Reads server-sent events of a run stream and emits them as typed {@link RunStreamEvent}s.
 *
 * Cold: nothing is read until subscription; unsubscribing cancels the reader. Any chunking of
 * the same bytes gives the same events. `[DONE]` completes, and so does a short silence after a
 * terminal run event; `event: error` errors with {@link RunStreamError}; known events whose data
 * lacks what runstream reads, and frames past `maxFrameBytes`, error with `StreamParseError`; an
 * end before `[DONE]` and before a terminal run event errors with {@link StreamInterruptedError}.
 *
 * @example
 * ```ts
 * const response = await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ text: 'Hi' }) });
 * parseRunEvents(response.body ?? '').subscribe((e) => {
 *   if (e.event === 'thread.message.delta') console.log(e.data.delta.content);
 * });
 * ```
 *
 * @param body - The response body (`response.body` of a fetch), any async iterable of byte or
 * string chunks, or a whole recorded stream as a string.
 * @param options - Abort signal, idle timeout, frame bound, grace after the terminal event;
 * without `unknownEvents: 'emit'`, events this version does not know are skipped.
 * @returns A cold observable of the typed events, completing on `[DONE]`.
 * @see https://platform.openai.com/docs/api-reference/assistants-streaming/events
 */
export function parseRunEvents(
  body: RunEventSource,
  options?: ParseRunEventsOptions & { unknownEvents?: 'skip' },
): Observable<RunStreamEvent>;
/**
 * Reads a run stream as {@link parseRunEvents} does, delivering events this version does not
 * know too, as {@link UnknownRunStreamEvent}s.
 *
 * @param body - The response body, an async iterable of chunks, or a recorded stream.
 * @param options - As above, with `unknownEvents: 'emit'`.
 * @returns A cold observable of the known and the unknown events.
 */
export function parseRunEvents(
  body: RunEventSource,
  options: ParseRunEventsOptions & { unknownEvents: 'emit' },
): Observable<RunStreamEvent | UnknownRunStreamEvent>;
/**
 * Reads a run stream as {@link parseRunEvents} does, with options whose `unknownEvents` is
 * known only at run time.
 *
 * @param body - The response body, an async iterable of chunks, or a recorded stream.
 * @param options - As above.
 * @returns A cold observable of either kind of event.
 */
export function parseRunEvents(
  body: RunEventSource,
  options?: ParseRunEventsOptions,
): Observable<RunStreamEvent | UnknownRunStreamEvent>;
export function parseRunEvents(
  body: RunEventSource,
  options: ParseRunEventsOptions = {},
): Observable<RunStreamEvent | UnknownRunStreamEvent> {
  const emitUnknown = options.unknownEvents === 'emit';
  return readEvents(body, options, () => new RunDialect(emitUnknown));
}

/** A run stream: the SSE `event:` names the event, `data:` is its object. */
class RunDialect implements SseDialect<RunStreamEvent | UnknownRunStreamEvent> {
  private lastEvent: string | null = null;

  constructor(private readonly emitUnknown: boolean) {}

  frame(message: EventSourceMessage, sink: FrameSink<RunStreamEvent | UnknownRunStreamEvent>): void {
    const name = message.event;
    const data = message.data;
    if (name === 'done' || (data === '[DONE]' && (name === undefined || name === 'message'))) {
      sink.complete();
      return;
    }
    if (name === 'error') {
      sink.fail(new RunStreamError(errorObjectOf(data)));
      return;
    }
    const known = name === undefined ? undefined : KNOWN_EVENTS.get(name);
    if (known !== undefined) {
      const parsed = sink.json(known, data);
      if (parsed === FAILED) return;
      const failure = runEventShapeFailure(known, parsed, data);
      if (failure) {
        sink.fail(failure);
        return;
      }
      this.lastEvent = known;
      sink.emit({ event: known, data: parsed } as RunStreamEvent, TERMINAL_RUN_EVENTS.has(known));
      return;
    }
    if (this.emitUnknown) {
      sink.emit({ event: name ?? 'message', data: parseLoosely(data), unknown: true }, false);
    }
  }

  interrupted(detail: string, cause: unknown): Error {
    return new StreamInterruptedError(this.lastEvent, detail, causeOf(cause));
  }
}

/** The error object of an `error` frame: the API sends it bare; some servers wrap it as `{ error }`. */
export function errorObjectOf(data: string): Partial<ErrorObject> {
  const parsed = parseLoosely(data);
  if (parsed && typeof parsed === 'object') {
    const record = parsed as { error?: unknown };
    const inner = record.error && typeof record.error === 'object' ? record.error : parsed;
    return inner as Partial<ErrorObject>;
  }
  return { message: typeof parsed === 'string' && parsed ? parsed : 'no error details' };
}
