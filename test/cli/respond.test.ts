import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { parseResponseEvents } from '../../src/responses/parse.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { captureTerminal } from './support.js';

const KEY = 'sk-test-respond-7a6b5c4d3e2f1a0b9c8d';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, tokenDelayMs: 0, apiKey: KEY });
});
afterAll(async () => {
  await sim.close();
});

/** Runs `runstream …` in this process; stdin holds `input`. */
async function cli(
  args: string[],
  options: {
    env?: Record<string, string>;
    input?: string;
    interrupt?: AbortSignal;
    onOut?: (text: string) => void;
  } = {},
) {
  const terminal = captureTerminal();
  const input = options.input;
  const write = terminal.out.write.bind(terminal.out);
  terminal.out.write = (text: string) => {
    write(text);
    options.onOut?.(terminal.out.text);
  };
  const code = await runCli(args, {
    terminal,
    env: options.env ?? {},
    stdin: (async function* () {
      if (input !== undefined) yield input;
    })(),
    interrupt: options.interrupt ?? new AbortController().signal,
  });
  return { code, stdout: terminal.out.text, stderr: terminal.err.text };
}

/** `runstream respond` against the simulator, the key in the environment. */
const respond = (args: string[]) =>
  cli(['respond', '--base-url', sim.url, ...args], { env: { OPENAI_API_KEY: KEY } });

describe('runstream respond', () => {
  it('prints the answer as text and exits 0', async () => {
    const { code, stdout, stderr } = await respond(['-m', 'Hello there', '-f', 'text']);
    expect(code).toBe(0);
    expect(stdout).toContain('Hello there');
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stderr).toBe('');
  });

  it('pretty shows the reasoning summary, then the answer, then the summary line', async () => {
    const { code, stdout } = await respond([
      '-m',
      'Why?',
      '--metadata',
      'scenario=reasoning',
      '-f',
      'pretty',
    ]);
    expect(code).toBe(0);
    const thinking = stdout.indexOf('✻');
    const done = stdout.indexOf('✔ completed');
    expect(thinking).toBeGreaterThan(-1);
    expect(done).toBeGreaterThan(thinking);
    expect(stdout).toMatch(/◦ response resp_\w+ · gpt-5-mini/);
    expect(stdout).toMatch(/\d+ tokens/);
  });

  it('pretty shows a function call and exits 5 naming the call left to answer', async () => {
    const { code, stdout, stderr } = await respond([
      '-m',
      'Weather in Paris?',
      '--metadata',
      'scenario=function_call',
      '-f',
      'pretty',
    ]);
    expect(code).toBe(5);
    expect(stdout).toMatch(/⚙ get_weather\(\{.*\}\) call_\w+/);
    expect(stderr).toMatch(/^runstream: response resp_\w+ asks for function calls: get_weather \(call_\w+\)/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    ['failed', 3, /failed: server_error/],
    ['incomplete', 4, /ended incomplete \(max_output_tokens\)/],
  ])('the %s scenario exits %i with one line saying why', async (scenario, status, reason) => {
    const { code, stderr } = await respond(['-m', 'Hi', '--metadata', `scenario=${scenario}`, '-f', 'text']);
    expect(code).toBe(status);
    expect(stderr).toMatch(reason);
  });

  it('ndjson writes each event as its wire object, one a line, every sequence number in order', async () => {
    const { code, stdout } = await respond(['-m', 'Hi', '-f', 'ndjson', '--background']);
    expect(code).toBe(0);
    const events = stdout
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { type: string; sequence_number: number; response?: { background: boolean } },
      );
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]?.response?.background).toBe(true);
    expect(events.at(-1)?.type).toBe('response.completed');
  });

  it.each(['none', 'minimal', 'xhigh', 'max'])(
    '--reasoning %s is sent as reasoning.effort, with the summary asked for',
    async (effort) => {
      const { code, stdout } = await respond(['-m', 'Why?', '--reasoning', effort, '-f', 'ndjson']);
      expect(code).toBe(0);
      const created = JSON.parse(stdout.split('\n')[0] as string);
      expect(created.response.reasoning).toEqual({ effort, summary: 'auto' });
    },
  );

  it('refuses a --reasoning effort the API does not take, listing the ones it does (exit 2)', async () => {
    const before = sim.requests().length;
    const { code, stderr } = await respond(['-m', 'Why?', '--reasoning', 'extreme']);
    expect(code).toBe(2);
    expect(stderr).toContain('extreme');
    for (const effort of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']) {
      expect(stderr).toContain(effort);
    }
    expect(sim.requests()).toHaveLength(before);
  });

  it('a background response cancelled elsewhere while it streams exits 6 saying so', async () => {
    // A simulator of its own, so the cancel it makes is no other test's.
    const own = await startSimulator({ port: 0, tokenDelayMs: 0, apiKey: KEY });
    try {
      const { createClient } = await import('../../src/index.js');
      const other = createClient({ baseURL: own.url, apiKey: KEY });
      let cancelling: Promise<unknown> | undefined;
      const { code, stdout, stderr } = await cli(
        ['respond', '--base-url', own.url, '-m', 'A long story', '--background'].concat([
          '--metadata',
          'scenario=slow',
          '-f',
          'ndjson',
        ]),
        {
          env: { OPENAI_API_KEY: KEY },
          onOut: (text) => {
            const lines = text.split('\n').filter(Boolean);
            if (cancelling || lines.length < 5) return;
            cancelling = other.responses.cancel(JSON.parse(lines[0] as string).response.id);
          },
        },
      );
      await cancelling;
      expect(code).toBe(6);
      expect(stderr).toMatch(/^runstream: response resp_\w+ was cancelled\n$/);
      expect(stdout).not.toContain('response.completed');
    } finally {
      await own.close();
    }
  });

  it('--simulator needs no key and no server', async () => {
    const { code, stdout } = await cli(['respond', '--simulator', '-m', 'Hi', '-f', 'text']);
    expect(code).toBe(0);
    expect(stdout).toContain('Hi');
  });

  it('refuses bad input before sending: a missing message, a bad id, no key', async () => {
    const before = sim.requests().length;
    expect((await cli(['respond', '--simulator'])).code).toBe(2);
    const badId = await respond(['-m', 'Hi', '--previous-response-id', 'resp 1/x']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('previous_response_id');
    const noKey = await cli(['respond', '-m', 'Hi', '--base-url', 'https://api.example.test/v1']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('OPENAI_API_KEY');
    expect(sim.requests().length).toBe(before);
  });
});

