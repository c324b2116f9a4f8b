// The readers the throughput benchmark compares. Each reads one Workload from a fresh source
// and resolves with what it ended with, so the benchmark can check that all of them agree.
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import type { Observable } from 'rxjs';
import {
  createClient,
  parseRunEvents,
  type RunSnapshot,
  type RunStreamEvent,
  snapshots,
} from '../src/index.js';
import type { Workload } from './generate.js';

/** What a reader ended with: the events it delivered and the text of the last message it built. */
interface Outcome {
  events: number;
  lastText?: string;
}

export interface Contender {
  key: string;
  label: string;
  read(work: Workload): Promise<Outcome>;
}

/** A fresh fetch-like body over the workload's chunks, one chunk per read, as a socket delivers. */
function bodyOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

/** A `fetch` that answers every request with the workload's bytes as an event stream. */
function servingFetch(work: Workload): typeof fetch {
  return async (input, init) => {
    // Read the request body like a server would, so neither client gets to skip sending it.
    await new Request(input, init).arrayBuffer();
    return new Response(bodyOf(work.chunks), {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    });
  };
}

/** (a) The parsing limit: eventsource-parser over the same body, then `JSON.parse` per frame. */
async function parseLimit(work: Workload): Promise<Outcome> {
  let events = 0;
  const parser = createParser({
    onEvent(message) {
      if (message.data === '[DONE]') return;
      JSON.parse(message.data);
      events++;
    },
  });
  const decoder = new TextDecoder();
  const reader = bodyOf(work.chunks).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  parser.feed(decoder.decode());
  return { events };
}

async function countEvents(events$: Observable<unknown>): Promise<Outcome> {
  let events = 0;
  await new Promise<void>((resolve, reject) =>
    events$.subscribe({
      next: () => {
        events++;
      },
      error: reject,
      complete: resolve,
    }),
  );
  return { events };
}

async function lastSnapshot(snapshots$: Observable<RunSnapshot>): Promise<Outcome> {
  let events = 0;
  let last: RunSnapshot | undefined;
  await new Promise<void>((resolve, reject) =>
    snapshots$.subscribe({
      next: (snapshot) => {
        events++;
        last = snapshot;
      },
      error: reject,
      complete: resolve,
    }),
  );
  return { events, lastText: textOf(last?.messages.at(-1)?.content) };
}

function textOf(
  content: ReadonlyArray<{ type: string; text?: { value: string } }> | undefined,
): string | undefined {
  if (!content) return undefined;
  return content.map((part) => (part.type === 'text' ? (part.text?.value ?? '') : '')).join('');
}

function runstreamClient(work: Workload) {
  return createClient({ apiKey: 'sk-bench', baseURL: 'http://bench.invalid/v1', fetch: servingFetch(work) });
}

function clientEvents(work: Workload): Observable<RunStreamEvent> {
  return runstreamClient(work).runs.stream('thread_bench', { assistant_id: 'asst_bench' });
}

/** (e) The official SDK accumulating the same run. */
async function officialSdk(work: Workload): Promise<Outcome> {
  const sdk = new OpenAI({
    apiKey: 'sk-bench',
    baseURL: 'http://bench.invalid/v1',
    maxRetries: 0,
    fetch: servingFetch(work),
  });
  let events = 0;
  const stream = sdk.beta.threads.runs.stream('thread_bench', { assistant_id: 'asst_bench' });
  stream.on('event', () => {
    events++;
  });
  const messages = await stream.finalMessages();
  return { events, lastText: textOf(messages.at(-1)?.content as Parameters<typeof textOf>[0]) };
}

export const CONTENDERS: Contender[] = [
  { key: 'a', label: '(a) eventsource-parser + JSON.parse', read: parseLimit },
  { key: 'b', label: '(b) parseRunEvents', read: (work) => countEvents(parseRunEvents(bodyOf(work.chunks))) },
  {
    key: 'c',
    label: '(c) parseRunEvents + snapshots()',
    read: (work) => lastSnapshot(parseRunEvents(bodyOf(work.chunks)).pipe(snapshots())),
  },
  { key: 'd0', label: '(d0) client.runs.stream', read: (work) => countEvents(clientEvents(work)) },
  {
    key: 'd',
    label: '(d) client.runs.stream + snapshots()',
    read: (work) => lastSnapshot(clientEvents(work).pipe(snapshots())),
  },
  { key: 'e', label: '(e) openai SDK runs.stream + finalMessages()', read: officialSdk },
];
