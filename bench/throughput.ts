// Throughput: every contender reads the same bytes in the same process. Rounds interleave the
// contenders, each round starting with a different one, so that neither a machine that gets
// busier mid-run nor the garbage the previous contender left favours anyone; a full collection
// before every timed read does the rest. Rates are medians over the rounds; ratios pair the two
// contenders' reads of the same round (seconds apart, so under the same load) and take the
// median of those per-round ratios.
import { Bench, type TimestampProvider } from 'tinybench';
import { CONTENDERS, type Contender } from './contenders.js';
import { collector } from './gc.js';
import type { Workload } from './generate.js';

export interface ThroughputRow {
  workload: string;
  contender: string;
  label: string;
  /** Milliseconds to read the whole stream, one figure per round, in round order. */
  rounds: number[];
  /** The median and the fastest of `rounds`. */
  medianMs: number;
  bestMs: number;
  /** From the median. */
  eventsPerSecond: number;
  /** Megabytes (10^6 bytes) per second, from the median. */
  mbPerSecond: number;
}

export interface ThroughputOptions {
  /** Rounds per workload; each round times every contender `iterations` times. */
  rounds: number;
  iterations: number;
  /** `'wall'` times with performance.now; `'cpu'` with the process's CPU time. */
  clock: 'wall' | 'cpu';
  log: (line: string) => void;
}

// On a machine shared with other work, wall time counts the time this process waited for a core;
// CPU time does not, so ratios stay comparable while the load changes (GC threads are counted).
const CPU_CLOCK: TimestampProvider = {
  name: 'process.cpuUsage',
  fn: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  fromMs: (ms) => ms,
  toMs: (value) => Number(value),
};

/** Reads `work` once with `contender` and throws unless it ends where a correct reader ends. */
async function verify(contender: Contender, work: Workload): Promise<void> {
  const outcome = await contender.read(work);
  if (outcome.events !== work.events) {
    throw new Error(`${contender.label} on ${work.name}: ${outcome.events} events, expected ${work.events}`);
  }
  if (outcome.lastText !== undefined && outcome.lastText !== work.lastText) {
    throw new Error(`${contender.label} on ${work.name}: the last message's text differs from the one sent`);
  }
}

export async function measureThroughput(
  works: Workload[],
  options: ThroughputOptions,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const gc = collector();
  const stride = Math.ceil(CONTENDERS.length / Math.max(1, options.rounds));
  for (const work of works) {
    options.log(
      `throughput: ${work.name} (${work.events} events, ${(work.bytes.length / 1e6).toFixed(1)} MB, ${work.chunks.length} chunks)`,
    );
    // The check doubles as warm-up: every code path has run once before anything is timed.
    for (const contender of CONTENDERS) await verify(contender, work);
    const samples = new Map<string, number[]>();
    for (let round = 0; round < options.rounds; round++) {
      const bench = new Bench({
        iterations: options.iterations,
        time: 0,
        warmup: false,
        throws: true,
        ...(options.clock === 'cpu' ? { timestampProvider: CPU_CLOCK } : {}),
      });
      for (let i = 0; i < CONTENDERS.length; i++) {
        const contender = CONTENDERS[(i + round * stride) % CONTENDERS.length] as Contender;
        bench.add(
          contender.key,
          async () => {
            await contender.read(work);
          },
          { beforeEach: gc },
        );
      }
      await bench.run();
      for (const task of bench.tasks) {
        const result = task.result;
        if (result.state !== 'completed') throw new Error(`${task.name} on ${work.name}: ${result.state}`);
        const list = samples.get(task.name) ?? [];
        list.push(result.latency.p50);
        samples.set(task.name, list);
      }
    }
    for (const contender of CONTENDERS) {
      const rounds = samples.get(contender.key) ?? [];
      const medianMs = median(rounds);
      rows.push({
        workload: work.name,
        contender: contender.key,
        label: contender.label,
        rounds,
        medianMs,
        bestMs: Math.min(...rounds),
        eventsPerSecond: work.events / (medianMs / 1000),
        mbPerSecond: work.bytes.length / 1e6 / (medianMs / 1000),
      });
    }
  }
  return rows;
}

/** How many times faster `fast` reads than `slow`: the median of their per-round ratios. */
export function pairedRatio(fast: ThroughputRow, slow: ThroughputRow): number {
  return median(fast.rounds.map((ms, round) => (slow.rounds[round] as number) / ms));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
