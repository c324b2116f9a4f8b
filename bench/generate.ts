// Deterministic run streams for the benchmarks: the same seed gives the same bytes, split into
// chunks the way a network would deliver them, so every contender reads identical input.

/** One stream to read: its bytes, the chunks they arrive in, and what a correct reader ends with. */
export interface Workload {
  name: string;
  /** The whole transcript. */
  bytes: Uint8Array;
  /** `bytes`, split as they arrive (views into `bytes`, no copies). */
  chunks: Uint8Array[];
  /** Events a reader emits: every frame but `[DONE]`. */
  events: number;
  /** The text of the last message once the run is read. */
  lastText: string;
}

/** A small, fast, seeded generator (mulberry32): the same seed, the same stream. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Word-sized tokens in several scripts: accented Latin, Cyrillic, Greek, CJK and emoji give
// two-, three- and four-byte UTF-8 sequences that network chunks cut through.
const VOCABULARY = [
  'the ',
  'stream ',
  'of ',
  'events ',
  'arrives ',
  'token ',
  'by ',
  'token',
  ', ',
  '. ',
  'and ',
  'déjà ',
  'vu ',
  'été ',
  'naïve ',
  'façade ',
  'Grüße ',
  'aus ',
  'Straße ',
  'Ærø ',
  'smørrebrød ',
  'привет ',
  'мир ',
  'поток ',
  'событий ',
  'Καλημέρα ',
  'κόσμε ',
  'こんにちは',
  '世界',
  'です。',
  '流式',
  '事件',
  '数据 ',
  '🙂 ',
  '🚀 ',
  '✅ ',
  '👩‍💻 ',
  '\n',
  '\n\n',
  '- ',
  '**',
  '`code` ',
  '1',
  '2',
  '3',
  '4',
  '.',
  '%',
  '(',
  ')',
  '"quoted" ',
  '\\path ',
  'tab\t',
];

const CODE = [
  'import ',
  'numpy ',
  'as ',
  'np',
  '\n',
  'data ',
  '= ',
  'np.array',
  '([',
  '1.5',
  ', ',
  '2.25',
  '])',
  '\n',
  'print',
  '(',
  'data',
  '.mean',
  '()',
  ')',
  '\n',
  'for ',
  'i ',
  'in ',
  'range',
  '(10)',
  ':\n',
  '    ',
  'total ',
  '+= ',
  'i ',
  '** ',
  '2',
  '\n',
  '# ',
  'moyenne ',
  'pondérée',
  '\n',
];

const ARGUMENT_PIECES = ['{"', 'loc', 'ation', '":"', 'Zü', 'rich', '","', 'unit', '":"', 'celsius', '"}'];

const T0 = 1_710_000_000;
// Per round of the tool-heavy run: code input fragments, then text deltas of the cited answer.
const CODE_DELTAS = 500;
const ANSWER_DELTAS = 250;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function run(status: string, extra: Record<string, unknown> = {}) {
  return {
    id: 'run_bench',
    object: 'thread.run',
    created_at: T0,
    assistant_id: 'asst_bench',
    thread_id: 'thread_bench',
    status,
    started_at: status === 'queued' ? null : T0 + 1,
    expires_at: T0 + 600,
    cancelled_at: null,
    failed_at: null,
    completed_at: status === 'completed' ? T0 + 60 : null,
    required_action: null,
    last_error: null,
    model: 'gpt-4o',
    instructions: 'You are a helpful assistant. Answer in the language of the question.',
    tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
    metadata: {},
    incomplete_details: null,
    usage:
      status === 'completed'
        ? { prompt_tokens: 1200, completion_tokens: 100000, total_tokens: 101200 }
        : null,
    temperature: 1,
    top_p: 1,
    max_prompt_tokens: null,
    max_completion_tokens: null,
    truncation_strategy: { type: 'auto', last_messages: null },
    response_format: 'auto',
    tool_choice: 'auto',
    parallel_tool_calls: true,
    ...extra,
  };
}

function step(id: string, status: string, details: object) {
  return {
    id,
    object: 'thread.run.step',
    created_at: T0 + 2,
    run_id: 'run_bench',
    assistant_id: 'asst_bench',
    thread_id: 'thread_bench',
    type: (details as { type: string }).type,
    status,
    cancelled_at: null,
    completed_at: status === 'completed' ? T0 + 3 : null,
    expired_at: null,
    failed_at: null,
    last_error: null,
    step_details: details,
    usage: null,
  };
}

function message(id: string, status: string, content: object[]) {
  return {
    id,
    object: 'thread.message',
    created_at: T0 + 2,
    assistant_id: 'asst_bench',
    thread_id: 'thread_bench',
    run_id: 'run_bench',
    status,
    incomplete_details: null,
    incomplete_at: null,
    completed_at: status === 'completed' ? T0 + 59 : null,
    role: 'assistant',
    content,
    attachments: [],
    metadata: {},
  };
}

/**
 * How a server lays out its objects. `official` is the Assistants API's own; the others are what
 * compatible servers and proxies send: optional fields left out (and deltas without their empty
 * `annotations`), extra fields a future API or a proxy adds, every object's keys in another order.
 */
