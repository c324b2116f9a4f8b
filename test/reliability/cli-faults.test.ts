import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactingWriter } from '../../src/cli/terminal.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import { type Bundle, bundle, isOneLine, SPAWN_TIMEOUT, type Spawned, spawnNode } from '../cli/support.js';
import { DONE, frame, namesOf, outcomeOf, run, textDelta } from './helpers/events.js';
import {
  type FaultScript,
  type FaultServer,
  type SeenRequest,
  startFaultServer,
} from './helpers/fault-server.js';
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

function keyOf(request: SeenRequest): string {
  return String(request.headers.authorization ?? '').replace(/^Bearer /, '');
}

/** A stream whose server quotes the key back: whole in one delta, split over two, and in event: error. */
const echoKey: FaultScript = (exchange) => {
  const key = keyOf(exchange.request);
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

let server: FaultServer;
let cli: Bundle;

beforeAll(async () => {
  cli = await bundle('src/cli/main.ts');
  server = await startFaultServer(byThread);
}, SPAWN_TIMEOUT);

afterAll(async () => {
  await server.close();
  await cli.remove();
});

/** `runstream run --thread <thread>` against the fault server, the key only in the environment. */
function runstream(thread: string, ...flags: string[]): Promise<Spawned> {
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
    async () => {
      const { code, stdout, stderr } = await runstream('cut', '--format', 'text');
      expect(code).toBe(7);
      expect(stdout).toBe('Hello world\n');
      expect(isOneLine(stderr)).toBe(true);
      expect(stderr).toContain('ended before [DONE]');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'gives up on a stalled stream after --idle-timeout, exiting 7 with a one-line reason',
    async () => {
      const { code, stderr } = await runstream('stall', '--format', 'ndjson', '--idle-timeout', '300');
      expect(code).toBe(7);
      expect(isOneLine(stderr)).toBe(true);
      expect(stderr).toContain('silent for 300 ms');
    },
    SPAWN_TIMEOUT,
  );

  it(
    "names a proxy's HTML page in one line and exits 7",
    async () => {
      const { code, stderr } = await runstream('proxy');
      expect(code).toBe(7);
      expect(isOneLine(stderr)).toBe(true);
      expect(stderr).toContain('Proxy login');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'records a cut stream as .sse that ends with event: error, and replay reads back every event',
    async () => {
      const { code, stdout } = await runstream('cut', '--format', 'sse');
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
    async () => {
      const { code, stderr } = await runstream('../../admin');
      expect(code).toBe(2);
      expect(isOneLine(stderr)).toBe(true);
      expect(stderr).toContain('thread_id');
      // Other tests of this file run alongside: look for the request, not at the count.
      expect(server.requests.filter((request) => request.url.includes('admin'))).toEqual([]);
    },
    SPAWN_TIMEOUT,
  );
});

describe.concurrent('the API key in the output of runstream run', () => {
  it.each(['text', 'ndjson', 'sse', 'pretty'])(
    'is absent from stdout and stderr with --format %s, even where the server quotes it back',
    async (format) => {
      const { code, stdout, stderr } = await runstream('echo-key', '--format', format);
      expect(code).toBe(7);
      expect(stdout).toContain('whole');
      expect(stdout).not.toContain(KEY);
      expect(stderr).not.toContain(KEY);
      // The server did quote it: the run above proves redaction, not silence.
      expect(server.requests.some((request) => keyOf(request) === KEY)).toBe(true);
    },
    SPAWN_TIMEOUT,
  );
});

describe('redactingWriter', () => {
  const key = KEY;
  const pieces = fc.array(
    fc.oneof(fc.string({ maxLength: 12 }), fc.constant(key), fc.constantFrom('s', 'sk-', key.slice(0, 20))),
    {
      maxLength: 8,
    },
  );

  it('writes the text with every key redacted, however the text is split into writes', () => {
    fc.assert(
      fc.property(pieces, fc.array(fc.nat(), { maxLength: 12 }), (parts, cuts) => {
        const whole = parts.join('');
        const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b);
        const written: string[] = [];
        const writer = redactingWriter((text) => written.push(text), [key]);
        let start = 0;
        for (const point of [...points, whole.length]) {
          writer.write(whole.slice(start, point));
          start = point;
        }
        writer.flush();
        expect(written.join('')).toBe(whole.split(key).join('[redacted]'));
        for (const text of written) expect(text).not.toContain(key);
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
});
