import { describe, expect, it, vi } from 'vitest';
import * as errors from '../../src/errors.js';
import { truncate } from '../../src/truncate.js';

// A second copy of the package (a bundle beside node_modules, two versions in one tree): the
// same module evaluated again gives classes that `instanceof` does not recognise.
async function secondCopy(): Promise<typeof errors> {
  vi.resetModules();
  return await import('../../src/errors.js');
}

describe('error guards', () => {
  it('recognise errors made by another copy of the package, where instanceof fails', async () => {
    const other = await secondCopy();
    const notFound = other.APIError.from({ status: 404 });
    expect(notFound instanceof errors.APIError).toBe(false);
    expect(errors.isAPIError(notFound)).toBe(true);
    expect(errors.isRunstreamError(notFound)).toBe(true);
    expect(errors.isStreamInterruptedError(new other.StreamInterruptedError(null))).toBe(true);
    expect(errors.isAPIConnectionError(new other.APIConnectionTimeoutError(5))).toBe(true);
    expect(errors.isRunStreamError(new other.RunStreamError({ message: 'x' }))).toBe(true);
    expect(errors.isValidationError(new other.ValidationError('temperature', 'rule', 3))).toBe(true);
    expect(errors.isToolCallError(new other.ToolCallError('f', 'call_1', 'threw'))).toBe(true);
  });

  it('tell kinds apart and refuse look-alikes without the brand', () => {
    expect(errors.isAPIError(new errors.StreamInterruptedError(null))).toBe(false);
    expect(errors.isStreamInterruptedError(errors.APIError.from({ status: 500 }))).toBe(false);
    const lookAlike = Object.assign(new Error('x'), { name: 'APIError', status: 500 });
    expect(errors.isAPIError(lookAlike)).toBe(false);
    expect(errors.isRunstreamError(lookAlike)).toBe(false);
    for (const value of [null, undefined, 'APIError', 42, {}])
      expect(errors.isRunstreamError(value)).toBe(false);
  });
});

describe('APIError.request', () => {
  it('carries the method and the URL without credentials or key-like query values', () => {
    const error = errors.APIError.from({
      status: 401,
      method: 'POST',
      url: 'https://user:pw@example.test/openai/threads/t/runs?api-version=2024-05-01-preview&sig=abc123&api_key=sk-secret',
    });
    expect(error.request?.method).toBe('POST');
    expect(error.request?.url).not.toMatch(/pw|abc123|sk-secret|user/);
    expect(error.request?.url).toContain('api-version=2024-05-01-preview');
    expect(error.message).toContain(error.request?.url);
    expect(errors.APIError.from({ status: 500 }).request).toBeUndefined();
  });
});

describe('ToolCallError', () => {
  it('gives the calls of a round as arrays, and a message naming each', () => {
    const error = new errors.ToolCallError('a, b', 'call_a, call_b', 'their outputs could not be submitted', {
      calls: [
        { tool: 'a', callId: 'call_a' },
        { tool: 'b', callId: 'call_b' },
      ],
    });
    expect(error.tools).toEqual(['a', 'b']);
    expect(error.callIds).toEqual(['call_a', 'call_b']);
    expect(error.message).toContain('call_a to "a", call_b to "b"');
  });
});

describe('truncate', () => {
  it('keeps short text, cuts long text to the length given with an ellipsis, never inside a surrogate pair', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab🙂cd', 4)).toBe('ab…');
    expect(truncate('ab🙂cd', 5)).toBe('ab🙂…');
  });
});
