import { RunStreamError, StreamInterruptedError } from '../errors.js';
import type { Response } from '../types/responses/response.js';

/**
 * What a cut Responses stream had delivered when it ended: the facts a resume needs.
 *
 * @example
 * ```ts
 * const facts: ResponseStreamFacts = { lastEvent: 'response.output_text.delta', lastSequenceNumber: 41, responseId: 'resp_1' };
 * ```
 */
export interface ResponseStreamFacts {
  /** The `type` of the last event delivered whole, if any. */
  lastEvent: string | null;
  /** Its `sequence_number`: a resume asks for the events after it. */
  lastSequenceNumber: number | null;
  /** The response's id, once a lifecycle event named it. */
  responseId: string | null;
}

/**
 * A Responses stream closed (or failed) before a terminal event (`response.completed |
 * incomplete | failed`): its end is unknown. Every event before it was delivered. A
 * `StreamInterruptedError`, with what a resume needs: the response id and the last
 * `sequence_number` delivered.
 *
 * @example
 * ```ts
 * import { ResponseStreamInterruptedError } from 'runstream/responses';
 * response$.subscribe({
 *   error: (e) => {
 *     if (e instanceof ResponseStreamInterruptedError && e.responseId) {
 *       client.responses.resume(e.responseId, { startingAfter: e.lastSequenceNumber ?? undefined }).subscribe(console.log);
 *     }
 *   },
 * });
 * ```
 */
export class ResponseStreamInterruptedError extends StreamInterruptedError {
  /** The `sequence_number` of the last event delivered; pass it as `startingAfter` to resume. */
  readonly lastSequenceNumber: number | null;
  /** The response's id, when an event named it; `null` means the response cannot be found again. */
  readonly responseId: string | null;
  /**
   * Makes the error of a Responses stream that ended too early.
   *
   * @param facts - What the stream had delivered: last event, its `sequence_number`, the response id.
   * @param detail - How it ended, for the message.
   * @param options - `cause`: the network error, when there was one.
   */
  constructor(facts: ResponseStreamFacts, detail: string, options?: ErrorOptions) {
    super(facts.lastEvent, detail, options);
    const after = facts.lastSequenceNumber === null ? '' : `, sequence_number ${facts.lastSequenceNumber}`;
    const next = facts.responseId
      ? ` Retrieve the response with responses.retrieve('${facts.responseId}'), or, if it runs in the background, resume it with responses.resume('${facts.responseId}'${facts.lastSequenceNumber === null ? '' : `, { startingAfter: ${facts.lastSequenceNumber} }`}).`
      : ' No event named the response, so it cannot be retrieved from this stream.';
    this.message = `The response stream ended before a terminal event (${detail}; last event: ${facts.lastEvent ?? 'none'}${after}).${next}`;
    this.lastSequenceNumber = facts.lastSequenceNumber;
    this.responseId = facts.responseId;
  }
}

/**
 * The response ended with `response.failed`: `code` and `message` are the server's
 * `response.error`, and `response` is the failed response as the server sent it.
 *
 * @example
 * ```ts
 * import { finalResponse, ResponseFailedError } from 'runstream/responses';
 * response$.pipe(finalResponse()).subscribe({
 *   error: (e) => e instanceof ResponseFailedError && console.error(e.response.id, e.code, e.message),
 * });
 * ```
 */
export class ResponseFailedError extends RunStreamError {
  override name = 'ResponseFailedError';
  /** The failed response, as the `response.failed` event carried it. */
  readonly response: Response;
  /**
   * Makes the error of a response that failed.
   *
   * @param response - The response of the `response.failed` event; its `error` gives code and message.
   */
  constructor(response: Response) {
    const error = response.error;
    super({ code: error?.code ?? null, message: error?.message ?? 'no message' });
    this.message = `The response ${response.id} failed: ${error?.message ?? 'the server gave no reason'}${error?.code ? ` (${error.code})` : ''}.`;
    this.response = response;
  }
}
