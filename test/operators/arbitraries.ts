import fc from 'fast-check';
import type { RunStreamEvent } from '../../src/types/events.js';
import type { Annotation, Message } from '../../src/types/message.js';
import type { Run } from '../../src/types/run.js';
import type { RunStep, ToolCall } from '../../src/types/step.js';

// Generated run transcripts, each with what a correct accumulation must end with, worked out
// here from the plan (not by replaying the events), so the accumulator is checked against an
// independent account of the same run.

/** A generated transcript and what its final snapshot must hold. */
export interface Transcript {
  events: RunStreamEvent[];
  expected: { run: Run; steps: RunStep[]; messages: Message[] };
  /** Every text fragment, in the order the deltas carry them. */
  fragments: string[];
}

type End = 'none' | 'completed' | 'other';
interface Fragment {
  value: string;
  cite: boolean;
}
interface MessagePlan {
  kind: 'message';
  parts: Fragment[][];
  end: End;
  inProgressAt: number;
}
type CallPlan =
  | { type: 'function'; name: string; args: string[] }
  | { type: 'code_interpreter'; input: string[]; logs: string[] };
interface StepPlan {
  kind: 'step';
  calls: CallPlan[];
  end: End;
  inProgressAt: number;
}
type Plan = MessagePlan | StepPlan;

/** Options of {@link transcripts}. */
export interface TranscriptOptions {
  /**
   * Only what the official SDK can follow: one message at a time, and `step.in_progress` right
   * after `step.created` (the SDK replaces a step with that event's object).
   */
  sdkCompatible?: boolean;
}

const ASTRAL = ['🇫🇷', '😀', '𝄞', '👩‍💻', 'é', '中文', '\u2028', '"', '\\', '\n', '\r\n'];
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom(...ASTRAL),
);
// About one fragment in four is a citation, as `【4:0†source】` markers are in file-search answers.
const fragment = fc.record({ value: text, cite: fc.nat({ max: 3 }).map((n) => n === 0) });
const fragments = fc.array(fragment, { minLength: 1, maxLength: 6 });
const end = fc.constantFrom<End>('none', 'completed', 'completed', 'other');
const position = fc.nat({ max: 20 });
const message = fc.record({
  kind: fc.constant('message' as const),
  parts: fc.array(fragments, { minLength: 1, maxLength: 2 }),
  end,
  inProgressAt: position,
});
const call = fc.oneof(
  fc.record({
    type: fc.constant('function' as const),
    name: fc.constantFrom('get_weather', 'lookup'),
    args: fc.array(text, { maxLength: 5 }),
  }),
  fc.record({
    type: fc.constant('code_interpreter' as const),
    input: fc.array(text, { maxLength: 4 }),
    logs: fc.array(text, { maxLength: 3 }),
  }),
);
const step = fc.record({
  kind: fc.constant('step' as const),
  calls: fc.array(call, { minLength: 1, maxLength: 2 }),
  end,
  inProgressAt: position,
});

/** Transcripts of one run with up to three messages and two tool steps, interleaved unless `sdkCompatible`. */
export function transcripts(options: TranscriptOptions = {}): fc.Arbitrary<Transcript> {
  return fc
    .record({
      plans: fc.array(fc.oneof(message, step), { maxLength: 4 }),
      schedule: fc.array(fc.nat(), { maxLength: 200 }),
      runEnd: fc.constantFrom('completed', 'incomplete', 'failed', 'requires_action' as const),
    })
    .map(({ plans, schedule, runEnd }) => build(plans, schedule, runEnd, options.sdkCompatible ?? false));
}

