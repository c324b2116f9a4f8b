import { APIError, RunStreamError, RunstreamBaseError } from '../errors.js';
import type { RelayErrorData } from './options.js';

// Catches `sk-…` keys, including the masked form the API quotes back in a 401 message.
const KEY_PATTERN = /sk-[A-Za-z0-9_*-]{4,}/g;

/**
 * The default mapping from the error that ended a relayed run to the data of its final `error`
 * frame. The server's own error object passes through; runstream's errors give their message
 * and class name; any other error (a bug, a handler's exception) becomes a generic message,
 * because its text was never checked for secrets. No stack is ever included.
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
  if (error instanceof RunstreamBaseError) return publicData(error.message, null, error.name);
  return { message: 'The run failed on the server.', code: null, type: 'server_error' };
}

function publicData(message: string, code: string | null, type: string | null): RelayErrorData {
  return { message: message.replace(KEY_PATTERN, '[redacted]'), code, type };
}
