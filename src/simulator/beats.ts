import type { Message, TextContent } from '../types/message.js';
import type { FunctionToolCall, RunStep, ToolCallDelta } from '../types/step.js';
import { newId, nowSeconds } from './http.js';
import type { RunContext } from './run-context.js';
import type { Beat, Citation } from './scenarios.js';
import { newMessage, newStep } from './store.js';

// The events of each kind of beat, with the changes to the stored run, steps and messages that
// go with them. Called by the engine's segment generator, one beat at a time.

/** One event as it goes on the wire: its name and its data, serialized when it happened. */
export interface Emission {
  event: string;
  data: string;
}

// Serializing at the moment of the event is what makes each frame a snapshot: later changes
// to the same object (more text, a new status) cannot leak into an event already emitted.
export const emit = (event: string, data: unknown): Emission => ({ event, data: JSON.stringify(data) });

export function* functionCalls(context: RunContext, calls: Array<{ name: string; arguments: string }>) {
  const { run } = context.record;
  const step = openStep(context, { type: 'tool_calls', tool_calls: [] });
  // The API announces a function step without a step.in_progress event.
  yield emit('thread.run.step.created', step);
  const made: FunctionToolCall[] = [];
  for (const [index, { name, arguments: args }] of calls.entries()) {
    const call: FunctionToolCall = {
      id: newId('call'),
      type: 'function',
      function: { name, arguments: '', output: null },
    };
    made.push(call);
    if (step.step_details.type === 'tool_calls') step.step_details.tool_calls.push(call);
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
  run.status = 'requires_action';
  run.required_action = {
    type: 'submit_tool_outputs',
    submit_tool_outputs: {
      tool_calls: made.map(({ id, function: { name, arguments: args } }) => ({
        id,
        type: 'function' as const,
        function: { name, arguments: args },
      })),
    },
  };
  yield emit('thread.run.requires_action', run);
}

export function* toolStep(
  context: RunContext,
  beat: Extract<Beat, { type: 'code_interpreter' | 'file_search' }>,
) {
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
    const ranking_options = { ranker: 'default_2024_08_21' as const, score_threshold: 0 };
    toolCalls.push({ id, type: 'file_search', file_search: { ranking_options, results } });
    yield stepDelta(step, { index: 0, id, type: 'file_search', file_search: {} });
  }
  completeStep(step, context);
  yield emit('thread.run.step.completed', step);
}

export function* assistantMessage(
  context: RunContext,
  tokens: Array<string | Citation>,
  incomplete: boolean,
) {
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

export function completeStep(step: RunStep, context: RunContext): void {
  const completion = context.completionTokens - (stepStart.get(step) ?? 0);
  const prompt = promptTokens(context);
  step.status = 'completed';
  step.completed_at = nowSeconds();
  step.usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

export function usageOf(context: RunContext) {
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
export function pieces(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
