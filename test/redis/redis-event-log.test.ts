import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogError, ProducerGoneError } from '../../src/errors/relay.js';
import { type RedisEventLog, redisEventLog } from '../../src/redis/redis-event-log.js';
import { createRelay } from '../../src/relay/create-relay.js';
import type { RunStreamEvent } from '../../src/types/events.js';
import { outcomeOf } from '../helpers/fixtures.js';
import { delta, deltas, describeEventLog, freshKey } from '../relay/log-contract.js';
import { redisAvailable, startRedis, type TestRedis } from './redis-server.js';

const HERE = new URL('.', import.meta.url).pathname;
const HEARTBEAT_MS = 100;

/** A child process running one of the scripts beside this file through tsx, read line by line. */
function spawnScript(
  script: string,
  args: string[],
): { child: ChildProcess; lines: string[]; line: (match: (line: string) => boolean) => Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', `${HERE}${script}`, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiting: Array<{ match: (line: string) => boolean; resolve: (line: string) => void }> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line);
    for (const wait of [...waiting]) {
      if (wait.match(line)) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(line);
      }
    }
  });
  const line = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find(match);
      if (found) return resolve(found);
      waiting.push({ match, resolve });
      child.once('exit', (code) =>
        setTimeout(() => reject(new Error(`${script} exited (${code}): ${lines.join('\n')}`)), 50),
      );
    });
  return { child, lines, line };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve),
  );

if (redisAvailable()) {
  let redis: TestRedis;
  const logs: RedisEventLog[] = [];
  const makeLog = () => {
    const log = redisEventLog({
      url: redis.url,
      heartbeatMs: HEARTBEAT_MS,
      producerTimeoutMs: HEARTBEAT_MS * 4,
    });
    logs.push(log);
    return log;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(logs.map((log) => log.close()));
    await redis?.stop();
  });

  // Long enough for 1 000 runs to be written and read back on a busy machine before the first expires.
  describeEventLog('redisEventLog', makeLog, { expiryMs: 4_000 });

  describe('redisEventLog across processes', () => {
    it('serves a reader in one process the run a producer in another relays, live', async () => {
      const key = freshKey('procs');
      const producer = spawnScript('producer-process.ts', [redis.url, key, '40', '5', String(HEARTBEAT_MS)]);
      await producer.line((line) => line === 'open');
      const reader = spawnScript('reader-process.ts', [redis.url, key, String(HEARTBEAT_MS)]);
      await reader.line((line) => line.includes('"end"'));
      const records = reader.lines.map((line) => JSON.parse(line));
      expect(records.at(-1)).toEqual({ end: 'done' });
      expect(records.slice(0, -1).map((r) => r.event)).toEqual(deltas(1, 40));
      expect(await exited(producer.child)).toBe(0);
      // And one in this process, after the end, gets the same run.
      const here = await outcomeOf(createRelay({ log: makeLog() }).events(key));
      expect(here.values.map((entry) => entry.event)).toEqual(deltas(1, 40));
    });

    it('errors the readers of a run whose producer was killed within the heartbeat window', async () => {
      const key = freshKey('killed');
      const producer = spawnScript('producer-process.ts', [
        redis.url,
        key,
        '100000',
        '20',
        String(HEARTBEAT_MS),
      ]);
      await producer.line((line) => line === 'open');
      const relay = createRelay({ log: makeLog() });
      const seen: string[] = [];
      const reading = outcomeOf(relay.events(key), (entry) => seen.push(entry.id));
      await expect.poll(() => seen.length).toBeGreaterThan(3);
      producer.child.kill('SIGKILL');
      const killedAt = Date.now();
      const outcome = await reading;
      const waited = Date.now() - killedAt;
      expect(outcome.error).toBeInstanceOf(ProducerGoneError);
      expect((outcome.error as Error).message).toContain(key);
      // producerTimeoutMs (4 heartbeats) plus one blocking read, and some slack for a busy machine.
      expect(waited).toBeLessThan(HEARTBEAT_MS * 4 + HEARTBEAT_MS + 2_000);
      const ids = outcome.values.map((entry) => Number(entry.id));
      expect(ids).toEqual(ids.map((_, i) => i + 1));
    });
  });

  describe('redisEventLog when Redis goes away', () => {
    it('ends the producer and its readers with an error naming Redis when Redis restarts mid-run', async () => {
      const own = await startRedis();
      try {
        const log = redisEventLog({
          url: own.url,
          heartbeatMs: HEARTBEAT_MS,
          producerTimeoutMs: HEARTBEAT_MS * 4,
        });
        logs.push(log);
        const failures: unknown[] = [];
        const relay = createRelay({ log, onError: (error) => failures.push(error) });
        const key = freshKey('restart');
        const upstream = new Subject<RunStreamEvent>();
        relay.start(key, upstream);
        const seen: string[] = [];
        const reading = outcomeOf(relay.events(key), (entry) => seen.push(entry.id));
        upstream.next(delta(1));
        await expect.poll(() => seen.length).toBe(1);
        await own.kill();
        await own.start();
        const outcome = await reading;
        expect(outcome.error).toBeInstanceOf(EventLogError);
        expect((outcome.error as Error).message).toMatch(/^Redis failed for the run/);
        // The producer's next write finds the stream gone (or Redis away): it stops and says so.
        upstream.next(delta(2));
        await expect.poll(() => failures.length, { timeout: 5_000 }).toBe(1);
        expect(failures[0]).toBeInstanceOf(EventLogError);
        expect((failures[0] as Error).message).toContain('Redis');
        expect(upstream.observed).toBe(false);
      } finally {
        await own.stop();
      }
    });
  });
} else {
  describe('redisEventLog', () => {
    it('did not run: redis-server is not installed (see the warning above)', () => {
      expect(process.env.CI).not.toBe('true');
    });
  });
}