function build(plans: Plan[], schedule: number[], runEnd: Run['status'], sdk: boolean): Transcript {
  const lanes = plans.map((plan, n) =>
    plan.kind === 'message' ? messageLane(plan, n, sdk) : stepLane(plan, n, sdk),
  );
  const events: RunStreamEvent[] = [
    { event: 'thread.run.created', data: run('queued') },
    { event: 'thread.run.queued', data: run('queued') },
    { event: 'thread.run.in_progress', data: run('in_progress') },
  ];
  // Message lanes interleave freely unless the SDK must follow; step lanes always may.
  const queues = lanes.map((lane) => [...lane.events]);
  const open = () => queues.flatMap((queue, n) => (queue.length > 0 ? [n] : []));
  const fragmentsInOrder: string[] = [];
  const created: Lane[] = [];
  for (let turn = 0; open().length > 0; turn++) {
    let candidates = open();
    if (sdk) {
      const messageOpen = candidates.filter((n) => plans[n]?.kind === 'message');
      const first = messageOpen[0];
      candidates = candidates.filter((n) => plans[n]?.kind === 'step' || n === first);
    }
    const pick = candidates[(schedule[turn] ?? 0) % candidates.length] as number;
    const queue = queues[pick] as RunStreamEvent[];
    // Arrays keep creation order: a lane joins them with its first (created) event.
    if (queue.length === (lanes[pick] as Lane).events.length) created.push(lanes[pick] as Lane);
    const next = queue.shift() as RunStreamEvent;
    if (next.event === 'thread.message.delta') {
      for (const part of next.data.delta.content ?? [])
        if (part.type === 'text') fragmentsInOrder.push(part.text?.value ?? '');
    }
    events.push(next);
  }
  const finalRun = run(runEnd);
  events.push({ event: `thread.run.${runEnd}`, data: finalRun } as RunStreamEvent);
  return {
    events,
    fragments: fragmentsInOrder,
    expected: {
      run: finalRun,
      steps: created.flatMap((lane) => (lane.step ? [lane.step] : [])),
      messages: created.flatMap((lane) => (lane.message ? [lane.message] : [])),
    },
  };
}

interface Lane {
  events: RunStreamEvent[];
  message?: Message;
  step?: RunStep;
}

function messageLane(plan: MessagePlan, n: number, sdk: boolean): Lane {
  const id = `msg_${n}`;
  const created = messageObject(id, 'in_progress', []);
  const deltas: RunStreamEvent[] = [];
  const accumulated = plan.parts.map((part, index) => {
    let value = '';
    const annotations: Array<Annotation & { index: number }> = [];
    for (const piece of part) {
      const start = value.length;
      value += piece.value;
      const cited = piece.cite ? [citation(annotations.length, piece.value, start)] : [];
      annotations.push(...cited);
      deltas.push({
        event: 'thread.message.delta',
        data: {
          id,
          object: 'thread.message.delta',
          delta: { content: [{ index, type: 'text', text: { value: piece.value, annotations: cited } }] },
        },
      });
    }
    return { index, type: 'text' as const, text: { value, annotations } };
  });
  const final = plan.end === 'completed' ? 'completed' : 'incomplete';
  const server = messageObject(
    id,
    final,
    accumulated.map(({ type, text }) => ({
      type,
      text: { ...text, annotations: text.annotations.map(({ index: _, ...a }) => a) },
    })),
  );
  const events: RunStreamEvent[] = [{ event: 'thread.message.created', data: created }, ...deltas];
  const inProgressAt = sdk ? 1 : 1 + (plan.inProgressAt % (deltas.length + 1));
  events.splice(inProgressAt, 0, { event: 'thread.message.in_progress', data: created });
  if (plan.end !== 'none') events.push({ event: `thread.message.${final}`, data: server } as RunStreamEvent);
  return { events, message: plan.end === 'none' ? { ...created, content: accumulated } : server };
}

