import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { onRequestRead, type SeenRequest } from '../../helpers/sse-server.js';

export type { SeenRequest };

/** The API key a request carried (`Authorization: Bearer …` or Azure's `api-key`), as a careless server would quote it back. */
export function apiKeyOf(request: SeenRequest): string {
  const auth = request.headers.authorization ?? request.headers['api-key'] ?? '';
  return String(auth).replace(/^Bearer /, '');
}

/** What a fault script gets for each request: the raw objects, plus cleanup that runs on close. */
interface FaultExchange {
  req: IncomingMessage;
  res: ServerResponse;
  request: SeenRequest;
  /** 1 for the first request this server received, 2 for the next, … */
  attempt: number;
  /** Runs `cleanup` when the connection closes, whoever closed it (timers of a drip, say). */
  onClose(cleanup: () => void): void;
}

/** Answers one request: writes, stalls, drips or cuts as the fault it plays requires. */
export type FaultScript = (exchange: FaultExchange) => void;

/** A local HTTP server on 127.0.0.1 that plays a fault and counts what the client left open. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>/v1`, to pass as `baseURL`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: readonly SeenRequest[];
  /** Every socket open right now, also spare ones that never carried a request (see below). */
  connectedSockets(): number;
  /** Resolves once no socket that carried a request is open; rejects, naming how many remain, after `withinMs`. */
  allSocketsClosed(withinMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a server that answers every request with `script`. Responses close their connection
 * when they end (`connection: close`), so an open socket after a stream finished means the
 * client, not a keep-alive pool, kept it.
 *
 * Only sockets that carried a request count as open: Node's fetch (undici) answers an aborted
 * response by destroying its socket and then dialling one spare connection that never sends a
 * request (nodejs/undici#5845). That spare is the runtime's, is reused by the next request and
 * does not keep the process alive; `connectedSockets()` still shows it for tests that bound it.
 *
 * @example
 * ```ts
 * const server = await startFaultServer(({ res }) => res.socket?.destroy());
 * // … run the client against server.url …
 * await server.allSocketsClosed();
 * await server.close();
 * ```
 */
export async function startFaultServer(script: FaultScript): Promise<FaultServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const connected = new Set<Socket>();
  let onSocketClosed: (() => void) | undefined;

  const server = createServer((req, res) => {
    if (!sockets.has(req.socket) && !req.socket.destroyed) {
      sockets.add(req.socket);
      req.socket.once('close', () => {
        sockets.delete(req.socket);
        onSocketClosed?.();
      });
    }
    onRequestRead(req, (request) => {
      requests.push(request);
      res.setHeader('connection', 'close');
      const cleanups: Array<() => void> = [];
      res.once('close', () => {
        for (const cleanup of cleanups) cleanup();
      });
      script({ req, res, request, attempt: requests.length, onClose: (cleanup) => cleanups.push(cleanup) });
    });
  });
  server.on('connection', (socket) => {
    connected.add(socket);
    socket.once('close', () => connected.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    connectedSockets: () => connected.size,
    allSocketsClosed: (withinMs = 2_000) =>
      new Promise<void>((resolve, reject) => {
        if (sockets.size === 0) return resolve();
        const timer = setTimeout(() => {
          onSocketClosed = undefined;
          reject(new Error(`${sockets.size} socket(s) still open ${withinMs} ms after the stream ended`));
        }, withinMs);
        onSocketClosed = () => {
          if (sockets.size > 0) return;
          onSocketClosed = undefined;
          clearTimeout(timer);
          resolve();
        };
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        for (const socket of connected) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
