import type {
  Response,
  ResponseStreamEvent,
  UnknownResponseStreamEvent,
} from '../../types/responses/index.js';
import type { Writer } from '../terminal.js';
import { LineWriter } from './text.js';

/** What `runstream respond` shows: the response's events, and with `unknownEvents: 'emit'` unknown ones. */
export type CliResponseEvent = ResponseStreamEvent | UnknownResponseStreamEvent;

/** How a response ended, as far as the command can tell. */
export interface ResponseOutcome {
  /** The last response object the stream carried (its lifecycle events), if any. */
  readonly response: Response | undefined;
  /** Why the stream stopped early; `undefined` when it completed. */
  readonly error: unknown;
  /** Milliseconds (of the command's clock) at subscription, at the first text and at the end. */
  readonly startedAt: number;
  readonly firstTokenAt: number | undefined;
  readonly endedAt: number;
}

/** Turns a response's events into output as they arrive; `end` is called once after the last. */
export interface ResponseFormatter {
  event(event: CliResponseEvent): void;
  end(outcome: ResponseOutcome): void;
}

/** The text an event adds to the answer: output text and refusal deltas. */
export function responseDeltaText(event: CliResponseEvent): string {
  if (event.type === 'response.output_text.delta' || event.type === 'response.refusal.delta') {
    return (event as { delta?: unknown }).delta as string;
  }
  return '';
}

/** `--format text`: only the answer, as it is written; each message ends its line. */
export function responseTextFormatter(out: Writer): ResponseFormatter {
  const lines = new LineWriter(out);
  return {
    event(event) {
      const text = responseDeltaText(event);
      if (text) lines.write(text);
      else if (event.type === 'response.output_item.done') lines.newline();
    },
    end() {
      lines.newline();
    },
  };
}

/**
 * `--format sse` and `--format ndjson`: each event written the moment it arrives, as the API
 * writes it (`event: <type>` + `data: <the event>`), or as one JSON object a line. A stream that
 * failed ends with an `error` event carrying what went wrong; after Ctrl-C the output just ends.
 */
export function responseFramedFormatter(out: Writer, format: 'sse' | 'ndjson'): ResponseFormatter {
  const frame = (type: string, data: unknown) =>
    format === 'sse'
      ? `event: ${type.replace(/[\r\n]+/g, ' ')}\ndata: ${JSON.stringify(data)}\n\n`
      : `${JSON.stringify(data)}\n`;
  return {
    event(event) {
      out.write(frame(event.type, 'unknown' in event ? dataOf(event as UnknownResponseStreamEvent) : event));
    },
    end(outcome) {
      if (outcome.error === undefined || isInterrupt(outcome.error)) return;
      out.write(frame('error', { type: 'error', ...errorFacts(outcome.error) }));
    },
  };
}

/** An unknown event as the server sent it, without the mark the parser added. */
function dataOf(event: UnknownResponseStreamEvent): unknown {
  const { unknown: _mark, ...wire } = event;
  return wire;
}

function isInterrupt(error: unknown): boolean {
  return error instanceof Error && error.name === 'Interrupted';
}

/** The facts of an error an `error` event carries: the server's code and words, else the error's name and message. */
function errorFacts(error: unknown): { code: string | null; message: string; param: string | null } {
  const facts = error as { code?: unknown; param?: unknown; message?: unknown; name?: unknown };
  const code =
    typeof facts.code === 'string' ? facts.code : typeof facts.name === 'string' ? facts.name : null;
  return {
    code,
    message: typeof facts.message === 'string' ? facts.message : String(error),
    param: typeof facts.param === 'string' ? facts.param : null,
  };
}
