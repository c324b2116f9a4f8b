import type { Observable } from 'rxjs';
import type { CliContext } from '../command.js';
import { exitCodeFor } from '../exit-codes.js';
import { reasonFor } from '../failure.js';
import { type CliEvent, createFormatter, type FormatName, type Outcome } from '../format/index.js';
import { renderRun } from '../render.js';

/** How {@link showRun} presents a run. */
export interface ShowOptions {
  format: FormatName;
  /** False for a replay: its timing would be the disk's, not the server's. */
  timing: boolean;
  /** The server, named in the line for a 404 from a server without the Assistants API. */
  baseURL?: string;
}

/** What `--simulator` suggests to a user whose server has no Assistants API. */
const INSTEAD = 'or pass --simulator to try runstream without a server';

/**
 * Shows a run's events in `format`, then the one-line reason on stderr unless it completed.
 * Resolves with the exit status and the outcome; Ctrl-C stops it.
 */
export async function showRun(
  events$: Observable<CliEvent>,
  context: CliContext,
  options: ShowOptions,
): Promise<{ code: number; outcome: Outcome }> {
  const formatter = createFormatter(options.format, context.terminal, options.timing);
  const outcome = await renderRun(events$, formatter, { signal: context.interrupt });
  const reason = reasonFor(outcome, options.baseURL, INSTEAD);
  if (reason) context.terminal.err.write(`runstream: ${reason}\n`);
  return { code: exitCodeFor(outcome), outcome };
}
