import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  RunStreamError,
  RunstreamBaseError,
  StreamInterruptedError,
  ToolCallError,
  UnexpectedResponseError,
} from '../errors.js';
import type { RelayErrorData } from './options.js';

// Catches `sk-…` keys, including the masked form the API quotes back in a 401 message.
const KEY_PATTERN = /sk-[A-Za-z0-9_*-]{4,}/g;

/**
 * The default mapping from the error that ended a relayed run to the data of its final `error`
 * frame. The server's own error object passes through; runstream's errors give their class name
 * and their message, or for those whose message quotes the upstream URL, a network error, a
 * proxy's page or a tool handler's exception, a sentence of the facts instead; any other error (a
 * bug) becomes a generic message, because its text was never checked for secrets. No stack is
 * ever included.
 *
 * @param error - The error that ended the run's events.
 * @returns Its `message`, `code` and `type`, safe to show a browser (`sk-…` keys are redacted).
 * @see {@link RelayOptions.errorData}, to map errors another way.
 *
 * @example
 * ```ts
 * toServerSentEvents(events$, {
 *   // Name the tool that failed, but not what it said: that text was never checked for secrets.
 *   errorData: (error) =>
 *     error instanceof ToolCallError
 *       ? { message: `The tool ${error.tool} failed.`, code: null, type: 'tool_error' }
 *       : relayErrorData(error),
 * });
 * ```
 */
export function relayErrorData(error: unknown): RelayErrorData {
  if (error instanceof RunStreamError) {
    return publicData(error.error.message ?? error.message, error.code, error.type ?? 'server_error');
  }
  if (error instanceof APIError) {
    // The server's message, not ours: ours names the upstream URL, which the browser need not see.
    const message = error.error?.message ?? `The API answered with status ${error.status}.`;
    return publicData(message, error.code, error.type ?? error.name);
  }
  // These messages quote what the browser need not see (the upstream URL, a network error, a
  // proxy's page, a tool handler's exception): a sentence of the facts stands in for them.
  if (error instanceof APIConnectionTimeoutError)
    return publicData('The API did not answer in time.', null, error.name);
  if (error instanceof APIConnectionError)
    return publicData('The API could not be reached.', null, error.name);
  if (error instanceof UnexpectedResponseError) {
    const what = error.contentType ?? 'no content type';
    return publicData(`The API answered with ${what} instead of a run stream.`, null, error.name);
  }
  if (error instanceof StreamInterruptedError) {
    const last = error.lastEvent ?? 'none';
    return publicData(`The run stream ended before the run did (last event: ${last}).`, null, error.name);
  }
  if (error instanceof ToolCallError) {
    const plural = error.calls.length === 1 ? '' : 's';
    const tools = error.calls.map((call) => `"${call.tool}"`).join(', ');
    const ids = error.calls.map((call) => call.callId).join(', ');
    const outcome = error.runCancelled ? ' The run was cancelled.' : '';
    return publicData(
      `The tool${plural} ${tools} failed (call${plural} ${ids}).${outcome}`,
      null,
      error.name,
    );
  }
  if (error instanceof RunstreamBaseError) return publicData(error.message, null, error.name);
  return { message: 'The run failed on the server.', code: null, type: 'server_error' };
}

function publicData(message: string, code: string | null, type: string | null): RelayErrorData {
  return { message: message.replace(KEY_PATTERN, '[redacted]'), code, type };
}
