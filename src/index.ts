// The map of runstream: everything public is exported here and nowhere else.

export type { Assistant, AssistantCreateParams, AssistantDeleted, Assistants } from './client/assistants.js';
export { createClient, type RunstreamClient } from './client/create-client.js';
export type { ListQuery } from './client/list.js';
export {
  type AzureOptions,
  CLIENT_DEFAULTS,
  type ClientOptions,
  type RequestOptions,
} from './client/options.js';
export type {
  InputItemsQuery,
  ResponseRequestOptions,
  Responses,
  ResumeFrom,
} from './client/responses.js';
export type { ReasoningEffort } from './client/run-rules.js';
export type { EventsFor, Page, Runs, StepListQuery } from './client/runs.js';
export type { MessageListQuery, Threads } from './client/threads.js';
export type { ClientConfig } from './client/transport.js';
export { EventLogError, ProducerGoneError, RelayKeyError } from './errors/relay.js';
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  type APIErrorInit,
  type APIErrorRequest,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  IdleTimeoutError,
  InternalServerError,
  isAPIConnectionError,
  isAPIError,
  isRunStreamError,
  isRunstreamError,
  isStreamInterruptedError,
  isToolCallError,
  isValidationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RunStreamError,
  RunstreamBaseError,
  SnapshotError,
  StreamInterruptedError,
  StreamParseError,
  ToolCallError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  ValidationError,
} from './errors.js';
export { finalRun } from './operators/final-run.js';
export {
  handleToolCalls,
  type ToolCallClient,
  type ToolCallContext,
  type ToolHandler,
  type ToolHandlers,
} from './operators/handle-tool-calls.js';
export { type RunSnapshot, snapshots } from './operators/snapshots.js';
export { textDeltas } from './operators/text-deltas.js';
export { createRelay, type Relay, type RelayConfig } from './relay/create-relay.js';
export type { EventLog, LogEnd, LogEntry, RelayedEvent } from './relay/event-log.js';
export { type FollowRelayInit, followRelay } from './relay/follow-relay.js';
export { memoryEventLog } from './relay/memory-event-log.js';
export {
  RELAY_DEFAULTS,
  type RelayErrorData,
  type RelayOptions,
  type ServerSentEventsOptions,
} from './relay/options.js';
export { relayErrorData } from './relay/relay-error-data.js';
export { toNDJSON } from './relay/to-ndjson.js';
export { toServerSentEvents } from './relay/to-server-sent-events.js';
export { type ParseRunEventsOptions, parseRunEvents, type RunEventSource } from './sse/parse.js';
export { runEventShapeError } from './sse/run-event-shape.js';
export * from './types/events.js';
export type * from './types/message.js';
export type * from './types/params.js';
export * from './types/run.js';
export type * from './types/shared.js';
export type * from './types/step.js';
export type * from './types/thread.js';
