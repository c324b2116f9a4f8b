import { describe, expect, it } from 'vitest';
import { readSettings, withoutTokens } from '../../src/simulator/settings.js';

const read = (runMetadata: Record<string, string> | null, userText = '', assistantMetadata = {}) =>
  readSettings({ runMetadata, assistantMetadata, userText, defaultTokenDelayMs: 15 });

describe('simulator run settings', () => {
  it('defaults to the text scenario, no fault, plain writes and the server pace', () => {
    expect(read(null)).toEqual({
      scenario: 'text',
      fault: null,
      chunking: null,
      faultTimes: 1,
      faultAfter: 8,
      retryAfter: 0,
      tokenDelayMs: 15,
    });
  });

  it('reads scenario, fault and chunking from [name:value] tokens in the message', () => {
    const settings = read(null, 'hi [scenario:file_search] [fault:stall] [chunking:mid_char]');
    expect(settings).toMatchObject({ scenario: 'file_search', fault: 'stall', chunking: 'mid_char' });
  });

  it('prefers run metadata to tokens, and the assistant metadata only for the scenario', () => {
    const settings = read({ scenario: 'failed', fault: 'cut' }, '[scenario:text] [fault:json]', {
      scenario: 'incomplete',
    });
    expect(settings).toMatchObject({ scenario: 'failed', fault: 'cut' });
    expect(read(null, '[scenario:text]', { scenario: 'incomplete' }).scenario).toBe('incomplete');
  });

  it('reads the counts and the pace from metadata strings', () => {
    const settings = read({ fault_times: '3', fault_after: '0', retry_after: '2', token_delay_ms: '0' });
    expect(settings).toMatchObject({ faultTimes: 3, faultAfter: 0, retryAfter: 2, tokenDelayMs: 0 });
  });

  it.each([
    [{ fault_times: 'two' }, 'metadata.fault_times'],
    [{ token_delay_ms: '-1' }, 'metadata.token_delay_ms'],
    [{ chunking: 'two_bytes' }, 'metadata.chunking'],
  ])('refuses %j with a 400 naming %s', (metadata, param) => {
    expect(() => read(metadata)).toThrow(expect.objectContaining({ status: 400, param }));
  });

  it('reads tokens whatever their case', () => {
    const settings = read(null, 'hi [Scenario:Failed] [FAULT:cut] [Chunking:MID_CHAR]');
    expect(settings).toMatchObject({ scenario: 'failed', fault: 'cut', chunking: 'mid_char' });
  });

  it.each(['[fault:bogus]', '[fault:http-503]', '[Scenario:nope]'])(
    'refuses the unknown token %s with a 400 naming it as typed, not a metadata field',
    (token) => {
      const error = expect.objectContaining({
        status: 400,
        param: null,
        message: expect.stringContaining(`the token ${token} in the last user message`),
      });
      expect(() => read(null, `hi ${token}`)).toThrow(error);
    },
  );

  it("names the assistant's metadata when its scenario is unknown", () => {
    expect(() => read(null, '', { scenario: 'nope' })).toThrow(
      expect.objectContaining({ message: expect.stringContaining("the assistant's metadata.scenario") }),
    );
  });

  it('drops the tokens from the text a scenario echoes', () => {
    expect(withoutTokens('Hello [fault:cut]  there [Scenario:Text]')).toBe('Hello there');
  });
});
