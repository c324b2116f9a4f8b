import type { Observable } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import type { RelayErrorData, RelayOptions } from './options.js';
import { dataJSON, type RelayFraming, relayStream } from './relay-stream.js';

// Written by hand rather than JSON.stringify({ event, data }): no wrapper object per event.
/** The lines of {@link toNDJSON}; `runstream run --format ndjson` writes the same, one event at a time. */
export const NDJSON_FRAMING: RelayFraming = {
  event: (event) => `{"event":${JSON.stringify(event.event)},"data":${dataJSON(event.data)}}\n`,
  error: (data: RelayErrorData) => `{"event":"error","data":${JSON.stringify(data)}}\n`,
  done: '{"event":"done","data":"[DONE]"}\n',
};

/**
 * Writes run events as newline-delimited JSON, one `{"event":…,"data":…}` object a line, for
 * logs and pipes (`jq`, log shippers). Like the wire, the last line is
 * `{"event":"done","data":"[DONE]"}`, or `{"event":"error","data":{message,code,type}}` if the
 * events error, so a reader can tell a whole run from a cut one. No keep-alives: every line is
 * JSON. Nothing is subscribed until the stream is first read; cancelling it unsubscribes.
 *
 * @param events$ - The run's events, e.g. from `client.runs.stream`.
 * @param options - `errorData`: what the final `error` line says.
 * @returns A byte stream of UTF-8 lines, for a `Response` body or a pipe.
 * @see {@link toServerSentEvents}, the same as server-sent events.
 *
 * @example
 * ```ts
 * const lines = toNDJSON(client.runs.stream(threadId, { assistant_id: assistantId }));
 * // A fetch-style route handler answers with it as it is.
 * const response = new Response(lines, { headers: { 'content-type': 'application/x-ndjson' } });
 * ```
 */
export function toNDJSON(
  events$: Observable<RunStreamEvent | UnknownRunStreamEvent>,
  options: RelayOptions = {},
): ReadableStream<Uint8Array> {
  return relayStream(events$, NDJSON_FRAMING, { keepAliveMs: 0, errorData: options.errorData });
}
