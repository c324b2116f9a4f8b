import { afterEach, describe, expect, it } from 'vitest';
import { fixtureText } from '../helpers/fixtures.js';
import {
  call,
  closeSimulators,
  deltaText,
  type Frame,
  frames,
  shape,
  simulator,
  streamRun,
  threadWith,
} from './support.js';

afterEach(closeSimulators);

const names = (list: Frame[]) => list.map((f) => f.event);

/** The fixture's frames by event name, to compare field sets with what the simulator sends. */
function fieldsByEvent(list: Frame[]): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const frame of list) {
    if (frame.event && frame.json && typeof frame.json === 'object') {
      fields.set(frame.event, Object.keys(frame.json).sort());
    }
  }
  return fields;
}

async function submit(
  sim: Awaited<ReturnType<typeof simulator>>,
  list: Frame[],
  outputs: (i: number) => string,
) {
  const run = list.find((f) => f.event === 'thread.run.requires_action')?.json;
  const calls = run.required_action.submit_tool_outputs.tool_calls as Array<{ id: string }>;
  const answer = await call(sim, 'POST', `/threads/${run.thread_id}/runs/${run.id}/submit_tool_outputs`, {
    stream: true,
    tool_outputs: calls.map((c, i) => ({ tool_call_id: c.id, output: outputs(i) })),
  });
  return frames(answer.text);
}

describe('simulator scenarios, on the wire', () => {
  it.each([
    ['text.sse', 'text'],
    ['function-call.sse', 'function_call'],
    ['failed.sse', 'failed'],
  ])('streams the same event shape and fields as the real transcript %s', async (fixture, scenario) => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'What is the capital of France?');
    const list = await streamRun(sim, threadId, { metadata: { scenario } });
    const real = frames(fixtureText(fixture));
    expect(shape(names(list))).toEqual(shape(names(real)));
    const realFields = fieldsByEvent(real);
    // The transcripts predate RunStep.metadata, which the API reference now lists on every step.
    for (const [event, fields] of realFields) {
      if (
        event.startsWith('thread.run.step.') &&
        event !== 'thread.run.step.delta' &&
        !fields.includes('metadata')
      )
        realFields.set(event, [...fields, 'metadata'].sort());
    }
    for (const [event, fields] of fieldsByEvent(list)) {
      if (realFields.has(event)) expect({ event, fields }).toEqual({ event, fields: realFields.get(event) });
    }
    expect(list.at(-1)).toMatchObject({ event: 'done', data: '[DONE]' });
  });

  it("text: echoes the user's message in a friendly answer with non-ASCII, token by token", async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'Tell me about Paris');
    const list = await streamRun(sim, threadId);
    const deltas = list.filter((f) => f.event === 'thread.message.delta');
    expect(deltas.length).toBeGreaterThan(5);
    for (const delta of deltas) expect(delta.json.delta.content[0]).toMatchObject({ index: 0, type: 'text' });
    const completed = list.find((f) => f.event === 'thread.message.completed')?.json;
    expect(completed.content[0].text.value).toBe(deltaText(list));
    expect(deltaText(list)).toContain('Tell me about Paris');
    // Non-ASCII of its own (the question is plain ASCII), so clients meet multi-byte characters.
    expect([...deltaText(list)].some((c) => (c.codePointAt(0) ?? 0) > 0x7f)).toBe(true);
    const run = list.find((f) => f.event === 'thread.run.completed')?.json;
    expect(run.usage.completion_tokens).toBe(deltas.length);
    expect(run.usage.total_tokens).toBe(run.usage.prompt_tokens + run.usage.completion_tokens);
  });

  it('function_call: streams the arguments in pieces, requires action, then answers with the output', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'Weather?');
    const list = await streamRun(sim, threadId, { metadata: { scenario: 'function_call' } });
    const pieces = list
      .filter((f) => f.event === 'thread.run.step.delta')
      .map((f) => f.json.delta.step_details.tool_calls[0].function.arguments)
      .join('');
    const required = list.find((f) => f.event === 'thread.run.requires_action')?.json;
    const toolCall = required.required_action.submit_tool_outputs.tool_calls[0];
    expect(toolCall.function).toEqual({ name: 'get_weather', arguments: pieces });
    expect(JSON.parse(pieces)).toEqual({ location: 'Paris', unit: 'celsius' });

    const rest = await submit(sim, list, () => 'Sunny, 24°C');
    expect(shape(names(rest))).toEqual(
      shape(names(frames(fixtureText('parallel-function-calls-continuation.sse')))),
    );
    expect(rest[0]?.json.step_details.tool_calls[0].function.output).toBe('Sunny, 24°C');
    expect(deltaText(rest)).toContain('Sunny, 24°C');
    expect(rest.at(-2)?.json.status).toBe('completed');
  });

  it('parallel_function_calls: two calls in one step, with indexes 0 and 1', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'Weather in two cities?');
    const list = await streamRun(sim, threadId, { metadata: { scenario: 'parallel_function_calls' } });
    expect(list.filter((f) => f.event === 'thread.run.step.created')).toHaveLength(1);
    const indexes = new Set(
      list
        .filter((f) => f.event === 'thread.run.step.delta')
        .map((f) => f.json.delta.step_details.tool_calls[0].index),
    );
    expect([...indexes]).toEqual([0, 1]);
    const required = list.find((f) => f.event === 'thread.run.requires_action')?.json;
    expect(required.required_action.submit_tool_outputs.tool_calls).toHaveLength(2);
    const rest = await submit(sim, list, (i) => (i === 0 ? 'Paris: 20°C' : 'Tokyo: 25°C'));
    expect(deltaText(rest)).toContain('Paris: 20°C; Tokyo: 25°C');
  });

  it('two_rounds: requires action twice before it answers with both outputs', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'Compare');
    const first = await streamRun(sim, threadId, { metadata: { scenario: 'two_rounds' } });
    const second = await submit(sim, first, () => 'out-1');
    expect(shape(names(second))).toEqual(
      shape(names(frames(fixtureText('function-call-second-round.sse')))).filter(
        (n) => n !== 'thread.run.step.in_progress',
      ),
    );
    const third = await submit(sim, second, () => 'out-2');
    expect(third.at(-2)?.event).toBe('thread.run.completed');
    expect(deltaText(third)).toContain('out-1; out-2');
  });

  it('code_interpreter: streams the code input, then the logs, then a text answer', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'sqrt 2?');
    const list = await streamRun(sim, threadId, { metadata: { scenario: 'code_interpreter' } });
    const calls = list
      .filter((f) => f.event === 'thread.run.step.delta')
      .map((f) => f.json.delta.step_details.tool_calls[0]);
    expect(calls[0]).toMatchObject({
      index: 0,
      type: 'code_interpreter',
      id: expect.stringMatching(/^call_/),
    });
    const input = calls.map((c) => c.code_interpreter?.input ?? '').join('');
    const logs = calls.flatMap((c) => c.code_interpreter?.outputs ?? []);
    expect(logs).toEqual([{ index: 0, type: 'logs', logs: '1.4142135623730951\n' }]);
    const step = list.find((f) => f.event === 'thread.run.step.completed')?.json;
    expect(step.step_details.tool_calls[0].code_interpreter).toEqual({
      input,
      outputs: [{ type: 'logs', logs: '1.4142135623730951\n' }],
    });
    expect(input).toContain('math.sqrt(2)');
    expect(names(list).indexOf('thread.message.created')).toBeGreaterThan(
      names(list).indexOf('thread.run.step.completed'),
    );
    expect(list.at(-2)?.event).toBe('thread.run.completed');
  });

  it('file_search: a search step, then citations streamed as file_citation annotations', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'Warranty?');
    const list = await streamRun(sim, threadId, { metadata: { scenario: 'file_search' } });
    expect(shape(names(list))).toEqual(shape(names(frames(fixtureText('file-search-annotations.sse')))));
    const annotated = list
      .filter((f) => f.event === 'thread.message.delta')
      .flatMap((f) => f.json.delta.content[0].text.annotations ?? []);
    expect(annotated.map((a: { index: number }) => a.index)).toEqual([0, 1]);
    const message = list.find((f) => f.event === 'thread.message.completed')?.json;
    const text = message.content[0].text;
    expect(text.annotations).toHaveLength(2);
    for (const annotation of text.annotations) {
      expect(annotation.type).toBe('file_citation');
      expect(text.value.slice(annotation.start_index, annotation.end_index)).toBe(annotation.text);
    }
    const step = list.find((f) => f.event === 'thread.run.step.completed')?.json;
    expect(step.step_details.tool_calls[0].file_search.results[0]).not.toHaveProperty('content');
  });

  it('file_search: includes result content when include[] asks for it', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'Warranty?');
    const include = encodeURIComponent('step_details.tool_calls[*].file_search.results[*].content');
    const answer = await call(sim, 'POST', `/threads/${threadId}/runs?include[]=${include}`, {
      assistant_id: 'asst_a',
      stream: true,
      metadata: { scenario: 'file_search' },
    });
    const step = frames(answer.text).find((f) => f.event === 'thread.run.step.completed')?.json;
    expect(step.step_details.tool_calls[0].file_search.results[0].content[0].text).toContain('two years');
  });

  it('failed: the run fails with last_error and no step', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'boom');
    const list = await streamRun(sim, threadId, { metadata: { scenario: 'failed' } });
    expect(names(list)).toEqual(names(frames(fixtureText('failed.sse'))));
    expect(list.at(-2)?.json).toMatchObject({ status: 'failed', last_error: { code: 'server_error' } });
  });

  it('incomplete: the message and the run end incomplete, reason max_completion_tokens', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'long');
    const list = await streamRun(sim, threadId, { metadata: { scenario: 'incomplete' } });
    expect(shape(names(list))).toEqual(shape(names(frames(fixtureText('incomplete.sse')))));
    expect(list.find((f) => f.event === 'thread.message.incomplete')?.json.status).toBe('incomplete');
    expect(list.at(-2)?.json).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_completion_tokens' },
    });
  });
});

