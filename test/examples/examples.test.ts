import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { type Bundle, bundle, isOneLine, SPAWN_TIMEOUT, type Spawned, spawnNode } from '../cli/support.js';

const NAMES = [
  'quickstart',
  'tool-agent',
  'log-tail',
  'reactive-ui',
  'responses-reactive',
  'responses-tool-loop',
] as const;
type Name = (typeof NAMES)[number];
const bundles = new Map<Name, Bundle>();

// Each example runs as a script in its own process, without any OPENAI_* variable unless a test
// sets one; bundled once, so that a run costs a plain Node start.
function example(name: Name, env: Record<string, string> = {}, args: string[] = []): Promise<Spawned> {
  return spawnNode([bundles.get(name)?.file ?? name, ...args], { env });
}

// The quick start's Assistants run, chosen by the environment (`npm start -- --assistants` also works).
const ASSISTANTS = { RUNSTREAM_API: 'assistants' };

const SIMULATOR_LINE = 'No OPENAI_API_KEY: using the built-in simulator (set it to use a real server).\n';
const SUMMARY = /^completed · \d+ tokens · first token \d+ ms · \d+\.\d s$/;
const KEY = 'sk-test-examples-5a4b3c2d1e0f9988';

let sim: Simulator;
let weatherAssistant: string;

beforeAll(async () => {
  for (const name of NAMES) bundles.set(name, await bundle(`examples/${name}.ts`));
  // Stands in for a real server: it demands the key, as one would.
  sim = await startSimulator({ port: 0, tokenDelayMs: 1, apiKey: KEY });
  const client = createClient({ baseURL: sim.url, apiKey: KEY });
  weatherAssistant = (
    await client.assistants.create({
      model: 'gpt-4o',
      name: 'weather',
      metadata: { scenario: 'function_call' },
    })
  ).id;
}, SPAWN_TIMEOUT);

afterAll(async () => {
  await Promise.all([...bundles.values()].map((b) => b.remove()));
  await sim.close();
});

