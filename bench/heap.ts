// Heap growth while a client reads a very long stream without snapshots: nothing should stay
// behind per event. The stream is generated as it is read (one block of frames served again and
// again), so the only memory that can grow is the reader's.
import { createClient } from '../src/index.js';
import { collector } from './gc.js';
import { longTextRun, networkChunks } from './generate.js';

export interface HeapResult {
  events: number;
  /** heapUsed after a full collection before the stream starts, in bytes. */
  baseline: number;
  /** The largest heapUsed after a full collection at the checkpoints, minus the baseline. */
  maxGrowth: number;
  /** heapUsed growth at the last checkpoint, still inside the stream. */
  finalGrowth: number;
  checkpoints: number;
}

const FRAMES_PER_BLOCK = 1000;

/** `blocks` × 1000 message deltas between the frames a run starts and ends with. */
function endlessBody(blocks: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const transcript = longTextRun(FRAMES_PER_BLOCK, 7).text;
  const frames = transcript.split('\n\n').map((frame) => `${frame}\n\n`);
  // Frames 0–6 open the run (run, step and message events); the deltas follow.
  const head = encoder.encode(frames.slice(0, 7).join(''));
  const block = networkChunks(
    encoder.encode(frames.slice(7, 7 + FRAMES_PER_BLOCK).join('')),
    1024,
    16 * 1024,
    11,
  );
  const tail = encoder.encode(
    [frames.find((f) => f.startsWith('event: thread.run.completed')), 'event: done\ndata: [DONE]\n\n'].join(
      '',
    ),
  );
  let served = -1;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (served === -1) {
        served = 0;
        controller.enqueue(head);
      } else if (served < blocks) {
        controller.enqueue(block[at++] as Uint8Array);
        if (at === block.length) {
          at = 0;
          served++;
        }
      } else if (served === blocks) {
        served++;
        controller.enqueue(tail);
      } else {
        controller.close();
      }
    },
  });
}

export async function measureHeap(totalEvents: number, checkpoints = 10): Promise<HeapResult> {
  const gc = collector();
  const blocks = Math.ceil(totalEvents / FRAMES_PER_BLOCK);
  const client = createClient({
    apiKey: 'sk-bench',
    baseURL: 'http://bench.invalid/v1',
    fetch: async () =>
      new Response(endlessBody(blocks), { headers: { 'content-type': 'text/event-stream; charset=utf-8' } }),
  });
  const every = Math.floor(totalEvents / checkpoints);
  const heapUsed = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const baseline = heapUsed();
  let events = 0;
  let maxGrowth = 0;
  let finalGrowth = 0;
  let taken = 0;
  await new Promise<void>((resolve, reject) =>
    client.runs.stream('thread_bench', { assistant_id: 'asst_bench' }).subscribe({
      next: () => {
        events++;
        if (events % every === 0) {
          finalGrowth = heapUsed() - baseline;
          maxGrowth = Math.max(maxGrowth, finalGrowth);
          taken++;
        }
      },
      error: reject,
      complete: resolve,
    }),
  );
  return { events, baseline, maxGrowth, finalGrowth, checkpoints: taken };
}
