import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RunstreamClient } from '../../src/client/create-client.js';
import { StreamParseError, UnexpectedResponseError, ValidationError } from '../../src/errors.js';
import { finalRun } from '../../src/operators/final-run.js';
import { snapshots } from '../../src/operators/snapshots.js';
import { textDeltas } from '../../src/operators/text-deltas.js';
import { toServerSentEvents } from '../../src/relay/to-server-sent-events.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { DONE, frame, run } from './helpers/events.js';
import { type FaultServer, startFaultServer } from './helpers/fault-server.js';
import { respond } from './helpers/faults.js';

let server: FaultServer;
let client: RunstreamClient;

beforeAll(async () => {
  server = await startFaultServer(
    respond(404, { 'content-type': 'application/json' }, '{"error":{"message":"no"}}'),
  );
  client = createClient({ baseURL: server.url, apiKey: 'sk-reliability-input-0123456789', maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
});

/** Whatever a call does with a bad id (throws, rejects or errors its observable), as one promise. */
async function failureOf(call: () => unknown): Promise<unknown> {
  try {
    const result = call();
    if (result instanceof Promise) await result;
    else await lastValueFrom(result as Observable<unknown>);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Every call that puts an id in a URL path, with the id in each position it can take. */
const CALLS: Array<[string, (c: RunstreamClient, id: string) => unknown]> = [
  ['runs.stream thread', (c, id) => c.runs.stream(id, { assistant_id: 'asst_1' })],
  ['runs.create thread', (c, id) => c.runs.create(id, { assistant_id: 'asst_1' })],
  ['runs.create stream thread', (c, id) => c.runs.create(id, { assistant_id: 'asst_1', stream: true })],
  ['runs.retrieve thread', (c, id) => c.runs.retrieve(id, 'run_1')],
  ['runs.retrieve run', (c, id) => c.runs.retrieve('thread_1', id)],
  ['runs.cancel run', (c, id) => c.runs.cancel('thread_1', id)],
  ['runs.listSteps run', (c, id) => c.runs.listSteps('thread_1', id)],
  [
    'runs.submitToolOutputsStream run',
    (c, id) =>
      c.runs.submitToolOutputsStream('thread_1', id, {
        tool_outputs: [{ tool_call_id: 'call_1', output: 'x' }],
      }),
  ],
  [
    'runs.submitToolOutputs thread',
    (c, id) =>
      c.runs.submitToolOutputs(id, 'run_1', { tool_outputs: [{ tool_call_id: 'call_1', output: 'x' }] }),
  ],
  [
    'threads.messages.create thread',
    (c, id) => c.threads.messages.create(id, { role: 'user', content: 'hi' }),
  ],
  ['runs.stream assistant', (c, id) => c.runs.stream('thread_1', { assistant_id: id })],
  ['threads.createAndRunStream assistant', (c, id) => c.threads.createAndRunStream({ assistant_id: id })],
];

/** Pieces that change where a request goes, or what it says, in a path (`..` alone is checked apart: `a..b` is a fine id). */
const HOSTILE = [
  '../',
  '/',
  '?',
  '#',
  '%2F',
  '%2e%2e',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '\\',
  '\0',
  '?run=x#',
  '/../../admin',
];

const hostileId = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 }))
  .map(([before, piece, after]) => `${before}${piece}${after}`);

describe('ids that try path traversal or injection', () => {
  it.each(CALLS)('are rejected by %s with ValidationError before any request', async (_label, call) => {
    const before = server.requests.length;
    await fc.assert(
      fc.asyncProperty(hostileId, async (id) => {
        const error = await failureOf(() => call(client, id));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).value).toBe(id);
      }),
      { numRuns: 60 },
    );
    for (const id of ['..', '.', ''])
      expect(await failureOf(() => call(client, id))).toBeInstanceOf(ValidationError);
    expect(server.requests.length).toBe(before);
  });

  it('lets a well-formed id through to exactly its own path', async () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/).filter((value) => !/^\.+$/.test(value));
    await fc.assert(
      fc.asyncProperty(id, id, async (threadId, runId) => {
        const error = await failureOf(() => client.runs.retrieve(threadId, runId));
        expect(error).not.toBeInstanceOf(ValidationError);
        const segments = (server.requests.at(-1)?.url ?? '').split('/').map(decodeURIComponent);
        expect(segments).toEqual(['', 'v1', 'threads', threadId, 'runs', runId]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('response bodies are data, never code', () => {
  const canary = '__runstreamEvaluated';
  const globals = globalThis as Record<string, unknown>;

  it('reads JavaScript in a data: line as bad JSON, without running it', async () => {
    const text = `${frame('thread.run.created', run('queued'))}event: thread.run.in_progress\ndata: globalThis.${canary} = 1\n\n`;
    const outcome = await outcomeOf(parseRunEvents(text));
    expect(outcome.error).toBeInstanceOf(StreamParseError);
    expect(globals[canary]).toBeUndefined();
  });

  it('answers a JavaScript body in place of a stream with UnexpectedResponseError, without running it', async () => {
    const js = await startFaultServer(
      respond(200, { 'content-type': 'application/javascript' }, `globalThis.${canary} = 1`),
    );
    try {
      const jsClient = createClient({ baseURL: js.url, apiKey: 'sk-reliability-input-0123456789' });
      const outcome = await outcomeOf(jsClient.runs.stream('thread_1', { assistant_id: 'asst_1' }));
      expect(outcome.error).toBeInstanceOf(UnexpectedResponseError);
      expect(globals[canary]).toBeUndefined();
    } finally {
      await js.close();
    }
  });

  it('keeps __proto__ and constructor keys as plain data through the parser, operators and relay', async () => {
    const hostile = { __proto__: { polluted: 'yes' }, constructor: { prototype: { polluted: 'yes' } } };
    const message = {
      id: 'msg_1',
      object: 'thread.message',
      thread_id: 'thread_1',
      status: 'in_progress',
      role: 'assistant',
      content: [],
      metadata: {},
    };
    const delta = {
      id: 'msg_1',
      object: 'thread.message.delta',
      delta: { content: [{ index: 0, type: 'text', text: { value: 'hi', ...hostile } }] },
    };
    // JSON.stringify drops an own __proto__ set by a literal, so the wire text is written by hand.
    const poisoned = (json: string) =>
      json.replace(/^\{/, '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},');
    const text = [
      `event: thread.run.created\ndata: ${poisoned(JSON.stringify(run('queued')))}\n\n`,
      `event: thread.message.created\ndata: ${poisoned(JSON.stringify(message))}\n\n`,
      `event: thread.message.delta\ndata: ${poisoned(JSON.stringify(delta))}\n\n`,
      `event: thread.run.completed\ndata: ${poisoned(JSON.stringify(run('completed')))}\n\n`,
      DONE,
    ].join('');
    const events: RunStreamEvent[] = await lastValueFrom(parseRunEvents(text).pipe(toArray()));
    const states = await lastValueFrom(parseRunEvents(text).pipe(snapshots(), toArray()));
    const texts = await lastValueFrom(parseRunEvents(text).pipe(textDeltas(), toArray()));
    const final = await lastValueFrom(parseRunEvents(text).pipe(finalRun()));
    const relayed = await new Response(toServerSentEvents(parseRunEvents(text))).text();

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(texts).toEqual(['hi']);
    expect(final.status).toBe('completed');
    for (const value of [
      ...events.map((e) => e.data),
      final,
      ...states.flatMap((s) => [s.run, ...s.messages]),
    ]) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    }
    expect(relayed).toContain('"__proto__":{"polluted":"yes"}');
  });

  it('has no eval, Function constructor, vm or computed import anywhere in the source', () => {
    const root = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((file) => {
      const source = readFileSync(join(root, file), 'utf8');
      return /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|['"]node:vm['"]|\bimport\(\s*[^'"\s]/.test(
        source,
      );
    });
    expect(offenders).toEqual([]);
  });
});
