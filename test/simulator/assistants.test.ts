import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, NotFoundError, ValidationError } from '../../src/index.js';
import { closeSimulators, simulator } from './support.js';

const KEY = 'sk-test-assistants-0f1e2d3c4b5a6978';
const ORIGIN = 'https://api.runstream.test';

afterEach(closeSimulators);

describe('client.assistants.delete against the simulator', () => {
  it('deletes a throwaway assistant, and rejects a second delete with NotFoundError', async () => {
    const sim = await simulator({ apiKey: KEY });
    const client = createClient({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 });
    const { id } = await client.assistants.create({ model: 'gpt-4o', name: 'throwaway' });
    expect(await client.assistants.delete(id)).toEqual({ id, object: 'assistant.deleted', deleted: true });
    await expect(client.assistants.delete(id)).rejects.toBeInstanceOf(NotFoundError);
    expect(sim.requests().filter((r) => r.method === 'DELETE')).toEqual([
      { method: 'DELETE', path: `/v1/assistants/${id}`, status: 200 },
      { method: 'DELETE', path: `/v1/assistants/${id}`, status: 404 },
    ]);
  });
});

describe('client.assistants.delete on the wire', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('sends DELETE /assistants/{id} with the key, no body, and resolves with the answer', async () => {
    const seen: Array<{ authorization: unknown; body: unknown }> = [];
    const scope = nock(ORIGIN)
      .delete('/v1/assistants/asst_abc123')
      .reply(function (_uri, body) {
        seen.push({ authorization: this.req.headers.authorization, body });
        return [200, { id: 'asst_abc123', object: 'assistant.deleted', deleted: true }];
      });
    const client = createClient({ baseURL: `${ORIGIN}/v1`, apiKey: KEY });
    const answer = await client.assistants.delete('asst_abc123');
    expect(scope.isDone()).toBe(true);
    expect(answer).toEqual({ id: 'asst_abc123', object: 'assistant.deleted', deleted: true });
    expect(seen).toEqual([{ authorization: `Bearer ${KEY}`, body: '' }]);
  });

  it.each(['', 'asst/../x', 'asst abc'])(
    'rejects the assistant id %j with a ValidationError, sending nothing',
    async (id) => {
      const client = createClient({ baseURL: `${ORIGIN}/v1`, apiKey: KEY });
      // With the network shut off, a request that went out would fail as a connection error instead.
      await expect(client.assistants.delete(id)).rejects.toMatchObject({
        constructor: ValidationError,
        field: 'assistant_id',
      });
    },
  );
});
