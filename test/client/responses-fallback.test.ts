import fc from 'fast-check';
import nock from 'nock';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { ResponseStreamEvent as SdkEvent } from 'openai/resources/responses/responses';
import { lastValueFrom, of, tap, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, UnexpectedResponseError } from '../../src/index.js';
import {
  finalResponse,
  handleToolCalls,
  ResponseFailedError,
  snapshots,
  textDeltas,
} from '../../src/responses/index.js';
import type { Response, ResponseStreamEvent } from '../../src/types/responses/index.js';
import { renderings } from '../helpers/renderings.js';
import { responseJSON } from './responses-support.js';
import { API_KEY, BASE_URL, ORIGIN, useNock } from './support.js';

useNock({ beforeAll, afterEach, afterAll });

const ID = 'resp_json123';
const client = () => createClient({ baseURL: BASE_URL, apiKey: API_KEY, maxRetries: 0, pollInterval: 5 });
const JSON_HEADERS = { 'content-type': 'application/json' };

const MESSAGE = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  status: 'completed',
  content: [
    {
      type: 'output_text',
      text: 'Paris is the capital.',
      annotations: [
        { type: 'url_citation', start_index: 0, end_index: 5, url: 'https://x.test', title: 'X' },
      ],
    },
  ],
};
const CALL = {
  id: 'fc_1',
  type: 'function_call',
  call_id: 'call_1',
  name: 'get_weather',
  arguments: '{"city":"Paris"}',
  status: 'completed',
};
const COMPLETED = responseJSON(ID, 'completed', {
  output: [MESSAGE, CALL],
  usage: { input_tokens: 5, output_tokens: 7, total_tokens: 12 },
});

/** One stream request, which the tests answer as JSON. */
function stream() {
  return client().responses.stream({ model: 'gpt-5', input: 'Capital of France?' });
}

function answerJSON(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return nock(ORIGIN)
    .post('/v1/responses', (sent) => sent.stream === true)
    .reply(200, body, { ...JSON_HEADERS, ...headers });
}

describe('a stream request answered with a terminal response as JSON', () => {
  it('emits the events a stream would have ended with, numbered from 0', async () => {
    answerJSON(COMPLETED);
    const events = await lastValueFrom(stream().pipe(toArray()));
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const created = events[0] as Extract<ResponseStreamEvent, { type: 'response.created' }>;
    expect(created.response).toMatchObject({ id: ID, status: 'in_progress', output: [], usage: null });
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: COMPLETED });
  });

  it('gives textDeltas the text, and snapshots and finalResponse the response as the server sent it', async () => {
    answerJSON(COMPLETED);
    const events = await lastValueFrom(stream().pipe(toArray()));
    const text = (await lastValueFrom(of(...events).pipe(textDeltas(), toArray()))).join('');
    expect(text).toBe('Paris is the capital.');
    const last = await lastValueFrom(of(...events).pipe(snapshots()));
    expect(last.response).toMatchObject(COMPLETED);
    const final = await lastValueFrom(of(...events).pipe(finalResponse()));
    expect(final).toMatchObject({ ...COMPLETED, output_text: 'Paris is the capital.' });
  });

  it('ends an incomplete response with response.incomplete, and a failed one with response.failed', async () => {
    const incomplete = responseJSON(ID, 'incomplete', {
      output: [MESSAGE],
      incomplete_details: { reason: 'max_output_tokens' },
    });
    answerJSON(incomplete);
    const final = await lastValueFrom(stream().pipe(finalResponse()));
    expect(final).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });

    const failed = responseJSON(ID, 'failed', { error: { code: 'server_error', message: 'boom' } });
    answerJSON(failed);
    const events: ResponseStreamEvent[] = [];
    const error = await new Promise((resolve) =>
      stream()
        .pipe(
          tap((e) => events.push(e)),
          finalResponse(),
        )
        .subscribe({ error: resolve }),
    );
    expect(events.at(-1)?.type).toBe('response.failed');
    expect(error).toBeInstanceOf(ResponseFailedError);
    expect((error as ResponseFailedError).code).toBe('server_error');
  });

  it('ends a cancelled response after its last item, with no terminal event (the API has none for a cancel)', async () => {
    const cancelled = responseJSON(ID, 'cancelled', { background: true, output: [MESSAGE] });
    answerJSON(cancelled);
    const events = await lastValueFrom(stream().pipe(toArray()));
    expect(events.at(-1)?.type).toBe('response.output_item.done');
    expect(events.map((e) => e.type)).not.toContain('response.completed');
  });

  it('a refusal comes as response.refusal.delta and .done, and no output_text delta', async () => {
    const refusal = responseJSON(ID, 'completed', {
      output: [{ ...MESSAGE, content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] }],
    });
    answerJSON(refusal);
    const events = await lastValueFrom(stream().pipe(toArray()));
    expect(events.filter((e) => e.type === 'response.refusal.delta')).toMatchObject([
      { delta: 'I cannot help with that.', output_index: 0, content_index: 0, item_id: 'msg_1' },
    ]);
    expect(events.some((e) => e.type === 'response.output_text.delta')).toBe(false);
  });
});

