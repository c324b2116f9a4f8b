import { relayErrorData } from '../../relay/relay-error-data.js';
import type { RelayFraming } from '../../relay/relay-stream.js';
import { Interrupted } from '../errors.js';
import type { Writer } from '../terminal.js';
import type { Formatter } from './formatter.js';

/**
 * `--format ndjson` and `--format sse`: each event written the moment it arrives, in the
 * relay's framing (`toNDJSON`, `toServerSentEvents`), so a log or a recording reads like a
 * relayed stream. The last frame is `[DONE]`, or an `error` frame saying why the stream
 * stopped; after Ctrl-C the output just ends, as the stream did.
 */
export function framedFormatter(out: Writer, framing: RelayFraming): Formatter {
  return {
    event(event) {
      out.write(framing.event(event));
    },
    end(outcome) {
      if (outcome.error === undefined) out.write(framing.done);
      else if (!(outcome.error instanceof Interrupted))
        out.write(framing.error(relayErrorData(outcome.error)));
    },
  };
}
