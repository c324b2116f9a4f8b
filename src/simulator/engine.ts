import type { Message, TextContent } from '../types/message.js';
import type { RunStep, ToolCall, ToolCallDelta } from '../types/step.js';
import { newId, nowSeconds } from './http.js';
import { type Beat, type Citation, SCENARIOS, type ScenarioContext } from './scenarios.js';
import type { RunSettings } from './settings.js';
import { newMessage, newStep, type RunRecord, type ThreadRecord } from './store.js';

/** One event as it goes on the wire: its name and its data, serialized when it happened. */
export interface Emission {
  event: string;
  data: string;
}

/** A run being carried on: its thread, its record, and how it was asked to behave. */
export interface RunContext {
  thread: ThreadRecord;
  record: RunRecord;
  settings: RunSettings;
  /** The last user message without simulator tokens. */
  userText: string;
  /** Every tool output submitted so far, oldest first. */
  outputs: string[];
  /** Whether `include[]` asked for the content of file search results. */
  includeSearchContent: boolean;
  /** Deltas streamed so far: the run's completion tokens. */
  completionTokens: number;
  /** A server failure to end the run with, set by the `error_event` fault. */
  failure?: RunFailure;
  /** Whether events are being pulled right now (else the run waits, or is over). */
  driving: boolean;
}

/** Why a run failed: its `last_error`. */
export interface RunFailure {
  code: string;
  message: string;
}

// Serializing at the moment of the event is what makes each frame a snapshot: later changes
// to the same object (more text, a new status) cannot leak into an event already emitted.
const emit = (event: string, data: unknown): Emission => ({ event, data: JSON.stringify(data) });

/**
 * The events of one segment of a run, changing the stored run, steps and messages as they go:
 * a new run starts with created/queued/in_progress, a resumed one with the completed tool step.
 * Pulled lazily, so the stored state is what the last emitted event said.
 */
export function* segmentEvents(
  context: RunContext,
  start: 'new' | 'resumed',
): Generator<Emission, void, void> {
  const { run } = context.record;
  if (start === 'new') {
    yield emit('thread.run.created', run);
  } else {
    const step = context.record.steps.findLast((s) => s.type === 'tool_calls' && s.status === 'completed');
    if (step) yield emit('thread.run.step.completed', step);
  }
  yield emit('thread.run.queued', run);
  context.record.run.status = 'in_progress';
  run.started_at ??= nowSeconds();
  yield emit('thread.run.in_progress', run);

  const scenario: ScenarioContext = {
    userText: context.userText,
    round: context.record.round,
    outputs: context.outputs,
  };
  let ending: 'completed' | 'incomplete' = 'completed';
  for (const beat of SCENARIOS[context.settings.scenario].plan(scenario)) {
    if (beat.type === 'fail') {
      yield* failRun(context, beat.error);
      return;
    }
    if (beat.type === 'function_calls') {
      yield* functionCalls(context, beat.calls);
      return;
    }
    if (beat.type === 'message') {
      yield* assistantMessage(context, beat.tokens, beat.incomplete === true);
      if (beat.incomplete) ending = 'incomplete';
    } else yield* toolStep(context, beat);
  }
  run.usage = usageOf(context);
  if (ending === 'incomplete') {
    context.record.run.status = 'incomplete';
    run.incomplete_details = { reason: 'max_completion_tokens' };
    yield emit('thread.run.incomplete', run);
  } else {
    context.record.run.status = 'completed';
    run.completed_at = nowSeconds();
    yield emit('thread.run.completed', run);
  }
}

/** The events of a run that stops early: cancelled on request, or failed by a server fault. */
export function* interruptEvents(context: RunContext): Generator<Emission, void, void> {
  const { record } = context;
  const failure = context.failure;
  const stepStatus = failure ? 'failed' : 'cancelled';
  for (const step of record.steps) {
    if (step.status !== 'in_progress') continue;
    step.status = stepStatus;
    if (failure) step.failed_at = nowSeconds();
    else step.cancelled_at = nowSeconds();
    yield emit(`thread.run.step.${stepStatus}`, step);
  }
  for (const message of context.thread.messages) {
    if (message.run_id !== record.run.id || message.status !== 'in_progress') continue;
    message.status = 'incomplete';
    message.incomplete_at = nowSeconds();
    message.incomplete_details = { reason: failure ? 'run_failed' : 'run_cancelled' };
    yield emit('thread.message.incomplete', message);
  }
  if (failure) {
    yield* failRun(context, failure);
    return;
  }
  if (record.run.status !== 'cancelling') context.record.run.status = 'cancelling';
  yield emit('thread.run.cancelling', record.run);
  context.record.run.status = 'cancelled';
  record.run.cancelled_at = nowSeconds();
  record.run.required_action = null;
  yield emit('thread.run.cancelled', record.run);
}

