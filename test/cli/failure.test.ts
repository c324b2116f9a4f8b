import { describe, expect, it } from 'vitest';
import { assistantsAPIMissing, describeError, reasonFor } from '../../src/cli/failure.js';
import type { Outcome } from '../../src/cli/format/index.js';
import { APIConnectionError, InternalServerError, NotFoundError } from '../../src/errors.js';
import type { Run } from '../../src/types/run.js';

const OPENAI = 'https://api.openai.com/v1';
const LOCAL = 'http://127.0.0.1:8080/v1';

function notFound(message?: string): NotFoundError {
  return new NotFoundError({
    status: 404,
    ...(message ? { error: { message, type: 'invalid_request_error', code: null } } : {}),
  });
}

function ended(run: Partial<Run>): Outcome {
  return {
    run: { id: 'run_1', ...run } as Run,
    error: undefined,
    startedAt: 0,
    firstTokenAt: undefined,
    endedAt: 0,
  };
}

describe('a 404 from a server without the Assistants API', () => {
  it('is recognised from api.openai.com, which removed it', () => {
    expect(assistantsAPIMissing(notFound('Invalid URL (POST /v1/threads/runs)'), OPENAI)).toBe(true);
    expect(assistantsAPIMissing(notFound(), OPENAI)).toBe(true);
  });

  it('is recognised from any server that has no such route', () => {
    expect(assistantsAPIMissing(notFound('Invalid URL (POST /v2/threads/runs)'), LOCAL)).toBe(true);
    expect(assistantsAPIMissing(notFound('Cannot POST /v1/assistants'), LOCAL)).toBe(true);
    expect(assistantsAPIMissing(notFound(), LOCAL)).toBe(true);
  });

  it('is not confused with a missing thread or assistant', () => {
    expect(assistantsAPIMissing(notFound("No thread found with id 'thread_abc'."), OPENAI)).toBe(false);
    expect(assistantsAPIMissing(notFound("No assistant found with id 'asst_abc'."), LOCAL)).toBe(false);
    expect(assistantsAPIMissing(new InternalServerError({ status: 500 }), OPENAI)).toBe(false);
  });

  it('gets one line that names the server and OPENAI_BASE_URL', () => {
    const line = describeError(
      notFound('Invalid URL (POST /v1/threads/runs)'),
      OPENAI,
      'or pass --simulator',
    );
    expect(line).toBe(
      'the Assistants API is not served at https://api.openai.com/v1 (OpenAI removed it on 2026-08-26): set OPENAI_BASE_URL to an Assistants-compatible server (Azure, a local one), or pass --simulator',
    );
  });
});

describe('the reason line', () => {
  it('is absent for a completed run', () => {
    expect(reasonFor(ended({ status: 'completed' }))).toBeUndefined();
  });

  it("quotes a failed run's last_error", () => {
    const line = reasonFor(
      ended({ status: 'failed', last_error: { code: 'rate_limit_exceeded', message: 'Slow down.' } }),
    );
    expect(line).toBe('run run_1 failed: rate_limit_exceeded: Slow down.');
  });

  it('names the tool calls a run waits on', () => {
    const required_action = {
      type: 'submit_tool_outputs' as const,
      submit_tool_outputs: {
        tool_calls: [
          { id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{}' } },
        ],
      },
    };
    expect(reasonFor(ended({ status: 'requires_action', required_action }))).toContain(
      'get_weather (call_1)',
    );
  });

  it('says why a run is incomplete', () => {
    const line = reasonFor(
      ended({ status: 'incomplete', incomplete_details: { reason: 'max_prompt_tokens' } }),
    );
    expect(line).toBe('run run_1 ended incomplete (max_prompt_tokens)');
  });

  it('flattens a multi-line error message to one line', () => {
    expect(describeError(new APIConnectionError('could not\n  reach the server'))).toBe(
      'could not reach the server',
    );
  });
});
