/**
 * Run as a child process: `node --expose-gc --import tsx memory-probe.ts <mode> <count>`.
 * Prints one JSON line: heap samples (after a full GC) across the run and facts to check.
 *
 * - `cycles-shared-signal`: `count` subscribe → first event → unsubscribe cycles through the
 *   client, every call passing one long-lived caller `signal`.
 * - `long`: one stream of `count` events, read to the end without keeping them.
 *
 * No network: a custom `fetch` answers with a generated body, so the numbers measure the
 * library (and ky), not sockets.
 */
import { getEventListeners } from 'node:events';
import { createClient } from '../../../src/client/create-client.js';
import { frame, textDelta } from './events.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const [mode, countText = '10000'] = process.argv.slice(2);
const count = Number(countText);
const encoder = new TextEncoder();
const SSE = { 'content-type': 'text/event-stream' };

/**
 * Heap in use after full collections. A macrotask first: V8 keeps the targets of WeakRefs made
 * in the current job (AbortSignal.any makes some) alive until the microtask queue drains.
 */
async function heap(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** A body that sends one event, then waits until it is cancelled. */
function heldBody(onCancel: () => void): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) return new Promise<void>(() => undefined);
      sent = true;
      controller.enqueue(encoder.encode(frame('thread.run.created', { id: 'run_1', status: 'queued' })));
    },
    cancel: onCancel,
  });
}

async function cycles(): Promise<void> {
  let cancelled = 0;
  const client = createClient({
    baseURL: 'http://runstream.invalid/v1',
    apiKey: 'sk-memory-probe-0123456789',
    fetch: async () =>
      new Response(
        heldBody(() => {
          cancelled++;
        }),
        { headers: SSE },
      ),
  });
  const caller = new AbortController();
  const options = { signal: caller.signal };
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const subscription = client.runs.stream('thread_1', { assistant_id: 'asst_1' }, options).subscribe({
        next: () => {
          // Leaving from inside `next` is the hardest case: the reader is mid-delivery. The
          // macrotask stands for the network turn every real cycle has (see `heap`).
          queueMicrotask(() => subscription.unsubscribe());
          setImmediate(resolve);
        },
        error: reject,
      });
    });
  // The heap rises for the first thousands of cycles while V8 compiles and gathers feedback; the
  // first sample comes after that, so that what the samples show is what the cycles keep.
  const warmup = count / 4;
  for (let i = 0; i < warmup; i++) await once();
  const samples = [await heap()];
  for (let i = 1; i <= count; i++) {
    await once();
    if (i % (count / 4) === 0) samples.push(await heap());
  }
  // Cancels run asynchronously through the tee ky makes: give them a turn before counting.
  await new Promise((resolve) => setImmediate(resolve));
  const listeners = getEventListeners(caller.signal, 'abort').length;
  console.log(JSON.stringify({ mode, count, samples, cancelled: cancelled - warmup, listeners }));
}

async function long(): Promise<void> {
  const perChunk = 100;
  const chunk = encoder.encode(frame('thread.message.delta', textDelta('token ')).repeat(perChunk));
  let chunks = 0;
  const total = Math.ceil(count / perChunk);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (chunks++ < total) controller.enqueue(chunk);
      else controller.enqueue(encoder.encode('event: done\ndata: [DONE]\n\n'));
    },
  });
  const client = createClient({
    baseURL: 'http://runstream.invalid/v1',
    apiKey: 'sk-memory-probe-0123456789',
    fetch: async () => new Response(body, { headers: SSE }),
  });
  const samples: number[] = [];
  let seen = 0;
  await new Promise<void>((resolve, reject) =>
    client.runs.stream('thread_1', { assistant_id: 'asst_1' }).subscribe({
      next: () => {
        seen++;
        // The first sample once everything is warm, then four more across the stream. Taken in
        // `next`, synchronously: nothing the stream holds can be released between them.
        if (seen === Math.floor(count / 10) || seen % (count / 4) === 0) {
          gc?.();
          samples.push(process.memoryUsage().heapUsed);
        }
      },
      error: reject,
      complete: resolve,
    }),
  );
  console.log(JSON.stringify({ mode, count, samples, events: seen }));
}

if (mode === 'cycles-shared-signal') await cycles();
else if (mode === 'long') await long();
else throw new Error(`unknown mode ${mode}: cycles-shared-signal or long`);
