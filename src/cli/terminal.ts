import { heldForSecret, redact, SHORTEST_REDACTED } from '../client/redact.js';

/** Where a formatter writes: stdout in the command, a string buffer in tests. */
export interface Writer {
  write(text: string): void;
  /** True when a person is watching: spinners and colours are allowed. */
  readonly isTTY: boolean;
}

/** The two outputs of a command and whether it may colour them. */
export interface Terminal {
  readonly out: Writer;
  readonly err: Writer;
  readonly color: boolean;
}

type Env = Record<string, string | undefined>;

/**
 * Colour only for a terminal, never with `NO_COLOR` (https://no-color.org: any non-empty value);
 * `FORCE_COLOR` asks for it when output is piped (to a pager, say).
 */
function colorEnabled(isTTY: boolean, env: Env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}

const KEY_VARIABLES = ['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY'] as const;

/** The API keys the environment holds: nothing the command writes may contain them. */
function secretsOf(env: Env): string[] {
  return KEY_VARIABLES.map((name) => env[name]).filter((key): key is string => Boolean(key));
}

/** Wraps a Node stream; every write has the keys removed, whatever the server sent. */
function streamWriter(stream: NodeJS.WriteStream, secrets: readonly string[]): Writer {
  const redacting = redactingWriter((text) => void stream.write(text), secrets);
  // Output ends with a newline, which releases anything held; this covers an exit mid-line.
  process.once('exit', redacting.flush);
  return { write: redacting.write, isTTY: stream.isTTY === true };
}

/**
 * Passes text on to `write` with every run of eight or more characters of a secret replaced
 * (the key, a prefix, any fragment a server echoed), also one that arrives split over several
 * writes (a server streaming it back token by token): an ending that could be the start of such a
 * run is held until the next write shows whether it is. `flush` releases what is held.
 *
 * @example
 * ```ts
 * const out = redactingWriter((text) => process.stdout.write(text), [apiKey]);
 * out.write('key: sk-ab');
 * out.write('c123…');
 * out.flush();
 * ```
 */
export function redactingWriter(
  write: (text: string) => void,
  secrets: readonly string[],
): { write(text: string): void; flush(): void } {
  const searched = secrets.filter((secret) => secret.length >= SHORTEST_REDACTED);
  let held = '';
  return {
    write(text) {
      const whole = held + text;
      // No run of a key's characters can cross the cut: the longest one at the end is held whole.
      const keep = Math.max(0, ...searched.map((secret) => heldForSecret(whole, secret)));
      held = whole.slice(whole.length - keep);
      if (whole.length > keep) write(searched.reduce(redact, whole.slice(0, whole.length - keep)));
    },
    flush() {
      if (held) write(searched.reduce(redact, held));
      held = '';
    },
  };
}

/**
 * The one-line warning for each key of the environment too short to redact: it is named, and
 * the output left as it is, rather than every occurrence of its letters removed.
 */
export function shortKeyWarnings(env: Env): string[] {
  return KEY_VARIABLES.flatMap((name) => {
    const key = env[name];
    return key && key.length < SHORTEST_REDACTED
      ? [
          `runstream: warning: ${name} is ${key.length} character${key.length === 1 ? '' : 's'} long, too short to tell apart from ordinary text, so output is not redacted of it\n`,
        ]
      : [];
  });
}

/** The process's terminal, redacting the environment's API keys from everything written. */
export function processTerminal(env: Env = process.env): Terminal {
  const secrets = secretsOf(env);
  const terminal = {
    out: streamWriter(process.stdout, secrets),
    err: streamWriter(process.stderr, secrets),
    color: colorEnabled(process.stdout.isTTY === true, env),
  };
  for (const warning of shortKeyWarnings(env)) terminal.err.write(warning);
  return terminal;
}

/** SGR styles; with colour off each is the identity, so callers never branch on colour. */
export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const plain = (text: string) => text;
const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

export function palette(color: boolean): Palette {
  if (!color) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\x1b[2K';

/**
 * A one-line spinner drawn at the start of an empty line while nothing arrives; only on a TTY.
 * `clear()` erases it before anything else is written, so it never mixes with the output.
 */
export class Spinner {
  #timer: ReturnType<typeof setInterval> | undefined;
  #frame = 0;
  #shown = false;
  #label = '';
  readonly #since: () => number;

  constructor(
    private readonly writer: Writer,
    private readonly colors: Palette,
    private readonly interval = 80,
    now: () => number = Date.now,
  ) {
    const start = now();
    this.#since = () => now() - start;
  }

  /** Starts (or relabels) the spinner; a no-op when the writer is not a terminal. */
  start(label: string): void {
    if (!this.writer.isTTY) return;
    this.#label = label;
    if (this.#timer) return;
    this.#timer = setInterval(() => this.draw(), this.interval);
    // The spinner must never keep the process alive after the run ended.
    this.#timer.unref?.();
  }

  /** Erases the spinner's line if it is drawn; the caller writes next. */
  clear(): void {
    if (!this.#shown) return;
    this.writer.write(CLEAR_LINE);
    this.#shown = false;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.clear();
  }

  private draw(): void {
    const frame = FRAMES[this.#frame++ % FRAMES.length];
    const seconds = (this.#since() / 1000).toFixed(1);
    this.writer.write(
      `${CLEAR_LINE}${this.colors.cyan(frame ?? '')} ${this.colors.dim(`${this.#label}… ${seconds} s`)}`,
    );
    this.#shown = true;
  }
}
