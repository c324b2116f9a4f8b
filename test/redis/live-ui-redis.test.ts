import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveUI, startLiveUI } from '../../examples/live-ui/server.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { parseRunEvents } from '../../src/sse/parse.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { redisAvailable, startRedis, type TestRedis } from './redis-server.js';

if (redisAvailable()) {
  describe('two live UIs behind one Redis', () => {
    let redis: TestRedis;
    let sim: Simulator;
    let a: LiveUI;
    let b: LiveUI;

    beforeAll(async () => {
      redis = await startRedis();
      sim = await startSimulator({ port: 0, tokenDelayMs: 5 });
      a = await startLiveUI({ port: 0, simulator: sim, redisUrl: redis.url });
      b = await startLiveUI({ port: 0, simulator: sim, redisUrl: redis.url, assistantId: 'asst_unused' });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await sim?.close();
      await redis?.stop();
    });

    it('serve each other runs: started on one port, followed on the other', async () => {
      const start = await fetch(new URL('/api/chat', a.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Hello from the other instance' }),
      });
      expect(start.status).toBe(200);
      const { key } = (await start.json()) as { key: string };
      const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const [onA, onB] = await Promise.all(
        [a, b].map(async (ui) => {
          const response = await fetch(new URL(`/api/runs/${key}`, ui.url), { headers: { cookie } });
          return outcomeOf(parseRunEvents(response.body as ReadableStream<Uint8Array>));
        }),
      );
      expect(onB?.completed).toBe(true);
      expect(onB?.values.at(-1)?.event).toBe('thread.run.completed');
      expect(onB?.values).toEqual(onA?.values);
      expect(JSON.stringify(onB?.values)).toContain('Hello from the other instance');
    });
  });
} else {
  describe('two live UIs behind one Redis', () => {
    it('did not run: redis-server is not installed (see the warning above)', () => {
      expect(process.env.CI).not.toBe('true');
    });
  });
}
