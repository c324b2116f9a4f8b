import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { redactingWriter, shortKeyWarnings } from '../../src/cli/terminal.js';
import { redact } from '../../src/client/redact.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import { type Bundle, bundle, isOneLine, SPAWN_TIMEOUT, type Spawned, spawnNode } from '../cli/support.js';
import { cutAt } from '../helpers/chunks.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { DONE, frame, namesOf, run, textDelta } from './helpers/events.js';
import { apiKeyOf, type FaultScript, type FaultServer, startFaultServer } from './helpers/fault-server.js';
import { respond, stream } from './helpers/faults.js';

const KEY = 'sk-proj-Reliability-CLI-0123456789abcdef';
const START = [
  frame('thread.run.created', run('queued')),
  frame('thread.run.in_progress', run('in_progress')),
];
const SPOKEN = [
  frame('thread.message.delta', textDelta('Hello ')),
  frame('thread.message.delta', textDelta('world')),
];

/** A stream whose server quotes the key back: whole in one delta, split over two, and in event: error. */
const echoKey: FaultScript = (exchange) => {
  const key = apiKeyOf(exchange.request);
  const half = Math.floor(key.length / 2);
  stream([
    ...START,
    frame('thread.message.delta', textDelta(`whole ${key} `)),
    frame('thread.message.delta', textDelta(`split ${key.slice(0, half)}`)),
    frame('thread.message.delta', textDelta(`${key.slice(half)} end`)),
    frame('error', { message: `key ${key} revoked`, code: 'invalid_api_key' }),
  ])(exchange);
};

const SCENARIOS: Record<string, FaultScript> = {
  cut: stream([...START, ...SPOKEN], 'close'),
  stall: stream([...START, ...SPOKEN], 'stall'),
  proxy: respond(200, { 'content-type': 'text/html' }, '<html><title>Proxy login</title></html>'),
  complete: stream([...START, ...SPOKEN, frame('thread.run.completed', run('completed')), DONE]),
  'echo-key': echoKey,
};

const byThread: FaultScript = (exchange) => {
  const thread = /^\/v1\/threads\/([^/?]+)/.exec(exchange.request.url)?.[1] ?? '';
  (SCENARIOS[thread] ?? respond(404, {}, ''))(exchange);
};

let cli: Bundle;

beforeAll(async () => {
  cli = await bundle('src/cli/main.ts');
}, SPAWN_TIMEOUT);

afterAll(async () => {
  await cli.remove();
});

/**
 * A fault server for one test, closed when it ends. The tests of a file run alongside, so each
 * has its own: what a server records is then that test's alone.
 */
async function serverFor({ onTestFinished }: TestContext): Promise<FaultServer> {
  const server = await startFaultServer(byThread);
  onTestFinished(() => server.close());
  return server;
}

/** `runstream run --thread <thread>` against `server`, the key only in the environment. */
function runstream(server: FaultServer, thread: string, ...flags: string[]): Promise<Spawned> {
  const args = [
    'run',
    '--thread',
    thread,
    '--assistant',
    'asst_1',
    '--base-url',
    server.url,
    '--max-retries',
    '2',
  ];
  return spawnNode([cli.file, ...args, ...flags], { env: { OPENAI_API_KEY: KEY } });
}

