import { afterEach, describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  createClient,
  type RunStreamEvent,
  type RunstreamClient,
} from '../../src/index.js';
import { SCENARIO_NAMES, type ScenarioName, type Simulator } from '../../src/simulator/index.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { call, closeSimulators, eventually, pollRun, simulator, threadWith } from './support.js';

afterEach(closeSimulators);

const KEY = 'sk-sim-test-key';

function clientFor(sim: Simulator, options: ClientOptions = {}): RunstreamClient {
  return createClient({ baseURL: sim.url, apiKey: KEY, maxRetries: 0, ...options });
}

const textOf = (events: RunStreamEvent[]) =>
  events
    .map((e) =>
      e.event === 'thread.message.delta'
        ? (e.data.delta.content ?? []).map((c) => (c.type === 'text' ? (c.text?.value ?? '') : '')).join('')
        : '',
    )
    .join('');

/**
 * Streams a run and answers every `requires_action` with `output(callName, args)`, as an app
 * would, until the run ends. Returns every event of every round.
 */
async function runToEnd(client: RunstreamClient, threadId: string, scenario: string) {
  const first = await outcomeOf(
    client.runs.stream(threadId, { assistant_id: 'asst_e2e', metadata: { scenario } }),
  );
  const events = [...first.values];
  let rounds = 0;
  let last = first;
  while (last.completed && events.at(-1)?.event === 'thread.run.requires_action' && rounds < 5) {
    const run = events.at(-1)?.data as {
      id: string;
      required_action: {
        submit_tool_outputs: { tool_calls: Array<{ id: string; function: { arguments: string } }> };
      };
    };
    const tool_outputs = run.required_action.submit_tool_outputs.tool_calls.map((c) => ({
      tool_call_id: c.id,
      output: `${JSON.parse(c.function.arguments).location}: 21°C`,
    }));
    last = await outcomeOf(client.runs.submitToolOutputsStream(threadId, run.id, { tool_outputs }));
    events.push(...last.values);
    rounds++;
  }
  return { events, rounds, error: last.error, completed: last.completed };
}

const EXPECTED: Record<ScenarioName, { end: string; rounds: number }> = {
  text: { end: 'thread.run.completed', rounds: 0 },
  function_call: { end: 'thread.run.completed', rounds: 1 },
  parallel_function_calls: { end: 'thread.run.completed', rounds: 1 },
  two_rounds: { end: 'thread.run.completed', rounds: 2 },
  code_interpreter: { end: 'thread.run.completed', rounds: 0 },
  file_search: { end: 'thread.run.completed', rounds: 0 },
  failed: { end: 'thread.run.failed', rounds: 0 },
  incomplete: { end: 'thread.run.incomplete', rounds: 0 },
};