describe('runstream respond, interrupted', () => {
  it('Ctrl-C exits 130 and cancels the background response it leaves', async () => {
    const interrupt = new AbortController();
    const { Interrupted } = await import('../../src/cli/errors.js');
    const result = await cli(
      [
        'respond',
        '--base-url',
        sim.url,
        '-m',
        'Tell me a long story',
        '--background',
        '--metadata',
        'scenario=slow',
        '-f',
        'pretty',
      ],
      {
        env: { OPENAI_API_KEY: KEY },
        interrupt: interrupt.signal,
        onOut: (text) => {
          if (text.includes('in progress')) interrupt.abort(new Interrupted());
        },
      },
    );
    expect(result.code).toBe(130);
    const cancels = sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    expect(cancels).toHaveLength(1);
    expect(cancels[0]?.status).toBe(200);
  });
});

describe('runstream respond and the key', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // A server that quotes the key back: in a 401, and inside a stream's error event.
    server = createServer((req, res) => {
      const key = String(req.headers.authorization ?? '').replace('Bearer ', '');
      if (req.url?.includes('echo-401') || !req.headers['content-type']) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error' },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        `event: error\ndata: ${JSON.stringify({ type: 'error', code: 'bad', message: `key ${key} refused`, param: null, sequence_number: 0 })}\n\n`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(['text', 'pretty', 'ndjson', 'sse'])(
    'never prints it (%s), whatever the server sends',
    async (format) => {
      for (const base of [`${url}/echo-401/v1`, `${url}/v1`]) {
        const { code, stdout, stderr } = await cli(
          ['respond', '--base-url', base, '-m', 'Hi', '-f', format, '--max-retries', '0'],
          {
            env: { OPENAI_API_KEY: KEY },
          },
        );
        expect(code).toBe(7);
        expect(stderr).not.toBe('');
        expect(`${stdout}${stderr}`).not.toContain(KEY);
      }
    },
  );
});

describe('runstream replay of a Responses recording', () => {
  let recording: string;
  beforeAll(async () => {
    const recorded = await respond(['-m', 'Look it up', '--metadata', 'scenario=web_search', '-f', 'sse']);
    expect(recorded.code).toBe(0);
    recording = recorded.stdout;
  });

  it('is detected and played as text', async () => {
    const { code, stdout } = await cli(['replay', '-', '-f', 'text'], { input: recording });
    expect(code).toBe(0);
    expect(stdout).toContain('example');
  });

  it('plays in pretty with the tool call and the citations', async () => {
    const { code, stdout } = await cli(['replay', '-', '-f', 'pretty'], { input: recording });
    expect(code).toBe(0);
    expect(stdout).toContain('⚙ web_search');
    expect(stdout).toMatch(/\[1\] .*https:\/\//);
    expect(stdout).not.toMatch(/first token|\d\.\d s/);
  });

  it('re-records itself byte for byte as sse, and as ndjson the same events', async () => {
    const sse = await cli(['replay', '-', '-f', 'sse'], { input: recording });
    expect(sse.code).toBe(0);
    expect(sse.stdout).toBe(recording);
    const ndjson = await cli(['replay', '-', '-f', 'ndjson'], { input: recording });
    const events: unknown[] = [];
    await new Promise<void>((resolve, reject) =>
      parseResponseEvents(recording).subscribe({
        next: (e) => events.push(e),
        error: reject,
        complete: resolve,
      }),
    );
    expect(
      ndjson.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(events);
  });

  it('is detected from its data lines alone, without event: lines', async () => {
    const dataOnly = recording.replace(/^event: .*\n/gm, '');
    const { code, stdout } = await cli(['replay', '-', '-f', 'text'], { input: dataOnly });
    expect(code).toBe(0);
    expect(stdout).toContain('example');
  });

  it('a recording cut before its end replays to exit 7', async () => {
    const cut = recording.slice(0, recording.indexOf('event: response.completed'));
    const { code, stderr } = await cli(['replay', '-', '-f', 'text'], { input: cut });
    expect(code).toBe(7);
    expect(stderr).toMatch(/^runstream: /);
  });
});
