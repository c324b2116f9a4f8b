import type { MessageDeltaEvent } from '../../types/message.js';
import { stripControlSequences } from '../control-sequences.js';
import type { Writer } from '../terminal.js';
import type { CliEvent, Formatter } from './formatter.js';

/** The text a message delta adds: its text parts and refusals, in order. */
export function deltaText(delta: MessageDeltaEvent): string {
  let text = '';
  for (const part of delta.delta.content ?? []) {
    if (part.type === 'text') text += part.text?.value ?? '';
    else if (part.type === 'refusal') text += part.refusal ?? '';
  }
  return text;
}

/** Tracks whether the cursor is at the start of a line, so that blocks never run together. */
export class LineWriter {
  #atLineStart = true;

  constructor(readonly writer: Writer) {}

  get atLineStart(): boolean {
    return this.#atLineStart;
  }

  write(text: string): void {
    if (text === '') return;
    this.writer.write(text);
    this.#atLineStart = text.endsWith('\n');
  }

  /** Ends the current line if something is on it. */
  newline(): void {
    if (!this.#atLineStart) this.write('\n');
  }
}

/**
 * `--format text`: only what the assistant writes, as it is written; each message ends its line.
 * For `$(runstream run …)` and pipes into other programs; on a terminal, without control sequences.
 */
export function textFormatter(out: Writer): Formatter {
  const lines = new LineWriter(out);
  // A terminal is driven by control sequences in the text; a pipe gets the text as it was written.
  const shown = out.isTTY ? stripControlSequences : (text: string) => text;
  return {
    event(event: CliEvent) {
      if ('unknown' in event) return;
      if (event.event === 'thread.message.delta') lines.write(shown(deltaText(event.data)));
      else if (event.event === 'thread.message.completed' || event.event === 'thread.message.incomplete')
        lines.newline();
    },
    end() {
      lines.newline();
    },
  };
}