describe('a stream request answered with a background response still running, as JSON', () => {
  it('polls GET /responses/{id} (openai-poll-after-ms honoured) and emits each status, then the end', async () => {
    const polls: string[] = [];
    nock(ORIGIN)
      .post('/v1/responses')
      .reply(200, responseJSON(ID, 'queued', { background: true }), {
        ...JSON_HEADERS,
        'openai-poll-after-ms': '1',
      })
      .get(`/v1/responses/${ID}`)
      .reply(() => {
        polls.push('queued');
        return [200, responseJSON(ID, 'queued', { background: true }), { 'openai-poll-after-ms': '1' }];
      })
      .get(`/v1/responses/${ID}`)
      .reply(() => {
        polls.push('in_progress');
        return [200, responseJSON(ID, 'in_progress', { background: true }), { 'openai-poll-after-ms': '1' }];
      })
      .get(`/v1/responses/${ID}`)
      .reply(() => {
        polls.push('completed');
        return [200, { ...COMPLETED, background: true }];
      });
    const events = await lastValueFrom(
      createClient({ baseURL: BASE_URL, apiKey: API_KEY, pollInterval: 60_000 })
        .responses.stream({ model: 'gpt-5', input: 'Hi', background: true })
        .pipe(toArray()),
    );
    expect(polls).toEqual(['queued', 'in_progress', 'completed']);
    expect(events.slice(0, 3).map((e) => [e.type, (e as { response: Response }).response.status])).toEqual([
      ['response.created', 'queued'],
      ['response.queued', 'queued'],
      ['response.in_progress', 'in_progress'],
    ]);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('unsubscribing stops the polling', async () => {
    const scope = nock(ORIGIN)
      .post('/v1/responses')
      .reply(200, responseJSON(ID, 'queued', { background: true }), JSON_HEADERS)
      .get(`/v1/responses/${ID}`)
      .reply(200, responseJSON(ID, 'in_progress', { background: true }));
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const subscription = createClient({ baseURL: BASE_URL, apiKey: API_KEY, pollInterval: 30 })
        .responses.stream({ model: 'gpt-5', input: 'Hi', background: true })
        .subscribe((e) => {
          seen.push(e.type);
          if (e.type === 'response.queued') {
            subscription.unsubscribe();
            resolve();
          }
        });
    });
    // Three poll intervals: a poll that was still due would have been sent by now.
    await new Promise((resolve) => setTimeout(resolve, 90));
    expect(seen).toEqual(['response.created', 'response.queued']);
    expect(scope.pendingMocks()).toHaveLength(1);
  });
});

describe('a stream request answered with something else', () => {
  it.each([
    [{ object: 'thread.run', id: 'run_1', status: 'queued' }, 'object "thread.run"'],
    [{ error: null }, 'no "object" field'],
  ])('JSON that is not a response (%j) is an UnexpectedResponseError naming it', async (body, named) => {
    answerJSON(body);
    const error = await lastValueFrom(stream()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).contentType).toBe('application/json');
    expect((error as UnexpectedResponseError).bodyExcerpt).toContain(named);
  });

  it('a polled answer without a status errors instead of polling for ever', async () => {
    nock(ORIGIN)
      .post('/v1/responses')
      .reply(200, responseJSON(ID, 'in_progress'), JSON_HEADERS)
      .get(`/v1/responses/${ID}`)
      .reply(200, { id: ID, object: 'response' });
    const error = await lastValueFrom(stream()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).bodyExcerpt).toContain('without a status');
  });

  it('never shows the key in such an error, even when the polled answer quotes it', async () => {
    nock(ORIGIN)
      .post('/v1/responses')
      .reply(200, responseJSON(ID, 'in_progress'), JSON_HEADERS)
      .get(`/v1/responses/${ID}`)
      .reply(200, { id: ID, object: 'response', note: `key ${API_KEY}` });
    const streamed = await lastValueFrom(stream()).catch((e: unknown) => e);
    nock(ORIGIN)
      .post('/v1/responses')
      .reply(200, responseJSON(ID, 'queued', { background: true }), JSON_HEADERS)
      .get(`/v1/responses/${ID}`)
      .reply(200, { id: ID, object: 'response', note: `key ${API_KEY}` });
    const created = await client()
      .responses.create({ model: 'gpt-5', input: 'Hi', background: true })
      .catch((e: unknown) => e);
    for (const error of [streamed, created]) {
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
    }
  });

  it('an HTML page is an UnexpectedResponseError as before', async () => {
    nock(ORIGIN).post('/v1/responses').reply(200, '<html>proxy</html>', { 'content-type': 'text/html' });
    const error = await lastValueFrom(stream()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).bodyExcerpt).toContain('<html>proxy</html>');
  });
});

