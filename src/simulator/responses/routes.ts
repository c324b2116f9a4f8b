import type { Response } from '../../types/responses/response.js';
import type { Call, Handler, SimContext } from '../context.js';
import { answerWithRequestFault, creationKey } from '../faults.js';
import { badRequest, newId, notFound, nowSeconds } from '../http.js';
import { readSettings, withoutTokens } from '../settings.js';
import { page } from '../store.js';
import { cancel, drive, responseEvents } from './engine.js';
import { continuationOf, inputItemsOf, userTextOf } from './input.js';
import { changed, conversationOf, type ResponseRecord, responsesOf, type WireItem } from './record.js';
import { RESPONSE_SCENARIO_NAMES, RESPONSE_SCENARIOS, SLOW_TOKEN_DELAY_MS } from './scenarios.js';
import { streamLog } from './stream.js';
import { checkCreateBody, own } from './validate.js';

const OVER = new Set(['completed', 'incomplete', 'failed', 'cancelled']);

/** POST /responses */
export const createResponse: Handler = async (sim, call) => {
  const { body } = call;
  checkCreateBody(body);
  const previous = previousOf(sim, own(body, 'previous_response_id'));
  const items = inputItemsOf(own(body, 'input'));
  const continuation = continuationOf(previous, items);
  const ownText = userTextOf(items);
  const settings = settingsOf(sim, body, ownText, previous);
  const stream = own(body, 'stream') === true;
  const fault = sim.faults.take(settings, creationKey('responses', body), stream);
  if (answerWithRequestFault(call.req, call.res, fault, settings)) return undefined;

  const record = newRecord(body, previous, items, settings);
  if (record.response.store !== false) responsesOf(sim).set(record.response.id, record);
  const tools = (own(body, 'tools') as Array<{ type?: unknown; name?: unknown }> | undefined) ?? [];
  const functionTool = tools.find((tool) => tool?.type === 'function' && typeof tool.name === 'string');
  const plan = RESPONSE_SCENARIOS[settings.scenario].plan({
    userText: withoutTokens(ownText ?? continuation.userText),
    outputs: continuation.outputs,
    functionName: (functionTool?.name as string | undefined) ?? 'get_weather',
  });
  const include = (own(body, 'include') as string[] | undefined) ?? [];
  const queued = snapshot(record.response);
  void drive(sim, record, responseEvents(record, plan, include));
  if (stream && fault !== 'json') {
    if (fault) record.faulted += 1;
    await streamLog(sim, call.res, record, -1, fault);
    return undefined;
  }
  if (record.response.background === true || fault === 'json') return queued;
  while (!record.finished) if (!(await changed(sim, record))) return undefined;
  return snapshot(record.response);
};

/** GET /responses/{response_id}, and with `stream=true` its events after `starting_after`. */
export const retrieveResponse: Handler = async (sim, call) => {
  const record = recordOf(sim, call);
  if (call.query.get('stream') !== 'true') return snapshot(record.response);
  if (record.response.background !== true) {
    throw badRequest(
      `Response '${record.response.id}' was not created with background=true: only background responses can be streamed again.`,
      'stream',
      'invalid_value',
    );
  }
  const after = startingAfter(call.query.get('starting_after'));
  // The response's fault strikes its first `fault_times` streams (the creating one included) or
  // resume attempts, then requests go through, so a client that resumes gets to the end.
  const { settings } = record;
  const fault = settings.fault !== null && record.faulted < settings.faultTimes ? settings.fault : null;
  if (fault) record.faulted += 1;
  if (answerWithRequestFault(call.req, call.res, fault, settings)) return undefined;
  await streamLog(sim, call.res, record, after, fault === 'json' ? null : fault);
  return undefined;
};

/** POST /responses/{response_id}/cancel */
export const cancelResponse: Handler = (sim, call) => {
  const record = recordOf(sim, call);
  const { response } = record;
  if (response.background !== true) {
    throw badRequest('Only responses created with background=true can be cancelled.', null, 'invalid_value');
  }
  if (OVER.has(response.status) && response.status !== 'cancelled') {
    throw badRequest(`Cannot cancel a ${response.status} response.`);
  }
  cancel(record);
  return snapshot(response);
};

/** GET /responses/{response_id}/input_items */
export const listInputItems: Handler = (sim, call) =>
  page(recordOf(sim, call).inputItems as Array<WireItem & { id: string }>, call.query, 'desc');

