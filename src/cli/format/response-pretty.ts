import { truncate } from '../../truncate.js';
import type { Response, ResponseOutputItem } from '../../types/responses/index.js';
import { type Palette, palette, Spinner, type Terminal } from '../terminal.js';
import type { CliResponseEvent, ResponseFormatter, ResponseOutcome } from './response-formatter.js';
import { LineWriter } from './text.js';

const MAX_INLINE = 160;
const MAX_CODE_LINES = 12;

/**
 * `--format pretty` for a response: its status, the reasoning summaries (dim) and the text as
 * they stream, each tool call when it is done, citations after the message that cites them, and
 * a one-line summary. Colour only when `terminal.color`; the spinner only on a TTY.
 */
export function responsePrettyFormatter(
  terminal: Terminal,
  options: { timing?: boolean; now?: () => number } = {},
): ResponseFormatter {
  return new ResponsePrettyFormatter(terminal, options.timing ?? true, options.now);
}

class ResponsePrettyFormatter implements ResponseFormatter {
  readonly #lines: LineWriter;
  readonly #c: Palette;
  readonly #spinner: Spinner;
  readonly #timing: boolean;
  #status: string | undefined;
  // Whether the text being written is a reasoning summary (dim) rather than the answer.
  #thinking = false;
  #citations: string[] = [];

  constructor(terminal: Terminal, timing: boolean, now?: () => number) {
    this.#lines = new LineWriter(terminal.out);
    this.#c = palette(terminal.color);
    this.#spinner = new Spinner(terminal.out, this.#c, 80, now);
    this.#timing = timing;
    this.#spinner.start('connecting');
  }

  event(event: CliResponseEvent): void {
    if ('unknown' in event) return;
    const c = this.#c;
    switch (event.type) {
      case 'response.created':
        this.line(c.dim(`◦ response ${event.response.id} · ${event.response.model}`), 'thinking');
        this.status(event.response);
        break;
      case 'response.queued':
      case 'response.in_progress':
        this.status(event.response);
        break;
      case 'response.reasoning_summary_part.added':
        this.line('', undefined);
        this.#thinking = true;
        this.write(c.dim('✻ '));
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        if (!this.#thinking) {
          this.line('');
          this.#thinking = true;
          this.write(c.dim('✻ '));
        }
        this.write(c.dim(event.delta));
        break;
      case 'response.reasoning_summary_part.done':
        this.endThinking();
        break;
      case 'response.output_text.delta':
        this.endThinking();
        this.write(event.delta);
        break;
      case 'response.refusal.delta':
        this.endThinking();
        this.write(c.yellow(event.delta));
        break;
      case 'response.output_text.annotation.added':
        this.citation(event.annotation as { type?: string; url?: string; title?: string; filename?: string });
        break;
      case 'response.output_item.done':
        this.endThinking();
        this.item(event.item);
        break;
    }
  }

  end(outcome: ResponseOutcome): void {
    this.#spinner.stop();
    this.#lines.newline();
    if (outcome.response && outcome.error === undefined)
      this.#lines.write(`${this.summary(outcome, outcome.response)}\n`);
  }

