import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { nearestName } from '../../src/nearest-name.js';
import { responseParamsError } from '../../src/responses/rules.js';

const base = { model: 'gpt-5', input: 'Hi' };

function failure(params: unknown, options?: Parameters<typeof responseParamsError>[1]) {
  const error = responseParamsError(params, options);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('responseParamsError', () => {
  it('passes a plain body, and nulls for every optional field', () => {
    expect(responseParamsError(base)).toBeUndefined();
    expect(
      responseParamsError({
        ...base,
        temperature: null,
        top_p: null,
        metadata: null,
        include: null,
        previous_response_id: null,
        conversation: null,
      }),
    ).toBeUndefined();
  });

  it('passes a full body of the API reference', () => {
    expect(
      responseParamsError({
        model: 'o4-mini',
        input: [
          { role: 'user', content: 'What is the weather in Paris?' },
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Be brief' }] },
          { type: 'function_call_output', call_id: 'call_1', output: '{"celsius":21}' },
          { type: 'item_reference', id: 'fc_1' },
        ],
        instructions: 'Answer in one sentence.',
        tools: [
          { type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: true },
          { type: 'web_search' },
          { type: 'mcp', server_label: 'deepwiki', server_url: 'https://mcp.example' },
        ],
        tool_choice: { type: 'function', name: 'get_weather' },
        parallel_tool_calls: false,
        background: true,
        store: true,
        metadata: { scenario: 'text' },
        max_output_tokens: 16,
        max_tool_calls: 3,
        temperature: 2,
        top_p: 0,
        top_logprobs: 20,
        include: ['message.output_text.logprobs', 'reasoning.encrypted_content'],
        truncation: 'auto',
        service_tier: 'flex',
        reasoning: { effort: 'high', summary: 'auto' },
        text: { format: { type: 'json_schema', name: 'weather', schema: { type: 'object' }, strict: true } },
        stream_options: { include_obfuscation: false },
        safety_identifier: 'user-1234',
      }),
    ).toBeUndefined();
  });

  it('accepts max_tool_calls from 1, the least the API takes (its spec names no minimum)', () => {
    expect(responseParamsError({ ...base, max_tool_calls: 1 })).toBeUndefined();
  });

  it.each([
    [{ temperature: 2.1 }, 'temperature', 'from 0 to 2'],
    [{ temperature: -0.1 }, 'temperature', 'from 0 to 2'],
    [{ temperature: Number.NaN }, 'temperature', 'from 0 to 2'],
    [{ top_p: 1.5 }, 'top_p', 'from 0 to 1'],
    [{ top_logprobs: 21 }, 'top_logprobs', 'from 0 to 20'],
    [{ top_logprobs: 1.5 }, 'top_logprobs', 'whole number'],
    [{ max_output_tokens: 15 }, 'max_output_tokens', 'at least 16'],
    [{ max_tool_calls: 0 }, 'max_tool_calls', 'at least 1'],
    [{ max_tool_calls: -1 }, 'max_tool_calls', 'at least 1'],
    [{ max_tool_calls: 2.5 }, 'max_tool_calls', 'whole number'],
    [{ truncation: 'last_messages' }, 'truncation', '"auto", "disabled"'],
    [{ service_tier: 'premium' }, 'service_tier', '"priority"'],
    [{ reasoning: { effort: 'hihg' } }, 'reasoning.effort', 'did you mean "high"'],
    [{ reasoning: { summary: 'short' } }, 'reasoning.summary', '"concise"'],
    [{ include: ['file_search_call.result'] }, 'include[0]', 'did you mean "file_search_call.results"'],
    [{ metadata: { k: 'x'.repeat(513) } }, 'metadata.k', 'at most 512'],
    [
      { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) },
      'metadata',
      '16 keys',
    ],
    [{ metadata: { ['k'.repeat(65)]: 'v' } }, `metadata.${'k'.repeat(20)}…`, '64 characters'],
    [{ metadata: { k: 1 } }, 'metadata.k', 'strings'],
    [{ text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name', '1-64'],
    [{ text: { format: { type: 'yaml' } } }, 'text.format.type', 'json_schema'],
    [{ tool_choice: 'any' }, 'tool_choice', '"required"'],
    [
      { tool_choice: { type: 'function', function: { name: 'f' } } },
      'tool_choice.function',
      'Assistants shape',
    ],
    [{ tools: [{ type: 'function', function: { name: 'f' } }] }, 'tools[0].function', 'flat'],
    [{ tools: [{ type: 'function', name: 'has space' }] }, 'tools[0].name', '1-64'],
    [{ tools: {} }, 'tools', 'array'],
    [{ input: 42 }, 'input', 'string or an array'],
    [{ input: [{ role: 'robot', content: 'x' }] }, 'input[0].role', '"developer"'],
    [
      { input: [{ type: 'function_call_output', call_id: 'c', output: { a: 1 } }] },
      'input[0].output',
      'JSON.stringify',
    ],
    [{ previous_response_id: 'resp/../x' }, 'previous_response_id', 'letters, digits'],
    [{ previous_response_id: '' }, 'previous_response_id', 'non-empty'],
    [{ background: 'yes' }, 'background', 'true or false'],
    [{ safety_identifier: 'x'.repeat(65) }, 'safety_identifier', 'at most 64'],
    [{ instructions: 42 }, 'instructions', 'string'],
    [{ model: '' }, 'model', 'non-empty'],
    [{ prompt: 'pmpt_1' }, 'prompt', 'must be an object'],
    [{ context_management: [1] }, 'context_management[0]', 'must be an object'],
    [{ input: ['hi'] }, 'input[0]', 'must be an object'],
    [{ input: [{ role: 'user' }] }, 'input[0].content', 'string or an array'],
    [{ input: [{ type: 7 }] }, 'input[0].type', 'must be a string'],
    [{ conversation: 7 }, 'conversation', 'conversation id or { id }'],
    [{ tools: [{}] }, 'tools[0].type', 'tool type'],
    [{ tools: [{ type: 'custom' }] }, 'tools[0].name', 'non-empty'],
    [{ tools: [{ type: 'mcp' }] }, 'tools[0].server_label', 'non-empty'],
    [{ tool_choice: { type: 'allowed_tools', mode: 'always', tools: [] } }, 'tool_choice.mode', '"required"'],
    [{ tool_choice: { type: 'mcp' } }, 'tool_choice.server_label', 'non-empty'],
    [{ tool_choice: { type: 'teleport' } }, 'tool_choice', 'hosted tool'],
    [
      { text: { format: { type: 'json_schema', name: 'n', schema: {}, strict: 'yes' } } },
      'text.format.strict',
      'true or false',
    ],
  ])('refuses %j, naming %s', (extra, field, rule) => {
    const error = failure({ ...base, ...extra });
    expect(error.field).toBe(field);
    expect(error.message).toContain(rule);
    expect(error.message).toContain('Nothing was sent');
  });

  it('passes the other shapes the API accepts', () => {
    for (const extra of [
      { tool_choice: 'none' },
      { tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'f' }] } },
      { tool_choice: { type: 'mcp', server_label: 'wiki' } },
      { tool_choice: { type: 'file_search' } },
      { tool_choice: { type: 'custom', name: 'shell' } },
      { text: { format: { type: 'json_object' } } },
      { text: { format: { type: 'text' }, verbosity: 'low' } },
      { input: [{ id: 'msg_1' }] },
      { tools: [{ type: 'custom', name: 'shell' }] },
      { context_management: [{ type: 'compaction' }] },
    ]) {
      expect(responseParamsError({ ...base, ...extra })).toBeUndefined();
    }
  });

  it('refuses background with store: false', () => {
    const error = failure({ ...base, background: true, store: false });
    expect(error.field).toBe('store');
    expect(error.rule).toMatch(/background/);
    expect(responseParamsError({ ...base, background: false, store: false })).toBeUndefined();
  });

  it('refuses previous_response_id together with conversation', () => {
    const error = failure({ ...base, previous_response_id: 'resp_1', conversation: 'conv_1' });
    expect(error.field).toBe('conversation');
    expect(responseParamsError({ ...base, conversation: { id: 'conv_1' } })).toBeUndefined();
  });

  it('requires a model unless a prompt or a deployment supplies one', () => {
    expect(failure({ input: 'Hi' }).field).toBe('model');
    expect(responseParamsError({ input: 'Hi', prompt: { id: 'pmpt_1' } })).toBeUndefined();
    expect(responseParamsError({ input: 'Hi' }, { modelSupplied: true })).toBeUndefined();
  });

  it('names the nearest known key for a misspelt one, and lets newer keys through when asked', () => {
    const error = failure({ ...base, temprature: 1 });
    expect(error.field).toBe('temprature');
    expect(error.message).toContain('did you mean "temperature"');
    expect(error.message).toContain('allowUnknownKeys');
    expect(responseParamsError({ ...base, temprature: 1 }, { allowUnknownKeys: true })).toBeUndefined();
    expect(failure({ ...base, zzzzzzzz: 1 }).message).not.toContain('did you mean');
  });

  it('tells a migrating caller the Responses name of an Assistants parameter', () => {
    expect(failure({ ...base, response_format: { type: 'json_object' } }).rule).toContain('text.format');
    expect(failure({ ...base, max_completion_tokens: 100 }).rule).toContain('max_output_tokens');
    expect(failure({ ...base, assistant_id: 'asst_1' }).rule).toContain('no assistants');
  });

  it('refuses a body that is not an object', () => {
    expect(failure('Hi').field).toBe('params');
    expect(failure(null).field).toBe('params');
    expect(failure([base]).field).toBe('params');
  });
});

describe('nearestName', () => {
  it('finds a swap, a missing and an extra letter, and nothing for a far word', () => {
    const known = ['temperature', 'top_p', 'instructions', 'include'];
    expect(nearestName('temprature', known)).toBe('temperature');
    expect(nearestName('tempreature', known)).toBe('temperature');
    expect(nearestName('instrcutions', known)).toBe('instructions');
    expect(nearestName('INCLUDE', known)).toBe('include');
    expect(nearestName('colour', known)).toBeUndefined();
  });
});
