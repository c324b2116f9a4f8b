import { PassThrough } from 'node:stream';
import nock from 'nock';
import { EMPTY, lastValueFrom, Observable, of, throwError } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { ToolCallError } from '../../src/errors.js';
import { finalRun } from '../../src/operators/final-run.js';
import { handleToolCalls, type ToolHandlers } from '../../src/operators/handle-tool-calls.js';
import { snapshots } from '../../src/operators/snapshots.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import type { RequiredActionFunctionToolCall } from '../../src/types/run.js';
import { deferred, eventsOf, fixture, outcomeOf } from './support.js';

const ORIGIN = 'http://api.test';
const SSE = { 'content-type': 'text/event-stream' };
const RUN = { id: 'run_x', object: 'thread.run', status: 'cancelling' };

interface Seen {
  method: string;
  url: string;
  signal: AbortSignal;
}

/** A client whose every request is recorded with its signal, to prove none is left open. */
function recordingClient() {
  const requests: Seen[] = [];
  const client = createClient({
    apiKey: 'sk-test',
    baseURL: `${ORIGIN}/v1`,
    maxRetries: 0,
    fetch: (input, init) => {
      const request = input as Request;
      requests.push({ method: request.method, url: new URL(request.url).pathname, signal: request.signal });
      return fetch(input, init);
    },
  });
  return { client, requests };
}

/** Answers `POST /threads/{thread}/runs` with a transcript. */
function startRun(thread: string, transcript: string) {
  return nock(ORIGIN).post(`/v1/threads/${thread}/runs`).reply(200, transcript, SSE);
}

