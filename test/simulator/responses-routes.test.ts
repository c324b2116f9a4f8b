import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import {
  checkNumbering,
  checkStream,
  last,
  liveFrames,
  open,
  outputText,
  settled,
  streamResponse,
} from './responses-support.js';
import { type Answer, call, closeSimulators, eventually, frames, simulator } from './support.js';

afterEach(closeSimulators);

const MODEL = 'gpt-4.1-mini';

const ERROR_SHAPE = {
  error: {
    message: expect.any(String),
    type: 'invalid_request_error',
    param: expect.toBeOneOf([null, expect.any(String)]),
    code: expect.toBeOneOf([null, expect.any(String)]),
  },
};

async function create(
  sim: Awaited<ReturnType<typeof simulator>>,
  body: Record<string, unknown>,
): Promise<Answer> {
  return call(sim, 'POST', '/responses', { model: MODEL, ...body });
}

describe('POST /responses', () => {
  it('answers a non-stream request with the completed response, which GET then returns', async () => {
    const sim = await simulator();
    const created = await create(sim, { input: 'Hello', instructions: 'Be brief.', metadata: { team: 'a' } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      object: 'response',
      status: 'completed',
      model: MODEL,
      instructions: 'Be brief.',
      metadata: { team: 'a' },
      background: false,
      store: true,
      error: null,
    });
    expect(created.json.output[0].content[0].text).toContain('“Hello”');
    expect(created.json.usage.total_tokens).toBe(
      created.json.usage.input_tokens + created.json.usage.output_tokens,
    );
    const retrieved = await call(sim, 'GET', `/responses/${created.json.id}`);
    expect(retrieved.json).toEqual(created.json);
  });

  it('refuses a body without a model, or with a bad field, naming the param', async () => {
    const sim = await simulator();
    const noModel = await call(sim, 'POST', '/responses', { input: 'Hi' });
    expect(noModel.status).toBe(400);
    expect(noModel.json).toEqual(ERROR_SHAPE);
    expect(noModel.json.error).toMatchObject({ param: 'model', code: 'missing_required_parameter' });
    const hot = await create(sim, { input: 'Hi', temperature: 3 });
    expect(hot.json.error.param).toBe('temperature');
    const badItem = await create(sim, { input: [{ role: 'robot', content: 'x' }] });
    expect(badItem.json.error.param).toBe('input[0].role');
  });

  it('reads keys as own properties: a __proto__ key is an unknown parameter, metadata may hold any key', async () => {
    const sim = await simulator();
    const proto = `{"model":"${MODEL}","input":"Hi","__proto__":{"stream":true}}`;
    const refused = await call(sim, 'POST', '/responses', proto);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ param: '__proto__', code: 'unknown_parameter' });
    const ctor = await call(sim, 'POST', '/responses', `{"model":"${MODEL}","input":"Hi","constructor":1}`);
    expect(ctor.json.error).toMatchObject({ param: 'constructor', code: 'unknown_parameter' });
    const typo = await create(sim, { input: 'Hi', temprature: 1 });
    expect(typo.json.error.message).toContain('temperature');
    const body = `{"model":"${MODEL}","input":"Hi","metadata":{"__proto__":"x","constructor":"y"}}`;
    const answer = await call(sim, 'POST', '/responses', body);
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('completed');
    expect(Object.getOwnPropertyNames(answer.json.metadata)).toEqual(['__proto__', 'constructor']);
  });

  it('store: false is neither retrievable nor chainable, and refused with background', async () => {
    const sim = await simulator();
    const unstored = await create(sim, { input: 'Hi', store: false });
    expect(unstored.json).toMatchObject({ status: 'completed', store: false });
    const retrieved = await call(sim, 'GET', `/responses/${unstored.json.id}`);
    expect(retrieved.status).toBe(404);
    expect(retrieved.json).toEqual(ERROR_SHAPE);
    const chained = await create(sim, { input: 'More', previous_response_id: unstored.json.id });
    expect(chained.status).toBe(400);
    expect(chained.json.error).toMatchObject({
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
    const background = await create(sim, { input: 'Hi', store: false, background: true });
    expect(background.status).toBe(400);
    expect(background.json.error.param).toBe('store');
  });
});

