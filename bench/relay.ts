// The resumable relay: events/s through relay.start → events()/response() with the memory log
// (against the plain toServerSentEvents relay of the same events, in the same rounds) and with
// Redis (one reader, 100 readers), and the delay from relay.start receiving an event to a reader
// in another process seeing it through Redis. Run as `tsx bench/relay.ts --reader <url> <key>`,
// this file is that reader.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { from, Subject } from 'rxjs';
import { createRelay, type RunStreamEvent, toServerSentEvents } from '../src/index.js';
import { redisEventLog } from '../src/redis/index.js';
import { redisAvailable, startRedis } from '../test/redis/redis-server.js';
import { median } from './throughput.js';

export interface RelayFigures {
  events: number;
  rounds: number;
  plainPerSecond: number;
  memoryPerSecond: number;
  /** Median of the per-round ratios memory / plain. */
  memoryRatio: number;
  redis?: {
    events: number;
    onePerSecond: number;
    hundredPerSecond: number;
    latency: { events: number; medianMs: number; p99Ms: number; maxMs: number };
  };
}

function eventsOf(count: number): RunStreamEvent[] {
  return Array.from(
    { length: count },
    (_, i) =>
      ({
        event: 'thread.message.delta',
        data: {
          id: 'msg_bench',
          object: 'thread.message.delta',
          delta: { content: [{ index: 0, type: 'text', text: { value: `word${i} ` } }] },
        },
      }) as RunStreamEvent,
  );
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  for (;;) if ((await reader.read()).done) return;
}

let serial = 0;
const keyOf = (name: string) => `bench-${name}-${process.pid}-${++serial}`;

/** Seconds to read every event of a relayed run with `readers` readers of `relay.events`. */
function readAll(
  relay: ReturnType<typeof createRelay>,
  events: RunStreamEvent[],
  readers: number,
): Promise<number> {
  const key = keyOf('run');
  const started = performance.now();
  relay.start(key, from(events));
  return Promise.all(
    Array.from(
      { length: readers },
      () =>
        new Promise<void>((resolve, reject) => {
          let seen = 0;
          relay.events(key).subscribe({
            next: () => seen++,
            error: reject,
            complete: () =>
              seen === events.length ? resolve() : reject(new Error(`${seen} of ${events.length} events`)),
          });
        }),
    ),
  ).then(() => (performance.now() - started) / 1000);
}

async function memoryRounds(events: RunStreamEvent[], rounds: number) {
  const relay = createRelay();
  const plain: number[] = [];
  const memory: number[] = [];
  const ratios: number[] = [];
  const request = new Request('http://localhost/');
  for (let round = 0; round <= rounds; round++) {
    let started = performance.now();
    await drain(toServerSentEvents(from(events)));
    const plainSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const key = keyOf('memory');
    relay.start(key, from(events));
    await drain(relay.response(key, request).body as ReadableStream<Uint8Array>);
    const memorySeconds = (performance.now() - started) / 1000;
    // Round 0 warms both paths up.
    if (round === 0) continue;
    plain.push(events.length / plainSeconds);
    memory.push(events.length / memorySeconds);
    ratios.push(plainSeconds / memorySeconds);
  }
  return { plainPerSecond: median(plain), memoryPerSecond: median(memory), memoryRatio: median(ratios) };
}

/** Delays (ms) seen by a reader process while this one relays `count` events, `perTick` every 1 ms. */
async function crossProcessDelays(url: string, count: number, perTick: number): Promise<number[]> {
  const log = redisEventLog({ url });
  const relay = createRelay({ log });
  const key = keyOf('latency');
  const source = new Subject<RunStreamEvent>();
  relay.start(key, source);
  source.next({ event: 'bench.open', data: { sentAt: 0 } } as unknown as RunStreamEvent);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, '--reader', url, key],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const delays: number[] = [];
  const following = new Promise<void>((resolve) => lines.once('line', () => resolve()));
  const done = new Promise<void>((resolve) => lines.on('close', resolve));
  lines.on('line', (line) => {
    if (line.startsWith('[')) delays.push(...(JSON.parse(line) as number[]));
  });
  await following;
  let sent = 0;
  // Each tick's events come as a burst, as a model's tokens do.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const sentAt = performance.timeOrigin + performance.now();
      for (let i = 0; i < perTick && sent < count; i++, sent++) {
        source.next({ event: 'bench.sent', data: { sentAt } } as unknown as RunStreamEvent);
      }
      if (sent < count) return;
      clearInterval(timer);
      source.complete();
      resolve();
    }, 1);
  });
  await done;
  await log.close();
  return delays;
}

