// A reader in a process of its own: prints each event of `key` from Redis as a JSON line, then
// one line with how the run ended.
import { redisEventLog } from '../../src/redis/redis-event-log.js';
import { createRelay } from '../../src/relay/create-relay.js';

const [url = '', key = '', heartbeatMs = '100'] = process.argv.slice(2);
const log = redisEventLog({
  url,
  heartbeatMs: Number(heartbeatMs),
  producerTimeoutMs: Number(heartbeatMs) * 4,
});
const relay = createRelay({ log });
const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
relay.events(key).subscribe({
  next: (entry) => out({ id: entry.id, event: entry.event, at: Date.now() }),
  complete: () => {
    out({ end: 'done' });
    void log.close().then(() => process.exit(0));
  },
  error: (error: Error) => {
    out({ end: 'error', name: error.name, message: error.message });
    void log.close().then(() => process.exit(0));
  },
});
