// The root of runstream's errors and what recognises them across two copies of the package (a
// bundle and node_modules, two versions side by side), where `instanceof` fails: a brand under a
// registered symbol, shared by every copy, and each class's `name`.

/** The brand every runstream error carries, under a symbol every copy of the package shares. */
const BRAND: unique symbol = Symbol.for('runstream.error') as never;

/**
 * The base of every error runstream raises, so `catch (e) { if (e instanceof RunstreamBaseError) … }`
 * separates the library's errors from a subscriber's own.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => console.error(e instanceof RunstreamBaseError ? e.message : e) });
 * ```
 */
export class RunstreamBaseError extends Error {
  override name = 'RunstreamBaseError';
  /** Marks the error as runstream's, for {@link isRunstreamError}, in every copy of the package. */
  declare readonly [BRAND]: true;
}
Object.defineProperty(RunstreamBaseError.prototype, BRAND, { value: true });

/**
 * Whether `error` is an error of runstream, from this copy of the package or any other.
 *
 * @param error - Anything caught.
 * @returns `true` for every runstream error, whichever copy of the package made it.
 * @see {@link isAPIError} and the other guards, for one kind.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => console.error(isRunstreamError(e) ? e.message : e) });
 * ```
 */
export function isRunstreamError(error: unknown): error is RunstreamBaseError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}

/**
 * A guard for the runstream errors whose `name` is one of `names`, whichever copy made them: the
 * `name` each class sets survives minification, unlike the class's own name.
 */
export function guardFor<T extends RunstreamBaseError>(...names: string[]): (error: unknown) => error is T {
  const known: ReadonlySet<string> = new Set(names);
  return (error: unknown): error is T => isRunstreamError(error) && known.has(error.name);
}
