import type { Message, MessageDeltaEvent } from './message.js';
import type { Run } from './run.js';
import type { RunStep, RunStepDeltaEvent } from './step.js';
import type { Thread } from './thread.js';

/** Names of the events whose `data` is a {@link Run}. */
export type RunEventName =
  | 'thread.run.created'
  | 'thread.run.queued'
  | 'thread.run.in_progress'
  | 'thread.run.requires_action'
  | 'thread.run.completed'
  | 'thread.run.incomplete'
  | 'thread.run.failed'
  | 'thread.run.cancelling'
  | 'thread.run.cancelled'
  | 'thread.run.expired';

/** Names of the events whose `data` is a {@link RunStep}. */
export type RunStepEventName =
  | 'thread.run.step.created'
  | 'thread.run.step.in_progress'
  | 'thread.run.step.completed'
  | 'thread.run.step.failed'
  | 'thread.run.step.cancelled'
  | 'thread.run.step.expired';

/** Names of the events whose `data` is a {@link Message}. */
export type MessageEventName =
  | 'thread.message.created'
  | 'thread.message.in_progress'
  | 'thread.message.completed'
  | 'thread.message.incomplete';

/** `thread.created`: the first event of create-thread-and-run. */
export interface ThreadCreatedEvent {
  event: 'thread.created';
  data: Thread;
}
/** A `thread.run.*` event: `data` is the run as it is now. */
export interface RunEvent<E extends RunEventName = RunEventName> {
  event: E;
  data: Run;
}
/** A `thread.run.step.*` event other than the delta: `data` is the whole step. */
export interface RunStepEvent<E extends RunStepEventName = RunStepEventName> {
  event: E;
  data: RunStep;
}
/** `thread.run.step.delta`: what changed in a step (tool call arguments, code, logs). */
export interface RunStepDeltaStreamEvent {
  event: 'thread.run.step.delta';
  data: RunStepDeltaEvent;
}
/** A `thread.message.*` event other than the delta: `data` is the whole message. */
export interface MessageEvent<E extends MessageEventName = MessageEventName> {
  event: E;
  data: Message;
}
/** `thread.message.delta`: what changed in a message (usually a text fragment). */
export interface MessageDeltaStreamEvent {
  event: 'thread.message.delta';
  data: MessageDeltaEvent;
}

/**
 * One event of a run stream, `{ event, data }` exactly as on the wire. Every member is written
 * out so that `switch (e.event)` narrows `e.data`.
 */
export type RunStreamEvent =
  | ThreadCreatedEvent
  | RunEvent<'thread.run.created'>
  | RunEvent<'thread.run.queued'>
  | RunEvent<'thread.run.in_progress'>
  | RunEvent<'thread.run.requires_action'>
  | RunEvent<'thread.run.completed'>
  | RunEvent<'thread.run.incomplete'>
  | RunEvent<'thread.run.failed'>
  | RunEvent<'thread.run.cancelling'>
  | RunEvent<'thread.run.cancelled'>
  | RunEvent<'thread.run.expired'>
  | RunStepEvent<'thread.run.step.created'>
  | RunStepEvent<'thread.run.step.in_progress'>
  | RunStepEvent<'thread.run.step.completed'>
  | RunStepEvent<'thread.run.step.failed'>
  | RunStepEvent<'thread.run.step.cancelled'>
  | RunStepEvent<'thread.run.step.expired'>
  | RunStepDeltaStreamEvent
  | MessageEvent<'thread.message.created'>
  | MessageEvent<'thread.message.in_progress'>
  | MessageEvent<'thread.message.completed'>
  | MessageEvent<'thread.message.incomplete'>
  | MessageDeltaStreamEvent;

/** Every event name of {@link RunStreamEvent}. */
export type RunStreamEventName = RunStreamEvent['event'];

/**
 * An event whose name the library does not know, delivered only with `unknownEvents: 'emit'`.
 * `unknown: true` keeps it apart from {@link RunStreamEvent}, so narrowing on `event` still works.
 * `data` is the parsed JSON when the payload is JSON, else the raw text.
 */
export interface UnknownRunStreamEvent {
  event: string;
  data: unknown;
  unknown: true;
}

/** The 23 data events of the API, in wire order of their families. */
export const RUN_STREAM_EVENT_NAMES: readonly RunStreamEventName[] = [
  'thread.created',
  'thread.run.created',
  'thread.run.queued',
  'thread.run.in_progress',
  'thread.run.requires_action',
  'thread.run.completed',
  'thread.run.incomplete',
  'thread.run.failed',
  'thread.run.cancelling',
  'thread.run.cancelled',
  'thread.run.expired',
  'thread.run.step.created',
  'thread.run.step.in_progress',
  'thread.run.step.delta',
  'thread.run.step.completed',
  'thread.run.step.failed',
  'thread.run.step.cancelled',
  'thread.run.step.expired',
  'thread.message.created',
  'thread.message.in_progress',
  'thread.message.delta',
  'thread.message.completed',
  'thread.message.incomplete',
];

/** Run events after which the stream may end without `[DONE]`. */
export const TERMINAL_RUN_EVENTS: ReadonlySet<string> = new Set<RunEventName>([
  'thread.run.completed',
  'thread.run.incomplete',
  'thread.run.failed',
  'thread.run.cancelled',
  'thread.run.expired',
  'thread.run.requires_action',
]);
