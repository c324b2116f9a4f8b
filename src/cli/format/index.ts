import { NDJSON_FRAMING } from '../../relay/to-ndjson.js';
import { SSE_FRAMING } from '../../relay/to-server-sent-events.js';
import type { Terminal } from '../terminal.js';
import type { FormatName, Formatter } from './formatter.js';
import { framedFormatter } from './framed.js';
import { prettyFormatter } from './pretty.js';
import { textFormatter } from './text.js';

export { type CliEvent, FORMATS, type FormatName, type Formatter, type Outcome } from './formatter.js';

/** The formatter for `--format name`; `timing` is false for a replay, which has no clock. */
export function createFormatter(name: FormatName, terminal: Terminal, timing: boolean): Formatter {
  switch (name) {
    case 'pretty':
      return prettyFormatter(terminal, { timing });
    case 'text':
      return textFormatter(terminal.out);
    case 'ndjson':
      return framedFormatter(terminal.out, NDJSON_FRAMING);
    case 'sse':
      return framedFormatter(terminal.out, SSE_FRAMING);
  }
}

/** `pretty` for a person at a terminal, `text` for a pipe or a file. */
export function defaultFormat(terminal: Terminal): FormatName {
  return terminal.out.isTTY ? 'pretty' : 'text';
}
