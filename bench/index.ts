// `npm run bench`: throughput of every reader on the same bytes, delivery latency against the
// simulator, heap growth over a million events. Prints Markdown tables (for the README's
// Performance section) and writes them to bench/results.md. BENCH_ROUNDS (default 7) sets the
// throughput rounds, BENCH_CLOCK=wall times with the wall clock instead of CPU time.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { workloads } from './generate.js';
import { measureHeap } from './heap.js';
import { measureLatency } from './latency.js';
import { measureRelay, relayLines } from './relay.js';
import { measureResponses } from './responses.js';
import { measureThroughput, pairedRatio, type ThroughputRow } from './throughput.js';

const TARGETS = { ba: 0.8, ca: 0.6, de: 5, p99Ms: 5, heapMiB: 32 } as const;
const HEAP_EVENTS = 1_000_000;

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const log = (line: string) => process.stderr.write(`${line}\n`);

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${fixed(totalmem() / 2 ** 30, 0)} GiB RAM, Node ${process.version} (${process.platform}/${process.arch})`;
}

function ratiosFor(rows: ThroughputRow[], workload: string) {
  const by = (key: string) => {
    const row = rows.find((candidate) => candidate.workload === workload && candidate.contender === key);
    if (!row) throw new Error(`no ${key} row for ${workload}`);
    return row;
  };
  return {
    ba: pairedRatio(by('b'), by('a')),
    ca: pairedRatio(by('c'), by('a')),
    de: pairedRatio(by('d'), by('e')),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const works = workloads();
  // CPU time by default: on a machine shared with other work it does not count the time this
  // process waited for a core. BENCH_CLOCK=wall times with performance.now instead.
  const clock = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu';
  const rows = await measureThroughput(works, { rounds, iterations: 1, clock, log });
  log('latency: simulator over loopback');
  const latency = await measureLatency({ runs: 20, tokenDelayMs: 3 });
  log(`heap: ${number.format(HEAP_EVENTS)} events through client.runs.stream`);
  const heap = await measureHeap(HEAP_EVENTS);
  const responses = await measureResponses({ rounds, log });
  const relay = await measureRelay({ rounds, log });
  const loadAfter = loadavg()[0] ?? 0;

  const lines: string[] = [];
  lines.push(
    `Machine: ${machine()}; load average ${fixed(loadBefore)} at the start, ${fixed(loadAfter)} at the end.`,
  );
  lines.push('');
  for (const work of works) {
    lines.push(
      `- ${work.name}: ${number.format(work.events)} events, ${fixed(work.bytes.length / 1e6)} MB in ${number.format(work.chunks.length)} chunks`,
    );
  }
  lines.push('');
  lines.push(
    `Throughput: median of ${rounds} interleaved rounds (the fastest beside it), ${clock === 'cpu' ? 'process CPU time (all threads, GC included)' : 'wall-clock time'}. ` +
      'Each ratio is the median of the per-round ratios of the two readers.',
  );
  lines.push('');
  lines.push('| stream | reader | events/s | MB/s | ms, median | ms, fastest |');
  lines.push('|---|---|--:|--:|--:|--:|');
  for (const row of rows) {
    lines.push(
      `| ${row.workload} | ${row.label} | ${number.format(row.eventsPerSecond)} | ${fixed(row.mbPerSecond)} | ${fixed(row.medianMs, 0)} | ${fixed(row.bestMs, 0)} |`,
    );
  }
  lines.push('');
  lines.push(
    `| stream | b/a (target ≥ ${TARGETS.ba}) | c/a (target ≥ ${TARGETS.ca}) | d/e (target ≥ ${TARGETS.de}) |`,
  );
  lines.push('|---|--:|--:|--:|');
  for (const work of works) {
    const r = ratiosFor(rows, work.name);
    lines.push(
      `| ${work.name} | ${fixed(r.ba, 2)} ${mark(r.ba >= TARGETS.ba)} | ${fixed(r.ca, 2)} ${mark(r.ca >= TARGETS.ca)} | ${fixed(r.de, 1)} ${mark(r.de >= TARGETS.de)} |`,
    );
  }
  lines.push('');
  lines.push('| delivery latency (bytes written → event received) | events | median ms | p99 ms | max ms |');
  lines.push('|---|--:|--:|--:|--:|');
  for (const result of latency) {
    const target = result.reader.startsWith('runstream')
      ? ` (target < ${TARGETS.p99Ms}: ${mark(result.p99Ms < TARGETS.p99Ms)})`
      : '';
    lines.push(
      `| ${result.reader}, simulator, ${result.tokenDelayMs} ms between events | ${result.events} | ${fixed(result.medianMs, 2)} | ${fixed(result.p99Ms, 2)}${target} | ${fixed(result.maxMs, 2)} |`,
    );
  }
  lines.push('');
  const growthMiB = heap.maxGrowth / 2 ** 20;
  lines.push(
    `Heap growth over ${number.format(heap.events)} events through \`client.runs.stream\` without snapshots (after a full GC at ${heap.checkpoints} points): ` +
      `max ${fixed(growthMiB)} MiB, last ${fixed(heap.finalGrowth / 2 ** 20)} MiB over a baseline of ${fixed(heap.baseline / 2 ** 20)} MiB (target < ${TARGETS.heapMiB} MiB: ${mark(growthMiB < TARGETS.heapMiB)}).`,
  );
  lines.push('');
  lines.push(...relayLines(relay));
  lines.push('');
  lines.push(...responses, '');
  lines.push(`Whole benchmark: ${fixed((performance.now() - started) / 1000, 0)} s.`);
  const markdown = `${lines.join('\n')}\n`;
  process.stdout.write(markdown);
  writeFileSync(new URL('./results.md', import.meta.url), markdown);
}

await main();
