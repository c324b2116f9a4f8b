// runstream/responses: the Responses API (POST /responses) with the same model as runs: a cold
// Observable of the wire events, and operators over it. Browser- and edge-safe: nothing here
// imports from `node:`.

export type { ResponseStreamFacts } from '../errors/response-stream.js';
export { ResponseFailedError, ResponseStreamInterruptedError } from '../errors/response-stream.js';
export type { RunEventSource, StreamReadOptions } from '../sse/reader.js';
export * from '../types/responses/index.js';
export type { ResponseSnapshot } from './accumulator.js';
export { responseEventShapeError } from './event-shape.js';
export { finalResponse } from './final-response.js';
export {
  handleToolCalls,
  type ResponseToolCallClient,
  type ResponseToolCallContext,
  type ResponseToolCallOptions,
  type ResponseToolHandler,
} from './handle-tool-calls.js';
export { type ParseResponseEventsOptions, parseResponseEvents } from './parse.js';
export { type ResponseParamsCheck, responseParamsError } from './rules.js';
export { snapshots } from './snapshots.js';
export { textDeltas } from './text-deltas.js';
