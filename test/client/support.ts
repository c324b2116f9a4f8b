import type { IncomingHttpHeaders } from 'node:http';
import nock from 'nock';
import type { Run, RunCreateParams, RunStatus } from '../../src/index.js';
import { fixtureText } from '../helpers/fixtures.js';

/** The origin and base URL the nock suites talk to. */
export const ORIGIN = 'https://api.runstream.test';
export const BASE_URL = `${ORIGIN}/v1`;
/** A key long enough to be searched for in every error. */
export const API_KEY = 'sk-test-9f8e7d6c5b4a39281706';

export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' };

/** A create-run body that uses every field of the seed's `New-OAIRun`. */
export const FULL_PARAMS = {
  assistant_id: 'asst_abc123',
  model: 'gpt-4o',
  instructions: 'You are terse.',
  additional_instructions: 'Answer in French.',
  additional_messages: [{ role: 'user', content: 'What is the capital of France?' }],
  tools: [
    { type: 'code_interpreter' },
    { type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } },
  ],
  metadata: { ticket: 'T-1' },
  temperature: 0.2,
  top_p: 0.9,
  max_prompt_tokens: 2000,
  max_completion_tokens: 500,
  truncation_strategy: { type: 'last_messages', last_messages: 4 },
  tool_choice: { type: 'function', function: { name: 'lookup' } },
  response_format: { type: 'json_object' },
  parallel_tool_calls: false,
} satisfies RunCreateParams;

/** The body of the `text.sse` transcript: a run that streams a message and completes. */
export const TEXT_SSE = fixtureText('text.sse');

/** What a nock reply function saw of one request. */
export interface Seen {
  path: string;
  body: unknown;
  headers: IncomingHttpHeaders;
}

/**
 * Answers requests matching `method path` on {@link ORIGIN} with `reply(seenSoFar)`, recording
 * each request; `times` requests at most.
 */
export function intercept(
  method: 'get' | 'post',
  path: string | RegExp,
  reply: (seen: Seen, index: number) => [number, string | object, Record<string, string>?],
  times = 1,
): { seen: Seen[]; scope: nock.Scope } {
  const seen: Seen[] = [];
  const scope = nock(ORIGIN)
    [method](path)
    .query(true)
    .times(times)
    .reply(function (uri, body) {
      const request: Seen = { path: uri, body, headers: this.req.headers as IncomingHttpHeaders };
      seen.push(request);
      return reply(request, seen.length - 1);
    });
  return { seen, scope };
}

/** A run as the API returns it, with `status` and any overrides. */
export function runJSON(status: RunStatus, overrides: Partial<Run> = {}): Run {
  return {
    id: 'run_abc123',
    object: 'thread.run',
    created_at: 1710000000,
    assistant_id: 'asst_abc123',
    thread_id: 'thread_abc123',
    status,
    started_at: null,
    expires_at: null,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    required_action: null,
    last_error: null,
    model: 'gpt-4o',
    instructions: '',
    tools: [],
    metadata: {},
    incomplete_details: null,
    usage: null,
    max_prompt_tokens: null,
    max_completion_tokens: null,
    truncation_strategy: null,
    tool_choice: null,
    response_format: null,
    parallel_tool_calls: true,
    ...overrides,
  };
}

/** An API error body. */
export function errorBody(message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { error: { message, type: 'invalid_request_error', code: null, param: null, ...extra } };
}

/** Blocks real network access for the file and drops leftover interceptors after each test. */
export function useNock(hooks: {
  beforeAll: (fn: () => void) => void;
  afterEach: (fn: () => void) => void;
  afterAll: (fn: () => void) => void;
}): void {
  hooks.beforeAll(() => nock.disableNetConnect());
  hooks.afterEach(() => nock.cleanAll());
  hooks.afterAll(() => nock.enableNetConnect());
}
