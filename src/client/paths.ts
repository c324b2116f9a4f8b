import { validateId } from './validate.js';

/** The path of a thread, its id checked and encoded. */
export function threadPath(threadId: string): string {
  return `/threads/${encodeURIComponent(validateId('thread_id', threadId))}`;
}

/** The path of a run of a thread, both ids checked and encoded. */
export function runPath(threadId: string, runId: string): string {
  return `${threadPath(threadId)}/runs/${encodeURIComponent(validateId('run_id', runId))}`;
}
