import type { RunStreamEvent, UnknownRunStreamEvent } from '../../types/events.js';
import type { Run } from '../../types/run.js';

/** What the command line shows: the run's events, and with `unknownEvents: 'emit'` unknown ones. */
export type CliEvent = RunStreamEvent | UnknownRunStreamEvent;

/** How a run ended, as far as the command can tell. */
export interface Outcome {
  /** The last run object the stream carried, if any. */
  readonly run: Run | undefined;
  /** Why the stream stopped early; `undefined` when it completed. */
  readonly error: unknown;
  /** Milliseconds (of the command's clock) at subscription, at the first text and at the end. */
  readonly startedAt: number;
  readonly firstTokenAt: number | undefined;
  readonly endedAt: number;
}

/**
 * Turns events into output as they arrive. `event` is called once per event, `end` once after
 * the last, whether the stream completed or failed.
 */
export interface Formatter {
  event(event: CliEvent): void;
  end(outcome: Outcome): void;
}

/** The output formats, in the order `--help` lists them. */
export const FORMATS = ['pretty', 'text', 'ndjson', 'sse'] as const;
export type FormatName = (typeof FORMATS)[number];
