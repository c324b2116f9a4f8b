import OpenAI, { NotFoundError, RateLimitError } from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';

// The official SDK, unchanged, against the simulator: if its stream helpers, accumulator and
// error classes accept what the simulator sends, so will code written for the real API.

const running: Simulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function sdk(): Promise<{ sim: Simulator; openai: OpenAI }> {
  const sim = await startSimulator({ tokenDelayMs: 0 });
  running.push(sim);
  return { sim, openai: new OpenAI({ baseURL: sim.url, apiKey: 'sk-test-dummy', maxRetries: 0 }) };
}

const MODEL = 'gpt-4.1-mini';

describe('the official openai SDK on the simulator', () => {
  it('streams text through responses.stream(): its deltas and snapshots, then finalResponse()', async () => {
    const { openai } = await sdk();
    const stream = openai.responses.stream({ model: MODEL, input: 'Hello from the SDK' });
    const deltas: string[] = [];
    let snapshot = '';
    stream.on('response.output_text.delta', (event) => {
      deltas.push(event.delta);
      snapshot = event.snapshot;
    });
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(deltas.join(''));
    expect(snapshot).toBe(final.output_text);
    expect(final.output_text).toContain('“Hello from the SDK”');
    expect(final.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('iterates every event type of each scenario through its ResponseStream without an error', async () => {
    const { openai } = await sdk();
    for (const scenario of [
      'reasoning',
      'web_search',
      'file_search',
      'code_interpreter',
      'refusal',
      'incomplete',
    ]) {
      const stream = openai.responses.stream({ model: MODEL, input: 'x', metadata: { scenario } });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      const final = await stream.finalResponse();
      expect(types[0], scenario).toBe('response.created');
      expect(types.at(-1), scenario).toBe(
        scenario === 'incomplete' ? 'response.incomplete' : 'response.completed',
      );
      expect(final.output.length, scenario).toBeGreaterThan(0);
    }
  });

  it('continues a function call over previous_response_id with a function_call_output', async () => {
    const { openai } = await sdk();
    const tools = [
      {
        type: 'function' as const,
        name: 'get_weather',
        parameters: { type: 'object', properties: { location: { type: 'string' } } },
        strict: false,
      },
    ];
    const first = await openai.responses.create({
      model: MODEL,
      input: 'Weather in Paris? [scenario:function_call]',
      tools,
    });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no function call');
    expect(JSON.parse(call.arguments)).toMatchObject({ location: 'Paris' });
    const second = await openai.responses.create({
      model: MODEL,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '21 °C and sunny' }],
      tools,
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toContain('21 °C and sunny');
    const items = await openai.responses.inputItems.list(second.id, { order: 'asc' });
    expect(items.data.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call_output']);
  });

  it('joins a background response with retrieve(id, { stream: true, starting_after }) and sees the rest once', async () => {
    const { openai } = await sdk();
    const created = await openai.responses.create({
      model: MODEL,
      input: 'x',
      background: true,
      stream: true,
      metadata: { scenario: 'slow', token_delay_ms: '2' },
    });
    const head: ResponseStreamEvent[] = [];
    for await (const event of created) {
      head.push(event);
      if (head.length === 10) break;
    }
    const id = head[0]?.type === 'response.created' ? head[0].response.id : '';
    const rest: ResponseStreamEvent[] = [];
    const resumed = await openai.responses.retrieve(id, { stream: true, starting_after: 9 });
    for await (const event of resumed) rest.push(event);
    expect(rest.map((e) => e.sequence_number)).toEqual(rest.map((_, i) => 10 + i));
    expect(rest.at(-1)?.type).toBe('response.completed');
    const text = [...head, ...rest]
      .map((e) => (e.type === 'response.output_text.delta' ? e.delta : ''))
      .join('');
    const final = rest.at(-1);
    if (final?.type !== 'response.completed') throw new Error('not completed');
    expect(final.response.output[0]?.type === 'message' && final.response.output[0].content[0]).toMatchObject(
      { text },
    );
    // The SDK's own resume helper replays from the start, then filters at starting_after.
    const helper = openai.responses.stream({ response_id: id, starting_after: 9 });
    const seen: number[] = [];
    helper.on('event', (event) => seen.push(event.sequence_number));
    expect((await helper.finalResponse()).output_text).toBe(text);
    expect(seen).toEqual(rest.map((e) => e.sequence_number));
  });

  it('cancels a background response: cancel() answers status cancelled, retrieve agrees', async () => {
    const { openai } = await sdk();
    const created = await openai.responses.create({
      model: MODEL,
      input: 'x',
      background: true,
      metadata: { scenario: 'slow' },
    });
    expect(created.status).toBe('queued');
    const cancelled = await openai.responses.cancel(created.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await openai.responses.retrieve(created.id)).status).toBe('cancelled');
  });

  it("raises the SDK's NotFoundError for an unknown id, and deletes a response", async () => {
    const { openai } = await sdk();
    const error = await openai.responses.retrieve('resp_unknown').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect((error as NotFoundError).message).toContain("Response with id 'resp_unknown' not found.");
    const created = await openai.responses.create({ model: MODEL, input: 'x' });
    await openai.responses.delete(created.id);
    await expect(openai.responses.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('gets a RateLimitError with retries off, and succeeds when the SDK retries after Retry-After', async () => {
    const { sim, openai } = await sdk();
    const body = { model: MODEL, input: 'x', metadata: { fault: 'http_429', retry_after: '0' } };
    await expect(openai.responses.create(body)).rejects.toBeInstanceOf(RateLimitError);
    const patient = new OpenAI({ baseURL: sim.url, apiKey: 'sk-test-dummy', maxRetries: 1 });
    expect((await patient.responses.create(body)).status).toBe('completed');
  });
});
