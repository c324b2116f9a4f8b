import { describe, expect, it } from 'vitest';
import { runScript } from './helpers/child.js';

interface Probe {
  samples: number[];
  cancelled?: number;
  listeners?: number;
  events?: number;
}

/** Runs the memory probe in a fresh Node with `--expose-gc` and returns what it printed. */
async function probe(mode: string, count: number): Promise<Probe> {
  const { code, stdout, stderr } = await runScript('./memory-probe.ts', [mode, String(count)], {
    limitMs: 110_000,
    nodeArgs: ['--expose-gc'],
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Probe;
}

/** The largest rise of the heap over its first sample (taken once warm). */
function growth(samples: number[]): number {
  const [first = 0, ...rest] = samples;
  return Math.max(0, ...rest.map((sample) => sample - first));
}

const MB = 1024 * 1024;
const CYCLES = 10_000;
/** The smallest leak the cycles test must catch, in bytes kept per cycle (an entry per call in some table, say). */
const LEAK_PER_CYCLE = 200;

describe('memory', () => {
  it('stays flat over 10 000 subscribe/unsubscribe cycles sharing one caller signal, each body cancelled', async () => {
    const result = await probe('cycles-shared-signal', CYCLES);
    expect(result.cancelled).toBe(CYCLES);
    expect(result.listeners).toBe(0);
    expect(result.samples).toHaveLength(5);
    // Such a leak would add CYCLES × LEAK_PER_CYCLE = 2 000 000 bytes; a quarter of that is the
    // limit (AbortSignal.any's dead entries on the caller's signal, 80 bytes a call, came to 0.8 MB).
    expect(growth(result.samples)).toBeLessThan((CYCLES * LEAK_PER_CYCLE) / 4);
  }, 120_000);

  // The benchmark reads 1 000 000 events; this guards the same property at a fifth of the size.
  // Keeping every event (about 300 bytes each parsed) would add some 60 MB.
  it('stays flat over a 200 000-event stream read without snapshots()', async () => {
    const result = await probe('long', 200_000);
    expect(result.events).toBe(200_000);
    expect(result.samples).toHaveLength(5);
    expect(growth(result.samples)).toBeLessThan(2 * MB);
  }, 60_000);
});