/** DELETE /responses/{response_id} */
export const deleteResponse: Handler = (sim, call) => {
  const record = recordOf(sim, call);
  responsesOf(sim).delete(record.response.id);
  cancel(record);
  return { id: record.response.id, object: 'response.deleted', deleted: true };
};

function recordOf(sim: SimContext, call: Call): ResponseRecord {
  const id = call.params.response_id ?? '';
  const record = responsesOf(sim).get(id);
  if (!record) throw notFound(`Response with id '${id}' not found.`);
  return record;
}

function previousOf(sim: SimContext, id: unknown): ResponseRecord | undefined {
  if (id === undefined || id === null) return undefined;
  const previous = responsesOf(sim).get(id as string);
  if (!previous) {
    throw badRequest(
      `Previous response with id '${id}' not found.`,
      'previous_response_id',
      'previous_response_not_found',
    );
  }
  if (!OVER.has(previous.response.status)) {
    throw badRequest(
      `Previous response with id '${id}' is still ${previous.response.status}; wait until it ends.`,
      'previous_response_id',
      'invalid_value',
    );
  }
  return previous;
}

/**
 * The scenario, fault and pace from `metadata` and tokens in this request's user text. A
 * continuation that names no scenario carries on the one of the response it continues.
 */
function settingsOf(
  sim: SimContext,
  body: Record<string, unknown>,
  ownText: string | undefined,
  previous: ResponseRecord | undefined,
) {
  const metadata = Object.assign(Object.create(null), own(body, 'metadata') ?? {}) as Record<string, string>;
  if (previous && metadata.scenario === undefined && !/\[scenario:/i.test(ownText ?? '')) {
    metadata.scenario = previous.settings.scenario;
  }
  const settings = readSettings({
    runMetadata: metadata,
    assistantMetadata: undefined,
    userText: ownText ?? '',
    defaultTokenDelayMs: sim.tokenDelayMs,
    scenarios: RESPONSE_SCENARIO_NAMES,
  });
  if (settings.scenario === 'slow' && metadata.token_delay_ms === undefined) {
    settings.tokenDelayMs = Math.max(settings.tokenDelayMs, SLOW_TOKEN_DELAY_MS);
  }
  return settings;
}

function newRecord(
  body: Record<string, unknown>,
  previous: ResponseRecord | undefined,
  items: WireItem[],
  settings: ResponseRecord['settings'],
): ResponseRecord {
  const field = <T>(key: string, fallback: T): T => (own(body, key) as T | null | undefined) ?? fallback;
  const background = field('background', false);
  // Keys in the API's order, so a response reads like one from the real server.
  const response: ResponseRecord['response'] = {
    id: newId('resp'),
    object: 'response',
    created_at: nowSeconds(),
    status: background ? 'queued' : 'in_progress',
    background,
    error: null,
    incomplete_details: null,
    instructions: field('instructions', null),
    max_output_tokens: field('max_output_tokens', null),
    model: own(body, 'model') as string,
    output: [],
    parallel_tool_calls: field('parallel_tool_calls', true),
    previous_response_id: previous?.response.id ?? null,
    reasoning: field('reasoning', { effort: null, summary: null }),
    store: field('store', true),
    temperature: field('temperature', 1),
    text: field('text', { format: { type: 'text' } }),
    tool_choice: field('tool_choice', 'auto'),
    tools: field('tools', []),
    top_p: field('top_p', 1),
    truncation: field('truncation', 'disabled'),
    usage: null,
    // The API sends null here when no user was given; the types (the SDK's too) only say string.
    user: field('user', null as unknown as string),
    metadata: field('metadata', {}),
  };
  const earlier = previous ? conversationOf(previous) : [];
  return {
    response,
    inputItems: [...earlier, ...items],
    log: [],
    settings,
    cancel: new AbortController(),
    tick: new AbortController(),
    finished: false,
    faulted: 0,
    outputTokens: 0,
    reasoningTokens: 0,
  };
}

function startingAfter(value: string | null): number {
  if (value === null) return -1;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) {
    throw badRequest(
      `Invalid 'starting_after': expected a sequence number (an integer of at least 0), got '${value}'.`,
      'starting_after',
      'invalid_value',
    );
  }
  return n;
}

/** The response as it is now, detached from the live object the engine keeps changing. */
function snapshot(response: Response): Response {
  return JSON.parse(JSON.stringify(response)) as Response;
}