export type Layout = 'official' | 'fields missing' | 'extra fields' | 'reordered keys';

const OPTIONAL_FIELDS: ReadonlySet<string> = new Set(['incomplete_details', 'incomplete_at', 'completed_at']);

/** `value` with every object in it laid out as `layout` says. */
function laidOut(value: unknown, layout: Layout): unknown {
  if (layout === 'official' || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => laidOut(item, layout));
  let entries = Object.entries(value).map(([key, inner]) => [key, laidOut(inner, layout)] as const);
  if (layout === 'fields missing') {
    entries = entries.filter(
      ([key, inner]) =>
        !OPTIONAL_FIELDS.has(key) && !(key === 'annotations' && Array.isArray(inner) && inner.length === 0),
    );
  } else if (layout === 'extra fields') {
    entries = [['x_trace', { hop: 'proxy-1', ms: 3 }], ...entries, ['x_region', 'eu-west']];
  } else {
    entries = entries.reverse();
  }
  return Object.fromEntries(entries);
}

/** Collects frames as text and counts the events a reader should emit. */
class Transcript {
  private readonly parts: string[] = [];
  events = 0;
  lastText = '';

  constructor(private readonly layout: Layout = 'official') {}

  add(event: string, data: object): void {
    this.parts.push(`event: ${event}\ndata: ${JSON.stringify(laidOut(data, this.layout))}\n\n`);
    this.events++;
  }

  done(): string {
    this.parts.push('event: done\ndata: [DONE]\n\n');
    return this.parts.join('');
  }
}

/** Streams one assistant message as `deltas` text deltas into `transcript`; returns its text. */
function streamMessage(
  transcript: Transcript,
  random: () => number,
  ids: { step: string; message: string },
  deltas: number,
  citations: boolean,
): void {
  const creation = { type: 'message_creation', message_creation: { message_id: ids.message } };
  transcript.add('thread.run.step.created', step(ids.step, 'in_progress', creation));
  transcript.add('thread.run.step.in_progress', step(ids.step, 'in_progress', creation));
  transcript.add('thread.message.created', message(ids.message, 'in_progress', []));
  transcript.add('thread.message.in_progress', message(ids.message, 'in_progress', []));
  const pieces: string[] = [];
  const annotations: Array<Record<string, unknown>> = [];
  let length = 0;
  for (let i = 0; i < deltas; i++) {
    const value = pick(random, VOCABULARY);
    const text: Record<string, unknown> = { value, annotations: [] };
    if (citations && i % 40 === 39) {
      const marker = `【${annotations.length}†source】`;
      const annotation = {
        index: annotations.length,
        type: 'file_citation',
        text: marker,
        start_index: length,
        end_index: length + marker.length,
        file_citation: { file_id: `file_${annotations.length}` },
      };
      text.value = marker;
      text.annotations = [annotation];
      annotations.push(annotation);
    }
    pieces.push(text.value as string);
    length += (text.value as string).length;
    transcript.add('thread.message.delta', {
      id: ids.message,
      object: 'thread.message.delta',
      delta: { content: [{ index: 0, type: 'text', text }] },
    });
  }
  const value = pieces.join('');
  const final = [
    { type: 'text', text: { value, annotations: annotations.map(({ index: _, ...rest }) => rest) } },
  ];
  transcript.add('thread.message.completed', message(ids.message, 'completed', final));
  transcript.add('thread.run.step.completed', step(ids.step, 'completed', creation));
  transcript.lastText = value;
}