/** Records the outputs of a run in `requires_action` and queues it again (before any event). */
export function acceptToolOutputs(context: RunContext, outputs: Map<string, string>): void {
  const { record } = context;
  const step = record.steps.findLast((s) => s.type === 'tool_calls' && s.status === 'in_progress');
  if (step && step.step_details.type === 'tool_calls') {
    for (const call of step.step_details.tool_calls) {
      if (call.type === 'function') call.function.output = outputs.get(call.id) ?? null;
    }
    completeStep(step, context);
  }
  for (const call of record.run.required_action?.submit_tool_outputs.tool_calls ?? []) {
    context.outputs.push(outputs.get(call.id) ?? '');
  }
  record.run.required_action = null;
  record.round += 1;
  context.record.run.status = 'queued';
}

function* failRun(context: RunContext, error: RunFailure): Generator<Emission, void, void> {
  const { run } = context.record;
  run.status = 'failed';
  run.failed_at = nowSeconds();
  run.last_error = { code: error.code, message: error.message };
  run.required_action = null;
  yield emit('thread.run.failed', run);
}

function* functionCalls(context: RunContext, calls: Array<{ name: string; arguments: string }>) {
  const { run } = context.record;
  const step = openStep(context, { type: 'tool_calls', tool_calls: [] });
  // The API announces a function step without a step.in_progress event.
  yield emit('thread.run.step.created', step);
  const toolCalls = step.step_details.type === 'tool_calls' ? step.step_details.tool_calls : [];
  for (const [index, { name, arguments: args }] of calls.entries()) {
    const call: ToolCall = {
      id: newId('call'),
      type: 'function',
      function: { name, arguments: '', output: null },
    };
    toolCalls.push(call);
    yield stepDelta(step, {
      index,
      id: call.id,
      type: 'function',
      function: { name, arguments: '', output: null },
    });
    for (const piece of pieces(args, 7)) {
      call.function.arguments += piece;
      context.completionTokens += 1;
      yield stepDelta(step, { index, type: 'function', function: { arguments: piece } });
    }
  }
  context.record.run.status = 'requires_action';
  run.required_action = {
    type: 'submit_tool_outputs',
    submit_tool_outputs: {
      tool_calls: toolCalls.map((call) => ({
        id: call.id,
        type: 'function',
        function:
          call.type === 'function'
            ? { name: call.function.name, arguments: call.function.arguments }
            : { name: '', arguments: '' },
      })),
    },
  };
  yield emit('thread.run.requires_action', run);
}

function* toolStep(context: RunContext, beat: Extract<Beat, { type: 'code_interpreter' | 'file_search' }>) {
  const step = openStep(context, { type: 'tool_calls', tool_calls: [] });
  yield emit('thread.run.step.created', step);
  yield emit('thread.run.step.in_progress', step);
  const toolCalls = step.step_details.type === 'tool_calls' ? step.step_details.tool_calls : [];
  const id = newId('call');
  if (beat.type === 'code_interpreter') {
    const call = {
      id,
      type: 'code_interpreter' as const,
      code_interpreter: { input: '', outputs: [] as Array<{ type: 'logs'; logs: string }> },
    };
    toolCalls.push(call);
    yield stepDelta(step, {
      index: 0,
      id,
      type: 'code_interpreter',
      code_interpreter: { input: '', outputs: [] },
    });
    for (const piece of pieces(beat.input, 6)) {
      call.code_interpreter.input += piece;
      context.completionTokens += 1;
      yield stepDelta(step, { index: 0, type: 'code_interpreter', code_interpreter: { input: piece } });
    }
    call.code_interpreter.outputs.push({ type: 'logs', logs: beat.logs });
    yield stepDelta(step, {
      index: 0,
      type: 'code_interpreter',
      code_interpreter: { outputs: [{ index: 0, type: 'logs', logs: beat.logs }] },
    });
  } else {
    const results = beat.results.map(({ content, ...result }) =>
      context.includeSearchContent ? { ...result, content } : result,
    );
    const ranking_options = { ranker: 'default_2024_08_21', score_threshold: 0 };
    toolCalls.push({ id, type: 'file_search', file_search: { ranking_options, results } });
    yield stepDelta(step, { index: 0, id, type: 'file_search', file_search: {} });
  }
  completeStep(step, context);
  yield emit('thread.run.step.completed', step);
}