describe('previous_response_id', () => {
  it('continues a function call with its output, and input_items lists the whole conversation', async () => {
    const sim = await simulator();
    const first = await create(sim, { input: 'Weather in Paris?', metadata: { scenario: 'function_call' } });
    const fc = first.json.output[0];
    expect(fc.type).toBe('function_call');
    const second = await create(sim, {
      previous_response_id: first.json.id,
      input: [{ type: 'function_call_output', call_id: fc.call_id, output: '{"temperature":21}' }],
    });
    expect(second.status).toBe(200);
    expect(second.json.previous_response_id).toBe(first.json.id);
    expect(second.json.output[0].content[0].text).toContain('{"temperature":21}');
    const items = await call(sim, 'GET', `/responses/${second.json.id}/input_items?order=asc`);
    expect(items.json.data.map((item: { type: string }) => item.type)).toEqual([
      'message',
      'function_call',
      'function_call_output',
    ]);
    expect(items.json.data[0].content).toEqual([{ type: 'input_text', text: 'Weather in Paris?' }]);
  });

  it('refuses an output for an unknown call, and a continuation that leaves a call unanswered', async () => {
    const sim = await simulator();
    const first = await create(sim, { input: 'x', metadata: { scenario: 'parallel_function_calls' } });
    const [paris] = first.json.output;
    const unknown = await create(sim, {
      previous_response_id: first.json.id,
      input: [{ type: 'function_call_output', call_id: 'call_nope', output: '1' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain('call_nope');
    const partial = await create(sim, {
      previous_response_id: first.json.id,
      input: [{ type: 'function_call_output', call_id: paris.call_id, output: '1' }],
    });
    expect(partial.status).toBe(400);
    expect(partial.json.error.message).toContain(first.json.output[1].call_id);
  });

  it('serves a stateless client (store: false) that sends the conversation back with the outputs', async () => {
    const sim = await simulator();
    const question = {
      role: 'user',
      content: [{ type: 'input_text', text: 'Weather? [scenario:function_call]' }],
    };
    const first = await create(sim, { input: [question], store: false });
    const [fc] = first.json.output;
    const answer = await create(sim, {
      store: false,
      input: [question, fc, { type: 'function_call_output', call_id: fc.call_id, output: '{"celsius":21}' }],
    });
    expect(answer.status).toBe(200);
    expect(answer.json.output[0].content[0].text).toContain('{"celsius":21}');
  });

  it('refuses malformed input items, naming them', async () => {
    const sim = await simulator();
    const noCall = await create(sim, { input: [{ type: 'function_call_output', output: 'x' }] });
    expect(noCall.status).toBe(400);
    expect(noCall.json.error.param).toMatch(/^input\[0\]/);
    const badContent = await create(sim, { input: [{ role: 'user', content: 42 }] });
    expect(badContent.status).toBe(400);
    expect(badContent.json.error.param).toMatch(/^input\[0\]/);
  });

  it('refuses to continue a response that is still running', async () => {
    const sim = await simulator();
    const running = await create(sim, { input: 'x', background: true, metadata: { scenario: 'slow' } });
    const answer = await create(sim, { input: 'more', previous_response_id: running.json.id });
    expect(answer.status).toBe(400);
    expect(answer.json.error.param).toBe('previous_response_id');
    await call(sim, 'POST', `/responses/${running.json.id}/cancel`);
  });

  it('refuses an unknown previous response', async () => {
    const sim = await simulator();
    const answer = await create(sim, { input: 'x', previous_response_id: 'resp_nope' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({
      code: 'previous_response_not_found',
      param: 'previous_response_id',
    });
  });
});

describe('background responses', () => {
  it('answers at once with the queued response, which runs on unread until completed', async () => {
    const sim = await simulator();
    const created = await create(sim, { input: 'Hi', background: true });
    expect(created.json).toMatchObject({ status: 'queued', background: true, output: [] });
    const done = await settled(sim, created.json.id);
    expect(done.json.status).toBe('completed');
    expect(done.json.output[0].content[0].text).toContain('“Hi”');
  });

  it('replays every stored event with stream=true, and those after starting_after', async () => {
    const sim = await simulator();
    const streamed = await streamResponse(sim, { input: 'Hi', background: true });
    checkStream(streamed, true);
    const id = streamed[0]?.json.response.id;
    const replay = await call(sim, 'GET', `/responses/${id}?stream=true`);
    expect(frames(replay.text)).toEqual(streamed);
    const after = await call(sim, 'GET', `/responses/${id}?stream=true&starting_after=5`);
    const rest = frames(after.text);
    checkNumbering(rest, 6);
    expect(rest).toEqual(streamed.slice(6));
  });

  it('goes on live after the replay while the response still runs, and ends after the terminal event', async () => {
    const sim = await simulator();
    const created = await create(sim, {
      input: 'x',
      background: true,
      metadata: { scenario: 'slow', token_delay_ms: '5' },
    });
    const response = await open(sim, 'GET', `/responses/${created.json.id}?stream=true&starting_after=2`);
    const seen = [];
    let liveAt: string | undefined;
    for await (const frame of liveFrames(response)) {
      seen.push(frame);
      if (seen.length === 1) liveAt = (await call(sim, 'GET', `/responses/${created.json.id}`)).json.status;
    }
    expect(liveAt).toBe('in_progress');
    checkNumbering(seen, 3);
    const whole = frames((await call(sim, 'GET', `/responses/${created.json.id}?stream=true`)).text);
    checkStream(whole, true);
    expect(seen).toEqual(whole.slice(3));
    expect(last(seen).type).toBe('response.completed');
  });

  it('refuses stream=true for a response that was not in the background, and a bad starting_after', async () => {
    const sim = await simulator();
    const created = await create(sim, { input: 'Hi' });
    const foreground = await call(sim, 'GET', `/responses/${created.json.id}?stream=true`);
    expect(foreground.status).toBe(400);
    const background = await create(sim, { input: 'Hi', background: true });
    const bad = await call(sim, 'GET', `/responses/${background.json.id}?stream=true&starting_after=x`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('starting_after');
  });
});

describe('cancel', () => {
  it('cancels a background response at once: status cancelled, and its streams end', async () => {
    const sim = await simulator();
    const stream = await open(sim, 'POST', '/responses', {
      model: MODEL,
      input: 'x',
      background: true,
      stream: true,
      metadata: { scenario: 'slow' },
    });
    const seen = [];
    let cancelled: Answer | undefined;
    for await (const frame of liveFrames(stream)) {
      seen.push(frame);
      if (seen.length === 6)
        cancelled = await call(sim, 'POST', `/responses/${seen[0]?.json.response.id}/cancel`, {});
    }
    expect(cancelled?.status).toBe(200);
    expect(cancelled?.json.status).toBe('cancelled');
    // Nothing after the cancel but what was on its way: far fewer than the whole answer.
    expect(seen.length).toBeLessThan(12);
    checkStream(seen, true);
    const id = seen[0]?.json.response.id;
    expect((await call(sim, 'GET', `/responses/${id}`)).json.status).toBe('cancelled');
    const again = await call(sim, 'POST', `/responses/${id}/cancel`);
    expect(again.json.status).toBe('cancelled');
    const replay = frames((await call(sim, 'GET', `/responses/${id}?stream=true`)).text);
    expect(replay).toEqual(seen);
    await eventually(() => sim.streams() === 0);
  });

  it('refuses to cancel a finished or a foreground response', async () => {
    const sim = await simulator();
    const foreground = await create(sim, { input: 'x' });
    const refused = await call(sim, 'POST', `/responses/${foreground.json.id}/cancel`);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual(ERROR_SHAPE);
    const background = await create(sim, { input: 'x', background: true });
    await settled(sim, background.json.id);
    const late = await call(sim, 'POST', `/responses/${background.json.id}/cancel`);
    expect(late.status).toBe(400);
    expect(late.json.error.message).toBe('Cannot cancel a completed response.');
  });
});

describe('input_items, delete and unknown ids', () => {
  it('pages input items with limit, order and after', async () => {
    const sim = await simulator();
    const input = ['one', 'two', 'three'].map((text) => ({ role: 'user', content: text }));
    const created = await create(sim, { input });
    const base = `/responses/${created.json.id}/input_items`;
    const newest = await call(sim, 'GET', `${base}?limit=2`);
    expect(newest.json).toMatchObject({ object: 'list', has_more: true });
    expect(newest.json.data.map((i: { content: Array<{ text: string }> }) => i.content[0]?.text)).toEqual([
      'three',
      'two',
    ]);
    expect(newest.json.first_id).toBe(newest.json.data[0].id);
    expect(newest.json.last_id).toBe(newest.json.data[1].id);
    const rest = await call(sim, 'GET', `${base}?limit=2&after=${newest.json.last_id}`);
    expect(rest.json.data.map((i: { content: Array<{ text: string }> }) => i.content[0]?.text)).toEqual([
      'one',
    ]);
    expect(rest.json.has_more).toBe(false);
    const asc = await call(sim, 'GET', `${base}?order=asc`);
    expect(asc.json.data.map((i: { id: string }) => i.id)).toEqual(
      [...newest.json.data, ...rest.json.data].map((i) => i.id).reverse(),
    );
    expect(asc.json.data[0]).toMatchObject({
      type: 'message',
      role: 'user',
      status: 'completed',
      id: expect.stringMatching(/^msg_/),
    });
  });

  it('deletes a response: the deletion object, then 404 everywhere', async () => {
    const sim = await simulator();
    const created = await create(sim, { input: 'x' });
    const id = created.json.id;
    const deleted = await call(sim, 'DELETE', `/responses/${id}`);
    expect(deleted.json).toEqual({ id, object: 'response.deleted', deleted: true });
    for (const [method, path] of [
      ['GET', `/responses/${id}`],
      ['GET', `/responses/${id}/input_items`],
      ['POST', `/responses/${id}/cancel`],
      ['DELETE', `/responses/${id}`],
    ] as const) {
      const answer = await call(sim, method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.json).toEqual(ERROR_SHAPE);
      expect(answer.json.error.message).toBe(`Response with id '${id}' not found.`);
    }
  });

  it('serves the same routes Azure-style under /openai', async () => {
    const sim = await simulator();
    const answer = await fetch(`${sim.endpoint}/openai/responses?api-version=2025-04-01-preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, input: 'Hi' }),
    });
    expect(((await answer.json()) as { status: string }).status).toBe('completed');
  });

  it.each(['v1', 'preview'])(
    "serves the client's Azure v1 API (apiVersion %s) under /openai/v1",
    async (apiVersion) => {
      const sim = await simulator();
      const azure = createClient({ apiKey: '', azure: { endpoint: sim.endpoint, apiVersion } });
      const events = await lastValueFrom(
        azure.responses.stream({ model: MODEL, input: 'Hi', background: true }).pipe(toArray()),
      );
      expect(events.at(-1)?.type).toBe('response.completed');
      const id = (events[0] as { response: { id: string } }).response.id;
      expect((await azure.responses.retrieve(id)).status).toBe('completed');
      expect(sim.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'POST /openai/v1/responses 200',
        `GET /openai/v1/responses/${id} 200`,
      ]);
    },
  );

  it('streams the text the non-stream answer has', async () => {
    const sim = await simulator();
    const list = await streamResponse(sim, { input: 'Same' });
    const json = await create(sim, { input: 'Same' });
    expect(outputText(list)).toBe(json.json.output[0].content[0].text);
  });
});
