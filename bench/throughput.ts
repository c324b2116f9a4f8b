// Throughput: every contender reads the same bytes in the same process. Rounds interleave the
// contenders (a, b, c, … then again a, b, c, …) so that a machine that gets busier or quieter
// mid-run shifts all of them alike; each figure is the median over all rounds.
import { Bench, type TimestampProvider } from 'tinybench';
import { CONTENDERS, type Contender } from './contenders.js';
import type { Workload } from './generate.js';

export interface ThroughputRow {
  workload: string;
  contender: string;
  label: string;
  /** Median milliseconds to read the whole stream. */
  ms: number;
  eventsPerSecond: number;
  /** Megabytes (10^6 bytes) per second. */
  mbPerSecond: number;
  samples: number;
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
        retainSamples: true,
        ...(options.clock === 'cpu' ? { timestampProvider: CPU_CLOCK } : {}),
      });
      for (const contender of CONTENDERS) {
        bench.add(contender.key, async () => {
          await contender.read(work);
        });
      }
      await bench.run();
      for (const task of bench.tasks) {
        const result = task.result;
        if (result.state !== 'completed') throw new Error(`${task.name} on ${work.name}: ${result.state}`);
        const list = samples.get(task.name) ?? [];
        list.push(...(result.latency.samples ?? [result.latency.p50]));
        samples.set(task.name, list);
      }
    }
    for (const contender of CONTENDERS) {
      const times = samples.get(contender.key) ?? [];
      const ms = median(times);
      rows.push({
        workload: work.name,
        contender: contender.key,
        label: contender.label,
        ms,
        eventsPerSecond: work.events / (ms / 1000),
        mbPerSecond: work.bytes.length / 1e6 / (ms / 1000),
        samples: times.length,
      });
    }
  }
  return rows;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
