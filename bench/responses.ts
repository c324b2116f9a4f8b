// The Responses stream of `npm run bench`: one long answer of 100 000 `response.output_text.delta`
// events, read by every reader from the same bytes in the same process, rounds interleaved as
// in throughput.ts: (a) the parsing limit, (b) parseResponseEvents, (c) + snapshots(),
// (d) client.responses.stream + snapshots(), (e) the official SDK's ResponseStream.finalResponse().
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import type { Observable } from 'rxjs';
import { createClient } from '../src/index.js';
import { parseResponseEvents, type ResponseSnapshot, snapshots } from '../src/responses/index.js';
import { collector } from './gc.js';
import { frameChunks, networkChunks } from './generate.js';
import { median } from './throughput.js';

/** What the Responses rows must reach, as ratios of two readers of the same round. */
const RESPONSES_TARGETS = { ba: 0.8, ca: 0.6, de: 5 } as const;

interface ResponsesWorkload {
  name: string;
  bytes: Uint8Array;
  chunks: Uint8Array[];
  events: number;
  /** What the reader's last response must hold: its output text, or the call's arguments. */
  result: string;
}

/** What a workload's result is read from: a response's output text, or its first item's arguments. */
function resultOf(response: { output_text?: string; output: unknown[] }): string {
  const first = response.output[0] as { type?: string; arguments?: string } | undefined;
  return first?.type === 'function_call' ? (first.arguments ?? '') : (response.output_text ?? '');
}

/**
 * How a stream is laid out: as the API sends it, or as compatible servers and proxies do
 * (deltas without `logprobs` and `sequence_number`, an extra field, keys in another order).
 */
type Layout = 'official' | 'other layout';

// Word-sized tokens, some of them two-, three- and four-byte UTF-8, that chunks cut through.
const TOKENS = [
  'the ',
  'stream ',
  'of ',
  'events ',
  'déjà ',
  'vu ',
  'Grüße ',
  'привет ',
  'κόσμε ',
  '世界',
  '🙂 ',
  '\n',
  '"quoted" ',
  '\\path ',
];

/**
 * A long answer (or call) as the API streams it: the scaffolding, `deltas` text (or argument)
 * deltas, the terminal event.
 */
