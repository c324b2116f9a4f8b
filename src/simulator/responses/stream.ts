import type { ServerResponse } from 'node:http';
import type { Emission } from '../beats.js';
import type { SimContext } from '../context.js';
import type { FaultName } from '../settings.js';
import { SseWriter } from '../sse-writer.js';
import { changed, type ResponseRecord } from './record.js';

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** The error an `error_event` fault sends, and the response's `error` after it. */
const STREAM_ERROR = {
  code: 'server_error',
  message: 'The server had an error while processing your request. Sorry about that!',
};

/**
 * Streams a response's log to one client from the event after `after` (-1: from the start),
 * then live as the events happen, and ends after the last one (a terminal event, or the last
 * event before a cancel), with no `[DONE]` after it, as the API does. A stream fault strikes
 * once, after `fault_after` events of this stream and always before a terminal event: `cut`
 * drops the connection mid-event, `stall` goes silent, `error_event` sends an `error` event and
 * ends the stream, and the response then fails.
 */
export async function streamLog(
  sim: SimContext,
  res: ServerResponse,
  record: ResponseRecord,
  after: number,
  fault: FaultName | null,
): Promise<void> {
  const writer = new SseWriter(res, sim.clock, record.settings.chunking, {});
  sim.streams.add(res);
  res.on('close', () => sim.streams.delete(res));
  const strikes = fault === 'cut' || fault === 'stall' || fault === 'error_event';
  let delivered = 0;
  let next = after + 1;
  for (;;) {
    while (next < record.log.length) {
      if (writer.closed) return;
      const emission = record.log[next++] as Emission;
      if (strikes && (delivered >= record.settings.faultAfter || TERMINAL.has(emission.event))) {
        return strike(writer, fault, record, emission);
      }
      delivered += 1;
      await writer.event(emission.event, emission.data);
    }
    if (record.finished || writer.closed) break;
    if (!(await changed(sim, record))) return;
  }
  writer.end();
}

async function strike(
  writer: SseWriter,
  fault: FaultName,
  record: ResponseRecord,
  at: Emission,
): Promise<void> {
  if (fault === 'cut') return writer.cut(at.event, at.data);
  if (fault === 'stall') return writer.stall();
  // The error event takes the place (and the number) of the event it stands for.
  const sequence = (JSON.parse(at.data) as { sequence_number: number }).sequence_number;
  record.failure = STREAM_ERROR;
  await writer.event(
    'error',
    JSON.stringify({ type: 'error', sequence_number: sequence, ...STREAM_ERROR, param: null }),
  );
  writer.end();
}