function* assistantMessage(context: RunContext, tokens: Array<string | Citation>, incomplete: boolean) {
  const { run } = context.record;
  const message = newMessage(run.thread_id, 'assistant', run, run.assistant_id, 'in_progress');
  context.thread.messages.push(message);
  const step = openStep(context, { type: 'message_creation', message_creation: { message_id: message.id } });
  yield emit('thread.run.step.created', step);
  yield emit('thread.run.step.in_progress', step);
  yield emit('thread.message.created', message);
  yield emit('thread.message.in_progress', message);
  const content: TextContent = { type: 'text', text: { value: '', annotations: [] } };
  message.content = [content];
  for (const token of tokens) {
    context.completionTokens += 1;
    yield messageDelta(message, appendToken(content, token));
  }
  settleMessage(message, incomplete);
  yield emit(incomplete ? 'thread.message.incomplete' : 'thread.message.completed', message);
  completeStep(step, context);
  yield emit('thread.run.step.completed', step);
}

/** Adds a token to the text and returns the delta that says so. */
function appendToken(content: TextContent, token: string | Citation) {
  const text = content.text;
  if (typeof token === 'string') {
    text.value += token;
    return { index: 0, type: 'text' as const, text: { value: token } };
  }
  const annotation = {
    type: 'file_citation' as const,
    text: token.cite,
    start_index: text.value.length,
    end_index: text.value.length + token.cite.length,
    file_citation: { file_id: token.fileId },
  };
  const index = text.annotations.length;
  text.value += token.cite;
  text.annotations.push(annotation);
  return {
    index: 0,
    type: 'text' as const,
    text: { value: token.cite, annotations: [{ index, ...annotation }] },
  };
}

function settleMessage(message: Message, incomplete: boolean): void {
  if (incomplete) {
    message.status = 'incomplete';
    message.incomplete_at = nowSeconds();
    message.incomplete_details = { reason: 'max_tokens' };
  } else {
    message.status = 'completed';
    message.completed_at = nowSeconds();
  }
}

function openStep(context: RunContext, details: RunStep['step_details']): RunStep {
  const step = newStep(context.record.run, details);
  context.record.steps.push(step);
  stepStart.set(step, context.completionTokens);
  return step;
}

// Token counts at each step's start, kept aside so they never reach the wire.
const stepStart = new WeakMap<RunStep, number>();

function completeStep(step: RunStep, context: RunContext): void {
  const completion = context.completionTokens - (stepStart.get(step) ?? 0);
  const prompt = promptTokens(context);
  step.status = 'completed';
  step.completed_at = nowSeconds();
  step.usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function usageOf(context: RunContext) {
  const prompt = promptTokens(context);
  return {
    prompt_tokens: prompt,
    completion_tokens: context.completionTokens,
    total_tokens: prompt + context.completionTokens,
  };
}

/** A stand-in for tokenization: words of the instructions and the thread's messages. */
function promptTokens(context: RunContext): number {
  let words = context.record.run.instructions.split(/\s+/).filter(Boolean).length;
  for (const message of context.thread.messages) {
    if (message.run_id === context.record.run.id) continue;
    for (const part of message.content)
      if (part.type === 'text') words += part.text.value.split(/\s+/).filter(Boolean).length;
  }
  return words + 10;
}

function stepDelta(step: RunStep, call: ToolCallDelta): Emission {
  return emit('thread.run.step.delta', {
    id: step.id,
    object: 'thread.run.step.delta',
    delta: { step_details: { type: 'tool_calls', tool_calls: [call] } },
  });
}

function messageDelta(message: Message, content: unknown): Emission {
  return emit('thread.message.delta', {
    id: message.id,
    object: 'thread.message.delta',
    delta: { content: [content] },
  });
}

/** Cuts text into pieces of about `size` code points, never inside a character. */
function pieces(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
