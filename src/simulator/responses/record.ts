import type { Response } from '../../types/responses/response.js';
import type { Emission } from '../beats.js';
import type { SimContext } from '../context.js';
import type { RunSettings } from '../settings.js';
import type { ResponseScenarioName } from './scenarios.js';

/**
 * An input item as the conversation keeps it (and `input_items` lists it): whatever the request
 * sent, with an id. Typed loosely on purpose: the simulator keeps what it was given.
 */
export type WireItem = Record<string, unknown> & { type: string; id: string };

/** A response and everything the simulator needs to carry it on and replay it. */
export interface ResponseRecord {
  readonly response: Response & { status: NonNullable<Response['status']> };
  /** The conversation it was made from: earlier turns, then this request's input items. */
  readonly inputItems: WireItem[];
  /** Every event so far, serialized when it happened; an event's index is its `sequence_number`. */
  readonly log: Emission[];
  readonly settings: RunSettings<ResponseScenarioName>;
  /** Aborted by a cancel (or a delete): the driver stops at once, even mid-pause. */
  readonly cancel: AbortController;
  /** Aborted and replaced at each new event and at the end, to wake every reader of the log. */
  tick: AbortController;
  /** True once the log holds everything it ever will (after a terminal event or a cancel). */
  finished: boolean;
  /** A server failure to end the response with, set by the `error_event` fault. */
  failure?: { code: string; message: string };
  /**
   * How many of its requests have suffered the response's fault so far: the stream that created
   * it (for a stream fault), then each resume (GET with `stream=true`), up to `fault_times`.
   */
  faulted: number;
  /** Output tokens so far (one a delta) and how many of them were reasoning. */
  outputTokens: number;
  reasoningTokens: number;
}

/** The whole conversation of a response: what it was made from, then what it answered. */
export function conversationOf(record: ResponseRecord): WireItem[] {
  // Output items always carry an id here (the simulator made them), so they list like the others.
  return [...record.inputItems, ...(record.response.output as unknown as WireItem[])];
}

/** Adds an event to the log with the next sequence number, and wakes every reader. */
export function append(record: ResponseRecord, type: string, fields: Record<string, unknown>): void {
  const data = JSON.stringify({ type, sequence_number: record.log.length, ...fields });
  record.log.push({ event: type, data });
  wake(record);
}

/** Marks the log complete and wakes every reader, so that their streams end. */
export function finish(record: ResponseRecord): void {
  record.finished = true;
  wake(record);
}

function wake(record: ResponseRecord): void {
  const { tick } = record;
  record.tick = new AbortController();
  tick.abort();
}

/** Resolves when the log grows or ends (true), or when the simulator closes (false). */
export function changed(sim: SimContext, record: ResponseRecord): Promise<boolean> {
  // The long wait is only a backstop: the tick wakes it at the next event.
  return sim.clock.sleep(60_000, record.tick.signal);
}

/**
 * The responses of every simulator, kept beside its context rather than in it, so that the
 * Assistants side needs no knowledge of them. Only stored responses (`store` not false) are here:
 * the others can be neither retrieved nor chained, as on the API.
 */
const BOOKS = new WeakMap<SimContext, Map<string, ResponseRecord>>();

export function responsesOf(sim: SimContext): Map<string, ResponseRecord> {
  let book = BOOKS.get(sim);
  if (!book) {
    book = new Map();
    BOOKS.set(sim, book);
  }
  return book;
}