describe('simulator scenario selection', () => {
  it("takes the run's metadata first, then the assistant's, then a [scenario:…] token, else text", async () => {
    const sim = await simulator();
    const assistant = await call(sim, 'POST', '/assistants', {
      model: 'gpt-4o',
      metadata: { scenario: 'failed' },
    });
    const scenarioOf = async (body: Record<string, unknown>, message = 'hello [scenario:incomplete]') => {
      const list = await streamRun(sim, await threadWith(sim, message), body);
      return list.at(-2)?.event;
    };
    expect(
      await scenarioOf({ assistant_id: assistant.json.id, metadata: { scenario: 'code_interpreter' } }),
    ).toBe('thread.run.completed');
    expect(await scenarioOf({ assistant_id: assistant.json.id })).toBe('thread.run.failed');
    expect(await scenarioOf({})).toBe('thread.run.incomplete');
    expect(await scenarioOf({}, 'hello')).toBe('thread.run.completed');
  });

  it('reads the token from additional_messages and leaves it out of the echo', async () => {
    const sim = await simulator();
    const threadId = await threadWith(sim, 'old');
    const list = await streamRun(sim, threadId, {
      additional_messages: [{ role: 'user', content: 'Salut [scenario:text] toi' }],
    });
    expect(deltaText(list)).toContain('Salut toi');
    expect(deltaText(list)).not.toContain('[scenario');
  });
});