/** Answers one `submit_tool_outputs` with a transcript, recording the body it received. */
function submitRound(thread: string, run: string, transcript: string, bodies: unknown[]) {
  return nock(ORIGIN)
    .post(`/v1/threads/${thread}/runs/${run}/submit_tool_outputs`, (body) => {
      bodies.push(body);
      return true;
    })
    .reply(200, transcript, SSE);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('handleToolCalls', () => {
  it('answers two parallel calls in one submission and continues the same observable with the new stream', async () => {
    const { client, requests } = recordingClient();
    const bodies: unknown[] = [];
    const scopes = [
      startRun('thread_pf', fixture('parallel-function-calls.sse')),
      submitRound('thread_pf', 'run_pf1', fixture('parallel-function-calls-continuation.sse'), bodies),
    ];
    const calls: RequiredActionFunctionToolCall[] = [];
    const handlers = {
      get_weather: ({ city }: { city: string }, call: RequiredActionFunctionToolCall) => {
        calls.push(call);
        return { city, celsius: 21 };
      },
      get_time: async ({ timezone }: { timezone: string }) =>
        timezone === 'Europe/Oslo' ? '14:05' : 'unknown zone',
    };
    const outcome = await outcomeOf(
      client.runs.stream('thread_pf', { assistant_id: 'asst_ops' }).pipe(handleToolCalls(client, handlers)),
    );

    expect(outcome.error).toBeUndefined();
    expect(outcome.completed).toBe(true);
    expect(outcome.values).toEqual([
      ...(await eventsOf(fixture('parallel-function-calls.sse'))),
      ...(await eventsOf(fixture('parallel-function-calls-continuation.sse'))),
    ]);
    expect(bodies).toEqual([
      {
        tool_outputs: [
          { tool_call_id: 'call_weather', output: '{"city":"Oslo","celsius":21}' },
          { tool_call_id: 'call_time', output: '14:05' },
        ],
        stream: true,
      },
    ]);
    expect(calls.map((call) => call.id)).toEqual(['call_weather']);
    expect(scopes.every((scope) => scope.isDone())).toBe(true);
    expect(requests.every((request) => request.signal.aborted)).toBe(true);
  });

  it('runs the handlers of one round concurrently', { timeout: 5_000 }, async () => {
    const { client } = recordingClient();
    startRun('thread_pf', fixture('parallel-function-calls.sse'));
    submitRound('thread_pf', 'run_pf1', fixture('parallel-function-calls-continuation.sse'), []);
    // Each handler finishes only once both have started: run one after the other, they never would.
    const bothStarted = deferred();
    let started = 0;
    const handler = async () => {
      if (++started === 2) bothStarted.resolve();
      await bothStarted.promise;
      return 'ok';
    };
    const outcome = await outcomeOf(
      client.runs
        .stream('thread_pf', { assistant_id: 'asst_ops' })
        .pipe(handleToolCalls(client, { get_weather: handler, get_time: handler })),
    );
    expect(outcome.completed).toBe(true);
    expect(started).toBe(2);
  });

  it('follows the run through two rounds of tool calls to its end', async () => {
    const { client } = recordingClient();
    const bodies: unknown[] = [];
    startRun('thread_abc123', fixture('function-call.sse'));
    submitRound('thread_abc123', 'run_p2', fixture('function-call-second-round.sse'), bodies);
    submitRound('thread_abc123', 'run_p2', fixture('function-call-final-round.sse'), bodies);
    const handlers: ToolHandlers = {
      lookup: ({ location }: { location: string }) => `${location}: 21 °C`,
      // An Observable's last value is the output; a number goes out as JSON.
      convert: ({ celsius }: { celsius: number }) => of(0, (celsius * 9) / 5 + 32),
    };
    const events$ = client.runs
      .stream('thread_abc123', { assistant_id: 'asst_abc123' })
      .pipe(handleToolCalls(client, handlers));

    const outcome = await outcomeOf(events$);
    expect(outcome.completed).toBe(true);
    expect(bodies).toEqual([
      { tool_outputs: [{ tool_call_id: 'call_p', output: 'Oslo: 21 °C' }], stream: true },
      { tool_outputs: [{ tool_call_id: 'call_q', output: '69.8' }], stream: true },
    ]);
    const statuses = outcome.values
      .filter((e) => e.event === 'thread.run.requires_action')
      .map((e) => e.data.id);
    expect(statuses).toEqual(['run_p2', 'run_p2']);
    expect(outcome.values.at(-1)?.event).toBe('thread.run.completed');
  });

  it('feeds snapshots and finalRun across rounds', async () => {
    const { client } = recordingClient();
    const rounds = () => {
      startRun('thread_abc123', fixture('function-call.sse'));
      submitRound('thread_abc123', 'run_p2', fixture('function-call-second-round.sse'), []);
      submitRound('thread_abc123', 'run_p2', fixture('function-call-final-round.sse'), []);
    };
    const handlers: ToolHandlers = { lookup: () => 'Oslo: 21 °C', convert: () => '69.8' };
    const events$ = client.runs
      .stream('thread_abc123', { assistant_id: 'asst_abc123' })
      .pipe(handleToolCalls(client, handlers));

    rounds();
    const last = await lastValueFrom(events$.pipe(snapshots()));
    expect(last.steps.map((s) => [s.id, s.status])).toEqual([
      ['step_p2', 'completed'],
      ['step_p3', 'completed'],
      ['step_p4', 'completed'],
    ]);
    expect(last.messages.map((m) => m.content)).toEqual([
      [{ type: 'text', text: { value: 'Oslo is 21 °C, or 69.8 °F.', annotations: [] } }],
    ]);
    rounds();
    expect((await lastValueFrom(events$.pipe(finalRun()))).status).toBe('completed');
  });

  it('passes a stream without requires_action through untouched', async () => {
    const { client } = recordingClient();
    startRun('thread_abc123', fixture('text.sse'));
    const outcome = await outcomeOf(
      client.runs.stream('thread_abc123', { assistant_id: 'asst_abc123' }).pipe(handleToolCalls(client, {})),
    );
    expect(outcome).toEqual({ values: await eventsOf(fixture('text.sse')), completed: true });
  });

  describe('when a call cannot be answered, cancels the run and errors naming the tool and call', () => {
    const cases: Array<[string, ToolHandlers, string | RegExp]> = [
      ['no handler has its name', { other: () => 'x' }, 'no handler has that name (handlers: other)'],
      [
        'the handler throws',
        {
          lookup: () => {
            throw new Error('weather service down');
          },
        },
        'the handler threw: weather service down',
      ],
      [
        'the handler rejects',
        { lookup: async () => Promise.reject(new Error('timeout')) },
        'the handler threw: timeout',
      ],
      [
        'the Observable errors',
        { lookup: () => throwError(() => new Error('boom')) },
        'the handler threw: boom',
      ],
      ['the Observable is empty', { lookup: () => EMPTY }, 'completed without a value'],
      ['the result is not JSON', { lookup: () => ({ big: 1n }) }, /cannot be sent as JSON/],
    ];
    it.each(cases)('%s', async (_name, handlers, detail) => {
      const { client, requests } = recordingClient();
      startRun('thread_abc123', fixture('function-call.sse'));
      const cancel = nock(ORIGIN).post('/v1/threads/thread_abc123/runs/run_p2/cancel').reply(200, RUN);
      const submit = submitRound('thread_abc123', 'run_p2', fixture('function-call-final-round.sse'), []);

      const outcome = await outcomeOf(
        client.runs
          .stream('thread_abc123', { assistant_id: 'asst_abc123' })
          .pipe(handleToolCalls(client, handlers)),
      );
      expect(outcome.error).toBeInstanceOf(ToolCallError);
      const error = outcome.error as ToolCallError;
      expect(error).toMatchObject({ tool: 'lookup', callId: 'call_p', runCancelled: true });
      expect(error.detail).toMatch(detail);
      expect(error.message).toContain('"lookup"');
      expect(error.message).toContain('call_p');
      expect(cancel.isDone()).toBe(true);
      expect(submit.isDone()).toBe(false);
      expect(requests.map((r) => r.url)).toEqual([
        '/v1/threads/thread_abc123/runs',
        '/v1/threads/thread_abc123/runs/run_p2/cancel',
      ]);
      // The requires_action event still reached the subscriber before the error.
      expect(outcome.values.at(-1)?.event).toBe('thread.run.requires_action');
    });

    it('when the arguments are not valid JSON', async () => {
      const { client } = recordingClient();
      const broken = fixture('function-call.sse').replace(
        '"arguments":"{\\"location\\":\\"Oslo\\"}"}}]}}',
        '"arguments":"{\\"location\\":"}}]}}',
      );
      expect(broken).not.toBe(fixture('function-call.sse'));
      startRun('thread_abc123', broken);
      const cancel = nock(ORIGIN).post('/v1/threads/thread_abc123/runs/run_p2/cancel').reply(200, RUN);
      const called: unknown[] = [];
      const outcome = await outcomeOf(
        client.runs
          .stream('thread_abc123', { assistant_id: 'asst_abc123' })
          .pipe(handleToolCalls(client, { lookup: (args) => called.push(args) })),
      );
      expect(outcome.error).toMatchObject({ name: 'ToolCallError', tool: 'lookup', callId: 'call_p' });
      expect((outcome.error as ToolCallError).detail).toBe(
        'its arguments are not valid JSON: "{\\"location\\":"',
      );
      expect(called).toEqual([]);
      expect(cancel.isDone()).toBe(true);
    });
  });

  it('says so when cancelling the run failed as well', async () => {
    const { client } = recordingClient();
    startRun('thread_abc123', fixture('function-call.sse'));
    const cancel = nock(ORIGIN)
      .post('/v1/threads/thread_abc123/runs/run_p2/cancel')
      .reply(500, { error: { message: 'oops', type: 'server_error', code: null } });
    const outcome = await outcomeOf(
      client.runs.stream('thread_abc123', { assistant_id: 'asst_abc123' }).pipe(handleToolCalls(client, {})),
    );
    expect(outcome.error).toMatchObject({ name: 'ToolCallError', tool: 'lookup', runCancelled: false });
    expect((outcome.error as Error).message).toContain('requires_action');
    expect(cancel.isDone()).toBe(true);
  });

  it('aborts the other handlers of the round when one fails', async () => {
    const { client } = recordingClient();
    startRun('thread_pf', fixture('parallel-function-calls.sse'));
    nock(ORIGIN).post('/v1/threads/thread_pf/runs/run_pf1/cancel').reply(200, RUN);
    const waiting = deferred<AbortSignal>();
    const outcome = await outcomeOf(
      client.runs.stream('thread_pf', { assistant_id: 'asst_ops' }).pipe(
        handleToolCalls(client, {
          get_weather: (_args, _call, { signal }) => {
            waiting.resolve(signal);
            return new Promise(() => undefined);
          },
          get_time: async () => {
            await waiting.promise;
            throw new Error('clock broken');
          },
        }),
      ),
    );
    expect(outcome.error).toMatchObject({ tool: 'get_time', callId: 'call_time' });
    expect((await waiting.promise).aborted).toBe(true);
  });

  describe('when submit_tool_outputs fails, cancels the run and errors naming the calls of the round', () => {
    const failures: Array<[string, (scope: nock.Interceptor) => nock.Scope, RegExp]> = [
      [
        'with an HTTP error',
        (submit) => submit.reply(500, { error: { message: 'oops', type: 'server_error', code: null } }),
        // The server's words, not the APIError's message: that names the upstream URL, and a relay
        // passes this message on to a browser.
        /^its output could not be submitted \(the server answered 500: oops\)$/,
      ],
      [
        'with a network error',
        (submit) => submit.replyWithError('socket hang up'),
        /^its output could not be submitted \(.*socket hang up/,
      ],
    ];
    it.each(failures)('%s', async (_name, fail, detail) => {
      const { client, requests } = recordingClient();
      startRun('thread_abc123', fixture('function-call.sse'));
      const submit = fail(nock(ORIGIN).post('/v1/threads/thread_abc123/runs/run_p2/submit_tool_outputs'));
      const cancel = nock(ORIGIN).post('/v1/threads/thread_abc123/runs/run_p2/cancel').reply(200, RUN);
      const outcome = await outcomeOf(
        client.runs
          .stream('thread_abc123', { assistant_id: 'asst_abc123' })
          .pipe(handleToolCalls(client, { lookup: () => 'Oslo: 21 °C' })),
      );
      expect(outcome.error).toBeInstanceOf(ToolCallError);
      const error = outcome.error as ToolCallError;
      expect(error).toMatchObject({ tool: 'lookup', callId: 'call_p', runCancelled: true });
      expect(error.detail).toMatch(detail);
      expect(error.cause).toBeInstanceOf(Error);
      expect(submit.isDone() && cancel.isDone()).toBe(true);
      expect(requests.map((r) => r.url)).toEqual([
        '/v1/threads/thread_abc123/runs',
        '/v1/threads/thread_abc123/runs/run_p2/submit_tool_outputs',
        '/v1/threads/thread_abc123/runs/run_p2/cancel',
      ]);
    });

    it('names every call of a round with several', async () => {
      const { client } = recordingClient();
      startRun('thread_pf', fixture('parallel-function-calls.sse'));
      nock(ORIGIN).post('/v1/threads/thread_pf/runs/run_pf1/submit_tool_outputs').reply(503, {});
      const cancel = nock(ORIGIN).post('/v1/threads/thread_pf/runs/run_pf1/cancel').reply(500, {});
      const outcome = await outcomeOf(
        client.runs
          .stream('thread_pf', { assistant_id: 'asst_ops' })
          .pipe(handleToolCalls(client, { get_weather: () => 'sunny', get_time: () => '14:05' })),
      );
      expect(outcome.error).toMatchObject({
        name: 'ToolCallError',
        tool: 'get_weather, get_time',
        callId: 'call_weather, call_time',
        calls: [
          { tool: 'get_weather', callId: 'call_weather' },
          { tool: 'get_time', callId: 'call_time' },
        ],
        runCancelled: false,
      });
      expect((outcome.error as Error).message).toMatch(
        /^Tool calls call_weather to "get_weather", call_time to "get_time" failed: /,
      );
      expect((outcome.error as ToolCallError).detail).toBe(
        'their outputs could not be submitted (the server answered 503)',
      );
      expect(cancel.isDone()).toBe(true);
    });

    it('passes an error of the submitted stream after its first event through, without cancelling', async () => {
      const { client, requests } = recordingClient();
      startRun('thread_abc123', fixture('function-call.sse'));
      // The continuation's first event, then the connection ends without [DONE].
      const [firstFrame] = fixture('function-call-final-round.sse').split('\n\n');
      nock(ORIGIN)
        .post('/v1/threads/thread_abc123/runs/run_p2/submit_tool_outputs')
        .reply(200, `${firstFrame}\n\n`, SSE);
      const outcome = await outcomeOf(
        client.runs
          .stream('thread_abc123', { assistant_id: 'asst_abc123' })
          .pipe(handleToolCalls(client, { lookup: () => 'Oslo: 21 °C' })),
      );
      expect(outcome.error).toMatchObject({ name: 'StreamInterruptedError' });
      expect(requests.map((r) => r.url)).not.toContain('/v1/threads/thread_abc123/runs/run_p2/cancel');
    });
  });

  describe('unsubscribing mid-round', () => {
    it.each(['a Promise', 'an Observable'])(
      'while a handler returns %s aborts it, submits nothing and cancels the run',
      async (kind) => {
        const { client, requests } = recordingClient();
        startRun('thread_abc123', fixture('function-call.sse'));
        const submit = submitRound('thread_abc123', 'run_p2', fixture('function-call-final-round.sse'), []);
        const cancel = nock(ORIGIN).post('/v1/threads/thread_abc123/runs/run_p2/cancel').reply(200, RUN);
        const running = deferred<AbortSignal>();
        let tornDown = false;
        const lookup = (
          _args: unknown,
          _call: RequiredActionFunctionToolCall,
          { signal }: { signal: AbortSignal },
        ) => {
          running.resolve(signal);
          if (kind === 'a Promise') return new Promise(() => undefined);
          return new Observable(() => () => {
            tornDown = true;
          });
        };
        const seen: RunStreamEvent[] = [];
        const subscription = client.runs
          .stream('thread_abc123', { assistant_id: 'asst_abc123' })
          .pipe(handleToolCalls(client, { lookup }))
          .subscribe((event) => seen.push(event));
        const signal = await running.promise;
        subscription.unsubscribe();

        expect(signal.aborted).toBe(true);
        if (kind === 'an Observable') expect(tornDown).toBe(true);
        expect(seen.at(-1)?.event).toBe('thread.run.requires_action');
        await vi.waitFor(() => expect(cancel.isDone()).toBe(true));
        expect(submit.isDone()).toBe(false);
        expect(requests.map((r) => r.url)).toEqual([
          '/v1/threads/thread_abc123/runs',
          '/v1/threads/thread_abc123/runs/run_p2/cancel',
        ]);
        // The cancel outlives the subscription: nothing aborts it.
        expect(requests[1]?.signal.aborted).toBe(false);
      },
    );

    it.each([
      ['fails', (cancel: nock.Interceptor) => cancel.reply(500, {})],
      ['cannot connect', (cancel: nock.Interceptor) => cancel.replyWithError('connection refused')],
    ])('drops the error when the cancel it sends %s', async (_name, answer) => {
      const { client } = recordingClient();
      startRun('thread_abc123', fixture('function-call.sse'));
      const cancel = answer(nock(ORIGIN).post('/v1/threads/thread_abc123/runs/run_p2/cancel'));
      const running = deferred();
      const subscription = client.runs
        .stream('thread_abc123', { assistant_id: 'asst_abc123' })
        .pipe(
          handleToolCalls(client, {
            lookup: () => {
              running.resolve();
              return new Promise(() => undefined);
            },
          }),
        )
        .subscribe();
      await running.promise;
      subscription.unsubscribe();
      await vi.waitFor(() => expect(cancel.isDone()).toBe(true));
      // The setup file fails this test if the failed cancel escaped as an unhandled rejection.
    });

    it("does not send the cancel with the caller's signal, which the caller may abort as it leaves", async () => {
      const { client, requests } = recordingClient();
      startRun('thread_abc123', fixture('function-call.sse'));
      const cancel = nock(ORIGIN).post('/v1/threads/thread_abc123/runs/run_p2/cancel').reply(200, RUN);
      const caller = new AbortController();
      const running = deferred();
      const subscription = client.runs
        .stream('thread_abc123', { assistant_id: 'asst_abc123' })
        .pipe(
          handleToolCalls(
            client,
            {
              lookup: () => {
                running.resolve();
                return new Promise(() => undefined);
              },
            },
            { signal: caller.signal },
          ),
        )
        .subscribe();
      await running.promise;
      caller.abort();
      subscription.unsubscribe();
      await vi.waitFor(() => expect(cancel.isDone()).toBe(true));
      expect(requests.at(-1)?.signal.aborted).toBe(false);
    });

    it('while the submitted stream is open aborts that request', async () => {
      const { client, requests } = recordingClient();
      startRun('thread_abc123', fixture('function-call.sse'));
      // The continuation sends its first event and then stays open, as a slow run would.
      const body = new PassThrough();
      const [firstFrame] = fixture('function-call-final-round.sse').split('\n\n');
      body.write(`${firstFrame}\n\n`);
      nock(ORIGIN)
        .post('/v1/threads/thread_abc123/runs/run_p2/submit_tool_outputs')
        .reply(200, () => body, SSE);
      try {
        const continued = deferred();
        const subscription = client.runs
          .stream('thread_abc123', { assistant_id: 'asst_abc123' })
          .pipe(handleToolCalls(client, { lookup: () => 'Oslo: 21 °C' }))
          .subscribe((event) => {
            if (event.event === 'thread.run.step.completed') continued.resolve();
          });
        await continued.promise;
        const submit = requests.find((r) => r.url.endsWith('/submit_tool_outputs'));
        expect(submit?.signal.aborted).toBe(false);
        subscription.unsubscribe();
        expect(submit?.signal.aborted).toBe(true);
        expect(requests.every((r) => r.signal.aborted)).toBe(true);
      } finally {
        body.destroy();
      }
    });
  });
});
