// Delivery latency over loopback: the simulator and the client share this process (and so one
// clock); the time each event's bytes are handed to the socket is taken at the server's
// `res.write`, the time it reaches the subscriber at `next`.
import { ServerResponse } from 'node:http';
import OpenAI from 'openai';
import { createClient } from '../src/index.js';
import { startSimulator } from '../src/simulator/index.js';
import { median } from './throughput.js';

export interface LatencyResult {
  reader: string;
  events: number;
  runs: number;
  tokenDelayMs: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

export interface LatencyOptions {
  /** Streamed runs per reader (the simulator's text scenario: about 60 events each). */
  runs: number;
  tokenDelayMs: number;
}

// Long enough for the simulator's echo (it quotes the first 200 characters), mixed scripts.
const QUESTION =
  'Décris en détail le flux d’événements: привет мир, こんにちは世界, Grüße aus der Straße, 🙂🚀, and then the same again in plain English words please, step by step, with examples.';

type Reader = (url: string, threadId: string, onEvent: () => void) => Promise<void>;

const READERS: Record<string, Reader> = {
  'runstream client.runs.stream': (url, threadId, onEvent) =>
    new Promise((resolve, reject) => {
      createClient({ baseURL: url, apiKey: 'sk-bench' })
        .runs.stream(threadId, { assistant_id: 'asst_bench' })
        .subscribe({ next: onEvent, error: reject, complete: resolve });
    }),
  'openai SDK runs.stream': async (url, threadId, onEvent) => {
    const sdk = new OpenAI({ baseURL: url, apiKey: 'sk-bench', maxRetries: 0 });
    const stream = sdk.beta.threads.runs.stream(threadId, { assistant_id: 'asst_bench' });
    stream.on('event', onEvent);
    await stream.done();
  },
};

/**
 * Records when each server-sent frame is written. The simulator writes one frame per
 * `res.write` unless a run asks for odd chunking (these runs do not); counting blank lines still
 * keeps the tally right if a write ever carries several frames.
 */
function recordWrites(): { times: number[]; restore: () => void } {
  const times: number[] = [];
  const original = ServerResponse.prototype.write;
  ServerResponse.prototype.write = function write(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    if (chunk instanceof Uint8Array && chunk[0] === 0x65 /* 'e' of "event:" */) {
      const now = performance.now();
      for (let i = 1; i < chunk.length; i++) if (chunk[i] === 0x0a && chunk[i - 1] === 0x0a) times.push(now);
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof original;
  const restore = () => {
    ServerResponse.prototype.write = original;
  };
  return { times, restore };
}

const WARM_UP_RUNS = 3;

export async function measureLatency(options: LatencyOptions): Promise<LatencyResult[]> {
  const sim = await startSimulator({ port: 0, tokenDelayMs: options.tokenDelayMs });
  const setup = createClient({ baseURL: sim.url, apiKey: 'sk-bench' });
  const readers = Object.entries(READERS);
  const delays = new Map<string, number[]>(readers.map(([name]) => [name, []]));
  try {
    // The readers take turns, run by run, so that both meet the same machine; the first runs
    // are untimed, so that neither pays for loading and optimising its code in the figures.
    for (let run = -WARM_UP_RUNS; run < options.runs; run++) {
      for (const [name, read] of readers) {
        const thread = await setup.threads.create({ messages: [{ role: 'user', content: QUESTION }] });
        const writes = recordWrites();
        const received: number[] = [];
        try {
          await read(sim.url, thread.id, () => received.push(performance.now()));
        } finally {
          writes.restore();
        }
        // The last frame written is `[DONE]`, which completes the stream instead of arriving.
        if (received.length !== writes.times.length - 1) {
          throw new Error(
            `${name}: ${received.length} events received for ${writes.times.length} frames written`,
          );
        }
        if (run < 0) continue;
        const list = delays.get(name) as number[];
        for (const [i, at] of received.entries()) list.push(at - (writes.times[i] as number));
      }
    }
  } finally {
    await sim.close();
  }
  return readers.map(([reader]) => {
    const sorted = (delays.get(reader) as number[]).sort((x, y) => x - y);
    return {
      reader,
      events: sorted.length,
      runs: options.runs,
      tokenDelayMs: options.tokenDelayMs,
      medianMs: median(sorted),
      p99Ms: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] as number,
      maxMs: sorted.at(-1) as number,
    };
  });
}