function longAnswer(
  deltas: number,
  options: { kind: 'text' | 'arguments'; layout: Layout; chunking: 'network' | 'frames' },
): ResponsesWorkload {
  const frames: string[] = [];
  let sequence = 0;
  const official = options.layout === 'official';
  const add = (event: Record<string, unknown>, delta = false) => {
    const numbered = official || !delta ? { ...event, sequence_number: sequence } : event;
    // Another server's delta: its fields in another order and one more (`obfuscation`, as the
    // API has begun to send), no `logprobs`.
    const laid = official || !delta ? numbered : { obfuscation: 'x1', ...reversed(numbered) };
    sequence++;
    frames.push(`event: ${event.type}\ndata: ${JSON.stringify(laid)}\n\n`);
  };
  const response = (status: string, output: unknown[]) => ({
    id: 'resp_bench',
    object: 'response',
    created_at: 1_765_000_000,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: 'Answer at length.',
    max_output_tokens: null,
    model: 'gpt-4.1-mini',
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage:
      status === 'completed' ? { input_tokens: 20, output_tokens: deltas, total_tokens: deltas + 20 } : null,
    metadata: {},
  });
  add({ type: 'response.created', response: response('in_progress', []) });
  add({ type: 'response.in_progress', response: response('in_progress', []) });
  const pieces: string[] = [];
  const piece = (n: number) => {
    const token = TOKENS[(n * 7 + (n >> 3)) % TOKENS.length] as string;
    pieces.push(token);
    return token;
  };
  let item: Record<string, unknown>;
  if (options.kind === 'text') {
    const at = { item_id: 'msg_bench', output_index: 0, content_index: 0 };
    const empty = { id: 'msg_bench', type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    add({ type: 'response.output_item.added', output_index: 0, item: empty });
    add({
      type: 'response.content_part.added',
      ...at,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    for (let n = 0; n < deltas; n++) {
      const delta = piece(n);
      add({ type: 'response.output_text.delta', ...at, delta, ...(official ? { logprobs: [] } : {}) }, true);
    }
    const text = pieces.join('');
    const part = { type: 'output_text', text, annotations: [] };
    add({ type: 'response.output_text.done', ...at, text, logprobs: [] });
    add({ type: 'response.content_part.done', ...at, part });
    item = { ...empty, status: 'completed', content: [part] };
  } else {
    const at = { item_id: 'fc_bench', output_index: 0 };
    const call = {
      id: 'fc_bench',
      type: 'function_call',
      status: 'in_progress',
      call_id: 'call_bench',
      name: 'write_report',
      arguments: '',
    };
    add({ type: 'response.output_item.added', output_index: 0, item: call });
    for (let n = 0; n < deltas; n++)
      add({ type: 'response.function_call_arguments.delta', ...at, delta: piece(n) }, true);
    const args = pieces.join('');
    add({ type: 'response.function_call_arguments.done', ...at, arguments: args });
    item = { ...call, status: 'completed', arguments: args };
  }
  add({ type: 'response.output_item.done', output_index: 0, item });
  add({ type: 'response.completed', response: response('completed', [item]) });
  const bytes = new TextEncoder().encode(frames.join(''));
  const what = options.kind === 'text' ? 'text deltas' : 'argument deltas';
  const how = options.chunking === 'network' ? '1–16 KiB chunks' : 'one chunk per event';
  return {
    name: `Responses, ${deltas.toLocaleString('en-US')} ${what}, ${official ? '' : `${options.layout}, `}${how}`,
    bytes,
    chunks: options.chunking === 'network' ? networkChunks(bytes, 1024, 16 * 1024) : frameChunks(bytes),
    events: sequence,
    result: pieces.join(''),
  };
}

/** `value` with its keys in the reverse order. */
function reversed(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).reverse());
}

/** The Responses workloads: one row each in both tables. */
function responsesWorkloads(deltas: number): ResponsesWorkload[] {
  return [
    longAnswer(deltas, { kind: 'text', layout: 'official', chunking: 'network' }),
    longAnswer(deltas, { kind: 'text', layout: 'official', chunking: 'frames' }),
    longAnswer(deltas, { kind: 'text', layout: 'other layout', chunking: 'network' }),
    longAnswer(deltas, { kind: 'arguments', layout: 'official', chunking: 'network' }),
  ];
}

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

function servingFetch(work: ResponsesWorkload): typeof fetch {
  return async (input, init) => {
    await new Request(input, init).arrayBuffer();
    return new Response(bodyOf(work.chunks), {
      headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    });
  };
}

/** What a reader ended with, checked against the workload before anything is timed. */
interface Outcome {
  events?: number;
  result?: string;
}

async function drain<T>(source: Observable<T>, onValue?: (value: T) => void): Promise<number> {
  let events = 0;
  await new Promise<void>((resolve, reject) =>
    source.subscribe({
      next: (value) => {
        events++;
        onValue?.(value);
      },
      error: reject,
      complete: resolve,
    }),
  );
  return events;
}

async function lastResult(source: Observable<ResponseSnapshot>): Promise<Outcome> {
  let last: ResponseSnapshot | undefined;
  const events = await drain(source, (snapshot) => {
    last = snapshot;
  });
  return { events, ...(last === undefined ? {} : { result: resultOf(last.response) }) };
}

const READERS: Array<{ key: string; label: string; read: (work: ResponsesWorkload) => Promise<Outcome> }> = [
  {
    key: 'a',
    label: '(a) eventsource-parser + JSON.parse',
    read: async (work) => {
      let events = 0;
      const parser = createParser({
        onEvent(message) {
          JSON.parse(message.data);
          events++;
        },
      });
      const decoder = new TextDecoder();
      const reader = bodyOf(work.chunks).getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
      parser.feed(decoder.decode());
      return { events };
    },
  },
  {
    key: 'b',
    label: '(b) parseResponseEvents',
    read: async (work) => ({ events: await drain(parseResponseEvents(bodyOf(work.chunks))) }),
  },
  {
    key: 'c',
    label: '(c) parseResponseEvents + snapshots()',
    read: (work) => lastResult(parseResponseEvents(bodyOf(work.chunks)).pipe(snapshots())),
  },
  {
    key: 'd',
    label: '(d) client.responses.stream + snapshots()',
    read: (work) => {
      const client = createClient({
        apiKey: 'sk-bench',
        baseURL: 'http://bench.invalid/v1',
        fetch: servingFetch(work),
      });
      return lastResult(client.responses.stream({ model: 'gpt-4.1-mini', input: 'Hi' }).pipe(snapshots()));
    },
  },
  {
    key: 'e',
    label: '(e) openai SDK responses.stream + finalResponse()',
    read: async (work) => {
      const sdk = new OpenAI({
        apiKey: 'sk-bench',
        baseURL: 'http://bench.invalid/v1',
        maxRetries: 0,
        fetch: servingFetch(work),
      });
      const response = await sdk.responses.stream({ model: 'gpt-4.1-mini', input: 'Hi' }).finalResponse();
      return { result: resultOf(response) };
    },
  },
];

/** Process CPU time in ms (all threads, GC included): comparable while the machine's load changes. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The CPU times of each reader on `work`, by reader key: `rounds` interleaved rounds. */
async function timesOf(work: ResponsesWorkload, rounds: number): Promise<Map<string, number[]>> {
  // The check doubles as warm-up: every reader has run once before anything is timed.
  for (const reader of READERS) {
    const outcome = await reader.read(work);
    if (outcome.events !== undefined && outcome.events !== work.events)
      throw new Error(`${reader.label}: ${outcome.events} events, expected ${work.events}`);
    if (outcome.result !== undefined && outcome.result !== work.result)
      throw new Error(`${reader.label}: the text (or arguments) differs from the one sent`);
  }
  const gc = collector();
  const times = new Map<string, number[]>(READERS.map((reader) => [reader.key, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < READERS.length; i++) {
      const reader = READERS[(i + round) % READERS.length] as (typeof READERS)[number];
      gc();
      const start = cpuMs();
      await reader.read(work);
      times.get(reader.key)?.push(cpuMs() - start);
    }
  }
  return times;
}

/**
 * Measures the Responses streams (a long answer as the API lays it out in network chunks and in
 * one chunk per event, as other servers lay it out, and a long function call) and returns their
 * Markdown lines: a table of readers and one of ratios against the targets, a row per stream.
 * `log` hears progress.
 */
export async function measureResponses(options: {
  rounds: number;
  deltas?: number;
  log: (line: string) => void;
}): Promise<string[]> {
  const readerLines = ['| stream | reader | events/s | MB/s | ms, median |', '|---|---|--:|--:|--:|'];
  const ratioLines = [
    `| stream | b/a (target ≥ ${RESPONSES_TARGETS.ba}) | c/a (target ≥ ${RESPONSES_TARGETS.ca}) | d/e (target ≥ ${RESPONSES_TARGETS.de}) |`,
    '|---|--:|--:|--:|',
  ];
  const mark = (value: number, target: number) =>
    `${value.toFixed(2)} ${value >= target ? 'met' : '**missed**'}`;
  for (const work of responsesWorkloads(options.deltas ?? 100_000)) {
    options.log(
      `throughput: ${work.name} (${work.events} events, ${(work.bytes.length / 1e6).toFixed(1)} MB)`,
    );
    const times = await timesOf(work, options.rounds);
    const of = (key: string) => times.get(key) ?? [];
    // Paired per round, as pairedRatio does: both reads of a round ran seconds apart, under the same load.
    const ratio = (fast: string, slow: string) =>
      median(of(fast).map((ms, round) => (of(slow)[round] as number) / ms));
    for (const reader of READERS) {
      const ms = median(of(reader.key));
      readerLines.push(
        `| ${work.name} | ${reader.label} | ${Math.round(work.events / (ms / 1000)).toLocaleString('en-US')} | ${(work.bytes.length / 1e6 / (ms / 1000)).toFixed(1)} | ${ms.toFixed(0)} |`,
      );
    }
    ratioLines.push(
      `| ${work.name} | ${mark(ratio('b', 'a'), RESPONSES_TARGETS.ba)} | ${mark(ratio('c', 'a'), RESPONSES_TARGETS.ca)} | ${mark(ratio('d', 'e'), RESPONSES_TARGETS.de)} |`,
    );
  }
  return [...readerLines, '', ...ratioLines];
}
