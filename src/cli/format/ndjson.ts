import type { Writer } from '../terminal.js';
import type { Formatter } from './formatter.js';
import { serverErrorOf } from './server-error.js';

/**
 * `--format ndjson`: one `{"event":…,"data":…}` object a line, written as each event arrives,
 * for `jq`, `tail -f` and log shippers. An `event: error` from the server becomes a last
 * `{"event":"error","data":{…}}` line, so the log says why it stopped.
 */
export function ndjsonFormatter(out: Writer): Formatter {
  return {
    event(event) {
      out.write(`${JSON.stringify({ event: event.event, data: event.data })}\n`);
    },
    end(outcome) {
      const error = serverErrorOf(outcome.error);
      if (error) out.write(`${JSON.stringify({ event: 'error', data: error })}\n`);
    },
  };
}
