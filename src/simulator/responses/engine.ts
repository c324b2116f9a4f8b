import type { SimContext } from '../context.js';
import { beatEvents, type ResponseEvent } from './items.js';
import { append, finish, type ResponseRecord } from './record.js';
import type { ResponseBeat } from './scenarios.js';

type Events = Generator<ResponseEvent, void, void>;

/**
 * The events of a whole response, changing the stored response as they go: created (queued
 * first for a background response), in_progress, the output items of the plan, then the
 * terminal event with `usage`. Pulled lazily, so the stored state is what the last event said.
 */
export function* responseEvents(
  record: ResponseRecord,
  plan: ResponseBeat[],
  include: readonly string[],
): Events {
  const { response } = record;
  yield ['response.created', { response }];
  if (response.background === true) {
    yield ['response.queued', { response }];
    response.status = 'in_progress';
  }
  yield ['response.in_progress', { response }];
  for (const beat of plan) {
    if (beat.type === 'fail') return yield* failEvents(record, beat.error);
    yield* beatEvents(record, beat, include);
  }
  response.usage = usageOf(record);
  if (plan.some((beat) => beat.type === 'message' && beat.incomplete)) {
    response.status = 'incomplete';
    response.incomplete_details = { reason: 'max_output_tokens' };
    yield ['response.incomplete', { response }];
  } else {
    response.status = 'completed';
    yield ['response.completed', { response }];
  }
}

function* failEvents(record: ResponseRecord, error: { code: string; message: string }): Events {
  const { response } = record;
  response.status = 'failed';
  response.error = { code: error.code, message: error.message };
  response.usage = usageOf(record);
  yield ['response.failed', { response }];
}

/**
 * Pulls a response's events one by one, `tokenDelayMs` apart, into its log, whether or not
 * anyone reads it. A cancel (which also cuts the pause short) stops it at once; a server failure
 * (the `error_event` fault) ends the response with `response.failed`. Stops when the events end
 * or the simulator closes.
 */
export async function drive(sim: SimContext, record: ResponseRecord, events: Events): Promise<void> {
  let current = events;
  let failing = false;
  const { signal } = record.cancel;
  for (let first = true; ; first = false) {
    if (!first && !(await sim.clock.sleep(failing ? 0 : record.settings.tokenDelayMs, signal))) return;
    if (signal.aborted) return;
    if (record.failure && !failing) {
      failing = true;
      current = failEvents(record, record.failure);
    }
    const next = current.next();
    if (next.done) {
      finish(record);
      return;
    }
    const [type, fields] = next.value;
    append(record, type, fields);
  }
}

/** Cancels a response at once: its status is `cancelled` and its log ends where it is. */
export function cancel(record: ResponseRecord): void {
  if (record.finished) return;
  record.response.status = 'cancelled';
  record.response.usage = usageOf(record);
  record.cancel.abort();
  finish(record);
}

function usageOf(record: ResponseRecord) {
  const input = inputTokens(record);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: record.outputTokens,
    output_tokens_details: { reasoning_tokens: record.reasoningTokens },
    total_tokens: input + record.outputTokens,
  };
}

/** A stand-in for tokenization: the words of the instructions and of every input item's text. */
function inputTokens(record: ResponseRecord): number {
  const { instructions } = record.response;
  const count = (text: string) => text.split(/\s+/).filter(Boolean).length;
  let words = typeof instructions === 'string' ? count(instructions) : 0;
  for (const item of record.inputItems) words += count(JSON.stringify(item.content ?? item.output ?? ''));
  return words + 10;
}
