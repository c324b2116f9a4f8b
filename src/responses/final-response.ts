import type { OperatorFunction } from 'rxjs';
import { ResponseFailedError, ResponseStreamInterruptedError } from '../errors/response-stream.js';
import { StreamParseError } from '../errors.js';
import { operate } from '../operators/operate.js';
import type { ResponseStreamEvent, UnknownResponseStreamEvent } from '../types/responses/events.js';
import type { Response } from '../types/responses/response.js';
import { responseEventShapeError } from './event-shape.js';
import { outputTextOf } from './output-text.js';

/**
 * Emits the response of the stream's last `response.completed` or `response.incomplete`, once,
 * when the source completes, with `output_text` (all output text joined) as the official SDK's
 * `finalResponse()` gives it. Errors with {@link ResponseFailedError} on `response.failed`, and
 * with `ResponseStreamInterruptedError` when the events end before a terminal one; a cut
 * stream's own error passes through.
 *
 * @returns An operator from Responses events to the final response.
 *
 * @example
 * ```ts
 * import { finalResponse } from 'runstream/responses';
 * import { lastValueFrom } from 'rxjs';
 * const response = await lastValueFrom(response$.pipe(finalResponse()));
 * console.log(response.status, response.output_text, response.usage?.total_tokens);
 * ```
 */
export function finalResponse(): OperatorFunction<
  ResponseStreamEvent | UnknownResponseStreamEvent,
  Response
> {
  return operate(() => {
    let last: Response | undefined;
    let lastEvent: string | null = null;
    let lastSequenceNumber: number | null = null;
    let responseId: string | null = null;
    return {
      next(event) {
        if ('unknown' in event) return;
        lastEvent = event.type;
        lastSequenceNumber =
          typeof event.sequence_number === 'number' ? event.sequence_number : lastSequenceNumber;
        switch (event.type) {
          case 'response.created':
          case 'response.completed':
          case 'response.incomplete':
          case 'response.failed': {
            // A source other than parseResponseEvents may not have checked the data.
            const reason = responseEventShapeError(event.type, event as unknown as Record<string, unknown>);
            if (reason !== undefined)
              throw new StreamParseError(event.type, JSON.stringify(event) ?? '', { reason });
            responseId = event.response.id;
            if (event.type === 'response.failed') throw new ResponseFailedError(event.response);
            if (event.type !== 'response.created') last = withOutputText(event.response);
            else last = undefined;
          }
        }
      },
      complete(subscriber) {
        if (last === undefined) {
          throw new ResponseStreamInterruptedError(
            { lastEvent, lastSequenceNumber, responseId },
            'the events ended without response.completed or response.incomplete',
          );
        }
        subscriber.next(last);
        subscriber.complete();
      },
    };
  });
}

/** The response with `output_text` as the SDK adds it: kept when the server sent one, else joined. */
function withOutputText(response: Response): Response {
  return typeof response.output_text === 'string'
    ? response
    : { ...response, output_text: outputTextOf(response.output) };
}
