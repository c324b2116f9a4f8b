import { afterEach, describe, expect, it } from 'vitest';
import { RESPONSE_SCENARIO_NAMES } from '../../src/simulator/index.js';
import { checkStream, last, outputText, streamResponse } from './responses-support.js';
import { call, closeSimulators, shape, simulator } from './support.js';

afterEach(closeSimulators);

const SCAFFOLD_TEXT = [
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
];

describe('Responses scenarios', () => {
  it.each(RESPONSE_SCENARIO_NAMES)(
    '%s: a stream valid by the reference, whatever the scenario',
    async (scenario) => {
      const sim = await simulator();
      const list = await streamResponse(sim, {
        input: 'Hello',
        metadata: { scenario, token_delay_ms: '0' },
        include: ['file_search_call.results'],
      });
      checkStream(list);
      expect(last(list).type).toMatch(/^response\.(completed|incomplete|failed)$/);
      // No [DONE] after the terminal event, as on the API.
      expect(list.some((f) => f.data === '[DONE]')).toBe(false);
    },
  );

  it('text: streams the echo word by word with logprobs, then completes with usage', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'Bonjour' });
    expect(shape(list.map((f) => f.event))).toEqual([
      'response.created',
      'response.in_progress',
      ...SCAFFOLD_TEXT,
      'response.completed',
    ]);
    const delta = list.find((f) => f.event === 'response.output_text.delta')?.json;
    expect(Object.keys(delta)).toEqual([
      'type',
      'sequence_number',
      'item_id',
      'output_index',
      'content_index',
      'delta',
      'logprobs',
    ]);
    expect(outputText(list)).toContain('“Bonjour”');
    const { response } = last(list);
    expect(response.usage).toEqual({
      input_tokens: expect.any(Number),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: list.filter((f) => f.event === 'response.output_text.delta').length,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: response.usage.input_tokens + response.usage.output_tokens,
    });
    expect(response.output[0].content[0].text).toBe(outputText(list));
  });

  it('keeps the keys of the API reference on the response object, in its order', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'Hi' });
    expect(Object.keys(list[0]?.json.response)).toEqual([
      'id',
      'object',
      'created_at',
      'status',
      'background',
      'error',
      'incomplete_details',
      'instructions',
      'max_output_tokens',
      'model',
      'output',
      'parallel_tool_calls',
      'previous_response_id',
      'reasoning',
      'store',
      'temperature',
      'text',
      'tool_choice',
      'tools',
      'top_p',
      'truncation',
      'usage',
      'user',
      'metadata',
    ]);
    expect(list[0]?.json.response).toMatchObject({
      object: 'response',
      model: 'gpt-4.1-mini',
      output: [],
      usage: null,
    });
    expect(list[0]?.json.response.id).toMatch(/^resp_[0-9a-f]+$/);
  });

  it("function_call: a function_call item whose arguments stream, named after the request's tool", async () => {
    const sim = await simulator();
    const tools = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} } }];
    const list = await streamResponse(sim, { input: 'Weather? [scenario:function_call]', tools });
    const done = list.find((f) => f.event === 'response.function_call_arguments.done')?.json;
    const deltas = list
      .filter((f) => f.event === 'response.function_call_arguments.delta')
      .map((f) => f.json.delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(done.arguments);
    expect(JSON.parse(done.arguments)).toEqual({ location: 'Paris', unit: 'celsius' });
    const item = last(list).response.output[0];
    expect(item).toMatchObject({
      type: 'function_call',
      status: 'completed',
      name: 'lookup',
      arguments: done.arguments,
    });
    expect(item.call_id).toMatch(/^call_/);
  });

  it('parallel_function_calls: two calls, each its own output item', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'x', metadata: { scenario: 'parallel_function_calls' } });
    const output = last(list).response.output;
    expect(output.map((item: { type: string }) => item.type)).toEqual(['function_call', 'function_call']);
    expect(output.map((item: { arguments: string }) => JSON.parse(item.arguments).location)).toEqual([
      'Paris',
      'Tokyo',
    ]);
  });

  it('reasoning: a reasoning item with two summary parts streamed before the message, counted as reasoning tokens', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'Think [Scenario:Reasoning]' });
    const names = shape(list.map((f) => f.event));
    expect(names.slice(0, 8)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.reasoning_summary_part.added',
    ]);
    const { response } = last(list);
    expect(response.output.map((item: { type: string }) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output[0].summary).toHaveLength(2);
    expect(response.output[0].summary[0]).toEqual({
      type: 'summary_text',
      text: expect.stringContaining('Reading the question'),
    });
    const summaryDeltas = list.filter((f) => f.event === 'response.reasoning_summary_text.delta').length;
    expect(response.usage.output_tokens_details.reasoning_tokens).toBe(summaryDeltas);
  });

  it('web_search: in_progress, searching, completed, then url_citation annotations that point at their text', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'News', metadata: { scenario: 'web_search' } });
    expect(shape(list.map((f) => f.event)).slice(2, 7)).toEqual([
      'response.output_item.added',
      'response.web_search_call.in_progress',
      'response.web_search_call.searching',
      'response.web_search_call.completed',
      'response.output_item.done',
    ]);
    const added = list.filter((f) => f.event === 'response.output_text.annotation.added').map((f) => f.json);
    expect(added.map((e) => e.annotation_index)).toEqual([0, 1]);
    const { output } = last(list).response;
    expect(output[0]).toMatchObject({
      type: 'web_search_call',
      status: 'completed',
      action: { type: 'search', query: 'News' },
    });
    const part = output[1].content[0];
    expect(part.annotations).toEqual(added.map((e) => e.annotation));
    for (const annotation of part.annotations) {
      expect(annotation).toMatchObject({ type: 'url_citation', url: expect.stringMatching(/^https:\/\//) });
      expect(part.text.slice(annotation.start_index, annotation.end_index)).toMatch(/^ \(.+\)$/);
    }
  });

  it('file_search: results only when include asks, and file_citation annotations', async () => {
    const sim = await simulator();
    const withResults = await streamResponse(sim, {
      input: 'Warranty?',
      metadata: { scenario: 'file_search' },
      include: ['file_search_call.results'],
    });
    const without = await streamResponse(sim, { input: 'Warranty?', metadata: { scenario: 'file_search' } });
    const search = last(withResults).response.output[0];
    expect(search).toMatchObject({
      type: 'file_search_call',
      status: 'completed',
      queries: ['warranty', 'returns'],
    });
    expect(search.results.map((r: { filename: string }) => r.filename)).toEqual(['manual.pdf', 'returns.md']);
    expect(last(without).response.output[0].results).toBeNull();
    const annotations = last(withResults).response.output[1].content[0].annotations;
    expect(annotations).toEqual([
      {
        type: 'file_citation',
        file_id: 'file_sim_manual',
        filename: 'manual.pdf',
        index: expect.any(Number),
      },
      {
        type: 'file_citation',
        file_id: 'file_sim_returns',
        filename: 'returns.md',
        index: expect.any(Number),
      },
    ]);
  });

  it('code_interpreter: code deltas and done, interpreting, completed with its logs', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'sqrt 2', metadata: { scenario: 'code_interpreter' } });
    expect(shape(list.map((f) => f.event)).slice(2, 10)).toEqual([
      'response.output_item.added',
      'response.code_interpreter_call.in_progress',
      'response.code_interpreter_call_code.delta',
      'response.code_interpreter_call_code.done',
      'response.code_interpreter_call.interpreting',
      'response.code_interpreter_call.completed',
      'response.output_item.done',
      'response.output_item.added',
    ]);
    const code = list
      .filter((f) => f.event === 'response.code_interpreter_call_code.delta')
      .map((f) => f.json.delta)
      .join('');
    const call = last(list).response.output[0];
    expect(call).toMatchObject({
      type: 'code_interpreter_call',
      status: 'completed',
      code,
      outputs: [{ type: 'logs', logs: '1.4142135623730951\n' }],
    });
    expect(call.container_id).toMatch(/^cntr_/);
  });

  it('refusal: refusal deltas in a refusal part, no output text', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'x', metadata: { scenario: 'refusal' } });
    const refusal = list
      .filter((f) => f.event === 'response.refusal.delta')
      .map((f) => f.json.delta)
      .join('');
    expect(refusal).toContain("can't help");
    expect(outputText(list)).toBe('');
    expect(last(list).response.output[0].content).toEqual([{ type: 'refusal', refusal }]);
  });

  it('incomplete: the message and the response end incomplete for max_output_tokens', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'x', metadata: { scenario: 'incomplete' } });
    const terminal = last(list);
    expect(terminal.type).toBe('response.incomplete');
    expect(terminal.response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(terminal.response.output[0].status).toBe('incomplete');
  });

  it('failed: response.failed with the error, no output', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'x', metadata: { scenario: 'failed' } });
    expect(list.map((f) => f.event)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(list[2]?.json.response).toMatchObject({
      status: 'failed',
      output: [],
      error: { code: 'server_error', message: expect.any(String) },
    });
  });

  it('answers a typo in a scenario token or in metadata with a 400 naming it', async () => {
    const sim = await simulator();
    const token = await call(sim, 'POST', '/responses', { model: 'm', input: 'Hi [scenario:reasonning]' });
    expect(token.status).toBe(400);
    expect(token.json.error.message).toContain('[scenario:reasonning]');
    const field = await call(sim, 'POST', '/responses', {
      model: 'm',
      input: 'Hi',
      metadata: { scenario: 'nope' },
    });
    expect(field.json.error).toMatchObject({ param: 'metadata.scenario', code: 'invalid_value' });
    expect(field.json.error.message).toContain('web_search');
  });
});
