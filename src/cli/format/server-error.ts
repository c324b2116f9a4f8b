import { RunStreamError } from '../../errors.js';
import type { ErrorObject } from '../../types/shared.js';

/** The error object of an `event: error` frame, when that is how the stream ended. */
export function serverErrorOf(error: unknown): Partial<ErrorObject> | undefined {
  return error instanceof RunStreamError ? error.error : undefined;
}