describe.concurrent('runstream run over faults', () => {
  it(
    'prints what arrived of a cut stream, then exits 7 with a one-line reason',
    async (context) => {
      const { code, stdout, stderr } = await runstream(await serverFor(context), 'cut', '--format', 'text');
      expect(code).toBe(7);
      expect(stdout).toBe('Hello world\n');
      expect(isOneLine(stderr)).toBe(true);
      expect(stderr).toContain('ended before [DONE]');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'gives up on a stalled stream after --idle-timeout, exiting 7 with a one-line reason',
    async (context) => {
      const server = await serverFor(context);
      const { code, stderr } = await runstream(
        server,
        'stall',
        '--format',
        'ndjson',
        '--idle-timeout',
        '300',
      );
      expect(code).toBe(7);
      expect(isOneLine(stderr)).toBe(true);
      expect(stderr).toContain('silent for 300 ms');
    },
    SPAWN_TIMEOUT,
  );

  it(
    "names a proxy's HTML page in one line and exits 7",
    async (context) => {
      const { code, stderr } = await runstream(await serverFor(context), 'proxy');
      expect(code).toBe(7);
      expect(isOneLine(stderr)).toBe(true);
      expect(stderr).toContain('Proxy login');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'records a cut stream as .sse that ends with event: error, and replay reads back every event',
    async (context) => {
      const { code, stdout } = await runstream(await serverFor(context), 'cut', '--format', 'sse');
      expect(code).toBe(7);
      const replayed = await outcomeOf(parseRunEvents(stdout));
      expect(namesOf(replayed.values)).toEqual([
        'thread.run.created',
        'thread.run.in_progress',
        'thread.message.delta',
        'thread.message.delta',
      ]);
      expect(stdout).toMatch(/event: error\ndata: [^\n]+\n\n$/);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'rejects a thread id that tries path traversal in one line, exit 2, before any request',
    async (context) => {
      const server = await serverFor(context);
      const { code, stderr } = await runstream(server, '../../admin');
      expect(code).toBe(2);
      expect(isOneLine(stderr)).toBe(true);
      expect(stderr).toContain('thread_id');
      expect(server.requests).toEqual([]);
    },
    SPAWN_TIMEOUT,
  );
});

describe.concurrent('the API key in the output of runstream run', () => {
  it.for(['text', 'ndjson', 'sse', 'pretty'])(
    'is absent from stdout and stderr with --format %s, even where the server quotes it back',
    { timeout: SPAWN_TIMEOUT },
    async (format, context) => {
      const server = await serverFor(context);
      const { code, stdout, stderr } = await runstream(server, 'echo-key', '--format', format);
      expect(code).toBe(7);
      expect(stdout).toContain('whole');
      expect(stdout).not.toContain(KEY);
      expect(stderr).not.toContain(KEY);
      // This run's one request carried the key, which the server quoted back: redaction, not silence.
      expect(server.requests.map(apiKeyOf)).toEqual([KEY]);
    },
  );
});

describe('redactingWriter', () => {
  const key = KEY;
  const pieces = fc.array(
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constant(key),
      fc.constantFrom('s', 'sk-', key.slice(0, 20), key.slice(0, -1), key.slice(5, 13)),
    ),
    {
      maxLength: 8,
    },
  );

  it('writes the text with every key redacted, however the text is split into writes', () => {
    fc.assert(
      fc.property(pieces, fc.array(fc.nat(), { maxLength: 12 }), (parts, cuts) => {
        const whole = parts.join('');
        const written: string[] = [];
        const writer = redactingWriter((text) => written.push(text), [key]);
        const writes = cutAt(
          whole,
          cuts.map((cut) => cut % (whole.length + 1)),
        );
        for (const text of writes) writer.write(text);
        writer.flush();
        // However it is split, the output is the whole text redacted at once: no run of eight
        // characters of the key is left, the key minus its last character included.
        const output = written.join('');
        expect(output).toBe(redact(whole, key));
        for (let at = 0; at + 8 <= key.length; at++) expect(output).not.toContain(key.slice(at, at + 8));
      }),
      { numRuns: 300 },
    );
  });

  it('holds nothing back after a line ends', () => {
    const written: string[] = [];
    const writer = redactingWriter((text) => written.push(text), [key]);
    writer.write(`token ${key.slice(0, 9)}`);
    writer.write(`${key.slice(9)} done\n`);
    expect(written.join('')).toBe('token [redacted] done\n');
  });

  it('redacts the key minus its last character and a fragment from its middle', () => {
    const written: string[] = [];
    const writer = redactingWriter((text) => written.push(text), [key]);
    writer.write(`echo ${key.slice(0, -1)}; middle ${key.slice(4, 14)}.\n`);
    expect(written.join('')).toBe('echo [redacted]; middle [redacted].\n');
  });

  it('leaves the text of a key too short to redact alone, and names it in one warning line', () => {
    const written: string[] = [];
    const writer = redactingWriter((text) => written.push(text), ['k-4']);
    writer.write('keep k-4 and every k, - and 4 as written\n');
    expect(written.join('')).toBe('keep k-4 and every k, - and 4 as written\n');
    const warnings = shortKeyWarnings({ OPENAI_API_KEY: 'k-4', AZURE_OPENAI_API_KEY: key });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^runstream: warning: OPENAI_API_KEY is 3 characters long, too short .*\n$/);
    expect(warnings[0]).not.toContain('k-4');
  });
});
