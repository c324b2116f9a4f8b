import { describe, expect, it } from 'vitest';
import { runScript } from './helpers/child.js';

interface Probe {
  samples: number[];
  cancelled?: number;
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

describe('memory', () => {
  // A leak of 200 bytes a cycle (one listener left on the caller's signal, say) would be 2 MB here.
  it('stays flat over 10 000 subscribe/unsubscribe cycles sharing one caller signal, each body cancelled', async () => {
    const result = await probe('cycles-shared-signal', 10_000);
    expect(result.cancelled).toBe(10_000);
    expect(result.samples).toHaveLength(5);
    expect(growth(result.samples)).toBeLessThan(2 * MB);
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
