import type { LastError } from '../types/shared.js';
import type { RunSettings } from './settings.js';
import type { RunRecord, ThreadRecord } from './store.js';

/** A run being carried on: its thread, its record, and how it was asked to behave. */
export interface RunContext {
  thread: ThreadRecord;
  record: RunRecord;
  settings: RunSettings;
  /** The last user message without simulator tokens. */
  userText: string;
  /** Every tool output submitted so far, oldest first. */
  outputs: string[];
  /** Whether `include[]` asked for the content of file search results. */
  includeSearchContent: boolean;
  /** Deltas streamed so far: the run's completion tokens. */
  completionTokens: number;
  /** A server failure to end the run with, set by the `error_event` fault. */
  failure?: RunFailure;
  /** Whether events are being pulled right now (else the run waits, or is over). */
  driving: boolean;
}

/** Why a run failed: its `last_error`. */
export interface RunFailure {
  code: LastError['code'];
  message: string;
}
