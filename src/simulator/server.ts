import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from './context.js';
import { HttpError, newId, readJSONBody, sendError, sendJSON } from './http.js';
import type { SimulatorRequest } from './request-log.js';
import { matchRoute } from './routes.js';
import { pollHeaders } from './run-driver.js';

// `/openai/v1` before `/openai`: Azure's GA v1 API, which takes no api-version.
const PREFIXES = ['/v1', '/openai/v1', '/openai'];

/** The `(req, res)` listener of the simulator's HTTP server. */
export function requestListener(sim: SimContext, apiKey: string | undefined, log: SimulatorRequest[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader('x-request-id', newId('req'));
    allowBrowsers(req, res);
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const entry: SimulatorRequest = { method: req.method ?? 'GET', path: url.pathname, status: 0 };
    log.push(entry);
    res.on('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0;
    });
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    handle(sim, apiKey, req, res, url).catch((error: unknown) => {
      if (error instanceof HttpError) sendError(res, error);
      else
        sendError(
          res,
          new HttpError(500, `The simulator failed: ${error instanceof Error ? error.message : error}`),
        );
    });
  };
}

async function handle(
  sim: SimContext,
  apiKey: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const prefix = PREFIXES.find((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
  if (prefix === '/openai' && !url.searchParams.has('api-version')) {
    throw new HttpError(
      400,
      'The api-version query parameter (?api-version=) is required for all requests.',
      'api-version',
      'MissingApiVersionParameter',
    );
  }
  checkKey(req, apiKey);
  const method = req.method ?? 'GET';
  const found = prefix ? matchRoute(method, url.pathname.slice(prefix.length)) : undefined;
  if (!found) throw new HttpError(404, `Invalid URL (${method} ${url.pathname})`);
  const body = method === 'POST' ? await readJSONBody(req) : {};
  const result = await found.handler(sim, { req, res, params: found.params, query: url.searchParams, body });
  if (result === undefined) return;
  const isRun = (result as { object?: unknown }).object === 'thread.run';
  sendJSON(res, 200, result, isRun ? pollHeaders(sim) : {});
}

/** With a key configured, a request must carry it as `Authorization: Bearer …` or `api-key`. */
function checkKey(req: IncomingMessage, apiKey: string | undefined): void {
  if (apiKey === undefined) return;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const given = bearer ?? req.headers['api-key'];
  if (given === undefined) {
    throw new HttpError(
      401,
      "You didn't provide an API key. Send it in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY), or in an api-key header.",
    );
  }
  // The key is never echoed back, not even masked: it must not reach a log through us.
  if (given !== apiKey) throw new HttpError(401, 'Incorrect API key provided.', null, 'invalid_api_key');
}

/** CORS, so a page in a test browser can call the simulator on another port. */
function allowBrowsers(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    req.headers['access-control-request-headers'] ?? 'authorization, api-key, content-type, openai-beta',
  );
  res.setHeader(
    'access-control-expose-headers',
    'x-request-id, openai-poll-after-ms, retry-after, retry-after-ms',
  );
  res.setHeader('vary', 'origin');
}
