import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error answered the way the API answers: `{ error: { message, type, param, code } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type: string = status >= 500 ? 'server_error' : 'invalid_request_error',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** Shorthands for the errors the routes raise most. */
export const badRequest = (
  message: string,
  param: string | null = null,
  code: string | null = null,
): HttpError => new HttpError(400, message, param, code);

export const notFound = (message: string): HttpError => new HttpError(404, message);

/** An id the way the API shapes them: a prefix and 24 random hex digits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** Seconds since the epoch, the unit of every `*_at` field. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Writes a JSON answer, unless the client has already gone. */
export function sendJSON(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string | number> = {},
): void {
  if (res.destroyed || res.headersSent) return;
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJSON(res, error.status, error.body, error.headers);
}

// The real API accepts bodies of several MB; a bound keeps a runaway client from filling memory.
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads and parses a JSON body; an empty body is `{}`, anything but a JSON object is a 400. */
export async function readJSONBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest(
      'We could not parse the JSON body of your request. The API expects a JSON payload, but what was sent was not valid JSON.',
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(
      `Invalid body: expected an object, but got ${Array.isArray(value) ? 'an array' : typeof value}.`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * The body as text. Past {@link MAX_BODY_BYTES} it stops reading and rejects with a 413 that
 * says `connection: close`: leaving a `for await` would destroy the socket under the answer, and
 * the rest of the body is never read, so the connection cannot be used again and must say so.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      reject(
        new HttpError(
          413,
          `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
          null,
          'request_too_large',
          undefined,
          { connection: 'close' },
        ),
      );
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
