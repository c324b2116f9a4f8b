/**
 * Run as a child process: `node --import tsx exit-probe.ts <baseURL>`. Streams one run per
 * scenario against the fault server of `resources.test.ts`, with the client's default timeouts
 * (60 s until headers, 120 s of idle), prints one JSON line per outcome, and then simply returns.
 * If anything the library started (a socket, a timer) were left behind, this process would not
 * exit until it expired: the parent test measures that.
 */
import type { Subscription } from 'rxjs';
import { createClient } from '../../../src/client/create-client.js';
import { outcomeOf } from '../../helpers/fixtures.js';
import { timerArmed } from './resources.js';

const baseURL = process.argv[2];
const client = createClient({ baseURL, apiKey: 'sk-exit-probe-0123456789', maxRetries: 1 });
const params = { assistant_id: 'asst_1' };

function report(scenario: string, outcome: { values: unknown[]; completed: boolean; error?: unknown }): void {
  const error = outcome.error as Error | undefined;
  console.log(
    JSON.stringify({
      scenario,
      events: outcome.values.length,
      completed: outcome.completed,
      error: error?.name,
    }),
  );
}

for (const scenario of [
  'complete',
  'complete-held-open',
  'event-error-held-open',
  'cut',
  'http-error',
  'html',
]) {
  report(scenario, await outcomeOf(client.runs.stream(scenario, params)));
}
report('idle-timeout', await outcomeOf(client.runs.stream('stall', params, { idleTimeout: 100 })));
report(
  'header-timeout',
  await outcomeOf(client.runs.stream('no-headers', params, { timeout: 100, maxRetries: 0 })),
);

// Unsubscribing after the first event, while the server keeps the stream open.
await new Promise<void>((resolve) => {
  const subscription: Subscription = client.runs.stream('stall', params).subscribe({
    next: () => {
      subscription?.unsubscribe();
      report('unsubscribe', { values: [1], completed: false });
      resolve();
    },
  });
});

// Unsubscribing while the client waits out a Retry-After before its retry: the 30 s that
// 'retry-later' asks for, under way once its timer is armed.
const waiting = timerArmed(30_000);
const retrying = client.runs.stream('retry-later', params).subscribe();
await waiting;
retrying.unsubscribe();
report('unsubscribe-during-retry-wait', { values: [], completed: false });

// Unsubscribing while the stream fallback polls a run that never settles.
await new Promise<void>((resolve) => {
  const subscription: Subscription = client.runs
    .stream('json-run', params, { pollInterval: 60_000 })
    .subscribe({
      next: () => {
        subscription?.unsubscribe();
        report('unsubscribe-during-poll', { values: [1], completed: false });
        resolve();
      },
    });
});
