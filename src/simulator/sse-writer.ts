import type { ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import type { ChunkingMode } from './settings.js';

/**
 * Writes server-sent events to one response, split into writes the way a test asked for, and
 * goes quiet as soon as the client has gone: nothing is written to a closed socket.
 */
export class SseWriter {
  #ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly clock: Clock,
    private readonly chunking: ChunkingMode | null,
    headers: Record<string, string>,
  ) {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    // Headers go out now, so the client sees the stream open before the first event.
    res.flushHeaders();
  }

  /** True once the client went away or the stream was ended, cut or stalled for good. */
  get closed(): boolean {
    return this.#ended || this.res.destroyed || this.res.writableEnded;
  }

  /** Writes one frame; resolves when it is handed to the socket (or dropped, if closed). */
  event(name: string, data: string): Promise<void> {
    return this.write(Buffer.from(frame(name, data)));
  }

  /** Writes `event: done` / `data: [DONE]` and ends the response. */
  async done(): Promise<void> {
    await this.event('done', '[DONE]');
    this.end();
  }

  end(): void {
    if (this.closed) return;
    this.#ended = true;
    this.res.end();
  }

  /** Sends the first half of a frame, then destroys the socket: a connection lost mid-event. */
  async cut(name: string, data: string): Promise<void> {
    const bytes = Buffer.from(frame(name, data));
    if (!this.closed) {
      this.#ended = true;
      await new Promise<void>((resolve) =>
        this.res.write(bytes.subarray(0, bytes.length >> 1), () => resolve()),
      );
    }
    this.res.socket?.destroy();
    this.res.destroy();
  }

  /** Stops writing for good but leaves the socket open: the client sees a stream go silent. */
  stall(): void {
    this.#ended = true;
  }

  private async write(bytes: Buffer): Promise<void> {
    const parts = this.chunking ? split(bytes, this.chunking) : [bytes];
    for (const [i, part] of parts.entries()) {
      if (this.closed) return;
      if (!this.res.write(part)) await drained(this.res);
      // A turn of the event loop between parts, so they leave as separate writes, not one.
      if (i < parts.length - 1 && !(await this.clock.sleep(0))) return;
    }
  }
}

function frame(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Splits bytes at the boundaries a chunking mode asks for. */
export function split(bytes: Buffer, mode: ChunkingMode): Buffer[] {
  const cuts: number[] = [];
  if (mode === 'one_byte') {
    for (let i = 1; i < bytes.length; i++) cuts.push(i);
  } else if (mode === 'mid_char') {
    // Right after the lead byte of every multi-byte character: the decoder must carry it over.
    for (let i = 1; i < bytes.length; i++) {
      if (isContinuation(bytes[i] as number) && !isContinuation(bytes[i - 1] as number)) cuts.push(i);
    }
    if (cuts.length === 0 && bytes.length > 1) cuts.push(bytes.length >> 1);
  } else {
    for (let i = 1 + randomSize(); i < bytes.length; i += randomSize()) cuts.push(i);
  }
  const parts: Buffer[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(from, cut));
    from = cut;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

function isContinuation(byte: number): boolean {
  return (byte & 0b1100_0000) === 0b1000_0000;
}

function randomSize(): number {
  return 1 + Math.floor(Math.random() * 48);
}
