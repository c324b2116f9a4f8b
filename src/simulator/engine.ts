import {
  assistantMessage,
  completeStep,
  type Emission,
  emit,
  functionCalls,
  toolStep,
  usageOf,
} from './beats.js';
import { nowSeconds } from './http.js';
import type { RunContext, RunFailure } from './run-context.js';
import { SCENARIOS, type ScenarioContext } from './scenarios.js';

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
  run.status = 'in_progress';
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
    run.status = 'incomplete';
    run.expires_at = null;
    run.incomplete_details = { reason: 'max_completion_tokens' };
    yield emit('thread.run.incomplete', run);
  } else {
    run.status = 'completed';
    run.expires_at = null;
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
  if (record.run.status !== 'cancelling') record.run.status = 'cancelling';
  yield emit('thread.run.cancelling', record.run);
  record.run.status = 'cancelled';
  record.run.expires_at = null;
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
  record.run.status = 'queued';
}

function* failRun(context: RunContext, error: RunFailure): Generator<Emission, void, void> {
  const { run } = context.record;
  run.status = 'failed';
  // A run that has ended no longer expires (the API clears it at every terminal status).
  run.expires_at = null;
  run.failed_at = nowSeconds();
  run.last_error = { code: error.code, message: error.message };
  run.required_action = null;
  yield emit('thread.run.failed', run);
}
