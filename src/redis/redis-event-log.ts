import { createClient } from 'redis';
import { Observable } from 'rxjs';
import { EventLogError, ProducerGoneError, RelayKeyError } from '../errors/relay.js';
import { ValidationError } from '../errors.js';
import { loggedError, positionAfter } from '../relay/entry-id.js';
import type { EventLog, LogEnd, LogEntry } from '../relay/event-log.js';

/**
 * What {@link redisEventLog} needs of a `redis` (node-redis 5 or later) client, RESP2 (its default).
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: RedisConnection = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * ```
 */
export interface RedisConnection {
  /**
   * Sends one raw command, e.g. `['XRANGE', key, '-', '+']`.
   *
   * @param args - The command's name and arguments, as strings.
   * @returns The reply, in RESP2 form.
   */
  sendCommand(args: string[]): Promise<unknown>;
  /**
   * A new, unconnected client with the same settings, for the log's blocking reads.
   *
   * @returns The copy; the log connects it and destroys it when done.
   */
  duplicate(): RedisConnection;
  /**
   * Opens the connection.
   *
   * @returns A Promise that settles once connected (or failed).
   */
  connect(): Promise<unknown>;
  /** Closes the connection at once, abandoning commands in flight. */
  destroy(): void;
  /**
   * Listens for connection errors, so that one does not crash the process.
   *
   * @param event - Always `'error'`.
   * @param listener - Called with each connection error.
   * @returns Whatever the client returns (node-redis: itself); unused.
   */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Whether the connection is open. */
  readonly isOpen: boolean;
}

/**
 * Options of {@link redisEventLog}: where Redis is (`url`, or a connected `client`) and how the
 * producers' liveness is watched.
 *
 * @example
 * ```ts
 * const options: RedisEventLogOptions = { url: 'redis://127.0.0.1:6379', heartbeatMs: 2_000, producerTimeoutMs: 10_000 };
 * const log = redisEventLog(options);
 * ```
 */
export interface RedisEventLogOptions {
  /** A Redis URL; the log makes (and `close` closes) its own connections. */
  url?: string;
  /** A connected client instead of `url`; the log duplicates it for its blocking reads and never closes it. */
  client?: RedisConnection;
  /**
   * How often a producer says it is alive, in milliseconds.
   *
   * @default 5 000
   */
  heartbeatMs?: number;
  /**
   * Silence, in milliseconds, after which a live run's readers give up on its producer
   * (`ProducerGoneError`); longer than `heartbeatMs`.
   *
   * @default 20 000
   */
  producerTimeoutMs?: number;
  /**
   * Prepended to every Redis key the log uses.
   *
   * @default `'runstream:'`
   */
  prefix?: string;
}

/**
 * An {@link EventLog} in Redis, with a `close()` for the connections it opened.
 *
 * @example
 * ```ts
 * const log: RedisEventLog = redisEventLog({ url: 'redis://127.0.0.1:6379' });
 * process.once('SIGTERM', () => void log.close());
 * ```
 */
export interface RedisEventLog extends EventLog {
  /** How often the relay's producers say they are alive: the `heartbeatMs` option. */
  readonly heartbeatMs: number;
  /** Ends every follow in progress (its readers error) and closes the connections the log opened. */
  close(): Promise<void>;
}

const DEFAULTS = {
  heartbeatMs: 5_000,
  producerTimeoutMs: 20_000,
  prefix: 'runstream:',
  readCount: 1_000,
  batchSize: 500,
  liveKeepMs: 10 * 60_000,
} as const;

// Stream ids: the open marker 0-1, the relay's nth event 1-n, the end 2-1, so they sort as written.
const OPEN_ID = '0-1';
const END_ID = '2-1';
const eventId = (position: number) => `1-${position}`;

// XADD NOMKSTREAM of each (id, event) pair in ARGV, in order; -1 when the stream is gone (Redis
// restarted empty, or the key expired), so that no event lands in a stream without its start.
const APPEND_SCRIPT = `
for i = 1, #ARGV, 2 do
  if not redis.call('XADD', KEYS[1], 'NOMKSTREAM', ARGV[i], 'e', ARGV[i + 1]) then return -1 end
end
return #ARGV / 2`;

/** A stream entry read back: an event with its position, the end, or the open marker. */
type Parsed = { position: number; entry: LogEntry } | { end: LogEnd } | undefined;

