import type { MessageParam } from '../types/params.js';
import type { Handler } from './context.js';
import { badRequest } from './http.js';
import {
  cancelResponse,
  createResponse,
  deleteResponse,
  listInputItems,
  retrieveResponse,
} from './responses/routes.js';
import {
  cancelRun,
  createRun,
  createThreadAndRun,
  listRuns,
  listSteps,
  param,
  retrieveRun,
  retrieveStep,
  submitToolOutputs,
} from './run-routes.js';
import { page } from './store.js';
import { validate, validators } from './validate.js';

const createAssistant: Handler = (sim, call) => {
  validate(validators.assistant, call.body);
  return sim.store.addAssistant(call.body);
};

const retrieveAssistant: Handler = (sim, call) => sim.store.assistant(param(call, 'assistant_id'));

const deleteAssistant: Handler = (sim, call) => sim.store.deleteAssistant(param(call, 'assistant_id'));

const createThread: Handler = (sim, call) => {
  validate(validators.thread, call.body);
  return sim.store.addThread(call.body).thread;
};

const retrieveThread: Handler = (sim, call) => sim.store.thread(param(call, 'thread_id')).thread;

const createMessage: Handler = (sim, call) => {
  validate(validators.message, call.body);
  const thread = sim.store.thread(param(call, 'thread_id'));
  const active = sim.store.activeRun(thread);
  if (active)
    throw badRequest(`Can't add messages to ${thread.thread.id} while a run ${active.run.id} is active.`);
  return sim.store.addUserMessage(thread, call.body as unknown as MessageParam);
};

const listMessages: Handler = (sim, call) => {
  const runId = call.query.get('run_id');
  const messages = sim.store.thread(param(call, 'thread_id')).messages;
  return page(runId ? messages.filter((m) => m.run_id === runId) : messages, call.query, 'desc');
};

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

const route = (method: string, path: string, handler: Handler): Route => ({
  method,
  segments: path.split('/').filter(Boolean),
  handler,
});

// Literal paths come before the patterns they would also match (`/threads/runs`).
const ROUTES: Route[] = [
  route('POST', '/assistants', createAssistant),
  route('GET', '/assistants/:assistant_id', retrieveAssistant),
  route('DELETE', '/assistants/:assistant_id', deleteAssistant),
  route('POST', '/threads', createThread),
  route('POST', '/threads/runs', createThreadAndRun),
  route('GET', '/threads/:thread_id', retrieveThread),
  route('POST', '/threads/:thread_id/messages', createMessage),
  route('GET', '/threads/:thread_id/messages', listMessages),
  route('POST', '/threads/:thread_id/runs', createRun),
  route('GET', '/threads/:thread_id/runs', listRuns),
  route('GET', '/threads/:thread_id/runs/:run_id', retrieveRun),
  route('POST', '/threads/:thread_id/runs/:run_id/cancel', cancelRun),
  route('GET', '/threads/:thread_id/runs/:run_id/steps', listSteps),
  route('GET', '/threads/:thread_id/runs/:run_id/steps/:step_id', retrieveStep),
  route('POST', '/threads/:thread_id/runs/:run_id/submit_tool_outputs', submitToolOutputs),
  route('POST', '/responses', createResponse),
  route('GET', '/responses/:response_id', retrieveResponse),
  route('DELETE', '/responses/:response_id', deleteResponse),
  route('POST', '/responses/:response_id/cancel', cancelResponse),
  route('GET', '/responses/:response_id/input_items', listInputItems),
];

/** Finds the route for a method and a path below the prefix, with its `:params` decoded. */
export function matchRoute(
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = candidate.segments.every((segment, i) => {
      const part = parts[i] as string;
      if (!segment.startsWith(':')) return segment === part;
      params[segment.slice(1)] = decode(part);
      return true;
    });
    if (matches) return { handler: candidate.handler, params };
  }
  return undefined;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
