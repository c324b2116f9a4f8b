import {
  APIConnectionError,
  APIError,
  IdleTimeoutError,
  RunStreamError,
  SnapshotError,
  StreamInterruptedError,
  StreamParseError,
  UnexpectedResponseError,
  ValidationError,
} from '../errors.js';
import { Interrupted, UsageError } from './errors.js';
import type { Outcome } from './format/index.js';

/** The exit statuses of `runstream`, one per way a run or the command can end. */
export const EXIT = {
  completed: 0,
  unexpected: 1,
  usage: 2,
  failed: 3,
  incomplete: 4,
  requiresAction: 5,
  cancelled: 6,
  stream: 7,
  interrupted: 130,
} as const;

/** The table `--help` prints and the README repeats. */
export const EXIT_CODES_HELP = `Exit status:
  0    the run completed
  1    unexpected error (a bug: please report it)
  2    usage: a bad flag or value, a missing key, an unreadable file
  3    the run failed
  4    the run ended incomplete
  5    the run requires action (tool outputs to submit)
  6    the run was cancelled or expired
  7    HTTP, network or stream error (server unreachable, 4xx/5xx, stream cut, event: error)
  130  interrupted (Ctrl-C)`;

/** The process exit status for how a run ended. */
export function exitCodeFor(outcome: Outcome): number {
  if (outcome.error !== undefined) return exitCodeForError(outcome.error);
  switch (outcome.run?.status) {
    case 'completed':
      return EXIT.completed;
    case 'failed':
      return EXIT.failed;
    case 'incomplete':
      return EXIT.incomplete;
    case 'requires_action':
      return EXIT.requiresAction;
    case 'cancelled':
    case 'cancelling':
    case 'expired':
      return EXIT.cancelled;
    default:
      // The stream said [DONE] before the run reached an end: its result is unknown.
      return EXIT.stream;
  }
}

/** The exit status for an error that stopped the command. */
export function exitCodeForError(error: unknown): number {
  if (error instanceof ValidationError || error instanceof UsageError) return EXIT.usage;
  if (error instanceof Interrupted) return EXIT.interrupted;
  if (
    error instanceof APIError ||
    error instanceof APIConnectionError ||
    error instanceof RunStreamError ||
    error instanceof StreamInterruptedError ||
    error instanceof IdleTimeoutError ||
    error instanceof StreamParseError ||
    error instanceof SnapshotError ||
    error instanceof UnexpectedResponseError
  ) {
    return EXIT.stream;
  }
  return EXIT.unexpected;
}
