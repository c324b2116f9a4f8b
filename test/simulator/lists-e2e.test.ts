import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, finalRun, type RunstreamClient, ValidationError } from '../../src/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { closeSimulators, simulator } from './support.js';

afterEach(closeSimulators);

function clientFor(sim: Simulator): RunstreamClient {
  return createClient({ baseURL: sim.url, apiKey: 'sk-sim-lists-key', maxRetries: 0 });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('list endpoints against the simulator', () => {
  it('pages through every message and every step, one item a page, in order', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const thread = await client.threads.create({
      messages: ['one', 'two', 'three'].map((content) => ({ role: 'user' as const, content })),
    });
    const run = await lastValueFrom(
      client.runs
        .stream(thread.id, { assistant_id: 'asst_lists', metadata: { scenario: 'code_interpreter' } })
        .pipe(finalRun()),
    );
    const messages = await collect(client.threads.messages.listAll(thread.id, { order: 'asc', limit: 1 }));
    const whole = await client.threads.messages.list(thread.id, { order: 'asc', limit: 100 });
    expect(messages.map((m) => m.id)).toEqual(whole.data.map((m) => m.id));
    expect(messages.length).toBeGreaterThan(3);

    const steps = await collect(client.runs.listAllSteps(thread.id, run.id, { limit: 1 }));
    const page = await client.runs.listSteps(thread.id, run.id, { limit: 100 });
    expect(steps.map((s) => s.id)).toEqual(page.data.map((s) => s.id));
    expect(steps.length).toBeGreaterThan(1);
    // The older signature, options in the third place, still lists oldest first.
    const older = await client.runs.listSteps(thread.id, run.id, { timeout: 5_000 });
    expect(older.data.map((s) => s.id)).toEqual(page.data.map((s) => s.id));

    const step = await client.runs.retrieveStep(thread.id, run.id, steps[0]?.id ?? '');
    expect(step).toEqual(steps[0]);
    const runs = await client.runs.list(thread.id, { limit: 5 });
    expect(runs.data.map((r) => r.id)).toEqual([run.id]);
  });

  it('checks a list query before sending it', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const before = sim.requests().length;
    await expect(client.runs.listSteps('thread_1', 'run_1', { limit: 0 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(client.runs.list('thread_1', { order: 'up' as 'asc' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // The walk checks its query when it is made, before its first page.
    expect(() => client.threads.messages.listAll('thread_1', { after: '../x' })).toThrow(ValidationError);
    expect(sim.requests().length).toBe(before);
  });
});
