import type { Message, MessageDeltaEvent } from './message.js';
import type { Run } from './run.js';
import type { RunStep, RunStepDeltaEvent } from './step.js';
import type { Thread } from './thread.js';

/**
 * Names of the events whose `data` is a {@link Run}.
 *
 * @example
 * ```ts
 * const settled: RunEventName[] = ['thread.run.completed', 'thread.run.failed'];
 * events$.subscribe((e) => {
 *   if ((settled as string[]).includes(e.event)) console.log('run settled:', e.event);
 * });
 * ```
 */
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

/**
 * Names of the events whose `data` is a {@link RunStep}.
 *
 * @example
 * ```ts
 * const ended: RunStepEventName = 'thread.run.step.completed';
 * events$.subscribe((e) => e.event === ended && console.log('step', e.data.id, 'done'));
 * ```
 */
export type RunStepEventName =
  | 'thread.run.step.created'
  | 'thread.run.step.in_progress'
  | 'thread.run.step.completed'
  | 'thread.run.step.failed'
  | 'thread.run.step.cancelled'
  | 'thread.run.step.expired';

/**
 * Names of the events whose `data` is a {@link Message}.
 *
 * @example
 * ```ts
 * const done: MessageEventName = 'thread.message.completed';
 * events$.subscribe((e) => e.event === done && console.log(e.data.content));
 * ```
 */
export type MessageEventName =
  | 'thread.message.created'
  | 'thread.message.in_progress'
  | 'thread.message.completed'
  | 'thread.message.incomplete';

/**
 * `thread.created`: the first event of create-thread-and-run.
 *
 * @example
 * ```ts
 * client.threads
 *   .createAndRunStream({ assistant_id: assistantId, thread: { messages: [{ role: 'user', content: 'Hi' }] } })
 *   .subscribe((e) => {
 *     if (e.event === 'thread.created') console.log('new thread', e.data.id);
 *   });
 * ```
 */
export interface ThreadCreatedEvent {
  event: 'thread.created';
  data: Thread;
}
/**
 * A `thread.run.*` event: `data` is the run as it is now.
 *
 * @example
 * ```ts
 * const statusLine = (e: RunEvent) => `${e.data.id}: ${e.data.status}`;
 * ```
 */
export interface RunEvent<E extends RunEventName = RunEventName> {
  event: E;
  data: Run;
}
/**
 * A `thread.run.step.*` event other than the delta: `data` is the whole step.
 *
 * @example
 * ```ts
 * const describeStep = (e: RunStepEvent) => `${e.data.type} step ${e.data.status}`;
 * ```
 */
export interface RunStepEvent<E extends RunStepEventName = RunStepEventName> {
  event: E;
  data: RunStep;
}
/**
 * `thread.run.step.delta`: what changed in a step (tool call arguments, code, logs).
 *
 * @example
 * ```ts
 * const argumentPieces = (e: RunStepDeltaStreamEvent): string[] => {
 *   const details = e.data.delta.step_details;
 *   if (details?.type !== 'tool_calls') return [];
 *   return (details.tool_calls ?? []).map((call) => (call.type === 'function' ? (call.function?.arguments ?? '') : ''));
 * };
 * ```
 */
export interface RunStepDeltaStreamEvent {
  event: 'thread.run.step.delta';
  data: RunStepDeltaEvent;
}
/**
 * A `thread.message.*` event other than the delta: `data` is the whole message.
 *
 * @example
 * ```ts
 * const author = (e: MessageEvent) => `${e.data.role} (${e.data.status})`;
 * ```
 */
export interface MessageEvent<E extends MessageEventName = MessageEventName> {
  event: E;
  data: Message;
}
/**
 * `thread.message.delta`: what changed in a message (usually a text fragment).
 *
 * @example
 * ```ts
 * const fragments = (e: MessageDeltaStreamEvent): string[] =>
 *   (e.data.delta.content ?? []).map((part) => (part.type === 'text' ? (part.text?.value ?? '') : ''));
 * ```
 */
export interface MessageDeltaStreamEvent {
  event: 'thread.message.delta';
  data: MessageDeltaEvent;
}

/**
 * One event of a run stream, `{ event, data }` exactly as on the wire. Every member is written
 * out so that `switch (e.event)` narrows `e.data`.
 *
 * @see https://platform.openai.com/docs/api-reference/assistants-streaming/events
 *
 * @example
 * ```ts
 * function onEvent(e: RunStreamEvent): void {
 *   switch (e.event) {
 *     case 'thread.message.delta': // e.data is a MessageDeltaEvent
 *       console.log(e.data.delta.content);
 *       break;
 *     case 'thread.run.completed': // e.data is a Run
 *       console.log(e.data.usage?.total_tokens);
 *       break;
 *   }
 * }
 * events$.subscribe(onEvent);
 * ```
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

/**
 * Every event name of {@link RunStreamEvent}.
 *
 * @example
 * ```ts
 * const counts = new Map<RunStreamEventName, number>();
 * events$.subscribe((e) => counts.set(e.event, (counts.get(e.event) ?? 0) + 1));
 * ```
 */
export type RunStreamEventName = RunStreamEvent['event'];

/**
 * An event whose name the library does not know, delivered only with `unknownEvents: 'emit'`.
 * `unknown: true` keeps it apart from {@link RunStreamEvent}, so narrowing on `event` still works.
 * `data` is the parsed JSON when the payload is JSON, else the raw text.
 *
 * @example
 * ```ts
 * client.runs.stream(threadId, { assistant_id: assistantId }, { unknownEvents: 'emit' }).subscribe((e) => {
 *   if ('unknown' in e) console.log('an event this version does not know:', e.event, e.data);
 * });
 * ```
 */
export interface UnknownRunStreamEvent {
  event: string;
  data: unknown;
  unknown: true;
}

/**
 * The 23 data events of the API, in wire order of their families.
 *
 * @example
 * ```ts
 * const known = new Set<string>(RUN_STREAM_EVENT_NAMES);
 * console.log(known.has('thread.run.step.delta')); // true
 * ```
 */
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

/**
 * Run events after which the stream may end without `[DONE]`.
 *
 * @example
 * ```ts
 * events$.pipe(filter((e) => TERMINAL_RUN_EVENTS.has(e.event))).subscribe((e) => console.log('ended with', e.event));
 * ```
 */
export const TERMINAL_RUN_EVENTS: ReadonlySet<string> = new Set<RunEventName>([
  'thread.run.completed',
  'thread.run.incomplete',
  'thread.run.failed',
  'thread.run.cancelled',
  'thread.run.expired',
  'thread.run.requires_action',
]);
