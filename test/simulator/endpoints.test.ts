import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  closeSimulators,
  eventually,
  frames,
  pollRun,
  simulator,
  streamRun,
  threadWith,
} from './support.js';

afterEach(closeSimulators);

const ERROR_SHAPE = {
  error: {
    message: expect.any(String),
    type: expect.any(String),
    param: expect.toBeOneOf([null, expect.any(String)]),
    code: expect.toBeOneOf([null, expect.any(String)]),
  },
};

describe('simulator endpoints', () => {
  it('listens on 127.0.0.1 with a /v1 base URL and a free port', async () => {
    const sim = await simulator();
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v1`);
    expect(sim.port).toBeGreaterThan(0);
  });

  it('creates an assistant and refuses one without a model, naming the param', async () => {
    const sim = await simulator();
    const created = await call(sim, 'POST', '/assistants', {
      model: 'gpt-4o',
      name: 'Helper',
      metadata: { team: 'a' },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      object: 'assistant',
      model: 'gpt-4o',
      name: 'Helper',
      metadata: { team: 'a' },
    });
    expect(created.json.id).toMatch(/^asst_[0-9a-f]{24}$/);
    const refused = await call(sim, 'POST', '/assistants', { name: 'No model' });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual(ERROR_SHAPE);
    expect(refused.json.error).toMatchObject({ param: 'model', code: 'missing_required_parameter' });
  });

  it('keeps messages of a thread and lists them newest first, or oldest first with order=asc', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'first');
    const added = await call(sim, 'POST', `/threads/${threadId}/messages`, {
      role: 'user',
      content: 'second',
    });
    expect(added.json).toMatchObject({
      object: 'thread.message',
      role: 'user',
      thread_id: threadId,
      status: 'completed',
    });
    expect(added.json.content).toEqual([{ type: 'text', text: { value: 'second', annotations: [] } }]);
    const desc = await call(sim, 'GET', `/threads/${threadId}/messages`);
    expect(desc.json.object).toBe('list');
    expect(
      desc.json.data.map((m: { content: Array<{ text: { value: string } }> }) => m.content[0]?.text.value),
    ).toEqual(['second', 'first']);
    const asc = await call(sim, 'GET', `/threads/${threadId}/messages?order=asc&limit=1`);
    expect(asc.json.data).toHaveLength(1);
    expect(asc.json.has_more).toBe(true);
    expect(asc.json.first_id).toBe(asc.json.data[0].id);
  });

  it('answers an unknown thread with 404 and the API error object', async () => {
    const sim = await simulator();
    for (const [method, path] of [
      ['POST', '/threads/thread_nope/runs'],
      ['GET', '/threads/thread_nope/messages'],
      ['GET', '/threads/thread_nope/runs/run_nope'],
    ] as const) {
      const answer = await call(
        sim,
        method,
        path,
        method === 'POST' ? { assistant_id: 'asst_a' } : undefined,
      );
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual(ERROR_SHAPE);
      expect(answer.json.error.message).toContain('thread_nope');
    }
  });

  it('answers an unknown run of a known thread with 404', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const answer = await call(sim, 'GET', `/threads/${threadId}/runs/run_missing`);
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toContain('run_missing');
  });

  it('answers a body past 8 MiB with a 413 that closes its connection, and serves the next request', async () => {
    const sim = await simulator();
    const huge = `{"messages":[{"role":"user","content":"${'x'.repeat(9 * 1024 * 1024)}"}]}`;
    const answer = await call(sim, 'POST', '/threads', huge);
    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).toBe('close');
    expect(answer.json.error).toMatchObject({ code: 'request_too_large', type: 'invalid_request_error' });
    expect((await call(sim, 'POST', '/threads', {})).status).toBe(200);
  });

  it('answers a body that is not JSON with 400', async () => {
    const sim = await simulator();
    const answer = await call(sim, 'POST', '/threads', '{"messages": [');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(ERROR_SHAPE);
  });

  it.each([
    [{}, 'assistant_id', 'missing_required_parameter'],
    [{ assistant_id: 'asst_a', temperature: 3 }, 'temperature', 'decimal_above_max_value'],
    [{ assistant_id: 'asst_a', top_p: -0.5 }, 'top_p', 'decimal_below_min_value'],
    [{ assistant_id: 'asst_a', temperature: 'hot' }, 'temperature', 'invalid_type'],
    [
      { assistant_id: 'asst_a', max_completion_tokens: 0 },
      'max_completion_tokens',
      'integer_below_min_value',
    ],
    [{ assistant_id: 'asst_a', surprise: true }, 'surprise', 'unknown_parameter'],
    [
      { assistant_id: 'asst_a', additional_messages: [{ role: 'robot', content: 'x' }] },
      'additional_messages[0].role',
      'invalid_value',
    ],
    [{ assistant_id: 'asst_a', metadata: { scenario: 'nope' } }, 'metadata.scenario', 'invalid_value'],
    [{ assistant_id: 'asst_a', metadata: { fault: 'nope' } }, 'metadata.fault', 'invalid_value'],
    [{ assistant_id: 'asst_a', max_prompt_tokens: 255 }, 'max_prompt_tokens', 'integer_below_min_value'],
    [
      { assistant_id: 'asst_a', tools: Array(21).fill({ type: 'code_interpreter' }) },
      'tools',
      'array_above_max_length',
    ],
    [{ assistant_id: 'asst_a', reasoning_effort: 'extreme' }, 'reasoning_effort', 'invalid_value'],
    [{ assistant_id: 'asst_a', tool_choice: 'sometimes' }, 'tool_choice', 'invalid_value'],
    [
      { assistant_id: 'asst_a', tool_choice: { type: 'function' } },
      'tool_choice.function',
      'missing_required_parameter',
    ],
    [{ assistant_id: 'asst_a', response_format: 'json' }, 'response_format', 'invalid_value'],
    [
      { assistant_id: 'asst_a', response_format: { type: 'json_schema', json_schema: {} } },
      'response_format.json_schema.name',
      'missing_required_parameter',
    ],
    [
      { assistant_id: 'asst_a', tools: [{ type: 'file_search', file_search: { max_num_results: 51 } }] },
      'tools[0].file_search.max_num_results',
      'integer_above_max_value',
    ],
    [
      {
        assistant_id: 'asst_a',
        tools: [{ type: 'file_search', file_search: { ranking_options: { score_threshold: 1.5 } } }],
      },
      'tools[0].file_search.ranking_options.score_threshold',
      'decimal_above_max_value',
    ],
    [
      { assistant_id: 'asst_a', additional_messages: [{ role: 'user', content: [] }] },
      'additional_messages[0].content',
      'empty_array',
    ],
    [
      {
        assistant_id: 'asst_a',
        additional_messages: [{ role: 'user', content: 'x', attachments: [{ file_id: 'f' }] }],
      },
      'additional_messages[0].attachments[0].tools',
      'missing_required_parameter',
    ],
  ])('refuses the create-run body %j with 400 naming %s', async (body, param, code) => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const answer = await call(sim, 'POST', `/threads/${threadId}/runs`, body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ param, code, type: 'invalid_request_error' });
  });

  it.each(['__proto__', 'hasOwnProperty', 'constructor', 'toString'])(
    'refuses a body key named %s as unknown, with 400 and not 500',
    async (key) => {
      const sim = await simulator();
      const threadId = await threadWith(sim, 'hi');
      const answer = await call(
        sim,
        'POST',
        `/threads/${threadId}/runs`,
        `{"assistant_id":"asst_a","${key}":{}}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ param: key, code: 'unknown_parameter' });
    },
  );

  it('accepts every reasoning effort of the API, on runs and assistants', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    for (const reasoning_effort of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', null]) {
      const assistant = await call(sim, 'POST', '/assistants', { model: 'gpt-4o', reasoning_effort });
      expect(assistant.status).toBe(200);
      const run = await call(sim, 'POST', `/threads/${threadId}/runs`, {
        assistant_id: 'asst_a',
        reasoning_effort,
      });
      expect(run.status).toBe(200);
      await call(sim, 'POST', `/threads/${threadId}/runs/${run.json.id}/cancel`);
    }
  });

  it('treats an unknown asst_ id as a default assistant but 404s any other assistant id', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const known = await streamRun(sim, threadId, { assistant_id: 'asst_never_created' });
    expect(known.at(-2)?.event).toBe('thread.run.completed');
    expect(known[0]?.json.assistant_id).toBe('asst_never_created');
    const other = await call(sim, 'POST', `/threads/${threadId}/runs`, { assistant_id: 'bot_1' });
    expect(other.status).toBe(404);
    expect(other.json.error.message).toContain('bot_1');
  });

  it('deletes an assistant: the API answer, then 404 for it (even as an asst_ id) and for unknown ids', async () => {
    const sim = await simulator();
    const { json: assistant } = await call(sim, 'POST', '/assistants', { model: 'gpt-4o' });
    const deleted = await call(sim, 'DELETE', `/assistants/${assistant.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ id: assistant.id, object: 'assistant.deleted', deleted: true });
    for (const answer of [
      await call(sim, 'GET', `/assistants/${assistant.id}`),
      await call(sim, 'DELETE', `/assistants/${assistant.id}`),
      await call(sim, 'DELETE', '/assistants/asst_never_created'),
      await call(sim, 'POST', `/threads/${await threadWith(sim, 'hi')}/runs`, { assistant_id: assistant.id }),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual(ERROR_SHAPE);
      expect(answer.json.error.message).toMatch(/^No assistant found with id 'asst_\w+'\.$/);
    }
  });

  it('refuses a mistyped token in the user message with a 400 naming the token, not a field', async () => {
    const sim = await simulator();
    const answer = await call(sim, 'POST', '/threads/runs', {
      assistant_id: 'asst_a',
      thread: { messages: [{ role: 'user', content: 'hello [fault:bogus]' }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ param: null, code: 'invalid_value' });
    expect(answer.json.error.message).toContain('[fault:bogus]');
    expect(answer.json.error.message).not.toContain('metadata.fault');
  });

  it('reads a token whatever its case: [Scenario:Failed] fails the run', async () => {
    const sim = await simulator();
    const list = await streamRun(sim, await threadWith(sim, 'please [Scenario:Failed]'));
    expect(list.at(-2)?.event).toBe('thread.run.failed');
  });

  it('answers a route it does not serve with 404', async () => {
    const sim = await simulator();
    const answer = await call(sim, 'POST', '/files', {});
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toContain('/v1/files');
  });

  it('runs without stream: answers the queued run with openai-poll-after-ms, then the status advances', async () => {
    const sim = await simulator({ tokenDelayMs: 2 });
    const threadId = await threadWith(sim, 'hi');
    const created = await call(sim, 'POST', `/threads/${threadId}/runs`, { assistant_id: 'asst_a' });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ object: 'thread.run', status: 'queued', thread_id: threadId });
    expect(Number(created.headers.get('openai-poll-after-ms'))).toBeGreaterThan(0);
    const seen = await pollRun(sim, threadId, created.json.id, ['queued']);
    expect(seen.at(-1)).toBe('completed');
    // Whatever polling caught, it is an ordered subsequence of the real lifecycle.
    const lifecycle = ['queued', 'in_progress', 'completed'];
    expect(seen.map((s) => lifecycle.indexOf(s))).toEqual([...seen.map((s) => lifecycle.indexOf(s))].sort());
    const messages = await call(sim, 'GET', `/threads/${threadId}/messages?run_id=${created.json.id}`);
    expect(messages.json.data[0].content[0].text.value).toContain('hi');
  });

  it('keeps a streamed run, its steps and its message retrievable afterwards', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'keep me');
    const list = await streamRun(sim, threadId);
    const runId = list[0]?.json.id;
    const run = await call(sim, 'GET', `/threads/${threadId}/runs/${runId}`);
    expect(run.json).toMatchObject({ status: 'completed', usage: { total_tokens: expect.any(Number) } });
    expect(run.headers.get('openai-poll-after-ms')).not.toBeNull();
    const steps = await call(sim, 'GET', `/threads/${threadId}/runs/${runId}/steps?order=asc`);
    expect(steps.json.data).toHaveLength(1);
    expect(steps.json.data[0]).toMatchObject({
      type: 'message_creation',
      status: 'completed',
      run_id: runId,
    });
    const step = await call(sim, 'GET', `/threads/${threadId}/runs/${runId}/steps/${steps.json.data[0].id}`);
    expect(step.json.id).toBe(steps.json.data[0].id);
    const messages = await call(sim, 'GET', `/threads/${threadId}/messages`);
    expect(messages.json.data[0]).toMatchObject({ role: 'assistant', run_id: runId, status: 'completed' });
    const runs = await call(sim, 'GET', `/threads/${threadId}/runs`);
    expect(runs.json.data.map((r: { id: string }) => r.id)).toEqual([runId]);
  });

  it('creates a thread and runs it, streaming thread.created first; the thread stays', async () => {
    const sim = await simulator();
    const answer = await call(sim, 'POST', '/threads/runs', {
      assistant_id: 'asst_a',
      stream: true,
      thread: { messages: [{ role: 'user', content: 'new thread' }] },
    });
    const list = frames(answer.text);
    expect(list[0]?.event).toBe('thread.created');
    expect(list[1]?.event).toBe('thread.run.created');
    const threadId = list[0]?.json.id;
    expect(list[1]?.json.thread_id).toBe(threadId);
    const thread = await call(sim, 'GET', `/threads/${threadId}`);
    expect(thread.json.object).toBe('thread');
    const messages = await call(sim, 'GET', `/threads/${threadId}/messages?order=asc`);
    expect(messages.json.data.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
  });

  it('adds additional_messages to the thread before the run answers them', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'old');
    await streamRun(sim, threadId, { additional_messages: [{ role: 'user', content: 'brand new' }] });
    const messages = await call(sim, 'GET', `/threads/${threadId}/messages`);
    const texts = messages.json.data.map(
      (m: { content: Array<{ text: { value: string } }> }) => m.content[0]?.text.value,
    );
    expect(texts[1]).toBe('brand new');
    expect(texts[0]).toContain('brand new');
  });

  it('refuses a second run, and new messages, while a run holds the thread', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const first = await call(sim, 'POST', `/threads/${threadId}/runs`, {
      assistant_id: 'asst_a',
      metadata: { scenario: 'function_call' },
    });
    await pollRun(sim, threadId, first.json.id);
    const second = await call(sim, 'POST', `/threads/${threadId}/runs`, { assistant_id: 'asst_a' });
    expect(second.status).toBe(400);
    expect(second.json.error.message).toContain(first.json.id);
    const message = await call(sim, 'POST', `/threads/${threadId}/messages`, {
      role: 'user',
      content: 'more',
    });
    expect(message.status).toBe(400);
  });

  it('cancels a run waiting on tool outputs: cancelling at once, cancelled after, its step cancelled', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const run = await call(sim, 'POST', `/threads/${threadId}/runs`, {
      assistant_id: 'asst_a',
      metadata: { scenario: 'function_call' },
    });
    expect(await pollRun(sim, threadId, run.json.id)).toContain('requires_action');
    const cancel = await call(sim, 'POST', `/threads/${threadId}/runs/${run.json.id}/cancel`);
    expect(cancel.json.status).toBe('cancelling');
    expect((await pollRun(sim, threadId, run.json.id)).at(-1)).toBe('cancelled');
    const steps = await call(sim, 'GET', `/threads/${threadId}/runs/${run.json.id}/steps`);
    expect(steps.json.data[0].status).toBe('cancelled');
    const again = await call(sim, 'POST', `/threads/${threadId}/runs/${run.json.id}/cancel`);
    expect(again.status).toBe(400);
    expect(again.json.error.message).toContain("'cancelled'");
  });

  it('refuses tool outputs for a run that does not wait for them, or for other call ids', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const done = await streamRun(sim, threadId);
    const doneId = done[0]?.json.id;
    const late = await call(sim, 'POST', `/threads/${threadId}/runs/${doneId}/submit_tool_outputs`, {
      tool_outputs: [{ tool_call_id: 'call_x', output: '1' }],
    });
    expect(late.status).toBe(400);
    expect(late.json.error.message).toContain('completed');
    const waiting = await streamRun(sim, threadId, { metadata: { scenario: 'function_call' } });
    const runId = waiting[0]?.json.id;
    const wrong = await call(sim, 'POST', `/threads/${threadId}/runs/${runId}/submit_tool_outputs`, {
      tool_outputs: [{ tool_call_id: 'call_wrong', output: '1' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toContain('call_wrong');
    const empty = await call(sim, 'POST', `/threads/${threadId}/runs/${runId}/submit_tool_outputs`, {});
    expect(empty.json.error).toMatchObject({ param: 'tool_outputs', code: 'missing_required_parameter' });
  });

  it('submits tool outputs without stream: answers the queued run, which then completes', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const waiting = await streamRun(sim, threadId, { metadata: { scenario: 'function_call' } });
    const required = waiting.find((f) => f.event === 'thread.run.requires_action')?.json;
    const callId = required.required_action.submit_tool_outputs.tool_calls[0].id;
    const submitted = await call(
      sim,
      'POST',
      `/threads/${threadId}/runs/${required.id}/submit_tool_outputs`,
      {
        tool_outputs: [{ tool_call_id: callId, output: '22°C' }],
      },
    );
    expect(submitted.json).toMatchObject({ status: 'queued', required_action: null });
    expect((await pollRun(sim, threadId, required.id)).at(-1)).toBe('completed');
    const messages = await call(sim, 'GET', `/threads/${threadId}/messages`);
    expect(messages.json.data[0].content[0].text.value).toContain('22°C');
  });
});

describe('simulator access', () => {
  it('with apiKey, refuses a missing or wrong key with 401 (never echoing it) and takes Bearer or api-key', async () => {
    const sim = await simulator({ apiKey: 'sk-sim-secret-123' });
    const none = await call(sim, 'POST', '/threads', {});
    expect(none.status).toBe(401);
    const wrong = await call(sim, 'POST', '/threads', {}, { authorization: 'Bearer sk-wrong-key-456' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('invalid_api_key');
    expect(wrong.text).not.toContain('sk-wrong-key-456');
    const bearer = await call(sim, 'POST', '/threads', {}, { authorization: 'Bearer sk-sim-secret-123' });
    expect(bearer.status).toBe(200);
    const azureStyle = await call(sim, 'POST', '/threads', {}, { 'api-key': 'sk-sim-secret-123' });
    expect(azureStyle.status).toBe(200);
  });

  it('serves Azure-style routes under /openai only with an api-version query', async () => {
    const sim = await simulator();
    const without = await fetch(`${sim.endpoint}/openai/threads`, { method: 'POST', body: '{}' });
    expect(without.status).toBe(400);
    expect((await without.json()).error.param).toBe('api-version');
    const withVersion = await fetch(`${sim.endpoint}/openai/threads?api-version=2024-05-01-preview`, {
      method: 'POST',
      body: '{}',
    });
    expect(withVersion.status).toBe(200);
    expect((await withVersion.json()).object).toBe('thread');
  });

  it('lists the requests it answered, with their statuses', async () => {
    const sim = await simulator();
    await call(sim, 'POST', '/threads', {});
    await call(sim, 'GET', '/threads/thread_nope');
    await eventually(() => sim.requests().every((r) => r.status !== 0));
    expect(sim.requests()).toEqual([
      { method: 'POST', path: '/v1/threads', status: 200 },
      { method: 'GET', path: '/v1/threads/thread_nope', status: 404 },
    ]);
  });
});

describe('the run objects the simulator gives', () => {
  it.each([
    ['text', 'thread.run.completed'],
    ['incomplete', 'thread.run.incomplete'],
    ['failed', 'thread.run.failed'],
  ])('clears expires_at when a %s run ends, and gives every step metadata', async (scenario, end) => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'hi');
    const frames = await streamRun(sim, threadId, { metadata: { scenario } });
    const runs = frames.filter(
      (f) => f.event?.startsWith('thread.run.') && !f.event.startsWith('thread.run.step.'),
    );
    expect(typeof runs[0]?.json.expires_at).toBe('number');
    expect(runs.at(-1)?.event).toBe(end);
    expect(runs.at(-1)?.json.expires_at).toBeNull();
    const steps = frames.filter((f) => f.event === 'thread.run.step.created');
    // A failed run fails before its first step.
    expect(steps.length > 0 || scenario === 'failed').toBe(true);
    for (const step of steps) expect(step.json.metadata).toEqual({});
  });
});