/** A long text answer: `deltas` message deltas of word-sized, partly non-ASCII tokens. */
export function longTextRun(
  deltas: number,
  seed = 1,
  layout: Layout = 'official',
): { text: string; events: number; lastText: string } {
  const random = seeded(seed);
  const transcript = new Transcript(layout);
  transcript.add('thread.run.created', run('queued'));
  transcript.add('thread.run.queued', run('queued'));
  transcript.add('thread.run.in_progress', run('in_progress'));
  streamMessage(transcript, random, { step: 'step_text', message: 'msg_text' }, deltas, false);
  transcript.add('thread.run.completed', run('completed'));
  return { text: transcript.done(), events: transcript.events, lastText: transcript.lastText };
}

/**
 * A tool-heavy run: `rounds` × (a code-interpreter step streaming its code and logs, a file
 * search, a cited answer), then three parallel function calls streaming their arguments and
 * `requires_action`.
 */
function toolHeavyRun(rounds: number, seed = 2): { text: string; events: number; lastText: string } {
  const random = seeded(seed);
  const transcript = new Transcript();
  transcript.add('thread.run.created', run('queued'));
  transcript.add('thread.run.queued', run('queued'));
  transcript.add('thread.run.in_progress', run('in_progress'));
  for (let round = 0; round < rounds; round++) {
    const codeStep = `step_code_${round}`;
    const callId = `call_code_${round}`;
    const empty = { type: 'tool_calls', tool_calls: [] };
    transcript.add('thread.run.step.created', step(codeStep, 'in_progress', empty));
    transcript.add('thread.run.step.in_progress', step(codeStep, 'in_progress', empty));
    const stepDelta = (toolCall: object) =>
      transcript.add('thread.run.step.delta', {
        id: codeStep,
        object: 'thread.run.step.delta',
        delta: { step_details: { type: 'tool_calls', tool_calls: [toolCall] } },
      });
    stepDelta({
      index: 0,
      id: callId,
      type: 'code_interpreter',
      code_interpreter: { input: '', outputs: [] },
    });
    let input = '';
    for (let i = 0; i < CODE_DELTAS; i++) {
      const piece = pick(random, CODE);
      input += piece;
      stepDelta({ index: 0, type: 'code_interpreter', code_interpreter: { input: piece } });
    }
    const logs = `mean = ${(random() * 100).toFixed(4)}\n`.repeat(8);
    stepDelta({
      index: 0,
      type: 'code_interpreter',
      code_interpreter: { outputs: [{ index: 0, type: 'logs', logs }] },
    });
    const ranCode = {
      type: 'tool_calls',
      tool_calls: [
        {
          id: callId,
          type: 'code_interpreter',
          code_interpreter: { input, outputs: [{ type: 'logs', logs }] },
        },
      ],
    };
    transcript.add('thread.run.step.completed', step(codeStep, 'completed', ranCode));

    const searchStep = `step_search_${round}`;
    transcript.add('thread.run.step.created', step(searchStep, 'in_progress', empty));
    transcript.add('thread.run.step.delta', {
      id: searchStep,
      object: 'thread.run.step.delta',
      delta: {
        step_details: {
          type: 'tool_calls',
          tool_calls: [{ index: 0, id: `call_search_${round}`, type: 'file_search', file_search: {} }],
        },
      },
    });
    const searched = {
      type: 'tool_calls',
      tool_calls: [{ id: `call_search_${round}`, type: 'file_search', file_search: {} }],
    };
    transcript.add('thread.run.step.completed', step(searchStep, 'completed', searched));
    streamMessage(
      transcript,
      random,
      { step: `step_msg_${round}`, message: `msg_${round}` },
      ANSWER_DELTAS,
      true,
    );
  }
  const callStep = 'step_calls';
  const noCalls = { type: 'tool_calls', tool_calls: [] };
  transcript.add('thread.run.step.created', step(callStep, 'in_progress', noCalls));
  transcript.add('thread.run.step.in_progress', step(callStep, 'in_progress', noCalls));
  const calls: object[] = [];
  for (let index = 0; index < 3; index++) {
    const id = `call_fn_${index}`;
    const callDelta = (fn: object, head: object = {}) =>
      transcript.add('thread.run.step.delta', {
        id: callStep,
        object: 'thread.run.step.delta',
        delta: {
          step_details: {
            type: 'tool_calls',
            tool_calls: [{ index, ...head, type: 'function', function: fn }],
          },
        },
      });
    callDelta({ name: 'get_weather', arguments: '', output: null }, { id });
    for (const piece of ARGUMENT_PIECES) callDelta({ arguments: piece });
    calls.push({
      id,
      type: 'function',
      function: { name: 'get_weather', arguments: ARGUMENT_PIECES.join('') },
    });
  }
  transcript.add(
    'thread.run.requires_action',
    run('requires_action', {
      required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: calls } },
    }),
  );
  return { text: transcript.done(), events: transcript.events, lastText: transcript.lastText };
}

