// A producer in a process of its own: relays `count` made-up events, one every `everyMs`, into
// Redis under `key`, then exits. Prints "open" once its first event is in the log.
import { interval, map, take } from 'rxjs';
import { redisEventLog } from '../../src/redis/redis-event-log.js';
import { createRelay } from '../../src/relay/create-relay.js';
import { delta } from '../relay/log-contract.js';

const [url = '', key = '', count = '10', everyMs = '10', heartbeatMs = '100'] = process.argv.slice(2);
const log = redisEventLog({
  url,
  heartbeatMs: Number(heartbeatMs),
  producerTimeoutMs: Number(heartbeatMs) * 4,
});
const relay = createRelay({
  log,
  onError: (error) => console.error(`producer: ${(error as Error).message}`),
});
relay.start(
  key,
  interval(Number(everyMs)).pipe(
    take(Number(count)),
    map((n) => delta(n + 1)),
  ),
);
let first = true;
relay.events(key).subscribe({
  next: () => {
    if (first) process.stdout.write('open\n');
    first = false;
  },
  complete: () => void log.close().then(() => process.exit(0)),
  error: () => process.exit(1),
});
