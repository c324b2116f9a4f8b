import type { Writer } from '../terminal.js';
import type { Formatter } from './formatter.js';
import { serverErrorOf } from './server-error.js';

/** One server-sent event frame; `data` is JSON on a single line, as the API sends it. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/**
 * `--format sse`: the stream written back as server-sent events, one frame as each event
 * arrives, so `runstream run … --format sse > run.sse` records a run that `runstream replay`
 * plays back. A completed stream ends with `[DONE]`; an `event: error` from the server is kept;
 * a stream cut short stays cut short, so the replay fails the same way.
 */
export function sseFormatter(out: Writer): Formatter {
  return {
    event(event) {
      out.write(sseFrame(event.event, event.data));
    },
    end(outcome) {
      const error = serverErrorOf(outcome.error);
      if (error) out.write(sseFrame('error', error));
      else if (outcome.error === undefined) out.write(sseFrame('done', '[DONE]'));
    },
  };
}