describe('the tool loop on a server that answers every stream request as JSON', () => {
  it('handleToolCalls answers the call and continues, with the text of the second response', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const answer = responseJSON('resp_2', 'completed', { output: [MESSAGE] });
    nock(ORIGIN)
      .post('/v1/responses')
      .reply((_path, body) => {
        bodies.push(body as Record<string, unknown>);
        return [200, responseJSON(ID, 'completed', { output: [CALL] }), JSON_HEADERS];
      })
      .post('/v1/responses')
      .reply((_path, body) => {
        bodies.push(body as Record<string, unknown>);
        return [200, answer, JSON_HEADERS];
      });
    const local = client();
    const text = await lastValueFrom(
      local.responses
        .stream({ model: 'gpt-5', input: 'Weather in Paris?' })
        .pipe(
          handleToolCalls(local, { get_weather: ({ city }: { city: string }) => `Sunny in ${city}` }),
          textDeltas(),
          toArray(),
        ),
    );
    expect(text.join('')).toBe('Paris is the capital.');
    expect(bodies[1]).toMatchObject({
      previous_response_id: ID,
      stream: true,
      input: [{ type: 'function_call_output', call_id: 'call_1', output: 'Sunny in Paris' }],
    });
  });
});

describe('the events made from a JSON response', () => {
  const text = fc.string({ maxLength: 40 });
  const part = fc.oneof(
    text.map((t) => ({ type: 'output_text' as const, text: t, annotations: [] })),
    text.map((t) => ({ type: 'refusal' as const, refusal: t })),
  );
  const item = fc.oneof(
    fc
      .record({ id: fc.constantFrom('msg_a', 'msg_b'), parts: fc.array(part, { maxLength: 3 }) })
      .map((m) => ({
        id: m.id,
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: m.parts,
      })),
    text.map((args) => ({ ...CALL, arguments: JSON.stringify({ args }) })),
    fc.constant({ id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }] }),
  );

  it('accumulate, in runstream and in the official SDK, to the response the server sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 4 }), async (output) => {
        const sent = responseJSON(ID, 'completed', { output }) as unknown as Response;
        nock(ORIGIN).post('/v1/responses').reply(200, sent, JSON_HEADERS);
        const events = await lastValueFrom(stream().pipe(toArray()));
        let sdk: ReturnType<typeof accumulateResponse> | undefined;
        for (const event of events) sdk = accumulateResponse(event as unknown as SdkEvent, sdk);
        expect({ ...sdk, output_text: undefined }).toEqual({ ...sent, output_text: undefined });
        const last = await lastValueFrom(of(...events).pipe(snapshots()));
        expect(last.response.output).toEqual(sent.output);
        const deltas = (
          await lastValueFrom(of(...events).pipe(textDeltas(), toArray()), { defaultValue: [] })
        ).join('');
        const written = output
          .flatMap((i) => ('content' in i ? i.content : []))
          .flatMap((p) => ('text' in p ? [p.text] : []))
          .join('');
        expect(deltas).toBe(written);
      }),
      { numRuns: 60 },
    );
  });
});

describe('against the simulator', () => {
  it.each([false, true])(
    'a stream request the simulator answers as JSON (fault json, background %s) reaches the subscriber as a whole stream',
    async (background) => {
      const { startSimulator } = await import('../../src/simulator/index.js');
      nock.enableNetConnect('127.0.0.1');
      const sim = await startSimulator({ port: 0, tokenDelayMs: 0 });
      try {
        const local = createClient({ baseURL: sim.url, apiKey: '', pollInterval: 10 });
        const events = await lastValueFrom(
          local.responses
            .stream({ model: 'gpt-5', input: 'Hello there', background, metadata: { fault: 'json' } })
            .pipe(toArray()),
        );
        const posted = sim.requests().filter((r) => r.method === 'POST');
        expect(posted).toHaveLength(1);
        const id = (events[0] as { response: Response }).response.id;
        const stored = await local.responses.retrieve(id);
        expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: stored });
        const final = await lastValueFrom(of(...events).pipe(finalResponse()));
        const written = (await lastValueFrom(of(...events).pipe(textDeltas(), toArray()))).join('');
        expect(written).toBe(final.output_text);
        expect(written.length).toBeGreaterThan(0);
      } finally {
        await sim.close();
      }
    },
  );
});