interface Listener {
  position: number;
  /** Entries held back while the listener catches up with the follower. */
  held: Parsed[] | undefined;
  take(parsed: Parsed[]): void;
  fail(error: unknown): void;
}

interface Follower {
  /** The position the follower has read up to. */
  position: number;
  listeners: Set<Listener>;
  stop(): void;
}

/**
 * The event log of a relay in **Redis Streams**, shared by every process that uses the same Redis:
 * any instance serves any reader of any key, live, whichever instance runs the producer. A run is
 * one stream (`XADD` with the relay's ids, events that come together written together), replayed
 * with `XRANGE` and followed with `XREAD BLOCK` on a connection of its own (one per followed key
 * and process, shared by its readers). The producer keeps a heartbeat key alive; readers of a run
 * whose producer stopped (a killed process) error with a `ProducerGoneError` within about
 * `producerTimeoutMs + heartbeatMs`. A Redis failure mid-run (down, restarted, a stream lost) is an
 * `EventLogError` naming Redis for the producer and its readers, never a silent gap. A live run's
 * stream expires a few timeouts after its producer's last heartbeat; an ended one `ttlMs` after its end.
 *
 * @param options - Where Redis is (`url`, or a connected `client`) and the liveness timings; or a
 *   connected client alone.
 * @returns The log, for {@link index!createRelay | createRelay}'s `log`; `close()` releases the connections it opened.
 * @throws {@link index!ValidationError | ValidationError} for timings that are not whole milliseconds, a `producerTimeoutMs`
 *   not longer than `heartbeatMs`, or neither `url` nor `client`.
 * @see https://redis.io/docs/latest/develop/data-types/streams/
 *
 * @example
 * ```ts
 * import { createRelay } from 'runstream';
 * import { redisEventLog } from 'runstream/redis';
 *
 * const relay = createRelay({ log: redisEventLog({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }) });
 * ```
 */
