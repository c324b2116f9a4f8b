import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { SCENARIO_NAMES, type Simulator, startSimulator } from '../../src/simulator/index.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import { expectedEvents, fixtureText, outcomeOf } from '../helpers/fixtures.js';
import { type Bundle, bundle, isOneLine, SPAWN_TIMEOUT, type Spawned, spawnNode } from './support.js';

// Long enough to be redacted, and unlike anything a server would send on its own.
const KEY = 'sk-test-cli-9f8e7d6c5b4a39281706';

let sim: Simulator;
let assistant: string;
let thread: string;
let dir: string;
let cli: Bundle;

/** `runstream …`, spawned. */
function runstream(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<Spawned> {
  return spawnNode([cli.file, ...args], options);
}

beforeAll(async () => {
  cli = await bundle('src/cli/main.ts');
  sim = await startSimulator({ port: 0, tokenDelayMs: 1, apiKey: KEY });
  const client = createClient({ baseURL: sim.url, apiKey: KEY });
  assistant = (await client.assistants.create({ model: 'gpt-4o', name: 'cli tests' })).id;
  thread = (await client.threads.create()).id;
  dir = await mkdtemp(join(tmpdir(), 'runstream-cli-'));
}, SPAWN_TIMEOUT);

afterAll(async () => {
  await sim.close();
  await cli.remove();
  await rm(dir, { recursive: true, force: true });
});

/** `runstream run` against the simulator with the key in the environment. */
function run(args: string[], env: Record<string, string> = {}): Promise<Spawned> {
  return runstream(['run', '--base-url', sim.url, '--assistant', assistant, ...args], {
    env: { OPENAI_API_KEY: KEY, ...env },
  });
}

function expectNoKey(...texts: string[]): void {
  for (const text of texts) expect(text).not.toContain(KEY);
}

function jsonLines(text: string): Array<{ event: string; data: unknown }> {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe.concurrent('runstream run', () => {
  it(
    'prints the text of a completed run and exits 0',
    async () => {
      const result = await run(['--message', 'Hello from the test suite', '--format', 'text']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Hello from the test suite');
      expect(result.stdout.endsWith('\n')).toBe(true);
      expect(result.stderr).toBe('');
      expectNoKey(result.stdout, result.stderr);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'writes one JSON object a line with --format ndjson, starting with the new thread',
    async () => {
      const result = await run(['--message', 'Hi', '--format', 'ndjson']);
      expect(result.code).toBe(0);
      const lines = jsonLines(result.stdout);
      expect(lines[0]?.event).toBe('thread.created');
      expect(lines.some((line) => line.event === 'thread.message.delta')).toBe(true);
      expect(lines.at(-2)?.event).toBe('thread.run.completed');
      expect(lines.at(-1)).toEqual({ event: 'done', data: '[DONE]' });
      expectNoKey(result.stdout, result.stderr);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'runs an existing thread with --thread, adding --message to it',
    async () => {
      const result = await run(['--thread', thread, '--message', 'Second message', '--format', 'ndjson']);
      expect(result.code).toBe(0);
      const lines = jsonLines(result.stdout);
      expect(lines[0]).toMatchObject({ event: 'thread.run.created', data: { thread_id: thread } });
      const text = lines
        .filter((line) => line.event === 'thread.message.delta')
        .map((line) => JSON.stringify(line.data))
        .join('');
      expect(text).toContain('Second');
    },
    SPAWN_TIMEOUT,
  );

  it.each([
    ['failed', 3, /^runstream: run run_\w+ failed: /],
    ['incomplete', 4, /^runstream: run run_\w+ ended incomplete \(max_completion_tokens\)/],
    ['function_call', 5, /^runstream: run run_\w+ requires action: submit the outputs of get_weather/],
  ])(
    'exits with a distinct status and one line when the run ends %s',
    async (scenario, code, line) => {
      const result = await run(['--message', 'Hi', '--metadata', `scenario=${scenario}`, '--format', 'text']);
      expect(result.code).toBe(code);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toMatch(line);
      expectNoKey(result.stdout, result.stderr);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 7 with the server message when the stream carries event: error',
    async () => {
      const result = await run(['-m', 'Hi', '--metadata', 'fault=error_event', '--format', 'ndjson']);
      expect(result.code).toBe(7);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(jsonLines(result.stdout).at(-1)?.event).toBe('error');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'shows status lines and a summary with --format pretty, without colour on a pipe',
    async () => {
      const result = await run(['-m', 'Hi', '--metadata', 'scenario=code_interpreter', '--format', 'pretty']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('◦ in progress\n');
      expect(result.stdout).toContain('⚙ code_interpreter\n');
      expect(result.stdout).toMatch(/\n✔ completed · \d+ tokens · first token \d+ ms · \d+\.\d s\n$/);
      expect(result.stdout).not.toContain('\x1b[');
      expect(result.stdout).not.toContain('\r');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'says in one line that the key is missing, without sending anything',
    async () => {
      const result = await runstream([
        'run',
        '--assistant',
        'asst_abc',
        '--base-url',
        'https://api.example.com/v1',
      ]);
      expect(result.code).toBe(2);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toContain('OPENAI_API_KEY');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'says in one line that the key is wrong, without printing it',
    async () => {
      const wrong = 'sk-test-wrong-key-0123456789abcdef';
      const result = await runstream(['run', '--base-url', sim.url, '--assistant', assistant, '-m', 'Hi'], {
        env: { OPENAI_API_KEY: wrong },
      });
      expect(result.code).toBe(7);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toContain('401');
      expect(result.stderr + result.stdout).not.toContain(wrong);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'names the URL in one line when the server is unreachable',
    async () => {
      const port = await closedPort();
      const base = `http://127.0.0.1:${port}/v1`;
      const result = await runstream(
        ['run', '--base-url', base, '--assistant', 'asst_abc', '--max-retries', '0'],
        {
          env: { OPENAI_API_KEY: KEY },
        },
      );
      expect(result.code).toBe(7);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toContain(base);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'says the Assistants API is not served when the server has no such route',
    async () => {
      const base = sim.url.replace(/\/v1$/, '/v2');
      const result = await runstream(['run', '--base-url', base, '--assistant', assistant, '-m', 'Hi'], {
        env: { OPENAI_API_KEY: KEY },
      });
      expect(result.code).toBe(7);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toContain(`the Assistants API is not served at ${base}`);
      expect(result.stderr).toContain('OPENAI_BASE_URL');
    },
    SPAWN_TIMEOUT,
  );

  it.each(['text', 'pretty'])(
    'prints the answer of a run the server answered with JSON, fetched once it completed (--format %s)',
    async (format) => {
      const result = await run(['-m', 'Hi', '--metadata', 'fault=json', '--format', format]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('You said: “Hi”');
      if (format === 'pretty') expect(result.stdout).toMatch(/✔ completed/);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'keeps the JSON fallback quiet with --format ndjson, whose statuses are the whole story',
    async () => {
      const result = await run(['-m', 'Hi', '--metadata', 'fault=json', '--format', 'ndjson']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(jsonLines(result.stdout).at(-2)?.event).toBe('thread.run.completed');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'names a 4-character key in one warning instead of mangling every word that holds its letters',
    async () => {
      const key = 'sk-x';
      const server = await echoingServer();
      try {
        const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
        const env = { OPENAI_API_KEY: key };
        const args = ['run', '--base-url', base, '--assistant', 'asst_abc', '--thread'];
        const [refused, text, pretty] = await Promise.all([
          runstream([...args, 'thread_refused'], { env }),
          runstream([...args, 'thread_echo', '--format', 'text'], { env }),
          runstream([...args, 'thread_echo', '--format', 'pretty'], { env }),
        ]);
        const warning =
          'runstream: warning: OPENAI_API_KEY is 4 characters long, too short to tell apart from ordinary text, so output is not redacted of it\n';
        expect(refused.code).toBe(7);
        expect(refused.stderr.startsWith(warning)).toBe(true);
        expect(isOneLine(refused.stderr.slice(warning.length))).toBe(true);
        expect(refused.stderr).toContain('Incorrect API key provided');
        for (const shown of [text, pretty]) {
          expect(shown.code).toBe(0);
          expect(shown.stderr).toBe(warning);
          expect(shown.stdout).toContain(`Your key is ${key}, and again: ${key}.`);
        }
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    },
    SPAWN_TIMEOUT,
  );

  it(
    'runs against its own simulator with --simulator, no key needed',
    async () => {
      const result = await runstream(['run', '--simulator', '--message', 'No key here', '--format', 'text']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('No key here');
    },
    SPAWN_TIMEOUT,
  );
});

describe.concurrent('flags', () => {
  it(
    'documents every command, flag and exit status in --help',
    async () => {
      const [main, runHelp, replayHelp] = await Promise.all([
        runstream(['--help']),
        runstream(['run', '--help']),
        runstream(['replay', '--help']),
      ]);
      for (const result of [main, runHelp, replayHelp]) expect(result.code).toBe(0);
      expect(main.stdout).toMatch(/run \[options\]/);
      expect(main.stdout).toMatch(/replay \[options\] <file>/);
      expect(main.stdout).toMatch(/Exit status:[\s\S]+3 +the run failed/);
      for (const flag of [
        '--thread <id>',
        '--assistant <id>',
        '--message <text>',
        '--base-url <url>',
        '--format <format>',
      ]) {
        expect(runHelp.stdout).toContain(flag);
      }
      expect(runHelp.stdout).toContain('OPENAI_API_KEY');
      // Each scenario with the start of its summary, on the line of its name.
      for (const scenario of SCENARIO_NAMES)
        expect(runHelp.stdout).toMatch(new RegExp(`\\n  ${scenario} +[A-Z]`));
      expect(runHelp.stdout).toMatch(/\n {2}function_call +Calls get_weather once/);
      expect(replayHelp.stdout).toContain('- to read standard input');
    },
    SPAWN_TIMEOUT,
  );

  it.each([
    [['run', '--bogus'], "unknown option '--bogus'"],
    [['run', '--format', 'xml'], 'pretty, text, ndjson, sse'],
    [['run', '--timeout', 'soon'], 'expected a whole number'],
    [['run', '--metadata', 'scenario'], 'expected key=value'],
    [['run', '--base-url', 'not-a-url'], "option '--base-url <url>' argument 'not-a-url' is invalid"],
    [['run', '--azure-endpoint', 'ftp://files.example'], "option '--azure-endpoint <url>' argument"],
    [['launch'], "unknown command 'launch'"],
  ])(
    'rejects %j with one line and status 2',
    async (args, message) => {
      const result = await runstream(args);
      expect(result.code).toBe(2);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    },
    SPAWN_TIMEOUT,
  );
});

describe('record and replay', () => {
  it(
    'replays a recorded run exactly, from a file and from stdin',
    async () => {
      const recorded = await run(['--message', 'Record me', '--format', 'sse']);
      expect(recorded.code).toBe(0);
      expectNoKey(recorded.stdout);
      const file = join(dir, 'run.sse');
      await writeFile(file, recorded.stdout);

      const [asSSE, asNDJSON, fromStdin] = await Promise.all([
        runstream(['replay', file, '--format', 'sse']),
        runstream(['replay', file, '--format', 'ndjson']),
        runstream(['replay', '-', '--format', 'text'], { input: await readFile(file, 'utf8') }),
      ]);
      expect(asSSE.stdout).toBe(recorded.stdout);
      const events = await outcomeOf(parseRunEvents(recorded.stdout));
      expect(jsonLines(asNDJSON.stdout)).toEqual([...events.values, { event: 'done', data: '[DONE]' }]);
      expect(fromStdin.stdout).toContain('Record me');
      for (const result of [asSSE, asNDJSON, fromStdin]) expect(result.code).toBe(0);
    },
    SPAWN_TIMEOUT,
  );

  it.each([
    ['failed.sse', 3],
    ['incomplete.sse', 4],
    ['function-call.sse', 5],
    ['text.sse', 0],
  ])(
    'exits as the recorded run ended: %s',
    async (fixture, code) => {
      const result = await runstream(['replay', '-', '--format', 'ndjson'], { input: fixtureText(fixture) });
      expect(result.code).toBe(code);
      expect(jsonLines(result.stdout).slice(0, -1)).toEqual(expectedEvents(fixtureText(fixture)));
    },
    SPAWN_TIMEOUT,
  );

  it(
    'colours pretty output only when asked and never with NO_COLOR',
    async () => {
      const input = fixtureText('failed.sse');
      const [forced, vetoed] = await Promise.all([
        runstream(['replay', '-', '--format', 'pretty'], { input, env: { FORCE_COLOR: '1' } }),
        runstream(['replay', '-', '--format', 'pretty'], { input, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }),
      ]);
      expect(forced.stdout).toContain('\x1b[31m✖ failed');
      expect(vetoed.stdout).toContain('✖ failed');
      expect(vetoed.stdout).not.toContain('\x1b[');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'says in one line that a recording cannot be read',
    async () => {
      const result = await runstream(['replay', join(dir, 'missing.sse')]);
      expect(result.code).toBe(2);
      expect(isOneLine(result.stderr)).toBe(true);
      expect(result.stderr).toContain('no such file');
    },
    SPAWN_TIMEOUT,
  );
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A server that echoes the caller's key back, as a careless proxy might: in a 401 for the thread
 * `thread_refused`, else in the streamed text of a completed run, once split over two deltas.
 */
async function echoingServer(): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    req.resume();
    if (req.url?.includes('thread_refused')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${key}.`,
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        }),
      );
      return;
    }
    const [start, end] = [key.slice(0, 2), key.slice(2)];
    const transcript = fixtureText('text.sse')
      .replace('"value":"Sure"', `"value":"Your key is ${start}"`)
      .replace('"value":"! The "', `"value":"${end}, and again: ${key}. The "`);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(transcript);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
