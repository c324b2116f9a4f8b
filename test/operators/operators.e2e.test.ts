import { lastValueFrom, share, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { finalRun } from '../../src/operators/final-run.js';
import { handleToolCalls } from '../../src/operators/handle-tool-calls.js';
import { snapshots } from '../../src/operators/snapshots.js';
import { textDeltas } from '../../src/operators/text-deltas.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import type { TextContent } from '../../src/types/message.js';

// The four operators together against the local simulator over real sockets: every scenario,
// with the bytes split inside UTF-8 characters, tool rounds answered by handleToolCalls.

let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

// How each scenario ends, and how many function calls it asks for on the way.
const SCENARIOS: Record<string, { end: string; calls: number }> = {
  text: { end: 'completed', calls: 0 },
  function_call: { end: 'completed', calls: 1 },
  parallel_function_calls: { end: 'completed', calls: 2 },
  two_rounds: { end: 'completed', calls: 2 },
  code_interpreter: { end: 'completed', calls: 0 },
  file_search: { end: 'completed', calls: 0 },
  failed: { end: 'failed', calls: 0 },
  incomplete: { end: 'incomplete', calls: 0 },
};

describe('operators against the simulator', () => {
  it.each(Object.keys(SCENARIOS))('follow the %s scenario to its end', async (scenario) => {
    simulator = await startSimulator({ port: 0, tokenDelayMs: 0 });
    const client = createClient({ baseURL: simulator.url, apiKey: 'sk-e2e', maxRetries: 0 });
    const thread = await client.threads.create({
      messages: [{ role: 'user', content: 'Weather in Paris? Ça va ?' }],
    });
    const asked: string[] = [];
    const events$ = client.runs
      .stream(thread.id, { assistant_id: 'asst_e2e', metadata: { scenario, chunking: 'mid_char' } })
      .pipe(
        handleToolCalls(client, {
          get_weather: ({ location }: { location: string }) => {
            asked.push(location);
            return `${location}: 21 °C`;
          },
        }),
        share(),
      );
    const [all, texts, run] = await Promise.all([
      lastValueFrom(events$.pipe(snapshots(), toArray())),
      lastValueFrom(events$.pipe(textDeltas(), toArray())),
      lastValueFrom(events$.pipe(finalRun())),
    ]);

    expect(run.status).toBe(SCENARIOS[scenario]?.end);
    const last = all.at(-1);
    expect(last?.run).toBe(run);
    const finalText = (last?.messages ?? [])
      .flatMap((m) => m.content.filter((p): p is TextContent => p.type === 'text'))
      .map((p) => p.text.value)
      .join('');
    expect(texts.join('')).toBe(finalText);
    for (const location of asked) expect(finalText).toContain(`${location}: 21 °C`);
    expect(asked).toHaveLength(SCENARIOS[scenario]?.calls ?? -1);
  });
});
