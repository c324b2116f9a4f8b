// Errors of the command line itself; the library's errors live in src/errors.ts.

/** The command line itself is wrong: a flag, a value, a missing key or file. Exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The user pressed Ctrl-C. Exit status 130, as shells expect. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor() {
    super('interrupted');
  }
}