function stepLane(plan: StepPlan, n: number, sdk: boolean): Lane {
  const id = `step_${n}`;
  const created = stepObject(id, 'in_progress', []);
  const deltas: RunStreamEvent[] = [];
  const delta = (entry: Record<string, unknown>): void => {
    deltas.push({
      event: 'thread.run.step.delta',
      data: {
        id,
        object: 'thread.run.step.delta',
        delta: { step_details: { type: 'tool_calls', tool_calls: [entry as never] } },
      },
    });
  };
  const calls = plan.calls.map((call, index): ToolCall & { index: number } => {
    const callId = `call_${n}_${index}`;
    if (call.type === 'function') {
      delta({
        index,
        id: callId,
        type: 'function',
        function: { name: call.name, arguments: '', output: null },
      });
      for (const piece of call.args) delta({ index, type: 'function', function: { arguments: piece } });
      return {
        index,
        id: callId,
        type: 'function',
        function: { name: call.name, arguments: call.args.join(''), output: null },
      };
    }
    delta({ index, id: callId, type: 'code_interpreter', code_interpreter: { input: '', outputs: [] } });
    for (const piece of call.input)
      delta({ index, type: 'code_interpreter', code_interpreter: { input: piece } });
    for (const piece of call.logs) {
      delta({
        index,
        type: 'code_interpreter',
        code_interpreter: { outputs: [{ index: 0, type: 'logs', logs: piece }] },
      });
    }
    const outputs =
      call.logs.length > 0 ? [{ index: 0, type: 'logs' as const, logs: call.logs.join('') }] : [];
    return {
      index,
      id: callId,
      type: 'code_interpreter',
      code_interpreter: { input: call.input.join(''), outputs },
    };
  });
  const final = plan.end === 'completed' ? 'completed' : 'failed';
  const server = stepObject(
    id,
    final,
    calls.map(({ index: _, ...rest }) => withoutOutputIndex(rest)),
  );
  const events: RunStreamEvent[] = [{ event: 'thread.run.step.created', data: created }, ...deltas];
  const inProgressAt = sdk ? 1 : 1 + (plan.inProgressAt % (deltas.length + 1));
  events.splice(inProgressAt, 0, { event: 'thread.run.step.in_progress', data: created });
  if (plan.end !== 'none') events.push({ event: `thread.run.step.${final}`, data: server } as RunStreamEvent);
  const accumulated = { ...created, step_details: { type: 'tool_calls' as const, tool_calls: calls } };
  return { events, step: plan.end === 'none' ? accumulated : server };
}

function withoutOutputIndex(call: ToolCall): ToolCall {
  if (call.type !== 'code_interpreter') return call;
  const outputs = call.code_interpreter.outputs.map(({ index: _, ...output }) => output);
  return { ...call, code_interpreter: { ...call.code_interpreter, outputs } };
}

function citation(index: number, quote: string, start: number): Annotation & { index: number } {
  return {
    index,
    type: 'file_citation',
    text: quote,
    start_index: start,
    end_index: start + quote.length,
    file_citation: { file_id: `file_${index}` },
  };
}

const T0 = 1_712_000_000;

function run(status: Run['status']): Run {
  return {
    id: 'run_gen',
    object: 'thread.run',
    created_at: T0,
    assistant_id: 'asst_gen',
    thread_id: 'thread_gen',
    status,
    started_at: T0 + 1,
    expires_at: T0 + 600,
    cancelled_at: null,
    failed_at: status === 'failed' ? T0 + 9 : null,
    completed_at: status === 'completed' ? T0 + 9 : null,
    required_action: null,
    last_error: null,
    model: 'gpt-4o',
    instructions: '',
    tools: [],
    metadata: {},
    incomplete_details: null,
    usage: null,
    max_prompt_tokens: null,
    max_completion_tokens: null,
    truncation_strategy: { type: 'auto', last_messages: null },
    tool_choice: 'auto',
    response_format: 'auto',
    parallel_tool_calls: true,
  };
}

function messageObject(id: string, status: Message['status'], content: Message['content']): Message {
  // Key for key in the API's order, as the accumulator's fast path expects (any other order
  // takes its generic path).
  return {
    id,
    object: 'thread.message',
    created_at: T0 + 2,
    assistant_id: 'asst_gen',
    thread_id: 'thread_gen',
    run_id: 'run_gen',
    status,
    incomplete_details: status === 'incomplete' ? { reason: 'max_tokens' } : null,
    incomplete_at: status === 'incomplete' ? T0 + 8 : null,
    completed_at: status === 'completed' ? T0 + 8 : null,
    role: 'assistant',
    content,
    attachments: [],
    metadata: {},
  };
}

function stepObject(id: string, status: RunStep['status'], calls: ToolCall[]): RunStep {
  return {
    id,
    object: 'thread.run.step',
    created_at: T0 + 2,
    run_id: 'run_gen',
    assistant_id: 'asst_gen',
    thread_id: 'thread_gen',
    type: 'tool_calls',
    status,
    cancelled_at: null,
    completed_at: status === 'completed' ? T0 + 8 : null,
    expired_at: null,
    failed_at: status === 'failed' ? T0 + 8 : null,
    last_error: null,
    step_details: { type: 'tool_calls', tool_calls: calls },
    usage: null,
  };
}
