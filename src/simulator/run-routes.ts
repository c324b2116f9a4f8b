import type { MessageParam } from '../types/params.js';
import type { Call, Handler, SimContext } from './context.js';
import { acceptToolOutputs } from './engine.js';
import { answerWithRequestFault, creationKey } from './faults.js';
import { badRequest, HttpError, notFound } from './http.js';
import type { RunContext } from './run-context.js';
import { answerRun, drive } from './run-driver.js';
import { readSettings, withoutTokens } from './settings.js';
import { page, type RunRecord, type ThreadRecord, textOf } from './store.js';
import { validate, validators } from './validate.js';

const SEARCH_CONTENT = 'step_details.tool_calls[*].file_search.results[*].content';
const FINAL_STATUSES = new Set(['completed', 'failed', 'cancelled', 'expired', 'incomplete']);

/** POST /threads/{thread_id}/runs */
export const createRun: Handler = (sim, call) => {
  validate(validators.run, call.body);
  const thread = sim.store.thread(param(call, 'thread_id'));
  const additional = (call.body.additional_messages as MessageParam[] | undefined) ?? [];
  const lastInThread = thread.messages.findLast((m) => m.role === 'user');
  const userText = lastUserText(additional) ?? (lastInThread ? textOf(lastInThread) : '');
  return beginRun(sim, call, userText, thread, () => {
    for (const message of additional) sim.store.addUserMessage(thread, message);
    return thread;
  });
};

/** POST /threads/runs */
export const createThreadAndRun: Handler = (sim, call) => {
  validate(validators.threadAndRun, call.body);
  const threadBody = (call.body.thread as Parameters<typeof sim.store.addThread>[0] | undefined) ?? {};
  return beginRun(sim, call, lastUserText(threadBody.messages ?? []) ?? '', null, () =>
    sim.store.addThread({
      ...threadBody,
      tool_resources: threadBody.tool_resources ?? call.body.tool_resources,
    }),
  );
};

/**
 * The common part of both ways to start a run. Checks, settings and faults come before
 * `prepare` changes the store (adds the messages or the new thread), so a request refused by a
 * fault leaves nothing behind for its retry to duplicate.
 */
function beginRun(
  sim: SimContext,
  call: Call,
  rawUserText: string,
  existing: ThreadRecord | null,
  prepare: () => ThreadRecord,
): undefined {
  const { body } = call;
  const assistant = sim.store.assistant(body.assistant_id as string);
  const active = existing && sim.store.activeRun(existing);
  if (active) throw badRequest(`Thread ${existing.thread.id} already has an active run ${active.run.id}.`);
  const includes = [...call.query.getAll('include[]'), ...call.query.getAll('include')];
  for (const item of includes) {
    if (item !== SEARCH_CONTENT)
      throw badRequest(`Invalid value for 'include': '${item}'.`, 'include', 'invalid_value');
  }
  const settings = readSettings({
    runMetadata: body.metadata as Record<string, string> | undefined,
    assistantMetadata: assistant.metadata,
    userText: rawUserText,
    defaultTokenDelayMs: sim.tokenDelayMs,
  });
  const stream = body.stream === true;
  const fault = sim.faults.take(settings, creationKey(existing?.thread.id ?? null, body), stream);
  if (answerWithRequestFault(call.req, call.res, fault, settings)) return undefined;

  const thread = prepare();
  const record = sim.store.addRun(thread, assistant, body);
  const context: RunContext = {
    thread,
    record,
    settings,
    userText: withoutTokens(rawUserText),
    outputs: [],
    includeSearchContent: includes.length > 0,
    completionTokens: 0,
    driving: false,
  };
  sim.runs.set(record.run.id, context);
  const created = existing ? {} : { thread: thread.thread };
  answerRun(sim, call, context, { stream, start: 'new', fault, ...created });
  return undefined;
}

/** POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs */
export const submitToolOutputs: Handler = (sim, call) => {
  validate(validators.toolOutputs, call.body);
  const context = runContext(sim, call);
  const { run } = context.record;
  if (run.status !== 'requires_action') {
    throw badRequest(`Runs in status "${run.status}" do not accept tool outputs.`);
  }
  const outputs = new Map<string, string>();
  for (const item of call.body.tool_outputs as Array<{ tool_call_id: string; output?: string }>) {
    outputs.set(item.tool_call_id, item.output ?? '');
  }
  const expected = run.required_action?.submit_tool_outputs.tool_calls.map((c) => c.id) ?? [];
  const sameIds = expected.length === outputs.size && expected.every((id) => outputs.has(id));
  if (!sameIds) {
    const list = (ids: string[]) => `[${ids.map((id) => `'${id}'`).join(', ')}]`;
    throw badRequest(
      `Expected tool outputs for call_ids ${list(expected)}, got ${list([...outputs.keys()])}`,
      'tool_outputs',
    );
  }
  const stream = call.body.stream === true;
  // A run waits on one submission at a time: its id names that request's attempts.
  const fault = sim.faults.take(context.settings, `submit:${run.id}`, stream);
  if (answerWithRequestFault(call.req, call.res, fault, context.settings)) return undefined;
  acceptToolOutputs(context, outputs);
  answerRun(sim, call, context, { stream, start: 'resumed', fault });
  return undefined;
};

/** GET /threads/{thread_id}/runs/{run_id} */
export const retrieveRun: Handler = (sim, call) => runRecord(sim, call).run;

/** GET /threads/{thread_id}/runs */
export const listRuns: Handler = (sim, call) =>
  page(
    sim.store.thread(param(call, 'thread_id')).runs.map((r) => r.run),
    call.query,
    'desc',
  );

/** POST /threads/{thread_id}/runs/{run_id}/cancel */
export const cancelRun: Handler = (sim, call) => {
  const context = runContext(sim, call);
  const { run } = context.record;
  if (FINAL_STATUSES.has(run.status)) throw badRequest(`Cannot cancel run with status '${run.status}'.`);
  if (run.status !== 'cancelling') {
    run.status = 'cancelling';
    context.record.cancel.abort();
    // A run waiting on tool outputs has no events being pulled: start the ones that end it.
    if (!context.driving) void drive(sim, context, null);
  }
  return run;
};

/** GET /threads/{thread_id}/runs/{run_id}/steps */
export const listSteps: Handler = (sim, call) => page(runRecord(sim, call).steps, call.query, 'desc');

/** GET /threads/{thread_id}/runs/{run_id}/steps/{step_id} */
export const retrieveStep: Handler = (sim, call) => {
  const id = param(call, 'step_id');
  const step = runRecord(sim, call).steps.find((s) => s.id === id);
  if (!step) throw notFound(`No run step found with id '${id}'.`);
  return step;
};

function runRecord(sim: SimContext, call: Call): RunRecord {
  return sim.store.run(param(call, 'thread_id'), param(call, 'run_id'));
}

function runContext(sim: SimContext, call: Call): RunContext {
  const context = sim.runs.get(runRecord(sim, call).run.id);
  if (!context) throw new HttpError(500, 'The simulator lost track of this run.');
  return context;
}

export function param(call: Call, name: string): string {
  return call.params[name] ?? '';
}

/** The text of the last user message among message params, or undefined when none is a user's. */
function lastUserText(messages: MessageParam[]): string | undefined {
  const last = messages.findLast((m) => m.role === 'user');
  if (!last) return undefined;
  if (typeof last.content === 'string') return last.content;
  return last.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}
