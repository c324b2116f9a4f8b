import { truncate } from '../truncate.js';
import { guardFor, RunstreamBaseError } from './base.js';

/**
 * A parameter broke a rule of the API; nothing was sent.
 *
 * @example
 * ```ts
 * client.runs.stream('thread_abc', { assistant_id: 'asst_abc', temperature: 3 }).subscribe({
 *   error: (e) => e instanceof ValidationError && console.error(e.field, e.rule), // 'temperature', 'must be a number from 0 to 2'
 * });
 * ```
 */
export class ValidationError extends RunstreamBaseError {
  override name = 'ValidationError';
  /** The parameter that broke the rule, as a path, e.g. `'temperature'` or `'tools[0].type'`. */
  readonly field: string;
  /** The rule it broke, e.g. `'must be a number from 0 to 2'`. */
  readonly rule: string;
  /** The value that broke it, as given. */
  readonly value: unknown;
  /**
   * Makes the error of one broken rule.
   *
   * @param field - The parameter's path.
   * @param rule - The rule, as the message states it, e.g. `'must be longer than heartbeatMs'`.
   * @param value - The value given; the message quotes a short preview of it.
   */
  constructor(field: string, rule: string, value: unknown) {
    super(`Invalid ${field}: ${rule} (got ${preview(value)}). Nothing was sent.`);
    this.field = field;
    this.rule = rule;
    this.value = value;
  }
}

function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(truncate(value, 60));
  if (typeof value === 'function') return 'a function';
  // JSON would write NaN and Infinity as null, and cannot write a bigint.
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Map || value instanceof Set) return `a ${value.constructor.name} of ${value.size}`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return truncate(text, 60);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Whether `error` is a {@link ValidationError}, from this copy of the package or another.
 *
 * @param error - Anything caught.
 * @returns `true` when a parameter broke a rule and nothing was sent.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => isValidationError(e) && console.error(e.field, e.rule) });
 * ```
 */
export const isValidationError = guardFor<ValidationError>('ValidationError');