/** Splits `bytes` into chunks of `min`–`max` bytes (seeded), cutting anywhere, mid-character too. */
export function networkChunks(bytes: Uint8Array, min: number, max: number, seed = 3): Uint8Array[] {
  const random = seeded(seed);
  const chunks: Uint8Array[] = [];
  for (let from = 0; from < bytes.length; ) {
    const to = Math.min(bytes.length, from + min + Math.floor(random() * (max - min + 1)));
    chunks.push(bytes.subarray(from, to));
    from = to;
  }
  return chunks;
}

/** One chunk per frame, the way a live stream arrives when each event is flushed on its own. */
export function frameChunks(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0a) {
      chunks.push(bytes.subarray(from, i + 1));
      from = i + 1;
    }
  }
  if (from < bytes.length) chunks.push(bytes.subarray(from));
  return chunks;
}

/** The workloads of the throughput benchmark: one row each in every table. */
export function workloads(): Workload[] {
  const encoder = new TextEncoder();
  const long = longTextRun(100_000);
  const longBytes = encoder.encode(long.text);
  const tools = toolHeavyRun(24);
  const toolBytes = encoder.encode(tools.text);
  const works: Workload[] = [
    {
      name: 'long text, 1–16 KiB chunks',
      bytes: longBytes,
      chunks: networkChunks(longBytes, 1024, 16 * 1024),
      events: long.events,
      lastText: long.lastText,
    },
    {
      name: 'long text, one chunk per event',
      bytes: longBytes,
      chunks: frameChunks(longBytes),
      events: long.events,
      lastText: long.lastText,
    },
    {
      name: 'tool-heavy, 1–16 KiB chunks',
      bytes: toolBytes,
      chunks: networkChunks(toolBytes, 1024, 16 * 1024),
      events: tools.events,
      lastText: tools.lastText,
    },
  ];
  // The same long text as other servers lay it out: the accumulator must not care.
  for (const layout of ['fields missing', 'extra fields', 'reordered keys'] as const) {
    const other = longTextRun(100_000, 1, layout);
    const bytes = encoder.encode(other.text);
    works.push({
      name: `long text, ${layout}`,
      bytes,
      chunks: networkChunks(bytes, 1024, 16 * 1024),
      events: other.events,
      lastText: other.lastText,
    });
  }
  return works;
}
