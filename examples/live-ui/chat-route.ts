import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { filter, finalize, firstValueFrom, map, type Observable, tap, timeout } from 'rxjs';
import { handleToolCalls, type Relay, type RunStreamEvent, type RunstreamClient } from '../../src/index.js';

/** What the page posts to `/api/chat`. */
interface ChatRequest {
  message: string;
  /** The thread of the conversation so far (one this session started); none starts a new one. */
  threadId?: string;
}

/** What the routes need: a client that holds the key, the assistant to run, the relay, a run counter. */
export interface ChatRouteContext {
  client: RunstreamClient;
  assistantId: string;
  relay: Relay;
  relays: { active: number };
  /** The threads each session started, by session tag: a session may post only into its own. */
  threads: Map<string, Set<string>>;
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_MESSAGE_CHARS = 8_000;
const SESSION_COOKIE = 'live_ui_session';

// The demo's one tool. A real app would look the weather up; the shape is what matters here.
const TOOLS = {
  get_weather: ({ location }: { location?: string }) => ({ location, celsius: 21, sky: 'clear' }),
};

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
function refuse(res: ServerResponse, status: number, message: string): void {
  json(res, status, { error: { message } });
}

/**
 * The session of the browser: its cookie, made when it has none. A run's key starts with the
 * session's tag (a hash of the cookie, so the key does not reveal it), so any instance can tell
 * whose run a key is without shared state.
 */
export function sessionOf(req: IncomingMessage): { tag: string; setCookie?: string } {
  const cookie = /(?:^|;\s*)live_ui_session=([A-Za-z0-9_-]{20,64})/.exec(req.headers.cookie ?? '')?.[1];
  const id = cookie ?? randomBytes(24).toString('base64url');
  const tag = createHash('sha256').update(id).digest('hex').slice(0, 24);
  return cookie ? { tag } : { tag, setCookie: `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict` };
}

/**
 * Refuses a request another site made the browser send: a foreign `Origin` (or a
 * `Sec-Fetch-Site: cross-site` where the browser sent none) is 403, a body that is not
 * `application/json` (which a cross-site form or a no-preflight fetch could send) 415.
 */
function crossSite(req: IncomingMessage, res: ServerResponse, checkBody: boolean): boolean {
  const origin = req.headers.origin;
  const own = `http://${req.headers.host ?? ''}`;
  if (
    (origin !== undefined && origin !== own) ||
    (origin === undefined && req.headers['sec-fetch-site'] === 'cross-site')
  ) {
    refuse(res, 403, 'Cross-site requests are refused: post from the page itself.');
    return true;
  }
  if (checkBody && !/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    refuse(res, 415, 'The body must be application/json.');
    return true;
  }
  return false;
}

/**
 * `POST /api/chat {message, threadId?}`: starts the run in the relay, read to its end whoever
 * watches, and answers `{ key }`; the page follows it at `GET /api/runs/<key>`.
 */
export async function chatRoute(
  context: ChatRouteContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (crossSite(req, res, true)) return;
  const session = sessionOf(req);
  const request = parseChatRequest(await readBody(req));
  if (typeof request === 'string') return refuse(res, 400, request);
  const own = context.threads.get(session.tag) ?? new Set<string>();
  context.threads.set(session.tag, own);
  if (request.threadId !== undefined && !own.has(request.threadId)) {
    return refuse(res, 403, '`threadId` is not a thread of this session.');
  }
  const key = `${session.tag}.${randomUUID()}`;
  context.relays.active++;
  const events$ = runEvents(context, request).pipe(
    // The session may continue the thread this run started.
    tap((event) => {
      const data = event.data as { object?: unknown; thread_id?: unknown } | null;
      if (data?.object === 'thread.run' && typeof data.thread_id === 'string') own.add(data.thread_id);
    }),
    finalize(() => context.relays.active--),
  );
  context.relay.start(key, events$);
  json(res, 200, { key }, session.setCookie ? { 'set-cookie': session.setCookie } : {});
}

/** `GET /api/runs/<key>`: the run as server-sent events, after the browser's Last-Event-ID. */
export async function runRoute(
  context: ChatRouteContext,
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (crossSite(req, res, false)) return;
  if (!key.startsWith(`${sessionOf(req).tag}.`))
    return refuse(res, 404, 'No run with this key in this session.');
  const headers = new Headers();
  const lastEventId = req.headers['last-event-id'];
  if (typeof lastEventId === 'string') headers.set('last-event-id', lastEventId);
  const response = context.relay.response(key, new Request(`http://localhost${req.url ?? '/'}`, { headers }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  // The browser leaving ends this reader only: the run goes on in the relay.
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res).catch(
    () => undefined,
  );
}

/**
 * `POST /api/runs/<key>/cancel`: Stop. The run's ids are read from the log, so any instance
 * can cancel any run of the session, whichever instance produces it.
 */
export async function cancelRoute(
  context: ChatRouteContext,
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (crossSite(req, res, false)) return;
  if (!key.startsWith(`${sessionOf(req).tag}.`))
    return refuse(res, 404, 'No run with this key in this session.');
  const run = await firstValueFrom(
    context.relay.events(key).pipe(
      map(
        ({ event }) =>
          (event as RunStreamEvent).data as { object?: unknown; id?: unknown; thread_id?: unknown } | null,
      ),
      filter((data) => data?.object === 'thread.run' && typeof data.id === 'string'),
      timeout(10_000),
    ),
  ).catch(() => undefined);
  if (!run) return refuse(res, 409, 'The run has no id yet, or it already ended.');
  await context.client.runs.cancel(String(run.thread_id), String(run.id)).catch(() => undefined);
  json(res, 202, { cancelling: run.id });
}

/** The run's events, tool calls answered. */
function runEvents(
  { client, assistantId }: ChatRouteContext,
  request: ChatRequest,
): Observable<RunStreamEvent> {
  const messages = [{ role: 'user' as const, content: request.message }];
  // A new conversation creates its thread in the same request; a later turn adds its message to the run.
  const start$ = request.threadId
    ? client.runs.stream(request.threadId, { assistant_id: assistantId, additional_messages: messages })
    : client.threads.createAndRunStream({ assistant_id: assistantId, thread: { messages } });
  return start$.pipe(handleToolCalls(client, TOOLS));
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
  if (
    threadId !== undefined &&
    threadId !== null &&
    (typeof threadId !== 'string' || !/^[\w-]{1,128}$/.test(threadId))
  ) {
    return '`threadId` must be a thread id.';
  }
  return typeof threadId === 'string' ? { message, threadId } : { message };
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
