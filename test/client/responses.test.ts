import nock from 'nock';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, createClient, NotFoundError, ValidationError } from '../../src/index.js';
import type { ResponseCreateParams } from '../../src/types/responses/index.js';
import { renderings } from '../helpers/renderings.js';
import { responseJSON, sse, textResponseEvents } from './responses-support.js';
import { API_KEY, BASE_URL, ORIGIN, SSE_HEADERS, useNock } from './support.js';

useNock({ beforeAll, afterEach, afterAll });

const client = () => createClient({ baseURL: BASE_URL, apiKey: API_KEY, maxRetries: 2 });
const ID = 'resp_abc123';
const EVENTS = textResponseEvents(ID, ['Hi', ' there']);

describe('client.responses.stream', () => {
  it('POSTs /responses with stream: true and emits every event in order', async () => {
    let seen: { body: unknown; auth: unknown } | undefined;
    nock(ORIGIN)
      .post('/v1/responses')
      .reply(function (_path, body) {
        seen = { body, auth: this.req.headers.authorization };
        return [200, sse(EVENTS), SSE_HEADERS];
      });
    const events = await lastValueFrom(
      client().responses.stream({ model: 'gpt-5', input: 'Hi', temperature: 0.5 }).pipe(toArray()),
    );
    expect(events).toEqual(EVENTS);
    expect(seen).toEqual({
      body: { model: 'gpt-5', input: 'Hi', temperature: 0.5, stream: true },
      auth: `Bearer ${API_KEY}`,
    });
  });

  it('create({ stream: true }) is the same stream', async () => {
    nock(ORIGIN)
      .post('/v1/responses', (body) => body.stream === true)
      .reply(200, sse(EVENTS), SSE_HEADERS);
    const events = await lastValueFrom(
      client().responses.create({ model: 'gpt-5', input: 'Hi', stream: true }).pipe(toArray()),
    );
    expect(events.map((e) => e.sequence_number)).toEqual(EVENTS.map((e) => e.sequence_number));
  });

  it.each([
    [{ model: 'gpt-5', input: 'Hi', temperature: 3 }, 'temperature'],
    [{ model: 'gpt-5', input: 'Hi', temprature: 1 }, 'temprature'],
    [{ model: 'gpt-5', input: 'Hi', background: true, store: false }, 'store'],
    [{ model: 'gpt-5', input: 'Hi', metadata: { k: 'x'.repeat(513) } }, 'metadata.k'],
    [{ model: 'gpt-5', input: 'Hi', include: ['everything'] }, 'include[0]'],
    [{ input: 'Hi' }, 'model'],
  ])('refuses a body breaking a rule (%#: %j…), sending nothing', async (params, field) => {
    const scope = nock(ORIGIN).post('/v1/responses').reply(200, sse(EVENTS), SSE_HEADERS);
    const stream = client().responses.stream(params as never);
    const error = await lastValueFrom(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    await expect(client().responses.create(params as never)).rejects.toMatchObject({ field });
    expect(scope.isDone()).toBe(false);
  });

  it('sends an unknown key when allowUnknownKeys is set', async () => {
    const scope = nock(ORIGIN)
      .post('/v1/responses', (body) => body.brand_new === 1)
      .reply(200, sse(EVENTS), SSE_HEADERS);
    const stream = client().responses.stream(
      { model: 'gpt-5', input: 'Hi', brand_new: 1 } as ResponseCreateParams,
      { allowUnknownKeys: true },
    );
    await lastValueFrom(stream);
    expect(scope.isDone()).toBe(true);
  });

  it('sends the fields of extra_body unchecked, merged into the body, as for runs', async () => {
    let seen: unknown;
    nock(ORIGIN)
      .post('/v1/responses')
      .reply((_path, body) => {
        seen = body;
        return [200, sse(EVENTS), SSE_HEADERS];
      });
    const params = {
      model: 'gpt-5',
      input: 'Hi',
      extra_body: { brand_new: { on: true } },
    } as ResponseCreateParams;
    await lastValueFrom(client().responses.stream(params));
    expect(seen).toEqual({ model: 'gpt-5', input: 'Hi', brand_new: { on: true }, stream: true });
    const bad = { model: 'gpt-5', input: 'Hi', extra_body: 'x' } as ResponseCreateParams;
    await expect(client().responses.create(bad)).rejects.toMatchObject({ field: 'extra_body' });
  });

  it('retries a 500 before the first byte, then streams', async () => {
    const scope = nock(ORIGIN)
      .post('/v1/responses')
      .reply(500, { error: { message: 'boom' } })
      .post('/v1/responses')
      .reply(200, sse(EVENTS), SSE_HEADERS);
    const events = await lastValueFrom(
      createClient({ baseURL: BASE_URL, apiKey: API_KEY, maxRetries: 1 })
        .responses.stream({ model: 'gpt-5', input: 'Hi' }, { timeout: 5_000 })
        .pipe(toArray()),
    );
    expect(events).toHaveLength(EVENTS.length);
    expect(scope.isDone()).toBe(true);
  });

  it('never shows the key in an error, even when the server echoes it', async () => {
    nock(ORIGIN)
      .post('/v1/responses')
      .reply(401, {
        error: { message: `Incorrect API key provided: ${API_KEY}`, type: 'invalid_request_error' },
      });
    const error = await lastValueFrom(client().responses.stream({ model: 'gpt-5', input: 'Hi' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
  });

  it('errors with event: error as RunStreamError carrying the server error, key scrubbed', async () => {
    const body = `${sse(EVENTS.slice(0, 2))}event: error\ndata: {"type":"error","sequence_number":2,"code":"server_error","message":"key ${API_KEY} broke","param":null}\n\n`;
    nock(ORIGIN).post('/v1/responses').reply(200, body, SSE_HEADERS);
    const seen: unknown[] = [];
    const error = await new Promise((resolve) =>
      client()
        .responses.stream({ model: 'gpt-5', input: 'Hi' })
        .subscribe({ next: (e) => seen.push(e), error: resolve }),
    );
    expect(seen).toHaveLength(2);
    for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
  });
});

describe('client.responses.create (non-stream)', () => {
  it('resolves with the response the server answered', async () => {
    nock(ORIGIN)
      .post('/v1/responses', (body) => body.stream === false)
      .reply(200, responseJSON(ID, 'completed'));
    const response = await client().responses.create({ model: 'gpt-5', input: 'Hi' });
    expect(response.status).toBe('completed');
  });

  it('polls a background response until it ends, waiting openai-poll-after-ms', async () => {
    const polls: number[] = [];
    nock(ORIGIN)
      .post('/v1/responses')
      .reply(200, responseJSON(ID, 'queued', { background: true }), { 'openai-poll-after-ms': '5' })
      .get(`/v1/responses/${ID}`)
      .reply(() => {
        polls.push(Date.now());
        return [200, responseJSON(ID, 'in_progress', { background: true }), { 'openai-poll-after-ms': '5' }];
      })
      .get(`/v1/responses/${ID}`)
      .reply(200, responseJSON(ID, 'completed', { background: true }));
    const response = await createClient({
      baseURL: BASE_URL,
      apiKey: API_KEY,
      pollInterval: 60_000,
    }).responses.create({ model: 'gpt-5', input: 'Hi', background: true });
    expect(response.status).toBe('completed');
    expect(polls).toHaveLength(1);
  });
});

describe('client.responses by id', () => {
  it('retrieves, cancels, deletes and lists input items at their paths', async () => {
    const scope = nock(ORIGIN)
      .get(`/v1/responses/${ID}`)
      .reply(200, responseJSON(ID, 'in_progress'))
      .post(`/v1/responses/${ID}/cancel`)
      .reply(200, responseJSON(ID, 'cancelled'))
      .delete(`/v1/responses/${ID}`)
      .reply(200, { id: ID, object: 'response.deleted', deleted: true })
      .get(`/v1/responses/${ID}/input_items`)
      .query({ order: 'asc', limit: '5' })
      .reply(200, { object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    const responses = client().responses;
    expect((await responses.retrieve(ID)).status).toBe('in_progress');
    expect((await responses.cancel(ID)).status).toBe('cancelled');
    expect((await responses.delete(ID)).deleted).toBe(true);
    expect((await responses.inputItems(ID, { order: 'asc', limit: 5 })).data).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('resume() GETs the stream after startingAfter', async () => {
    const scope = nock(ORIGIN)
      .get(`/v1/responses/${ID}`)
      .query({ stream: 'true', starting_after: '3' })
      .reply(200, sse(EVENTS.slice(4)), SSE_HEADERS);
    const events = await lastValueFrom(client().responses.resume(ID, { startingAfter: 3 }).pipe(toArray()));
    expect(events.map((e) => e.sequence_number)).toEqual(EVENTS.slice(4).map((e) => e.sequence_number));
    expect(scope.isDone()).toBe(true);
  });

  it('checks ids like thread ids before sending', async () => {
    const scope = nock(ORIGIN).get(/.*/).reply(200, {});
    const responses = client().responses;
    await expect(responses.retrieve('resp_1/../../files')).rejects.toMatchObject({ field: 'response_id' });
    await expect(responses.cancel('')).rejects.toBeInstanceOf(ValidationError);
    const resumed = await lastValueFrom(responses.resume('resp 1')).catch((e: unknown) => e);
    expect(resumed).toMatchObject({ field: 'response_id' });
    const negative = await lastValueFrom(responses.resume(ID, { startingAfter: -2 })).catch(
      (e: unknown) => e,
    );
    expect(negative).toMatchObject({ field: 'startingAfter' });
    await expect(responses.inputItems(ID, { limit: 1000 })).rejects.toMatchObject({ field: 'limit' });
    expect(scope.isDone()).toBe(false);
  });

  it('a 404 is a NotFoundError', async () => {
    nock(ORIGIN)
      .get(`/v1/responses/${ID}`)
      .reply(404, {
        error: { message: `Response with id '${ID}' not found.`, type: 'invalid_request_error' },
      });
    await expect(client().responses.retrieve(ID)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('client.responses on Azure', () => {
  const ENDPOINT = 'https://my-resource.openai.azure.com';

  it('uses /openai/responses with a dated api-version, the key in api-key and the deployment as model', async () => {
    let seen: { body: unknown; key: unknown } | undefined;
    const scope = nock(ENDPOINT)
      .post('/openai/responses')
      .query({ 'api-version': '2025-04-01-preview' })
      .reply(function (_path, body) {
        seen = { body, key: this.req.headers['api-key'] };
        return [200, sse(EVENTS), SSE_HEADERS];
      });
    const azure = createClient({
      apiKey: API_KEY,
      azure: { endpoint: ENDPOINT, apiVersion: '2025-04-01-preview', deployment: 'my-gpt' },
    });
    await lastValueFrom(azure.responses.stream({ input: 'Hi' }));
    expect(scope.isDone()).toBe(true);
    expect(seen).toEqual({ body: { input: 'Hi', stream: true, model: 'my-gpt' }, key: API_KEY });
  });

  it.each([
    ['v1', '/openai/v1/responses'],
    ['preview', '/openai/v1/responses?api-version=preview'],
    ['latest', '/openai/v1/responses?api-version=latest'],
    ['2025-04-01-preview', '/openai/responses?api-version=2025-04-01-preview'],
  ])(
    'apiVersion %s creates at %s, and retrieves and resumes under the same root',
    async (apiVersion, url) => {
      const seen: string[] = [];
      const root = url.split('?')[0] as string;
      const query = url.includes('?') ? `?${url.split('?')[1]}` : '';
      const scope = nock(ENDPOINT)
        .post(/\/responses/)
        .reply(function () {
          seen.push(this.req.path);
          return [200, sse(EVENTS), SSE_HEADERS];
        })
        .get(/\/responses\//)
        .times(2)
        .reply(function () {
          seen.push(this.req.path);
          return this.req.path.includes('stream=true')
            ? [200, sse(EVENTS), SSE_HEADERS]
            : [200, responseJSON(ID, 'completed')];
        });
      const azure = createClient({
        apiKey: API_KEY,
        azure: { endpoint: ENDPOINT, apiVersion, deployment: 'gpt' },
      });
      await lastValueFrom(azure.responses.stream({ input: 'Hi' }));
      await azure.responses.retrieve(ID);
      await lastValueFrom(azure.responses.resume(ID, { startingAfter: 2 }));
      expect(scope.isDone()).toBe(true);
      const joined = query ? `${query}&` : '?';
      expect(seen).toEqual([
        url,
        `${root}/${ID}${query}`,
        `${root}/${ID}${joined}stream=true&starting_after=2`,
      ]);
    },
  );
});
