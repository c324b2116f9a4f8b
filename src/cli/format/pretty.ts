import { truncate } from '../../truncate.js';
import type { Run, RunStatus } from '../../types/run.js';
import type { RunStep, RunStepDeltaEvent, ToolCall } from '../../types/step.js';
import { stripControlSequences } from '../control-sequences.js';
import { type Palette, palette, Spinner, type Terminal } from '../terminal.js';
import type { CliEvent, Formatter, Outcome } from './formatter.js';
import { deltaText, LineWriter } from './text.js';

/** Options of {@link prettyFormatter}. */
export interface PrettyOptions {
  /** Show time to first token and duration in the summary. Default: true; a replay has no timing. */
  timing?: boolean;
  /** The clock of the spinner. Default: `Date.now`. */
  now?: () => number;
}

const STATUS_WORDS: Partial<Record<RunStatus, string>> = {
  queued: 'queued',
  in_progress: 'in progress',
  cancelling: 'cancelling',
};

const MAX_INLINE = 160;
const MAX_CODE_LINES = 12;

/**
 * `--format pretty`, the default on a terminal: status lines, the text as it is written, the
 * tool calls, a spinner while the run is quiet and a one-line summary at the end. Colour only
 * when `terminal.color`; the spinner only on a TTY.
 */
export function prettyFormatter(terminal: Terminal, options: PrettyOptions = {}): Formatter {
  return new PrettyFormatter(terminal, options);
}

class PrettyFormatter implements Formatter {
  readonly #lines: LineWriter;
  readonly #c: Palette;
  readonly #spinner: Spinner;
  readonly #timing: boolean;
  #status: RunStatus | undefined;
  // Code the interpreter is writing, shown as it streams: which call, and how many of its lines.
  #code: { key: string; lines: number } | undefined;
  // The calls (`step:index`) whose code was shown live: their completion shows only the outputs.
  readonly #shownLive = new Set<string>();

  constructor(terminal: Terminal, options: PrettyOptions) {
    this.#lines = new LineWriter(terminal.out);
    this.#c = palette(terminal.color);
    this.#spinner = new Spinner(terminal.out, this.#c, 80, options.now);
    this.#timing = options.timing ?? true;
    this.#spinner.start('connecting');
  }

  event(event: CliEvent): void {
    // Events this version does not know have nothing to show; the rest narrow by name.
    if ('unknown' in event) return;
    const c = this.#c;
    switch (event.event) {
      case 'thread.created':
        this.line(c.dim(`◦ thread ${shown(event.data.id)}`), 'starting');
        break;
      case 'thread.run.created': {
        const run = event.data;
        this.line(
          c.dim(
            `◦ run ${shown(run.id)} · assistant ${shown(run.assistant_id)} · thread ${shown(run.thread_id)}`,
          ),
          'queued',
        );
        this.status(run);
        break;
      }
      case 'thread.run.queued':
      case 'thread.run.in_progress':
      case 'thread.run.cancelling':
        this.status(event.data);
        break;
      case 'thread.run.requires_action':
        this.requiresAction(event.data);
        break;
      case 'thread.run.step.created':
        if (event.data.type === 'tool_calls') this.#spinner.start('calling tools');
        break;
      case 'thread.run.step.delta':
        this.codeDelta(event.data);
        break;
      case 'thread.run.step.completed':
        this.toolCalls(event.data);
        break;
      case 'thread.run.step.failed':
      case 'thread.run.step.cancelled':
      case 'thread.run.step.expired':
        this.stepEnded(event.data);
        break;
      case 'thread.message.created':
        this.line('', 'writing');
        break;
      case 'thread.message.delta':
        this.text(shown(deltaText(event.data)));
        break;
      case 'thread.message.completed':
        this.line('', 'thinking');
        break;
      case 'thread.message.incomplete':
        this.line(c.yellow('◦ message incomplete'), 'thinking');
        break;
    }
  }

  end(outcome: Outcome): void {
    this.#spinner.stop();
    this.#lines.newline();
    if (outcome.run && outcome.error === undefined)
      this.#lines.write(`${this.summary(outcome, outcome.run)}\n`);
  }

