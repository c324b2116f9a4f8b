import { describe, expect, it } from 'vitest';
import { Interrupted, UsageError } from '../../src/cli/errors.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor, exitCodeForError } from '../../src/cli/exit-codes.js';
import type { Outcome } from '../../src/cli/format/index.js';
import {
  APIConnectionError,
  IdleTimeoutError,
  NotFoundError,
  RunStreamError,
  StreamInterruptedError,
  StreamParseError,
  ValidationError,
} from '../../src/errors.js';
import type { Run, RunStatus } from '../../src/types/run.js';

function outcome(status: RunStatus | undefined, error?: unknown): Outcome {
  const run = status ? ({ id: 'run_1', object: 'thread.run', status } as Run) : undefined;
  return { run, error, startedAt: 0, firstTokenAt: undefined, endedAt: 0 };
}

describe('exit status', () => {
  it.each([
    ['completed', 0],
    ['failed', 3],
    ['incomplete', 4],
    ['requires_action', 5],
    ['cancelled', 6],
    ['expired', 6],
  ] as const)('is distinct for a run that ended %s', (status, code) => {
    expect(exitCodeFor(outcome(status))).toBe(code);
  });

  it('is 7 when the stream ended before the run did', () => {
    expect(exitCodeFor(outcome('in_progress'))).toBe(EXIT.stream);
    expect(exitCodeFor(outcome(undefined))).toBe(EXIT.stream);
  });

  it('lets an error win over the last run status', () => {
    expect(exitCodeFor(outcome('in_progress', new StreamInterruptedError('thread.run.in_progress')))).toBe(7);
  });

  it.each([
    ['a bad parameter', new ValidationError('assistant_id', 'must be a non-empty string', ''), 2],
    ['a usage error', new UsageError('no key'), 2],
    ['an HTTP error', new NotFoundError({ status: 404 }), 7],
    ['an unreachable server', new APIConnectionError(), 7],
    ['an event: error', new RunStreamError({ message: 'boom' }), 7],
    ['a silent stream', new IdleTimeoutError(10), 7],
    ['bad JSON in the stream', new StreamParseError('thread.run.created', '{'), 7],
    ['Ctrl-C', new Interrupted(), 130],
    ['a bug', new TypeError('x is undefined'), 1],
  ])('maps %s to its status', (_, error, code) => {
    expect(exitCodeForError(error)).toBe(code);
  });

  it('documents every status it uses', () => {
    for (const code of Object.values(EXIT))
      expect(EXIT_CODES_HELP).toMatch(new RegExp(`^\\s+${code}\\s`, 'm'));
  });
});
