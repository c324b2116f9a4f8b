import type { Observable } from 'rxjs';
import type { RunStreamEvent, UnknownRunStreamEvent } from '../types/events.js';
import { RELAY_DEFAULTS, type RelayErrorData, type ServerSentEventsOptions } from './options.js';
import { dataJSON, type RelayFraming, relayStream } from './relay-stream.js';

// JSON.stringify never writes a raw line break, so every frame has exactly one `data:` line.
/** The frames of {@link toServerSentEvents}; `runstream run --format sse` writes the same, one event at a time. */
export const SSE_FRAMING: RelayFraming = {
  event: (event) => `event: ${oneLine(event.event)}\ndata: ${dataJSON(event.data)}\n\n`,
  error: (data: RelayErrorData) => `event: error\ndata: ${JSON.stringify(data)}\n\n`,
  done: 'event: done\ndata: [DONE]\n\n',
  keepAlive: ': keep-alive\n\n',
};

// Names read from the wire never hold a line break, but a hand-made event's could start a forged field.
export function oneLine(name: string): string {
  return name.includes('\n') || name.includes('\r') ? name.replace(/[\r\n]+/g, ' ') : name;
}

/**
 * Writes run events back as server-sent events, the way the API sends them, for a server route
 * that relays a run to a browser; `parseRunEvents` on the other side reads them unchanged.
 *
 * The stream ends with `[DONE]`, or with one `event: error` frame (see {@link relayErrorData})
 * if the events error. While no event arrives, a `: keep-alive` comment is written every
 * `keepAliveMs`. Nothing is subscribed until the stream is first read; cancelling it (the
 * browser went away) unsubscribes, which aborts the request to the API.
 *
 * @param events$ - The run's events, e.g. from `client.threads.createAndRunStream`.
 * @param options - `keepAliveMs` and `errorData`.
 * @returns A byte stream of UTF-8 frames, for a `text/event-stream` `Response` body.
 * @see {@link createRelay}, for a stream a browser can reload and resume.
 * @see {@link parseRunEvents}, which reads it back.
 *
 * @example
 * ```ts
 * // A fetch-style route handler (Next.js, Hono, Deno, Bun, Cloudflare Workers):
 * async function POST(request: Request) {
 *   const { message } = await request.json();
 *   const events$ = client.threads.createAndRunStream({
 *     assistant_id: assistantId,
 *     thread: { messages: [{ role: 'user', content: message }] },
 *   });
 *   return new Response(toServerSentEvents(events$), {
 *     headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
 *   });
 * }
 * ```
 */
export function toServerSentEvents(
  events$: Observable<RunStreamEvent | UnknownRunStreamEvent>,
  options: ServerSentEventsOptions = {},
): ReadableStream<Uint8Array> {
  return relayStream(events$, SSE_FRAMING, {
    keepAliveMs: options.keepAliveMs ?? RELAY_DEFAULTS.keepAliveMs,
    errorData: options.errorData,
  });
}
