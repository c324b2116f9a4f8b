import { defer, from, lastValueFrom, map, type Observable, of, throwError, timer, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, createClient, ToolCallError } from '../../src/index.js';
import { handleToolCalls, type ResponseToolCallClient } from '../../src/responses/handle-tool-calls.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import type { ResponseCreateParams, ResponseStreamEvent } from '../../src/types/responses/index.js';

const TOOLS = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } }];

function call(name: string, callId: string, args: string) {
  return {
    type: 'function_call',
    id: `fc_${callId}`,
    call_id: callId,
    name,
    arguments: args,
    status: 'completed',
  };
}

/** A streamed response that completes with `output`, in the API's shape. */
function responseEvents(
  id: string,
  output: unknown[],
  settings: Record<string, unknown> = {},
): ResponseStreamEvent[] {
  const response = {
    id,
    object: 'response',
    created_at: 1,
    model: 'gpt-5',
    instructions: 'Be brief.',
    tools: TOOLS,
    tool_choice: 'auto',
    parallel_tool_calls: true,
    temperature: 0.2,
    top_p: 1,
    text: { format: { type: 'text' } },
    reasoning: { effort: 'low', summary: null },
    max_output_tokens: 500,
    store: true,
    background: false,
    metadata: { scenario: 'x' },
    error: null,
    incomplete_details: null,
    ...settings,
  };
  return [
    {
      type: 'response.created',
      sequence_number: 0,
      response: { ...response, status: 'in_progress', output: [] },
    },
    {
      type: 'response.completed',
      sequence_number: 1,
      response: { ...response, status: 'completed', output },
    },
  ] as unknown as ResponseStreamEvent[];
}

/** A client whose continuations come from `rounds`, in order; it records what each was sent. */
function scriptedClient(rounds: Array<() => Observable<ResponseStreamEvent>>) {
  const sent: ResponseCreateParams[] = [];
  const client: ResponseToolCallClient = {
    responses: {
      stream: (params) => {
        sent.push(params);
        const next = rounds.shift();
        return next ? next() : throwError(() => new Error('no more rounds scripted'));
      },
    },
  };
  return { client, sent };
}

