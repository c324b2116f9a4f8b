import { describe, expect, it } from 'vitest';
import { clientOptions } from '../../src/cli/commands/run.js';
import { resolveEnvironment } from '../../src/client/environment.js';

describe('resolveEnvironment: which variable wins', () => {
  const env = {
    OPENAI_API_KEY: 'sk-openai-key-123',
    AZURE_OPENAI_API_KEY: 'azure-key-456789',
    OPENAI_BASE_URL: 'http://127.0.0.1:4010/v1',
    AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com',
    OPENAI_API_VERSION: '2024-05-01-preview',
    OPENAI_ORG_ID: '',
  };

  it('prefers AZURE_OPENAI_API_KEY for Azure and OPENAI_API_KEY otherwise', () => {
    expect(resolveEnvironment(env, true).apiKey).toBe('azure-key-456789');
    expect(resolveEnvironment(env, false).apiKey).toBe('sk-openai-key-123');
    expect(resolveEnvironment({ OPENAI_API_KEY: 'sk-only' }, true).apiKey).toBe('sk-only');
  });

  it('is for Azure by default when AZURE_OPENAI_ENDPOINT is set, and treats empty variables as unset', () => {
    expect(resolveEnvironment(env).azure).toBe(true);
    expect(resolveEnvironment({ OPENAI_API_KEY: 'x' }).azure).toBe(false);
    expect(resolveEnvironment(env).organization).toBeUndefined();
    expect(resolveEnvironment({ OPENAI_BASE_URL: '' }).baseURL).toBeUndefined();
  });

  it('is what the command line uses: the same key and endpoint as the client would pick', () => {
    const flags = { format: 'text' } as Parameters<typeof clientOptions>[0];
    expect(clientOptions(flags, env, undefined)).toEqual({
      apiKey: 'azure-key-456789',
      azure: { endpoint: 'https://res.openai.azure.com', apiVersion: '2024-05-01-preview' },
    });
    const { AZURE_OPENAI_ENDPOINT: _, ...plain } = env;
    expect(clientOptions(flags, plain, undefined)).toEqual({
      apiKey: 'sk-openai-key-123',
      baseURL: 'http://127.0.0.1:4010/v1',
    });
  });
});