describe.concurrent('examples', () => {
  it(
    'npm start (tsx examples/quickstart.ts) streams a tool-calling response on the simulator, then a summary',
    async () => {
      const result = await spawnNode(['--import', 'tsx', 'examples/quickstart.ts']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(SIMULATOR_LINE);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('· in progress');
      expect(lines).toContain('· in progress');
      expect(lines).toContain('→ get_weather({"location":"Paris","unit":"celsius"})');
      expect(lines.some((line) => line.includes('"temperature":21'))).toBe(true);
      expect(lines.at(-1)).toMatch(SUMMARY);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'npm start -- --assistants streams the tool-calling run of the Assistants API instead',
    async () => {
      const result = await example('quickstart', {}, ['--assistants']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(SIMULATOR_LINE);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('· queued');
      expect(lines).toContain('→ get_weather({"location":"Paris","unit":"celsius"})');
      expect(lines.at(-1)).toMatch(SUMMARY);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'quickstart with a key uses the Responses API of OPENAI_BASE_URL, never printing the key',
    async () => {
      const result = await example('quickstart', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: sim.url });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(SUMMARY);
      expect(result.stdout).not.toContain(KEY);
      const posts = sim.requests().filter((r) => r.method === 'POST' && r.path === '/v1/responses');
      expect(posts.length).toBeGreaterThan(0);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'quickstart says in one line that a server without the Responses API has none',
    async () => {
      const base = sim.url.replace(/\/v1$/, '/v2');
      const result = await example('quickstart', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: base });
      expect(result.code).toBe(1);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toMatch(
        new RegExp(`^The Responses API is not served at ${base.replace(/[.]/g, '\\.')} `),
      );
      expect(result.stderr).toContain('npm start -- --assistants');
      expect(result.stdout).toBe('');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'responses-reactive prints frames that only ever change, ending with the whole answer',
    async () => {
      const result = await example('responses-reactive');
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(/^\d+ frames; final status completed$/);
      const frames = lines.slice(0, -1);
      expect(frames.length).toBeGreaterThan(2);
      frames.forEach((frame, i) => {
        if (i > 0)
          expect(frame.slice(frame.indexOf('['))).not.toBe(frames[i - 1]?.slice(frames[i - 1]?.indexOf('[')));
      });
      expect(frames.at(-1)).toMatch(/^frame \d+ \[completed\] \(.+\) Hi there/);
    },
    SPAWN_TIMEOUT,
  );

  it.each([[[]], [['--stateless']]])(
    'responses-tool-loop %j answers both calls and prints the answer built on their outputs',
    async (args) => {
      const result = await example('responses-tool-loop', {}, args);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('? Compare the weather in Paris and Tokyo.');
      expect(lines.filter((line) => line.startsWith('⚙ get_weather('))).toHaveLength(2);
      const answer = lines.find((line) => line.startsWith('= ')) ?? '';
      expect(answer).toContain('{"location":"Paris","celsius":21,"sky":"sunny"}');
      expect(answer).toContain('{"location":"Tokyo","celsius":27,"sky":"humid, light rain"}');
      expect(lines.at(-1)).toBe(
        args.length ? 'completed after a stateless loop' : 'completed after 1 round of tool calls',
      );
    },
    SPAWN_TIMEOUT,
  );

  it(
    'quickstart uses OPENAI_BASE_URL and OPENAI_ASSISTANT_ID when a key is set, never printing the key',
    async () => {
      const result = await example('quickstart', {
        ...ASSISTANTS,
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: sim.url,
        OPENAI_ASSISTANT_ID: weatherAssistant,
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('→ get_weather(');
      expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(SUMMARY);
      expect(result.stdout).not.toContain(KEY);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'quickstart deletes the throwaway assistant it made once it is done',
    async () => {
      const result = await example('quickstart', {
        ...ASSISTANTS,
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: sim.url,
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      // No other test of this file deletes, and the example made exactly one assistant.
      const deletes = sim.requests().filter((request) => request.method === 'DELETE');
      expect(deletes.map((request) => request.path)).toEqual([
        expect.stringMatching(/^\/v1\/assistants\/asst_/),
      ]);
      const gone = await fetch(`${sim.endpoint}${deletes[0]?.path}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(gone.status).toBe(404);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'quickstart --assistants says in one line that a server without the Assistants API has none',
    async () => {
      const base = sim.url.replace(/\/v1$/, '/v2');
      const result = await example('quickstart', {
        ...ASSISTANTS,
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: base,
      });
      expect(result.code).toBe(1);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toBe(
        `The Assistants API is not served at ${base} (OpenAI removed it on 2026-08-26). Set OPENAI_BASE_URL to an Assistants-compatible server (Azure, a local one), or unset OPENAI_API_KEY to use the simulator.\n`,
      );
      expect(result.stdout).toBe('');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'quickstart names the assistant, not a missing API, when OPENAI_ASSISTANT_ID is wrong',
    async () => {
      const result = await example('quickstart', {
        ...ASSISTANTS,
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: sim.url,
        OPENAI_ASSISTANT_ID: 'my-assistant',
      });
      expect(result.code).toBe(1);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toContain('my-assistant');
      expect(result.stderr).not.toContain('not served');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'tool-agent answers two rounds of tool calls and prints the answer built on their outputs',
    async () => {
      const result = await example('tool-agent');
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('? Compare the weather in Paris and Tokyo.');
      expect(lines.filter((line) => line.startsWith('⚙ get_weather('))).toEqual([
        '⚙ get_weather({"location":"Paris","unit":"celsius"})',
        '⚙ get_weather({"location":"Tokyo","unit":"celsius"})',
      ]);
      const answer = lines.find((line) => line.startsWith('= ')) ?? '';
      expect(answer).toContain('{"location":"Paris","celsius":21,"sky":"sunny"}');
      expect(answer).toContain('{"location":"Tokyo","celsius":27,"sky":"humid, light rain"}');
      expect(lines.at(-1)).toBe('completed after 2 rounds of tool calls');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'log-tail writes one JSON event a line, from thread.created to done',
    async () => {
      const result = await example('log-tail');
      expect(result.code).toBe(0);
      const events = result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; data: unknown });
      for (const event of events) expect(Object.keys(event)).toEqual(['event', 'data']);
      expect(events[0]?.event).toBe('thread.created');
      expect(events.at(-2)?.event).toBe('thread.run.completed');
      expect(events.at(-1)).toEqual({ event: 'done', data: '[DONE]' });
    },
    SPAWN_TIMEOUT,
  );

  it(
    'reactive-ui prints frames that only ever change, ending with the whole answer',
    async () => {
      const result = await example('reactive-ui');
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      const frames = lines.slice(0, -1);
      expect(lines.at(-1)).toBe(`${frames.length} frames; final status completed`);
      frames.forEach((frame, i) => {
        expect(frame.startsWith(`frame ${i + 1} [`)).toBe(true);
        if (i > 0)
          expect(frame.slice(frame.indexOf('['))).not.toBe(frames[i - 1]?.slice(frames[i - 1]?.indexOf('[')));
      });
      expect(frames.at(-1)).toMatch(
        /^frame \d+ \[completed\] Hi there! 👋 You said: “Tell me something nice about reactive streams\.”/,
      );
    },
    SPAWN_TIMEOUT,
  );
});
