import type { ToolCallError } from '../errors.js';

/**
 * A tool handler's result as the output string the API takes, for runs and responses alike: a
 * string as it is, nothing as `''`, anything else as JSON. `failure` makes the error for a result
 * JSON cannot hold (a cycle, a bigint).
 */
export function serialise(
  result: unknown,
  failure: (detail: string, cause?: unknown) => ToolCallError,
): string {
  if (typeof result === 'string') return result;
  // A handler that returns nothing (a side effect) still owes the run an output.
  if (result === undefined) return '';
  try {
    // `JSON.stringify` gives undefined for a function or a symbol.
    return JSON.stringify(result) ?? String(result);
  } catch (cause) {
    throw failure(`its result cannot be sent as JSON: ${messageOf(cause)}`, cause);
  }
}

/** The message of a thrown value, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