export function redisEventLog(options: RedisEventLogOptions | RedisConnection): RedisEventLog {
  const settings: RedisEventLogOptions = 'sendCommand' in options ? { client: options } : options;
  const heartbeatMs = checkedMs('heartbeatMs', settings.heartbeatMs ?? DEFAULTS.heartbeatMs);
  const producerTimeoutMs = checkedMs(
    'producerTimeoutMs',
    settings.producerTimeoutMs ?? DEFAULTS.producerTimeoutMs,
  );
  if (producerTimeoutMs <= heartbeatMs) {
    throw new ValidationError('producerTimeoutMs', 'must be longer than heartbeatMs', producerTimeoutMs);
  }
  const prefix = settings.prefix ?? DEFAULTS.prefix;
  if (!settings.client && typeof settings.url !== 'string') {
    throw new ValidationError(
      'url',
      'must be a Redis URL such as redis://127.0.0.1:6379 (or pass a connected client)',
      settings.url,
    );
  }
  const own = settings.client === undefined;
  // Our own connection fails a command at once while Redis is away, instead of queueing it: a
  // queued write could land in a Redis that restarted empty.
  const main: RedisConnection =
    settings.client ??
    (createClient({ url: settings.url, disableOfflineQueue: true }) as unknown as RedisConnection);
  main.on('error', () => undefined);
  let ready: Promise<unknown> | undefined;
  // Once: after that, a lost connection fails commands (ours) rather than connecting again here.
  const connected = () => {
    ready ??= main.isOpen ? Promise.resolve() : main.connect();
    return ready;
  };
  const streamOf = (key: string) => `${prefix}{${key}}`;
  const liveOf = (key: string) => `${prefix}{${key}}:live`;
  const followers = new Map<string, Follower>();

  /** Sends a command; any failure becomes an EventLogError naming Redis and what was being done. */
  const command = async (key: string, doing: string, args: string[]): Promise<unknown> => {
    try {
      await connected();
      return await main.sendCommand(args);
    } catch (error) {
      throw redisError(key, doing, error);
    }
  };
  const keepLive = (key: string) =>
    Promise.all([
      command(key, 'renewing the heartbeat', [
        'SET',
        liveOf(key),
        String(Date.now()),
        'PX',
        String(producerTimeoutMs),
      ]),
      // A run whose producer died is kept a while for its post-mortem, then expires.
      command(key, 'renewing the expiry', [
        'PEXPIRE',
        streamOf(key),
        String(Math.max(producerTimeoutMs * 3, DEFAULTS.liveKeepMs)),
      ]),
    ]);

  const log: RedisEventLog = {
    heartbeatMs,
    async open(key) {
      try {
        await connected();
        await main.sendCommand(['XADD', streamOf(key), OPEN_ID, 'open', String(Date.now())]);
      } catch (error) {
        // XADD refuses an id at or below the stream's last one: the stream, hence the key, exists.
        if (/equal or smaller/i.test(String((error as Error)?.message)))
          throw new RelayKeyError(key, 'taken');
        throw redisError(key, 'opening the run', error);
      }
      await keepLive(key);
    },
    async append(key, entries) {
      const stream = streamOf(key);
      // One script call per slice of a burst instead of one XADD per event: the same entries,
      // a fraction of the round trips and of the client's work. Slices go out in one pipeline.
      const calls: Array<Promise<unknown>> = [];
      for (let from = 0; from < entries.length; from += DEFAULTS.batchSize) {
        const args = ['EVAL', APPEND_SCRIPT, '1', stream];
        for (const entry of entries.slice(from, from + DEFAULTS.batchSize)) {
          args.push(eventId(positionAfter(entry.id)), JSON.stringify(entry.event));
        }
        calls.push(command(key, 'writing events', args));
      }
      const added = await Promise.all(calls);
      if (added.some((count) => count === -1)) throw lostStream(key);
    },
    async heartbeat(key) {
      const [, renewed] = await keepLive(key);
      if (renewed === 0) throw lostStream(key);
    },
    async end(key, end, ttlMs) {
      const stream = streamOf(key);
      const [added] = await Promise.all([
        command(key, 'ending the run', ['XADD', stream, 'NOMKSTREAM', END_ID, 'end', JSON.stringify(end)]),
        command(key, 'setting the expiry', ['PEXPIRE', stream, String(Math.max(1, ttlMs))]),
        command(key, 'ending the heartbeat', ['DEL', liveOf(key)]),
      ]);
      if (added === null) throw lostStream(key);
    },
    read: (key, after) =>
      new Observable<LogEntry>((subscriber) => {
        let position = positionAfter(after);
        let closed = false;
        let follower: Follower | undefined;
        // Emits what is new to this reader; true once the run's end has been given.
        const emit = (parsed: Parsed[]): boolean => {
          for (const item of parsed) {
            if (closed || !item) continue;
            if ('end' in item) {
              closed = true;
              if ('error' in item.end) subscriber.error(loggedError(item.end.error));
              else subscriber.complete();
              return true;
            }
            if (item.position <= position) continue;
            position = item.position;
            subscriber.next(item.entry);
          }
          return closed;
        };
        const listener: Listener = {
          position,
          held: undefined,
          take: (parsed) => {
            if (listener.held) listener.held.push(...parsed);
            else emit(parsed);
          },
          fail: (error) => {
            closed = true;
            subscriber.error(error);
          },
        };
        const range = async (from: number, to: string): Promise<Parsed[]> => {
          const start = from === 0 ? '-' : `(${eventId(from)}`;
          const reply = await command(key, 'replaying the run', ['XRANGE', streamOf(key), start, to]);
          return (reply as RawEntry[]).map(parse);
        };
        (async () => {
          const exists = await command(key, 'looking the run up', ['EXISTS', streamOf(key)]);
          if (exists === 0) throw new RelayKeyError(key, 'unknown');
          if (emit(await range(position, '+')) || subscriber.closed) return;
          listener.position = position;
          listener.held = [];
          follower = join(key, listener);
          // The follower was further on: what lies between comes from the stream itself.
          if (follower.position > position) emit(await range(position, eventId(follower.position)));
          const held = listener.held;
          listener.held = undefined;
          emit(held);
        })().catch((error: unknown) => {
          if (!closed) listener.fail(error);
        });
        return () => {
          closed = true;
          if (follower) leave(key, follower, listener);
        };
      }),
    async close() {
      for (const follower of followers.values()) {
        for (const listener of follower.listeners)
          listener.fail(redisError('*', 'reading', new Error('the event log was closed')));
        follower.stop();
      }
      followers.clear();
      if (own && main.isOpen) main.destroy();
    },
  };
  return log;

  /** The follower of `key` in this process, made for `listener` when there is none. */
  function join(key: string, listener: Listener): Follower {
    const existing = followers.get(key);
    if (existing) {
      existing.listeners.add(listener);
      return existing;
    }
    let connection: RedisConnection | undefined;
    let stopped = false;
    const follower: Follower = {
      position: listener.position,
      listeners: new Set([listener]),
      stop() {
        stopped = true;
        connection?.destroy();
      },
    };
    followers.set(key, follower);
    const finish = (error?: unknown) => {
      if (followers.get(key) === follower) followers.delete(key);
      const listeners = [...follower.listeners];
      follower.stop();
      if (error) for (const each of listeners) each.fail(error);
    };
    (async () => {
      await connected();
      connection = main.duplicate();
      connection.on('error', () => undefined);
      await connection.connect();
      let cursor = follower.position === 0 ? OPEN_ID : eventId(follower.position);
      while (!stopped) {
        const reply = (await connection.sendCommand([
          'XREAD',
          'BLOCK',
          String(heartbeatMs),
          'COUNT',
          String(DEFAULTS.readCount),
          'STREAMS',
          streamOf(key),
          cursor,
        ])) as XReadReply;
        if (stopped) return;
        let parsed: Parsed[];
        if (reply) {
          const entries = entriesOf(reply);
          cursor = entries.at(-1)?.[0] ?? cursor;
          parsed = entries.map(parse);
        } else {
          // Silence for heartbeatMs: is the producer still there?
          if ((await command(key, 'checking the heartbeat', ['EXISTS', liveOf(key)])) === 1) continue;
          const last = (await command(key, 'checking the heartbeat', [
            'XRANGE',
            streamOf(key),
            `(${cursor}`,
            '+',
          ])) as RawEntry[];
          parsed = last.map(parse);
          if (!parsed.some((item) => item && 'end' in item))
            throw new ProducerGoneError(key, producerTimeoutMs);
          cursor = last.at(-1)?.[0] ?? cursor;
        }
        for (const item of parsed) if (item && 'position' in item) follower.position = item.position;
        for (const each of [...follower.listeners]) each.take(parsed);
        if (parsed.some((item) => item && 'end' in item)) return finish();
      }
    })().catch((error: unknown) => {
      if (!stopped)
        finish(
          error instanceof ProducerGoneError || error instanceof EventLogError
            ? error
            : redisError(key, 'following the run', error),
        );
    });
    return follower;
  }

  function leave(key: string, follower: Follower, listener: Listener): void {
    follower.listeners.delete(listener);
    if (follower.listeners.size > 0) return;
    if (followers.get(key) === follower) followers.delete(key);
    follower.stop();
  }
}

