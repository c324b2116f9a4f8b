import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { finalize, type Observable } from 'rxjs';
import {
  handleToolCalls,
  type RunStreamEvent,
  type RunstreamClient,
  toServerSentEvents,
} from '../../src/index.js';
import { cancelOnLeave } from './cancel-on-leave.js';

/** What the page posts to `/api/chat`. */
interface ChatRequest {
  message: string;
  /** The thread of the conversation so far; none starts a new one. */
  threadId?: string;
}

/** What the route needs: a client that holds the key, the assistant to run, and a relay counter. */
export interface ChatRouteContext {
  client: RunstreamClient;
  assistantId: string;
  relays: { active: number };
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_MESSAGE_CHARS = 8_000;

// The demo's one tool. A real app would look the weather up; the shape is what matters here.
const TOOLS = {
  get_weather: ({ location }: { location?: string }) => ({ location, celsius: 21, sky: 'clear' }),
};

/**
 * `POST /api/chat {message, threadId?}`: runs the assistant on the thread and relays the run to
 * the browser as server-sent events. Failures after this point reach the page as the relay's
 * final `event: error` frame; only a malformed request is answered with a JSON 400.
 */
export async function chatRoute(
  context: ChatRouteContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const request = parseChatRequest(await readBody(req));
  if (typeof request === 'string') {
    res
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { message: request } }));
    return;
  }
  const events$ = runEvents(context, request);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // Proxies such as nginx buffer responses unless told not to; a live UI needs every frame now.
    'x-accel-buffering': 'no',
  });
  context.relays.active++;
  const body = toServerSentEvents(events$.pipe(finalize(() => context.relays.active--)));
  // When the browser goes away, pipeline destroys the web stream's Node wrapper, which cancels
  // the relay, which unsubscribes, which aborts the request to the API and cancels the run
  // (cancelOnLeave says when).
  await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), res).catch(() => undefined);
}

/** The run's events: tool calls answered, and the run cancelled server-side if the browser leaves early. */
function runEvents(
  { client, assistantId }: ChatRouteContext,
  request: ChatRequest,
): Observable<RunStreamEvent> {
  const messages = [{ role: 'user' as const, content: request.message }];
  // A new conversation creates its thread in the same request; a later turn adds its message to the run.
  const start$ = request.threadId
    ? client.runs.stream(request.threadId, { assistant_id: assistantId, additional_messages: messages })
    : client.threads.createAndRunStream({ assistant_id: assistantId, thread: { messages } });
  return start$.pipe(handleToolCalls(client, TOOLS), cancelOnLeave(client));
}

function parseChatRequest(text: string | undefined): ChatRequest | string {
  if (text === undefined) return `The body is larger than ${MAX_BODY_BYTES} bytes.`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'The body is not JSON.';
  }
  const { message, threadId } = (body ?? {}) as Record<string, unknown>;
  if (typeof message !== 'string' || message.trim() === '') return '`message` must be a non-empty string.';
  if (message.length > MAX_MESSAGE_CHARS)
    return `\`message\` is longer than ${MAX_MESSAGE_CHARS} characters.`;
  if (threadId !== undefined && (typeof threadId !== 'string' || !/^[\w-]{1,128}$/.test(threadId))) {
    return '`threadId` must be a thread id.';
  }
  return threadId === undefined ? { message } : { message, threadId };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