describe('handleToolCalls (Responses)', () => {
  it('answers the calls and continues with previous_response_id, the outputs and the settings carried on', async () => {
    const first = responseEvents('resp_1', [call('get_weather', 'call_1', '{"city":"Paris"}')]);
    const second = responseEvents('resp_2', [{ type: 'message', role: 'assistant', content: [] }]);
    const { client, sent } = scriptedClient([() => from(second)]);
    const seenArgs: unknown[] = [];
    const events = await lastValueFrom(
      from(first).pipe(
        handleToolCalls(client, {
          get_weather: (args: { city: string }, c) => {
            seenArgs.push([args, c.call_id]);
            return { city: args.city, celsius: 21 };
          },
        }),
        toArray(),
      ),
    );
    expect(events).toEqual([...first, ...second]);
    expect(seenArgs).toEqual([[{ city: 'Paris' }, 'call_1']]);
    expect(sent).toEqual([
      {
        model: 'gpt-5',
        instructions: 'Be brief.',
        tools: TOOLS,
        tool_choice: 'auto',
        parallel_tool_calls: true,
        text: { format: { type: 'text' } },
        reasoning: { effort: 'low', summary: null },
        max_output_tokens: 500,
        temperature: 0.2,
        top_p: 1,
        store: true,
        background: false,
        metadata: { scenario: 'x' },
        previous_response_id: 'resp_1',
        input: [{ type: 'function_call_output', call_id: 'call_1', output: '{"city":"Paris","celsius":21}' }],
      },
    ]);
  });

  it('runs any number of rounds, values, Promises and Observables alike, all outputs of a round in one request', async () => {
    const first = responseEvents('resp_1', [call('a', 'c1', '{}'), call('b', 'c2', '{"n":2}')]);
    const second = responseEvents('resp_2', [call('c', 'c3', '')]);
    const third = responseEvents('resp_3', []);
    const { client, sent } = scriptedClient([() => from(second), () => from(third)]);
    const events = await lastValueFrom(
      from(first).pipe(
        handleToolCalls(client, {
          a: () => 'plain text',
          b: async ({ n }: { n: number }) => n * 2,
          c: () => timer(5).pipe(map(() => ['last', 'value'])),
        }),
        toArray(),
      ),
    );
    expect(events.map((e) => e.type)).toEqual(
      Array(3).fill(['response.created', 'response.completed']).flat(),
    );
    expect(sent.map((p) => [p.previous_response_id, p.input])).toEqual([
      [
        'resp_1',
        [
          { type: 'function_call_output', call_id: 'c1', output: 'plain text' },
          { type: 'function_call_output', call_id: 'c2', output: '4' },
        ],
      ],
      ['resp_2', [{ type: 'function_call_output', call_id: 'c3', output: '["last","value"]' }]],
    ]);
  });

  it('sends the input, the output items and the outputs for a stateless server ({ input })', async () => {
    const fc1 = call('get_weather', 'c1', '{"city":"Paris"}');
    const fc2 = call('get_weather', 'c2', '{"city":"Rome"}');
    const first = responseEvents('resp_1', [fc1], { store: false });
    const second = responseEvents('resp_2', [fc2], { store: false });
    const third = responseEvents('resp_3', [], { store: false });
    const { client, sent } = scriptedClient([() => from(second), () => from(third)]);
    await lastValueFrom(
      from(first).pipe(
        handleToolCalls(client, { get_weather: ({ city }: { city: string }) => city }, { input: 'Weather?' }),
      ),
    );
    const out1 = { type: 'function_call_output', call_id: 'c1', output: 'Paris' };
    const out2 = { type: 'function_call_output', call_id: 'c2', output: 'Rome' };
    const user = { role: 'user', content: 'Weather?' };
    expect(sent.map((p) => p.previous_response_id)).toEqual([undefined, undefined]);
    expect(sent.map((p) => p.store)).toEqual([false, false]);
    expect(sent.map((p) => p.input)).toEqual([
      [user, fc1, out1],
      [user, fc1, out1, fc2, out2],
    ]);
  });

  it('errors with a ToolCallError naming the tool when no handler has its name, sending nothing', async () => {
    const { client, sent } = scriptedClient([]);
    const error = await lastValueFrom(
      from(responseEvents('resp_1', [call('get_time', 'c1', '{}')])).pipe(
        handleToolCalls(client, { other: () => 1 }),
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error).toMatchObject({ tool: 'get_time', callId: 'c1' });
    expect((error as Error).message).toContain('handlers: other');
    expect((error as Error).message).not.toContain('run');
    expect(sent).toEqual([]);
  });

  it('errors with a ToolCallError carrying the cause when a handler throws or its arguments are not JSON', async () => {
    const boom = new Error('service down');
    const { client } = scriptedClient([]);
    const thrown = await lastValueFrom(
      from(responseEvents('resp_1', [call('f', 'c1', '{}')])).pipe(
        handleToolCalls(client, {
          f: () => {
            throw boom;
          },
        }),
      ),
    ).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ tool: 'f', cause: boom });
    expect((thrown as Error).message).toContain('service down');
    const badJSON = await lastValueFrom(
      from(responseEvents('resp_1', [call('f', 'c1', '{nope')])).pipe(
        handleToolCalls(client, { f: () => 1 }),
      ),
    ).catch((e: unknown) => e);
    expect(badJSON).toMatchObject({ tool: 'f' });
    expect((badJSON as Error).message).toContain('not valid JSON');
  });

  it('names every call of a round whose continuation is refused', async () => {
    const refused = new BadRequestError({ status: 400, error: { message: 'No tool output found' } });
    const { client } = scriptedClient([() => throwError(() => refused)]);
    const error = await lastValueFrom(
      from(responseEvents('resp_1', [call('a', 'c1', '{}'), call('b', 'c2', '{}')])).pipe(
        handleToolCalls(client, { a: () => 1, b: () => 2 }),
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallError);
    expect((error as ToolCallError).calls).toEqual([
      { tool: 'a', callId: 'c1' },
      { tool: 'b', callId: 'c2' },
    ]);
    expect((error as ToolCallError).cause).toBe(refused);
  });

  it('passes a response without function calls through untouched', async () => {
    const events = responseEvents('resp_1', [{ type: 'message', role: 'assistant', content: [] }]);
    const { client, sent } = scriptedClient([]);
    expect(await lastValueFrom(from(events).pipe(handleToolCalls(client, {}), toArray()))).toEqual(events);
    expect(sent).toEqual([]);
    const empty = await lastValueFrom(of<ResponseStreamEvent>().pipe(handleToolCalls(client, {}), toArray()));
    expect(empty).toEqual([]);
  });

  it('stops the handler when the subscriber leaves mid-round', async () => {
    let aborted = false;
    const { client, sent } = scriptedClient([]);
    const subscription = from(responseEvents('resp_1', [call('slow', 'c1', '{}')]))
      .pipe(
        handleToolCalls(client, {
          slow: (_args, _call, { signal }) =>
            defer(
              () =>
                new Promise((resolve) => {
                  signal.addEventListener('abort', () => {
                    aborted = true;
                    resolve(undefined);
                  });
                }),
            ),
        }),
      )
      .subscribe();
    subscription.unsubscribe();
    expect(aborted).toBe(true);
    expect(sent).toEqual([]);
  });
});

describe('handleToolCalls over the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each(['function_call', 'parallel_function_calls'])(
    'the %s scenario: one observable through the call and on to the answer',
    async (scenario) => {
      const client = createClient({ baseURL: sim.url, apiKey: '' });
      const calls: string[] = [];
      const events = await lastValueFrom(
        client.responses
          .stream({
            model: 'gpt-5',
            input: 'What is the weather in Paris?',
            metadata: { scenario },
            tools: TOOLS as ResponseCreateParams['tools'],
          })
          .pipe(
            handleToolCalls(client, {
              get_weather: (args, c) => {
                calls.push(c.call_id);
                return { args, celsius: 21 };
              },
            }),
            toArray(),
          ),
      );
      const completed = events.filter((e) => e.type === 'response.completed');
      expect(completed).toHaveLength(2);
      expect(calls.length).toBeGreaterThanOrEqual(scenario === 'function_call' ? 1 : 2);
      const last = completed.at(-1);
      expect(
        last?.type === 'response.completed' && last.response.output.some((i) => i.type === 'message'),
      ).toBe(true);
      const posts = sim.requests().filter((r) => r.method === 'POST' && r.path === '/v1/responses');
      expect(posts.at(-1)?.status).toBe(200);
    },
  );
});