  private summary(outcome: ResponseOutcome, response: Response): string {
    const c = this.#c;
    const status = response.status ?? 'completed';
    const head =
      status === 'completed'
        ? c.green(`✔ ${status}`)
        : status === 'failed'
          ? c.red(`✖ ${status}`)
          : c.yellow(`◼ ${status.replace('_', ' ')}`);
    const facts: string[] = [];
    if (response.usage) facts.push(`${response.usage.total_tokens} tokens`);
    if (this.#timing && outcome.firstTokenAt !== undefined)
      facts.push(`first token ${Math.round(outcome.firstTokenAt - outcome.startedAt)} ms`);
    if (this.#timing) facts.push(`${((outcome.endedAt - outcome.startedAt) / 1000).toFixed(1)} s`);
    return facts.length > 0 ? `${head} ${c.dim(`· ${facts.join(' · ')}`)}` : head;
  }

  private status(response: Response): void {
    const status = response.status;
    if (status === this.#status) return;
    this.#status = status;
    if (status === 'queued' || status === 'in_progress') {
      const word = status.replace('_', ' ');
      this.line(this.#c.dim(`◦ ${word}${response.background ? ' (background)' : ''}`), word);
    }
  }

  private citation(annotation: { type?: string; url?: string; title?: string; filename?: string }): void {
    const label = annotation.url
      ? `${annotation.title ? `${annotation.title} ` : ''}${annotation.url}`
      : annotation.filename;
    if (label) this.#citations.push(label);
  }

  /** A finished output item: tool calls get a line of their own; a message ends its text and lists its citations. */
  private item(item: ResponseOutputItem): void {
    const c = this.#c;
    const gear = c.cyan('⚙');
    const record = item as unknown as Record<string, unknown>;
    switch (item.type) {
      case 'message':
        this.line('', 'thinking');
        this.#citations.forEach((label, i) => {
          this.line(c.dim(`  [${i + 1}] ${label}`));
        });
        this.#citations = [];
        break;
      case 'function_call':
        this.line(`${gear} ${item.name}(${inline(item.arguments)}) ${c.dim(item.call_id)}`, 'thinking');
        break;
      case 'custom_tool_call':
        this.line(`${gear} ${String(record.name)}(${inline(String(record.input ?? ''))})`, 'thinking');
        break;
      case 'web_search_call': {
        const query = (record.action as { query?: unknown } | undefined)?.query;
        this.line(
          `${gear} web_search${typeof query === 'string' ? ` ${inline(JSON.stringify(query))}` : ''}`,
        );
        break;
      }
      case 'file_search_call': {
        const results = Array.isArray(record.results) ? record.results.length : 0;
        const queries = Array.isArray(record.queries) ? record.queries.join(', ') : '';
        const count = results === 0 ? '' : c.dim(` · ${results} result${results === 1 ? '' : 's'}`);
        this.line(`${gear} file_search${queries ? ` ${inline(queries)}` : ''}${count}`);
        break;
      }
      case 'code_interpreter_call': {
        this.line(`${gear} code_interpreter`);
        for (const code of clip(String(record.code ?? ''))) this.line(c.dim(`  │ ${code}`));
        for (const output of (record.outputs as Array<{ type?: string; logs?: string; url?: string }>) ??
          []) {
          if (output.type === 'logs')
            for (const log of clip(output.logs ?? '')) this.line(`  ${c.dim('→')} ${log}`);
          else if (output.type === 'image') this.line(`  ${c.dim('→')} image ${output.url ?? ''}`);
        }
        break;
      }
      case 'mcp_call':
        this.line(
          `${gear} ${String(record.server_label)}.${String(record.name)}(${inline(String(record.arguments ?? ''))})`,
        );
        break;
      case 'image_generation_call':
        this.line(`${gear} image_generation ${c.dim(String(record.status ?? ''))}`);
        break;
    }
  }

  private endThinking(): void {
    if (!this.#thinking) return;
    this.#thinking = false;
    this.line('', 'thinking');
  }

  private write(text: string): void {
    if (text === '') return;
    this.#spinner.stop();
    this.#lines.write(text);
  }

  /** Writes one whole line (an empty one only ends the current line), then spins with `waiting`. */
  private line(text: string, waiting?: string): void {
    this.#spinner.clear();
    this.#lines.newline();
    if (text) this.#lines.write(`${text}\n`);
    if (waiting) this.#spinner.start(waiting);
  }
}

/** One line, at most {@link MAX_INLINE} characters: arguments can be long. */
function inline(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return truncate(flat, MAX_INLINE);
}

function clip(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\n+$/, '').split('\n');
  if (lines.length <= MAX_CODE_LINES) return lines;
  return [...lines.slice(0, MAX_CODE_LINES - 1), `… ${lines.length - MAX_CODE_LINES + 1} more lines`];
}
