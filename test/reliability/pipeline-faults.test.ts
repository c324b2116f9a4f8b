import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { ClientOptions } from '../../src/client/options.js';
import { IdleTimeoutError, RunStreamError, StreamInterruptedError } from '../../src/errors.js';
import { finalRun } from '../../src/operators/final-run.js';
import { handleToolCalls } from '../../src/operators/handle-tool-calls.js';
import { type RunSnapshot, snapshots } from '../../src/operators/snapshots.js';
import { textDeltas } from '../../src/operators/text-deltas.js';
import { toNDJSON } from '../../src/relay/to-ndjson.js';
import { toServerSentEvents } from '../../src/relay/to-server-sent-events.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { frame, namesOf, run, textDelta } from './helpers/events.js';
import { type FaultScript, type FaultServer, startFaultServer } from './helpers/fault-server.js';
import { inTurn, stream } from './helpers/faults.js';
import { activeTimers, nextTurn } from './helpers/resources.js';

const API_KEY = 'sk-reliability-pipeline-0123456789';
const TOKENS = ['Bon', 'jour ', 'à ', 'tous ', '🌍'];

const message = (status: string, text = '') => ({
  id: 'msg_1',
  object: 'thread.message',
  thread_id: 'thread_1',
  run_id: 'run_1',
  role: 'assistant',
  status,
  content: text ? [{ type: 'text', text: { value: text, annotations: [] } }] : [],
  attachments: [],
  metadata: {},
});

/** A run that has streamed every token of {@link TOKENS} and is still in progress. */
const MID_RUN = [
  frame('thread.run.created', run('queued')),
  frame('thread.run.in_progress', run('in_progress')),
  frame('thread.message.created', message('in_progress')),
  ...TOKENS.map((token) => frame('thread.message.delta', textDelta(token))),
];

let server: FaultServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(script: FaultScript, options: ClientOptions = {}) {
  server = await startFaultServer(script);
  return createClient({ baseURL: server.url, apiKey: API_KEY, maxRetries: 2, ...options });
}

// A cut by FIN, not RST: a reset may discard bytes the client has not read yet, and these tests
// are about what the operators make of every event that did arrive.
const CUT_MID_RUN = stream(MID_RUN, 'close');

describe('operators over a cut stream', () => {
  it('snapshots() errors after its last snapshot, which holds exactly the text that arrived', async () => {
    const client = await clientFor(CUT_MID_RUN);
    const frozen: string[] = [];
    const result = await outcomeOf(
      client.runs.stream('thread_1', { assistant_id: 'asst_1' }).pipe(snapshots()),
      (snapshot: RunSnapshot) => frozen.push(JSON.stringify(snapshot)),
    );
    expect(result.error).toBeInstanceOf(StreamInterruptedError);
    expect(result.values).toHaveLength(MID_RUN.length);
    const last = result.values.at(-1);
    const part = last?.messages[0]?.content[0];
    expect(part?.type === 'text' ? part.text.value : undefined).toBe(TOKENS.join(''));
    expect(last?.run?.status).toBe('in_progress');
    // Snapshots already handed out did not change when later events (or the error) arrived.
    expect(result.values.map((snapshot) => JSON.stringify(snapshot))).toEqual(frozen);
  });

  it('textDeltas() emits every token that arrived, then errors with StreamInterruptedError', async () => {
    const client = await clientFor(CUT_MID_RUN);
    const result = await outcomeOf(
      client.runs.stream('thread_1', { assistant_id: 'asst_1' }).pipe(textDeltas()),
    );
    expect(result.error).toBeInstanceOf(StreamInterruptedError);
    expect(result.values).toEqual(TOKENS);
  });

  it('finalRun() errors instead of passing off an unfinished run as final', async () => {
    const client = await clientFor(CUT_MID_RUN);
    const result = await outcomeOf(
      client.runs.stream('thread_1', { assistant_id: 'asst_1' }).pipe(finalRun()),
    );
    expect(result.values).toEqual([]);
    expect(result.error).toBeInstanceOf(StreamInterruptedError);
  });

  it('handleToolCalls() submits once and errors when the continuation is cut, without resubmitting', async () => {
    const calls = [
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ];
    const waiting = {
      ...run('requires_action'),
      required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: calls } },
    };
    const first = stream([
      frame('thread.run.created', run('queued')),
      frame('thread.run.requires_action', waiting),
      'event: done\ndata: [DONE]\n\n',
    ]);
    const continuation = stream(
      [
        frame('thread.run.in_progress', run('in_progress')),
        frame('thread.message.delta', textDelta('It is')),
      ],
      'close',
    );
    const client = await clientFor(inTurn(first, continuation), { maxRetries: 3 });
    const asked: unknown[] = [];
    const result = await outcomeOf(
      client.runs.stream('thread_1', { assistant_id: 'asst_1' }).pipe(
        handleToolCalls(client, {
          get_weather: (args: unknown) => {
            asked.push(args);
            return '21°C';
          },
        }),
      ),
    );
    expect(result.error).toBeInstanceOf(StreamInterruptedError);
    expect(namesOf(result.values)).toEqual([
      'thread.run.created',
      'thread.run.requires_action',
      'thread.run.in_progress',
      'thread.message.delta',
    ]);
    expect(asked).toEqual([{ city: 'Paris' }]);
    expect(server?.requests.map((r) => r.url)).toEqual([
      '/v1/threads/thread_1/runs',
      '/v1/threads/thread_1/runs/run_1/submit_tool_outputs',
    ]);
  });
});

