import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Relay } from '../../src/relay/create-relay.js';

/** What the test server does with the nth connection (0-based): cut it after `cutAfterBytes`. */
export type ConnectionPlan = (n: number) => { cutAfterBytes?: number } | undefined;

export interface RelayServer {
  /** `GET <url>/runs/<key>` serves relay.response(key). */
  readonly url: string;
  /** The Last-Event-ID header of each request, in order. */
  readonly lastEventIds: Array<string | undefined>;
  /** Connections closed by the client so far. */
  closedByClient(): number;
  close(): Promise<void>;
}

function requestOf(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(name, value);
  return new Request(new URL(req.url ?? '/', base), { headers });
}

/** An HTTP server on 127.0.0.1 in front of `relay`, cutting connections as `plan` says. */
export async function startRelayServer(
  relay: Relay,
  plan: ConnectionPlan = () => undefined,
): Promise<RelayServer> {
  const lastEventIds: Array<string | undefined> = [];
  let connections = 0;
  let closedByClient = 0;
  let base = '';
  const server: Server = createServer(async (req, res) => {
    const n = connections++;
    const key = decodeURIComponent(new URL(req.url ?? '/', base).pathname.replace(/^\/runs\//, ''));
    const request = requestOf(req, base);
    const lastEventId = req.headers['last-event-id'];
    lastEventIds.push(typeof lastEventId === 'string' ? lastEventId : undefined);
    const response = relay.response(key, request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let sent = 0;
    const cut = plan(n)?.cutAfterBytes;
    res.on('close', () => {
      if (!res.writableEnded) closedByClient++;
      reader.cancel().catch(() => undefined);
    });
    if (cut === 0) {
      reader.cancel().catch(() => undefined);
      res.socket?.destroy();
      return;
    }
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || !value) break;
      if (cut !== undefined && sent + value.length > cut) {
        // Half a frame, then the connection drops: what a reload or a lost network looks like.
        reader.cancel().catch(() => undefined);
        // Destroyed once what was written has left, so the client has those frames and half of this one.
        res.write(value.subarray(0, Math.max(0, cut - sent)), () => res.socket?.destroy());
        return;
      }
      sent += value.length;
      res.write(value);
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    lastEventIds,
    closedByClient: () => closedByClient,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