/** An entry as XRANGE and XREAD give it (RESP2): its id and its fields and values, flat. */
type RawEntry = [string, string[]];

/** XREAD of one stream: a list of [stream, entries], or (as node-redis may give it) an object by stream name. */
type XReadReply = Array<[string, RawEntry[]]> | Record<string, RawEntry[]> | null;

function entriesOf(reply: NonNullable<XReadReply>): RawEntry[] {
  if (Array.isArray(reply)) return reply[0]?.[1] ?? [];
  return Object.values(reply)[0] ?? [];
}

function parse([id, fields]: RawEntry): Parsed {
  const [field, value = ''] = fields;
  if (field === 'e') {
    const position = Number(id.slice(2));
    return { position, entry: { id: String(position), event: JSON.parse(value) } };
  }
  if (field === 'end') return { end: JSON.parse(value) as LogEnd };
  return undefined;
}

function redisError(key: string, doing: string, error: unknown): EventLogError {
  const detail = error instanceof Error ? error.message : String(error);
  return new EventLogError(
    'Redis',
    key,
    `${doing} failed (${detail}); events of the run may be missing, so it stops here.`,
    {
      cause: error,
    },
  );
}

function lostStream(key: string): EventLogError {
  return new EventLogError(
    'Redis',
    key,
    "the run's stream is no longer in Redis (it restarted without persistence, or the key was evicted or deleted): events would be lost, so the run stops here.",
  );
}

function checkedMs(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > 2 ** 31 - 1) {
    throw new ValidationError(field, 'must be a whole number of milliseconds from 1 to 2147483647', value);
  }
  return value;
}