/** Reads a relay's whole output as text. */
async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

describe('the relay over faults', () => {
  it('ends a relayed cut stream with event: error, which the far side reads back as RunStreamError', async () => {
    const client = await clientFor(CUT_MID_RUN);
    const text = await readAll(
      toServerSentEvents(client.runs.stream('thread_1', { assistant_id: 'asst_1' })),
    );
    expect(text).toMatch(/event: error\ndata: \{[^\n]*"type":"StreamInterruptedError"[^\n]*\}\n\n$/);
    const far = await outcomeOf(parseRunEvents(text));
    expect(namesOf(far.values)).toEqual(namesOf((await outcomeOf(parseRunEvents(MID_RUN.join('')))).values));
    expect(far.error).toBeInstanceOf(RunStreamError);
  });

  it('ends a relayed cut stream in NDJSON with an error line', async () => {
    const client = await clientFor(CUT_MID_RUN);
    const lines = (await readAll(toNDJSON(client.runs.stream('thread_1', { assistant_id: 'asst_1' }))))
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(MID_RUN.length + 1);
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({
      event: 'error',
      data: { type: 'StreamInterruptedError' },
    });
  });

  it('keeps a stalled relay alive with comments, then ends it with the idle timeout as event: error', async () => {
    const client = await clientFor(stream(MID_RUN.slice(0, 2), 'stall'), { idleTimeout: 300 });
    const text = await readAll(
      toServerSentEvents(client.runs.stream('thread_1', { assistant_id: 'asst_1' }), { keepAliveMs: 60 }),
    );
    expect(text).toContain(': keep-alive\n\n');
    const far = await outcomeOf(parseRunEvents(text));
    expect(namesOf(far.values)).toEqual(['thread.run.created', 'thread.run.in_progress']);
    expect((far.error as RunStreamError).type).toBe(new IdleTimeoutError(300).name);
  });

  it('closes the upstream connection and leaves no timer when the downstream reader leaves', async () => {
    const client = await clientFor(stream(MID_RUN, 'stall'));
    const timersBefore = activeTimers();
    const reader = toServerSentEvents(client.runs.stream('thread_1', { assistant_id: 'asst_1' })).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('event: thread.run.created');
    await reader.cancel();
    await server?.allSocketsClosed();
    await nextTurn();
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  });
});
