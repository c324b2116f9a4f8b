import { NotFoundError } from '../errors.js';
import type { Run } from '../types/run.js';
import type { Outcome } from './format/index.js';

/**
 * The one line the command prints to stderr when it does not exit 0, or `undefined` when the
 * run completed. `instead` tells a user whose server has no Assistants API what else to try.
 */
export function reasonFor(outcome: Outcome, baseURL?: string, instead = ''): string | undefined {
  if (outcome.error !== undefined) return describeError(outcome.error, baseURL, instead);
  const run = outcome.run;
  if (run?.status === 'completed') return undefined;
  if (!run) return 'the stream ended without any run event';
  return describeRun(run);
}

function describeRun(run: Run): string {
  switch (run.status) {
    case 'failed': {
      const error = run.last_error;
      return `run ${run.id} failed${error ? `: ${error.code ? `${error.code}: ` : ''}${error.message}` : ''}`;
    }
    case 'incomplete':
      return `run ${run.id} ended incomplete (${run.incomplete_details?.reason ?? 'no reason given'})`;
    case 'requires_action': {
      const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
      const names = calls.map((call) => `${call.function.name} (${call.id})`).join(', ');
      return `run ${run.id} requires action: submit the outputs of ${names || 'its tool calls'} to continue it`;
    }
    case 'cancelled':
    case 'cancelling':
      return `run ${run.id} was cancelled`;
    case 'expired':
      return `run ${run.id} expired before it finished`;
    default:
      return `the stream ended while run ${run.id} was still ${run.status.replace('_', ' ')}`;
  }
}

/** Any error as one line without a stack: the library's messages already say what to do. */
export function describeError(error: unknown, baseURL?: string, instead = ''): string {
  if (baseURL !== undefined && assistantsAPIMissing(error, baseURL)) {
    return `the Assistants API is not served at ${baseURL} (OpenAI removed it on 2026-08-26): set OPENAI_BASE_URL to an Assistants-compatible server (Azure, a local one)${instead ? `, ${instead}` : ''}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim() || (error instanceof Error ? error.name : 'unknown error');
}

// A 404 that names a thread, run or assistant is about that id; one that does not is about the route.
const NAMES_AN_ID = /\b(thread|asst|run|msg|step)_[A-Za-z0-9]|no (thread|assistant|run|message) found/i;
const NO_ROUTE =
  /invalid url|cannot (post|get)|no route|unknown (url|endpoint|route|path)|not supported|does not exist|deprecated|removed/i;

/**
 * True for a 404 that means the server does not offer the Assistants API at all: any 404 from
 * api.openai.com that names no id, or one from elsewhere with no error body or a no-such-route message.
 */
export function assistantsAPIMissing(error: unknown, baseURL: string): boolean {
  if (!(error instanceof NotFoundError)) return false;
  const message = error.error?.message ?? '';
  if (NAMES_AN_ID.test(message)) return false;
  if (hostOf(baseURL) === 'api.openai.com') return true;
  return error.error === undefined || NO_ROUTE.test(message);
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
