import { lastValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RunStreamError,
  RunstreamBaseError,
  StreamParseError,
  UnexpectedResponseError,
  UnprocessableEntityError,
} from '../../src/index.js';
import { fixtureText, outcomeOf } from '../helpers/fixtures.js';
import { API_KEY, BASE_URL, errorBody, intercept, runJSON, SSE_HEADERS, useNock } from './support.js';

useNock({ beforeAll, afterEach, afterAll });

const RUNS_PATH = '/v1/threads/thread_1/runs';
const client = createClient({ apiKey: API_KEY, baseURL: BASE_URL, maxRetries: 0 });

const STATUS_CLASSES = [
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [422, UnprocessableEntityError],
  [429, RateLimitError],
  [500, InternalServerError],
  [503, InternalServerError],
  [418, APIError],
] as const;

describe('HTTP errors', () => {
  it.each(STATUS_CLASSES)(
    'a %i errors the stream with %o carrying the facts of the response',
    async (status, Class) => {
      intercept('post', RUNS_PATH, () => [
        status,
        errorBody(`Failure ${status}`, { code: `code_${status}`, type: 'some_type', param: 'temperature' }),
        { 'x-request-id': `req_${status}`, 'content-type': 'application/json' },
      ]);
      const { error } = await outcomeOf(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
      expect(error).toBeInstanceOf(Class);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toBeInstanceOf(RunstreamBaseError);
      const apiError = error as APIError;
      expect(apiError.name).toBe(Class.name);
      expect(apiError.status).toBe(status);
      expect(apiError.code).toBe(`code_${status}`);
      expect(apiError.type).toBe('some_type');
      expect(apiError.param).toBe('temperature');
      expect(apiError.requestId).toBe(`req_${status}`);
      expect(apiError.headers.get('x-request-id')).toBe(`req_${status}`);
      expect(apiError.message).toContain(`Failure ${status}`);
      expect(apiError.message).toContain(`${BASE_URL}/threads/thread_1/runs`);
    },
  );

  it('rejects runs.create and runs.retrieve with the same classes', async () => {
    intercept('post', RUNS_PATH, () => [404, errorBody('No thread found with id thread_1.')]);
    intercept('get', '/v1/threads/thread_1/runs/run_1', () => [
      401,
      errorBody('Incorrect API key provided.'),
    ]);
    await expect(client.runs.create('thread_1', { assistant_id: 'asst_1' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(client.runs.retrieve('thread_1', 'run_1')).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('quotes a short excerpt of a body that is not a JSON error', async () => {
    intercept('post', RUNS_PATH, () => [502, `<html><body>Bad gateway ${'x'.repeat(500)}</body></html>`]);
    const { error } = await outcomeOf(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
    const apiError = error as APIError;
    expect(apiError).toBeInstanceOf(InternalServerError);
    expect(apiError.code).toBeNull();
    expect(apiError.requestId).toBeNull();
    expect(apiError.message).toContain('<html><body>Bad gateway');
    expect(apiError.message.length).toBeLessThan(500);
  });
});

describe('unexpected answers', () => {
  it('errors the stream with UnexpectedResponseError when a 200 is neither a stream nor a run', async () => {
    intercept('post', RUNS_PATH, () => [
      200,
      '<html>Sign in to continue</html>',
      { 'content-type': 'text/html' },
    ]);
    const { error } = await outcomeOf(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).status).toBe(200);
    expect((error as UnexpectedResponseError).contentType).toBe('text/html');
    expect((error as Error).message).toContain('Sign in to continue');
  });

  it('rejects runs.create with UnexpectedResponseError, not an HTTP error, when a 200 is not JSON', async () => {
    intercept('post', RUNS_PATH, () => [200, 'OK', { 'content-type': 'text/plain' }]);
    const failure = client.runs.create('thread_1', { assistant_id: 'asst_1' });
    await expect(failure).rejects.toBeInstanceOf(UnexpectedResponseError);
    await expect(failure).rejects.not.toBeInstanceOf(APIError);
  });

  it('errors the stream with UnexpectedResponseError for JSON that is not a run', async () => {
    intercept('post', RUNS_PATH, () => [200, { object: 'list', data: [] }]);
    const { error } = await outcomeOf(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('errors inside the stream', () => {
  it('errors with RunStreamError carrying the server error of event: error', async () => {
    intercept('post', RUNS_PATH, () => [200, fixtureText('error-event.sse'), SSE_HEADERS]);
    const outcome = await outcomeOf(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
    expect(outcome.values.map((e) => e.event)).toEqual(['thread.run.created', 'thread.run.in_progress']);
    const error = outcome.error as RunStreamError;
    expect(error).toBeInstanceOf(RunStreamError);
    expect(error.code).toBe('server_error');
    expect(error.type).toBe('server_error');
    expect(error.message).toContain('The server had an error while processing your request.');
  });

  it('errors with StreamParseError when a data line is not JSON', async () => {
    const run = JSON.stringify(runJSON('queued'));
    const body = `event: thread.run.created\ndata: ${run}\n\nevent: thread.run.queued\ndata: {oops\n\n`;
    intercept('post', RUNS_PATH, () => [200, body, SSE_HEADERS]);
    const outcome = await outcomeOf(client.runs.stream('thread_1', { assistant_id: 'asst_1' }));
    expect(outcome.values.map((e) => e.event)).toEqual(['thread.run.created']);
    expect(outcome.error).toBeInstanceOf(StreamParseError);
    expect((outcome.error as StreamParseError).event).toBe('thread.run.queued');
    expect((outcome.error as StreamParseError).excerpt).toBe('{oops');
  });

  it('lets lastValueFrom reject with the stream error', async () => {
    intercept('post', RUNS_PATH, () => [200, fixtureText('error-event.sse'), SSE_HEADERS]);
    await expect(
      lastValueFrom(client.runs.stream('thread_1', { assistant_id: 'asst_1' })),
    ).rejects.toBeInstanceOf(RunStreamError);
  });
});
