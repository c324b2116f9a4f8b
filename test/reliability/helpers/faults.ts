import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import type { FaultScript } from './fault-server.js';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/** How a scripted stream ends after its frames. */
export type Ending =
  /** The response ends normally. */
  | 'end'
  /** TCP reset (RST): what a crashed proxy or a dropped route looks like. */
  | 'reset'
  /** The socket closes (FIN) without the chunked body's last chunk. */
  | 'close'
  /** Nothing more is sent and the connection stays open: a stall. */
  | 'stall';

function write(res: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
}

function finish(res: ServerResponse, ending: Ending): void {
  if (ending === 'end') res.end();
  else if (ending === 'reset') res.socket?.resetAndDestroy();
  else if (ending === 'close') res.socket?.destroy();
}

/**
 * Sends the SSE headers, then each chunk once the previous one reached the socket, then `ending`
 * once `ready` resolves. A reset discards bytes the client has not read yet, so a test that
 * checks "every event before the fault was delivered" opens `ready` after it saw those events.
 */
export function stream(
  chunks: Array<string | Uint8Array>,
  ending: Ending = 'end',
  ready: Promise<void> = Promise.resolve(),
): FaultScript {
  return ({ res }) => {
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    void (async () => {
      for (const chunk of chunks) await write(res, chunk);
      await ready;
      finish(res, ending);
    })().catch(() => undefined);
  };
}

/** Like {@link stream}, but gzip-encoded (`content-encoding: gzip`), flushed after every chunk. */
export function gzipStream(
  chunks: string[],
  ending: Ending = 'end',
  ready: Promise<void> = Promise.resolve(),
): FaultScript {
  return ({ res }) => {
    res.writeHead(200, { ...SSE_HEADERS, 'content-encoding': 'gzip' });
    res.flushHeaders();
    const gzip = createGzip();
    gzip.pipe(res);
    void (async () => {
      for (const chunk of chunks) {
        gzip.write(chunk);
        await new Promise<void>((resolve) => gzip.flush(() => resolve()));
      }
      await ready;
      if (ending === 'end') gzip.end();
      else finish(res, ending);
    })().catch(() => undefined);
  };
}

/** Sends `text` one byte every `everyMs` ms, then ends the response. */
export function drip(text: string, everyMs: number): FaultScript {
  return ({ res, onClose }) => {
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    const bytes = Buffer.from(text, 'utf8');
    let at = 0;
    const timer = setInterval(() => {
      if (at < bytes.length) res.write(bytes.subarray(at, ++at));
      else {
        clearInterval(timer);
        res.end();
      }
    }, everyMs);
    onClose(() => clearInterval(timer));
  };
}

/** Cuts the connection after reading the request, before any byte of a response. */
export function resetBeforeHeaders(): FaultScript {
  return ({ res }) => res.socket?.resetAndDestroy();
}

/** Reads the request and never answers: the client's header timeout must end it. */
export function neverRespond(): FaultScript {
  return () => undefined;
}

/** Answers with one whole response. */
export function respond(status: number, headers: Record<string, string>, body = ''): FaultScript {
  return ({ res }) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

/** Plays `scripts[n]` for the n-th request, the last one for every request after. */
export function inTurn(...scripts: FaultScript[]): FaultScript {
  return (exchange) => {
    const script = scripts[Math.min(exchange.attempt, scripts.length) - 1];
    script?.(exchange);
  };
}