describe('the client against the simulator', () => {
  it.each(SCENARIO_NAMES)(
    'streams the %s scenario to its end, in order, over every round',
    async (scenario) => {
      const sim = await simulator({ apiKey: KEY });
      const client = clientFor(sim);
      const threadId = await client.threads.create({
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
      });
      const { events, rounds, error, completed } = await runToEnd(client, threadId.id, scenario);
      expect(error).toBeUndefined();
      expect(completed).toBe(true);
      expect(rounds).toBe(EXPECTED[scenario].rounds);
      expect(events.slice(0, 3).map((e) => e.event)).toEqual([
        'thread.run.created',
        'thread.run.queued',
        'thread.run.in_progress',
      ]);
      expect(events.at(-1)?.event).toBe(EXPECTED[scenario].end);
      // Every delta refers to an object whose creation came before it.
      const created = new Set<string>();
      for (const event of events) {
        if (event.event === 'thread.message.created' || event.event === 'thread.run.step.created')
          created.add(event.data.id);
        if (event.event === 'thread.message.delta' || event.event === 'thread.run.step.delta') {
          expect(created.has(event.data.id)).toBe(true);
        }
      }
      const runId = events[0]?.data.id as string;
      const run = await client.runs.retrieve(threadId.id, runId);
      expect(`thread.run.${run.status}`).toBe(EXPECTED[scenario].end);
      if (rounds > 0) expect(textOf(events)).toContain('Paris: 21°C');
    },
  );

  it('creates a run without stream and resolves with the final run, polling', async () => {
    const sim = await simulator({ tokenDelayMs: 1 });
    const client = clientFor(sim);
    const threadId = await threadWith(sim, 'hello');
    const run = await client.runs.create(threadId, { assistant_id: 'asst_e2e' });
    expect(run.status).toBe('completed');
    expect(run.usage?.total_tokens).toBeGreaterThan(0);
    const paths = sim.requests().map((r) => `${r.method} ${r.path.replace(/run_[0-9a-f]+/, 'RUN')}`);
    expect(paths).toContain(`GET /v1/threads/${threadId}/runs/RUN`);
  });

  it('stops at requires_action without stream, then submits outputs and resolves with the completed run', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const threadId = await threadWith(sim, 'hello');
    const waiting = await client.runs.create(threadId, {
      assistant_id: 'asst_e2e',
      metadata: { scenario: 'function_call' },
    });
    expect(waiting.status).toBe('requires_action');
    const callId = waiting.required_action?.submit_tool_outputs.tool_calls[0]?.id as string;
    const done = await client.runs.submitToolOutputs(threadId, waiting.id, {
      tool_outputs: [{ tool_call_id: callId, output: 'rainy' }],
    });
    expect(done.status).toBe('completed');
    const steps = await client.runs.listSteps(threadId, waiting.id);
    expect(steps.data.map((s) => s.type)).toEqual(['tool_calls', 'message_creation']);
  });

  it('creates a thread and runs it, streamed (thread.created first) and not', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const streamed = await outcomeOf(
      client.threads.createAndRunStream({
        assistant_id: 'asst_e2e',
        thread: { messages: [{ role: 'user', content: 'hey' }] },
      }),
    );
    expect(streamed.values[0]?.event).toBe('thread.created');
    expect(streamed.values.at(-1)?.event).toBe('thread.run.completed');
    const run = await client.threads.createAndRun({
      assistant_id: 'asst_e2e',
      thread: { messages: [{ role: 'user', content: 'hey' }] },
    });
    expect(run.status).toBe('completed');
  });

  it('cancels a run mid-stream: the stream ends with thread.run.cancelled', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const threadId = await threadWith(sim, 'a long answer please');
    const events: RunStreamEvent[] = [];
    let cancelled: Promise<unknown> | undefined;
    // A pace this slow (the longest allowed) never lets the run end by itself during the test:
    // only the cancel, sent on its first event, can end the stream.
    const params = { assistant_id: 'asst_e2e', metadata: { token_delay_ms: '600000' } };
    const outcome = await new Promise<{ error?: unknown }>((resolve) => {
      client.runs.stream(threadId, params).subscribe({
        next: (event) => {
          events.push(event);
          if (event.event === 'thread.run.created') cancelled = client.runs.cancel(threadId, event.data.id);
        },
        error: (error: unknown) => resolve({ error }),
        complete: () => resolve({}),
      });
    });
    expect(outcome.error).toBeUndefined();
    expect(await cancelled).toMatchObject({ status: 'cancelling' });
    expect(events.map((e) => e.event)).toEqual([
      'thread.run.created',
      'thread.run.cancelling',
      'thread.run.cancelled',
    ]);
  });

  it('unsubscribing closes the stream on the server, and the run still ends there', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const threadId = await threadWith(sim, 'hello');
    const messageId = await new Promise<string>((resolve) => {
      const subscription = client.runs
        .stream(threadId, { assistant_id: 'asst_e2e', metadata: { token_delay_ms: '20' } })
        .subscribe((event) => {
          if (event.event === 'thread.message.delta') {
            subscription.unsubscribe();
            resolve(event.data.id);
          }
        });
    });
    expect(messageId).toMatch(/^msg_/);
    await eventually(() => sim.streams() === 0);
    const runs = await call(sim, 'GET', `/threads/${threadId}/runs`);
    expect((await pollRun(sim, threadId, runs.json.data[0].id)).at(-1)).toBe('completed');
  });

  it('talks to the Azure-style routes with api-key and api-version', async () => {
    const sim = await simulator({ apiKey: KEY });
    const client = createClient({
      apiKey: KEY,
      maxRetries: 0,
      azure: { endpoint: sim.endpoint, apiVersion: '2024-05-01-preview', deployment: 'gpt-4o-dep' },
    });
    const thread = await client.threads.create({ messages: [{ role: 'user', content: 'azure?' }] });
    const outcome = await outcomeOf(client.runs.stream(thread.id, { assistant_id: 'asst_e2e' }));
    expect(outcome.completed).toBe(true);
    expect(outcome.values[0]?.data).toMatchObject({ model: 'gpt-4o-dep' });
    expect(sim.requests().every((r) => r.path.startsWith('/openai/'))).toBe(true);
  });

  it('creates an assistant whose metadata picks the scenario of its runs', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const assistant = await client.assistants.create({
      model: 'gpt-4o',
      metadata: { scenario: 'incomplete' },
    });
    const threadId = await threadWith(sim, 'hi');
    const outcome = await outcomeOf(client.runs.stream(threadId, { assistant_id: assistant.id }));
    expect(outcome.values.at(-1)?.event).toBe('thread.run.incomplete');
  });
});
