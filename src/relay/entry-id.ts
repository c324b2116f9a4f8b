import { RunStreamError, ValidationError } from '../errors.js';
import type { RelayErrorData } from './options.js';

/**
 * The position of an entry id: the relay numbers the events of a key 1, 2, 3…, so `after` (or a
 * browser's `Last-Event-ID`) is read back as that number. `undefined` means before the first.
 */
export function positionAfter(after: string | undefined): number {
  if (after === undefined) return 0;
  if (!/^(0|[1-9]\d{0,15})$/.test(after)) {
    throw new ValidationError('after', 'must be an id the relay gave (a whole number such as "12")', after);
  }
  return Number(after);
}

/** The error a reader gets for a run that ended with `data` in the log. */
export function loggedError(data: RelayErrorData): RunStreamError {
  return new RunStreamError({
    message: data.message,
    code: data.code,
    ...(data.type === null ? {} : { type: data.type }),
  });
}
