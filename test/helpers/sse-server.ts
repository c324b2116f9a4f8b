import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it, body read whole. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Reads a request's body whole and calls `seen` with the request as the server saw it. */
export function onRequestRead(req: IncomingMessage, seen: (request: SeenRequest) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () =>
    seen({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    }),
  );
}

/**
 * One request in flight. The test answers it step by step: each `write` resolves once the chunk
 * is handed to the socket, so a test can check what the client did before writing the next one.
 */
interface Exchange {
  readonly request: SeenRequest;
  /** Sends the status line and headers (and flushes them). */
  respond(status: number, headers?: Record<string, string>): void;
  write(chunk: string | Uint8Array): Promise<void>;
  end(chunk?: string | Uint8Array): Promise<void>;
  /** Cuts the connection without ending the response. */
  destroy(): void;
  /** Resolves when the connection closes: after `end`, or when the client aborts. */
  readonly closed: Promise<void>;
  /** True when the connection closed before the response was ended. */
  readonly closedEarly: boolean;
}

/** A local HTTP server on 127.0.0.1:0 whose answers the test scripts request by request. */
export interface ScriptedServer {
  /** `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  /** Every request seen so far, in order. */
  readonly requests: readonly SeenRequest[];
  /** The next request not yet taken (waits for it if none has arrived). */
  nextExchange(): Promise<Exchange>;
  close(): Promise<void>;
}

/**
 * Starts a {@link ScriptedServer}. Close it in `afterEach`; closing also cuts open connections.
 *
 * @example
 * ```ts
 * const server = await startScriptedServer();
 * const exchange = await server.nextExchange();
 * exchange.respond(200, { 'content-type': 'text/event-stream' });
 * await exchange.write('event: thread.run.created\ndata: {...}\n\n');
 * ```
 */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const ready: Exchange[] = [];
  const waiting: Array<(exchange: Exchange) => void> = [];

  const server = createServer((req, res) => {
    onRequestRead(req, (request) => {
      requests.push(request);
      const exchange = exchangeFor(request, res);
      const waiter = waiting.shift();
      if (waiter) waiter(exchange);
      else ready.push(exchange);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    nextExchange: () => {
      const exchange = ready.shift();
      return exchange ? Promise.resolve(exchange) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function exchangeFor(request: SeenRequest, res: ServerResponse): Exchange {
  let closedEarly = false;
  const closed = new Promise<void>((resolve) => {
    res.once('close', () => {
      closedEarly = !res.writableFinished;
      resolve();
    });
  });
  const write = (chunk: string | Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      res.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
  return {
    request,
    respond(status, headers = {}) {
      res.writeHead(status, headers);
      res.flushHeaders();
    },
    write,
    end: (chunk) => new Promise<void>((resolve) => res.end(chunk ?? '', resolve)),
    destroy: () => res.socket?.destroy(),
    closed,
    get closedEarly() {
      return closedEarly;
    },
  };
}
