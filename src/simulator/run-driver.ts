import type { Thread } from '../types/thread.js';
import type { Emission } from './beats.js';
import type { Call, SimContext } from './context.js';
import { interruptEvents, segmentEvents } from './engine.js';
import { faultySink } from './faults.js';
import { sendJSON } from './http.js';
import type { RunContext } from './run-context.js';
import type { FaultName } from './settings.js';
import { SseWriter } from './sse-writer.js';

/** How a request that starts or resumes a run wants its answer. */
export interface RunAnswer {
  stream: boolean;
  start: 'new' | 'resumed';
  /** The stream fault this request suffers, if any. */
  fault: FaultName | null;
  /** A thread created by the same request: streamed first, as `thread.created`. */
  thread?: Thread;
}

/**
 * Answers with the run: as a stream of its events, or (non-stream, or the `json` fault) as the
 * queued run in JSON while it carries on in the background for polling to watch.
 */
export function answerRun(sim: SimContext, call: Call, context: RunContext, answer: RunAnswer): void {
  const events = segmentEvents(context, answer.start);
  if (!answer.stream || answer.fault === 'json') {
    sendJSON(call.res, 200, context.record.run, pollHeaders(sim));
    void drive(sim, context, events);
    return;
  }
  const { res } = call;
  const writer = new SseWriter(res, sim.clock, context.settings.chunking, {});
  sim.streams.add(res);
  res.on('close', () => sim.streams.delete(res));
  const sink = faultySink(writer, answer.fault, context);
  void (async () => {
    if (answer.thread) await sink({ event: 'thread.created', data: JSON.stringify(answer.thread) });
    await drive(sim, context, events, sink);
    if (!sim.clock.stopped) await writer.done();
  })();
}

/** The header that tells a polling client how long to wait. */
export function pollHeaders(sim: SimContext): Record<string, string> {
  return { 'openai-poll-after-ms': String(sim.pollAfterMs) };
}

/**
 * Pulls a run's events one by one, `tokenDelayMs` apart, handing each to `sink` (a stream) or
 * to nobody (a background run). A cancel request (which also cuts the pause short) or a server
 * failure switches to the events that end the run early. Stops when the events end or the
 * simulator closes.
 */
export async function drive(
  sim: SimContext,
  context: RunContext,
  events: Iterator<Emission> | null,
  sink?: (emission: Emission) => Promise<void>,
): Promise<void> {
  context.driving = true;
  let current = events;
  let interrupted = false;
  try {
    const { cancel } = context.record;
    for (let first = true; ; first = false) {
      // The events that end a run early go out back to back, so a cancel takes effect at once.
      const pause = interrupted ? 0 : context.settings.tokenDelayMs;
      if (!first && !(await sim.clock.sleep(pause, cancel.signal))) return;
      if (!interrupted && (cancel.signal.aborted || context.failure)) {
        current = interruptEvents(context);
        interrupted = true;
      }
      const next = current?.next();
      if (!next || next.done) return;
      await sink?.(next.value);
    }
  } finally {
    context.driving = false;
  }
}