  private summary(outcome: Outcome, run: Run): string {
    const c = this.#c;
    const head =
      run.status === 'completed'
        ? c.green(`✔ ${run.status}`)
        : run.status === 'failed' || run.status === 'expired'
          ? c.red(`✖ ${run.status}`)
          : c.yellow(`◼ ${shown(run.status).replace('_', ' ')}`);
    const facts = summaryFacts(outcome, run, this.#timing);
    return facts.length > 0 ? `${head} ${c.dim(`· ${facts.join(' · ')}`)}` : head;
  }

  private status(run: Run): void {
    if (run.status === this.#status) return;
    this.#status = run.status;
    const word = STATUS_WORDS[run.status];
    if (word) this.line(this.#c.dim(`◦ ${word}`), word);
  }

  private requiresAction(run: Run): void {
    this.#status = run.status;
    this.line(this.#c.yellow('⏸ requires action: submit the outputs of'));
    for (const call of run.required_action?.submit_tool_outputs.tool_calls ?? []) {
      this.line(
        `  ${this.#c.cyan('⚙')} ${shown(call.function.name)}(${inline(call.function.arguments)}) ${this.#c.dim(shown(call.id))}`,
      );
    }
  }

  /** Writes the code interpreter's input as it streams, up to {@link MAX_CODE_LINES} lines a call. */
  private codeDelta(delta: RunStepDeltaEvent): void {
    const details = delta.delta.step_details;
    if (details?.type !== 'tool_calls') return;
    for (const call of details.tool_calls ?? []) {
      const input = call.type === 'code_interpreter' ? shown(call.code_interpreter?.input) : undefined;
      if (!input) continue;
      const key = `${delta.id}:${call.index}`;
      if (this.#code?.key !== key) {
        this.line(`${this.#c.cyan('⚙')} code_interpreter`);
        this.#spinner.stop();
        this.#code = { key, lines: 0 };
        this.#shownLive.add(key);
      }
      this.code(input, this.#code);
    }
  }

  private code(input: string, code: { lines: number }): void {
    const pieces = input.split('\n');
    pieces.forEach((piece, n) => {
      if (n > 0) code.lines++;
      if (code.lines > MAX_CODE_LINES) return;
      if (code.lines === MAX_CODE_LINES) {
        this.#lines.newline();
        this.#lines.write(this.#c.dim('  │ …\n'));
        code.lines++;
        return;
      }
      if (n > 0 || this.#lines.atLineStart) {
        this.#lines.newline();
        this.#lines.write(this.#c.dim('  │ '));
      }
      if (piece) this.#lines.write(this.#c.dim(piece));
    });
  }

  private toolCalls(step: RunStep): void {
    if (step.step_details.type !== 'tool_calls') return;
    this.#code = undefined;
    for (const [index, call] of step.step_details.tool_calls.entries()) {
      this.toolCall(call, this.#shownLive.has(`${step.id}:${call.index ?? index}`));
    }
    this.#spinner.start('thinking');
  }

  private toolCall(call: ToolCall, shownLive: boolean): void {
    const c = this.#c;
    const gear = c.cyan('⚙');
    const arrow = c.dim('→');
    if (call.type === 'function') {
      const output = call.function.output === null ? '' : ` ${arrow} ${inline(call.function.output)}`;
      this.line(`${gear} ${shown(call.function.name)}(${inline(call.function.arguments)})${output}`);
    } else if (call.type === 'code_interpreter') {
      if (!shownLive) {
        this.line(`${gear} code_interpreter`);
        for (const code of clip(call.code_interpreter.input)) this.line(c.dim(`  │ ${code}`));
      }
      for (const output of call.code_interpreter.outputs) {
        if (output.type === 'image') this.line(`  ${arrow} image ${shown(output.image.file_id)}`);
        else for (const log of clip(output.logs)) this.line(`  ${arrow} ${log}`);
      }
    } else {
      // Results come only with `include`; an empty list means "not asked for", not "none found".
      const found = call.file_search.results?.length ?? 0;
      const count = found === 0 ? '' : c.dim(` · ${found} result${found === 1 ? '' : 's'}`);
      this.line(`${gear} file_search${count}`);
    }
  }

  private stepEnded(step: RunStep): void {
    const why = step.last_error ? `: ${inline(step.last_error.message)}` : '';
    this.line(this.#c.red(`✖ step ${shown(step.id)} ${shown(step.status)}${why}`), 'thinking');
  }

  private text(text: string): void {
    if (text === '') return;
    this.#spinner.stop();
    this.#lines.write(text);
    // A spinner can only share a line with nothing: it redraws from the line's start.
    if (this.#lines.atLineStart) this.#spinner.start('writing');
  }

  /** Writes one whole line (an empty one only ends the current line), then spins with `waiting`. */
  private line(text: string, waiting?: string): void {
    this.#spinner.clear();
    this.#lines.newline();
    if (text) this.#lines.write(`${text}\n`);
    if (waiting) this.#spinner.start(waiting);
  }
}

/** `123 tokens`, `first token 45 ms`, `0.8 s`: what the summary line says after the status. */
function summaryFacts(outcome: Outcome, run: Run | undefined, timing: boolean): string[] {
  const facts: string[] = [];
  if (run?.usage) facts.push(`${run.usage.total_tokens} tokens`);
  if (timing && outcome.firstTokenAt !== undefined) {
    facts.push(`first token ${Math.round(outcome.firstTokenAt - outcome.startedAt)} ms`);
  }
  if (timing) facts.push(`${((outcome.endedAt - outcome.startedAt) / 1000).toFixed(1)} s`);
  return facts;
}

/** One line, at most {@link MAX_INLINE} characters: arguments and outputs can be long. */
function inline(text: string): string {
  const flat = shown(text).replace(/\s*\n\s*/g, ' ');
  return truncate(flat, MAX_INLINE);
}

function clip(text: string): string[] {
  const lines = shown(text).replace(/\n+$/, '').split('\n');
  if (lines.length <= MAX_CODE_LINES) return lines;
  return [...lines.slice(0, MAX_CODE_LINES - 1), `… ${lines.length - MAX_CODE_LINES + 1} more lines`];
}

/**
 * What the server wrote, safe to show: without the control sequences that would drive the
 * terminal (every string of an event passes here before it is written).
 */
function shown<T extends string | undefined>(text: T): T {
  return (text === undefined ? text : stripControlSequences(text)) as T;
}