export async function measureRelay(options: {
  rounds: number;
  log: (line: string) => void;
}): Promise<RelayFigures> {
  const events = eventsOf(50_000);
  options.log(
    `relay: ${events.length} events, memory log against toServerSentEvents, ${options.rounds} rounds`,
  );
  const memory = await memoryRounds(events, options.rounds);
  const figures: RelayFigures = { events: events.length, rounds: options.rounds, ...memory };
  if (!redisAvailable()) return figures;
  const redis = await startRedis();
  try {
    const redisEvents = eventsOf(20_000);
    options.log(`relay: Redis, ${redisEvents.length} events, 1 and 100 readers`);
    const log = redisEventLog({ url: redis.url });
    const relay = createRelay({ log });
    await readAll(relay, redisEvents.slice(0, 1_000), 1);
    const one = median([
      await readAll(relay, redisEvents, 1),
      await readAll(relay, redisEvents, 1),
      await readAll(relay, redisEvents, 1),
    ]);
    const hundred = median([await readAll(relay, redisEvents, 100), await readAll(relay, redisEvents, 100)]);
    await log.close();
    options.log('relay: delay through Redis to a reader in another process');
    const delays = (await crossProcessDelays(redis.url, 10_000, 5)).sort((a, b) => a - b);
    figures.redis = {
      events: redisEvents.length,
      onePerSecond: redisEvents.length / one,
      hundredPerSecond: redisEvents.length / hundred,
      latency: {
        events: delays.length,
        medianMs: median(delays),
        p99Ms: delays[Math.min(delays.length - 1, Math.ceil(delays.length * 0.99) - 1)] ?? Number.NaN,
        maxMs: delays.at(-1) ?? Number.NaN,
      },
    };
  } finally {
    await redis.stop();
  }
  return figures;
}

// The reader process of crossProcessDelays: prints one line when it is following, then the delays.
if (process.argv[2] === '--reader') {
  const [url = '', key = ''] = process.argv.slice(3);
  const log = redisEventLog({ url });
  const delays: number[] = [];
  let first = true;
  createRelay({ log })
    .events(key)
    .subscribe({
      next: ({ event }) => {
        const now = performance.timeOrigin + performance.now();
        if (first) process.stdout.write('following\n');
        first = false;
        const sentAt = (event as { data: { sentAt: number } }).data.sentAt;
        if (sentAt > 0) delays.push(now - sentAt);
      },
      complete: () => {
        process.stdout.write(`${JSON.stringify(delays)}\n`);
        void log.close().then(() => process.exit(0));
      },
      error: (error: Error) => {
        process.stderr.write(`reader: ${error.message}\n`);
        process.exit(1);
      },
    });
}

const RELAY_TARGETS = { memoryRatio: 0.5, redisPerSecond: 20_000, redisP99Ms: 10 } as const;

/** The Markdown lines of the relay's figures, each against its goal. */
export function relayLines(figures: RelayFigures): string[] {
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  const lines = [
    '| resumable relay | events/s | goal |',
    '|---|--:|---|',
    `| toServerSentEvents (the plain relay), ${number.format(figures.events)} events | ${number.format(figures.plainPerSecond)} | reference |`,
    `| relay.start → relay.response, memory log | ${number.format(figures.memoryPerSecond)} | ≥ ${RELAY_TARGETS.memoryRatio}× the plain relay: ${figures.memoryRatio.toFixed(2)}× ${mark(figures.memoryRatio >= RELAY_TARGETS.memoryRatio)} |`,
  ];
  const redis = figures.redis;
  if (!redis) {
    lines.push(
      '',
      'Redis rows not measured: redis-server is not installed (apt-get install -y redis-server).',
    );
    return lines;
  }
  lines.push(
    `| relay.start → relay.events, Redis, 1 reader, ${number.format(redis.events)} events | ${number.format(redis.onePerSecond)} | ≥ ${number.format(RELAY_TARGETS.redisPerSecond)}: ${mark(redis.onePerSecond >= RELAY_TARGETS.redisPerSecond)} |`,
    `| relay.start → relay.events, Redis, 100 readers of one run | ${number.format(redis.hundredPerSecond)} | — |`,
    '',
    '| delay through Redis (relay.start receives → reader in another process sees) | events | median ms | p99 ms | max ms |',
    '|---|--:|--:|--:|--:|',
    `| 5 events every 1 ms | ${redis.latency.events} | ${redis.latency.medianMs.toFixed(2)} | ${redis.latency.p99Ms.toFixed(2)} (goal < ${RELAY_TARGETS.redisP99Ms}: ${mark(redis.latency.p99Ms < RELAY_TARGETS.redisP99Ms)}) | ${redis.latency.maxMs.toFixed(2)} |`,
  );
  return lines;
}
