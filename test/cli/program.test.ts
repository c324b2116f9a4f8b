import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command.js';
import { Interrupted } from '../../src/cli/errors.js';
import { runCli } from '../../src/cli/program.js';
import { createClient } from '../../src/client/create-client.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { fixtureText } from '../helpers/fixtures.js';
import { captureTerminal } from './support.js';

const KEY = 'sk-test-program-0a1b2c3d4e5f6a7b';

let sim: Simulator;
let assistant: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, tokenDelayMs: 1, apiKey: KEY });
  assistant = (await createClient({ baseURL: sim.url, apiKey: KEY }).assistants.create({ model: 'gpt-4o' }))
    .id;
});

afterAll(async () => {
  await sim.close();
});

function context(
  env: Record<string, string> = {},
  options: { stdin?: string; interrupt?: AbortSignal } = {},
) {
  const terminal = captureTerminal();
  const value: CliContext = {
    terminal,
    env,
    stdin: Readable.from([options.stdin ?? '']),
    interrupt: options.interrupt ?? new AbortController().signal,
  };
  return { context: value, out: terminal.out, err: terminal.err };
}

describe('runCli', () => {
  it('runs on Azure with --azure-endpoint, the key in api-key and an api-version', async () => {
    const { context: ctx, out, err } = context({ AZURE_OPENAI_API_KEY: KEY });
    const args = [
      'run',
      '--azure-endpoint',
      sim.endpoint,
      '--assistant',
      assistant,
      '-m',
      'Azure hello',
      '-f',
      'text',
    ];
    const code = await runCli(args, ctx);
    expect(err.text).toBe('');
    expect(code).toBe(0);
    expect(out.text).toContain('Azure hello');
    expect(
      sim.requests().some((request) => request.path === '/openai/threads/runs' && request.status === 200),
    ).toBe(true);
  });

  it('cancels the run on the server after Ctrl-C and exits 130', async () => {
    const interrupt = new AbortController();
    const terminal = captureTerminal();
    const deltaSeen = {
      write(text: string) {
        terminal.out.write(text);
        if (text.includes('thread.message.delta')) interrupt.abort(new Interrupted());
      },
      isTTY: false,
    };
    const ctx: CliContext = {
      terminal: { ...terminal, out: deltaSeen },
      env: { OPENAI_API_KEY: KEY },
      stdin: Readable.from(['']),
      interrupt: interrupt.signal,
    };
    const args = [
      'run',
      '--base-url',
      sim.url,
      '--assistant',
      assistant,
      '-m',
      'a long message to stop',
      '-f',
      'ndjson',
    ];
    const code = await runCli(args, ctx);
    expect(code).toBe(130);
    expect(terminal.err.text).toBe('runstream: interrupted\n');
    expect(terminal.out.text).not.toContain('"event":"done"');
    const cancels = sim.requests().filter((request) => request.path.endsWith('/cancel'));
    expect(cancels).toHaveLength(1);
    expect(cancels[0]?.status).toBe(200);
  });

  it('replays standard input given as -', async () => {
    const { context: ctx, out } = context({}, { stdin: fixtureText('text.sse') });
    expect(await runCli(['replay', '-', '--format', 'text'], ctx)).toBe(0);
    expect(out.text).toBe('Sure! The capital of France is Paris 🇫🇷.\n');
  });

  it('defaults to text when stdout is not a terminal', async () => {
    const { context: ctx, out } = context({}, { stdin: fixtureText('text.sse') });
    await runCli(['replay', '-'], ctx);
    expect(out.text).toBe('Sure! The capital of France is Paris 🇫🇷.\n');
  });

  it('asks for --assistant in one line when neither it nor OPENAI_ASSISTANT_ID is given', async () => {
    const { context: ctx, err } = context({ OPENAI_API_KEY: KEY });
    expect(await runCli(['run', '--base-url', sim.url, '-m', 'Hi'], ctx)).toBe(2);
    expect(err.text).toBe(
      'runstream: --assistant <id> is required (or set OPENAI_ASSISTANT_ID, or try --simulator)\n',
    );
  });

  it('reports a bad id with the ValidationError message, sending nothing', async () => {
    const { context: ctx, err } = context({ OPENAI_API_KEY: KEY });
    const before = sim.requests().length;
    expect(
      await runCli(['run', '--base-url', sim.url, '--assistant', 'asst/../x', '--thread', 'thread_1'], ctx),
    ).toBe(2);
    expect(err.text).toMatch(/^runstream: Invalid assistant_id: .+ Nothing was sent\.\n$/);
    expect(sim.requests().length).toBe(before);
  });
});
