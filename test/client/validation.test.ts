import { lastValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import {
  createClient,
  type RunCreateParams,
  type ThreadCreateAndRunParams,
  ValidationError,
} from '../../src/index.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { API_KEY, SSE_HEADERS, TEXT_SSE } from './support.js';

/** A client whose fetch records calls, so a test can say that nothing was sent. */
function recordingClient() {
  const fetch = vi.fn(async () => new Response(TEXT_SSE, { headers: SSE_HEADERS }));
  return { fetch, client: createClient({ apiKey: API_KEY, baseURL: 'http://validation.invalid/v1', fetch }) };
}

const base = { assistant_id: 'asst_1' };
const metadataOf = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

/** [what is wrong, params, the field named, words of the rule]. */
const INVALID: Array<[string, unknown, string, string]> = [
  ['no assistant_id', {}, 'assistant_id', 'non-empty'],
  ['an empty assistant_id', { assistant_id: '' }, 'assistant_id', 'non-empty'],
  ['an assistant_id with a slash', { assistant_id: 'asst/1' }, 'assistant_id', '"/"'],
  ['params that are not an object', null, 'params', 'object'],
  ['temperature below 0', { ...base, temperature: -0.1 }, 'temperature', '0 to 2'],
  ['temperature above 2', { ...base, temperature: 2.01 }, 'temperature', '0 to 2'],
  ['temperature as a string', { ...base, temperature: '1' }, 'temperature', '0 to 2'],
  ['temperature NaN', { ...base, temperature: Number.NaN }, 'temperature', '0 to 2'],
  ['top_p above 1', { ...base, top_p: 1.5 }, 'top_p', '0 to 1'],
  ['top_p below 0', { ...base, top_p: -0.5 }, 'top_p', '0 to 1'],
  ['17 metadata keys', { ...base, metadata: metadataOf(17) }, 'metadata', 'at most 16 keys'],
  [
    'a 65-character metadata key',
    { ...base, metadata: { ['k'.repeat(65)]: 'v' } },
    `metadata.${'k'.repeat(20)}…`,
    '64 characters',
  ],
  [
    'a 513-character metadata value',
    { ...base, metadata: { note: 'v'.repeat(513) } },
    'metadata.note',
    '512',
  ],
  ['a metadata value that is not a string', { ...base, metadata: { n: 1 } }, 'metadata.n', 'strings'],
  ['metadata as an array', { ...base, metadata: ['a'] }, 'metadata', 'object'],
  ['metadata as a Map', { ...base, metadata: new Map([['k', 'v']]) }, 'metadata', 'plain object'],
  ['metadata as a Date', { ...base, metadata: new Date(0) }, 'metadata', 'plain object'],
  ['max_prompt_tokens of 0', { ...base, max_prompt_tokens: 0 }, 'max_prompt_tokens', 'at least 256'],
  ['max_prompt_tokens of 255', { ...base, max_prompt_tokens: 255 }, 'max_prompt_tokens', 'at least 256'],
  [
    '21 tools on a run',
    { ...base, tools: Array(21).fill({ type: 'code_interpreter' }) },
    'tools',
    'at most 20',
  ],
  ['an unknown reasoning_effort', { ...base, reasoning_effort: 'extreme' }, 'reasoning_effort', 'xhigh'],
  ['a misspelt key', { ...base, temprature: 1 }, 'temprature', 'did you mean temperature?'],
  ['a key the API does not know', { ...base, colour: 'red' }, 'colour', 'extra_body'],
  ['extra_body that is not an object', { ...base, extra_body: 'x' }, 'extra_body', 'object'],
  ['max_prompt_tokens of 1.5', { ...base, max_prompt_tokens: 1.5 }, 'max_prompt_tokens', 'at least 256'],
  [
    'max_completion_tokens of -3',
    { ...base, max_completion_tokens: -3 },
    'max_completion_tokens',
    'at least 256',
  ],
  [
    'max_completion_tokens as a string',
    { ...base, max_completion_tokens: '100' },
    'max_completion_tokens',
    'at least 256',
  ],
  [
    'truncation_strategy as a bare word',
    { ...base, truncation_strategy: 'auto' },
    'truncation_strategy',
    'type: "auto"',
  ],
  [
    'an unknown truncation type',
    { ...base, truncation_strategy: { type: 'first' } },
    'truncation_strategy',
    'last_messages',
  ],
  [
    'last_messages missing',
    { ...base, truncation_strategy: { type: 'last_messages' } },
    'truncation_strategy.last_messages',
    'positive integer',
  ],
  [
    'last_messages with type auto',
    { ...base, truncation_strategy: { type: 'auto', last_messages: 3 } },
    'truncation_strategy.last_messages',
    'last_messages',
  ],
  ['tool_choice as an unknown word', { ...base, tool_choice: 'always' }, 'tool_choice', '"required"'],
  ['tool_choice of an unknown type', { ...base, tool_choice: { type: 'web' } }, 'tool_choice', 'file_search'],
  [
    'a function tool_choice without a name',
    { ...base, tool_choice: { type: 'function' } },
    'tool_choice.function.name',
    '1-64',
  ],
  [
    'a function tool_choice with a bad name',
    { ...base, tool_choice: { type: 'function', function: { name: 'get weather' } } },
    'tool_choice.function.name',
    '1-64',
  ],
  [
    "the seed's bare json",
    { ...base, response_format: 'json' },
    'response_format',
    '{ type: "json_object" }',
  ],
  [
    'bare json_object',
    { ...base, response_format: 'json_object' },
    'response_format',
    '{ type: "json_object" }',
  ],
  ["the seed's bare text", { ...base, response_format: 'text' }, 'response_format', '{ type: "text" }'],
  [
    'an unknown response_format type',
    { ...base, response_format: { type: 'xml' } },
    'response_format',
    'json_schema',
  ],
  [
    'a json_schema without a name',
    { ...base, response_format: { type: 'json_schema', json_schema: {} } },
    'response_format.json_schema.name',
    '1-64',
  ],
  [
    'a json_schema with a name of 65 characters',
    { ...base, response_format: { type: 'json_schema', json_schema: { name: 'n'.repeat(65) } } },
    'response_format.json_schema.name',
    '1-64',
  ],
  [
    'a message with a system role',
    { ...base, additional_messages: [{ role: 'system', content: 'x' }] },
    'additional_messages[0].role',
    '"user"',
  ],
  ['an unknown tool type', { ...base, tools: [{ type: 'browser' }] }, 'tools[0].type', 'code_interpreter'],
  [
    'a function tool with a bad name',
    { ...base, tools: [{ type: 'function', function: { name: 'has space' } }] },
    'tools[0].function.name',
    '1-64',
  ],
  [
    'parallel_tool_calls as a string',
    { ...base, parallel_tool_calls: 'yes' },
    'parallel_tool_calls',
    'true or false',
  ],
  ['include as a string', { ...base, include: 'x' }, 'include', 'array of strings'],
  ['model as a number', { ...base, model: 4 }, 'model', 'string'],
];

function expectValidationError(error: unknown, field: string, rule: string): void {
  expect(error).toBeInstanceOf(ValidationError);
  const failure = error as ValidationError;
  expect(failure.field).toBe(field);
  expect(failure.rule).toContain(rule);
  expect(failure.message).toContain(field);
  expect(failure.message).toContain(rule);
  expect(failure.message).toContain('Nothing was sent');
}

describe('parameter validation', () => {
  it.each(INVALID)(
    'rejects %s, naming the field and rule, and sends nothing',
    async (_what, params, field, rule) => {
      const { client, fetch } = recordingClient();
      const typed = params as RunCreateParams & { stream?: false };
      const streamed = await outcomeOf(client.runs.stream('thread_1', typed));
      expectValidationError(streamed.error, field, rule);
      expectValidationError(
        await client.runs.create('thread_1', typed).catch((e: unknown) => e),
        field,
        rule,
      );
      // Create-thread-and-run has no additional_messages: it refuses the key itself.
      if (!field.startsWith('additional_'))
        expectValidationError(
          await client.threads
            .createAndRun(typed as ThreadCreateAndRunParams & { stream?: false })
            .catch((e: unknown) => e),
          field,
          rule,
        );
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  it('quotes the offending value in the error', async () => {
    const { client } = recordingClient();
    const { error } = await outcomeOf(client.runs.stream('thread_1', { ...base, temperature: 7 }));
    expectValidationError(error, 'temperature', '0 to 2');
    expect((error as ValidationError).value).toBe(7);
    expect((error as Error).message).toContain('got 7');
    const format = await outcomeOf(
      client.runs.stream('thread_1', { ...base, response_format: 'json' as 'auto' }),
    );
    expect((format.error as Error).message).toContain('"json"');
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('names %s itself as the value, not null', async (temperature, shown) => {
    const { client } = recordingClient();
    const { error } = await outcomeOf(client.runs.stream('thread_1', { ...base, temperature }));
    expect((error as Error).message).toContain(`(got ${shown})`);
  });

  it('accepts the edges of every range and the documented forms', async () => {
    const { client, fetch } = recordingClient();
    const valid: RunCreateParams[] = [
      { ...base, temperature: 0, top_p: 0 },
      { ...base, temperature: 2, top_p: 1 },
      { ...base, metadata: { ...metadataOf(15), ['k'.repeat(64)]: 'v'.repeat(512) } },
      { ...base, metadata: Object.assign(Object.create(null), { k: 'v' }) },
      { ...base, max_prompt_tokens: 256, max_completion_tokens: 256 },
      { ...base, tools: Array(20).fill({ type: 'code_interpreter' }) },
      ...(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', null] as const).map(
        (reasoning_effort) => ({ ...base, reasoning_effort }),
      ),
      { ...base, truncation_strategy: { type: 'auto' }, tool_choice: 'required', response_format: 'auto' },
      {
        ...base,
        truncation_strategy: { type: 'last_messages', last_messages: 1 },
        tool_choice: { type: 'file_search' },
      },
      { ...base, response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: {} } } },
      {
        ...base,
        response_format: { type: 'text' },
        tool_choice: { type: 'function', function: { name: 'f' } },
      },
      { ...base, model: null, temperature: null, metadata: null, tools: null, additional_messages: null },
    ];
    for (const params of valid) await lastValueFrom(client.runs.stream('thread_1', params));
    expect(fetch).toHaveBeenCalledTimes(valid.length);
  });
});

describe('id validation', () => {
  it.each([
    ['', 'non-empty'],
    ['thread/1', '"/"'],
    ['..', '"/"'],
    [42, 'non-empty string'],
  ])('rejects the thread id %j on every call and sends nothing', async (threadId, rule) => {
    const { client, fetch } = recordingClient();
    const id = threadId as string;
    expectValidationError((await outcomeOf(client.runs.stream(id, base))).error, 'thread_id', rule);
    expectValidationError(await client.runs.create(id, base).catch((e: unknown) => e), 'thread_id', rule);
    expectValidationError(
      await client.runs.retrieve(id, 'run_1').catch((e: unknown) => e),
      'thread_id',
      rule,
    );
    expectValidationError(
      await client.threads.messages.create(id, { role: 'user', content: 'x' }).catch((e: unknown) => e),
      'thread_id',
      rule,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ['', 'non-empty'],
    ['run/1', '"/"'],
  ])('rejects the run id %j on every call and sends nothing', async (runId, rule) => {
    const { client, fetch } = recordingClient();
    const tool_outputs = [{ tool_call_id: 'call_1', output: 'x' }];
    const submit = client.runs.submitToolOutputsStream('thread_1', runId, { tool_outputs });
    expectValidationError((await outcomeOf(submit)).error, 'run_id', rule);
    expectValidationError(
      await client.runs.retrieve('thread_1', runId).catch((e: unknown) => e),
      'run_id',
      rule,
    );
    expectValidationError(
      await client.runs.cancel('thread_1', runId).catch((e: unknown) => e),
      'run_id',
      rule,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('checks tool outputs before sending them', async () => {
    const { client, fetch } = recordingClient();
    const empty = await outcomeOf(
      client.runs.submitToolOutputsStream('thread_1', 'run_1', { tool_outputs: [] }),
    );
    expectValidationError(empty.error, 'tool_outputs', 'non-empty array');
    const notString = await client.runs
      .submitToolOutputs('thread_1', 'run_1', {
        tool_outputs: [{ tool_call_id: 'c', output: 42 as unknown as string }],
      })
      .catch((e: unknown) => e);
    expectValidationError(notString, 'tool_outputs[0].output', 'must be a string');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('throws nothing when an invalid stream is built but never subscribed', () => {
    const { client } = recordingClient();
    expect(() => client.runs.stream('', { assistant_id: '' })).not.toThrow();
  });
});

describe('create-thread-and-run', () => {
  it('refuses the run-only keys its body does not have, before sending', async () => {
    const { client, fetch } = recordingClient();
    for (const key of ['additional_instructions', 'additional_messages']) {
      const params = { ...base, [key]: key === 'additional_messages' ? [] : 'x' } as ThreadCreateAndRunParams;
      const { error } = await outcomeOf(client.threads.createAndRunStream(params));
      expectValidationError(error, key, 'is not a parameter of this request');
    }
    expect(fetch).not.toHaveBeenCalled();
  });
});
