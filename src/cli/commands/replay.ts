import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import { catchError, throwError } from 'rxjs';
import { StreamInterruptedError } from '../../errors.js';
import { parseRunEvents } from '../../sse/parse.js';
import { type Action, type CliContext, formatOption } from '../command.js';
import { UsageError } from '../errors.js';
import { defaultFormat, type FormatName } from '../format/index.js';
import { peekRecording, replayResponses } from './replay-responses.js';
import { showRun } from './show.js';

/** Flags of `runstream replay`. */
interface ReplayFlags {
  format?: FormatName;
}

export function registerReplay(
  program: Command,
  context: CliContext,
  schedule: (action: Action) => void,
): void {
  program
    .command('replay')
    .description('play back a recorded run (server-sent events, e.g. from `run --format sse`) in any format')
    .argument('<file>', 'the recording, or - to read standard input')
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
The exit status is the recorded run's, as if it ran now (see runstream --help).

Examples:
  runstream run --assistant asst_abc --message "Hi" --format sse > run.sse
  runstream replay run.sse
  cat run.sse | runstream replay - --format ndjson | jq -c 'select(.event == "thread.run.completed") | .data.usage'`,
    )
    .action((file: string, flags: ReplayFlags) => schedule(() => replay(file, flags, context)));
}

async function replay(file: string, flags: ReplayFlags, context: CliContext): Promise<number> {
  const format = flags.format ?? defaultFormat(context.terminal);
  const recording = file === '-' ? context.stdin : await openRecording(file);
  const { responses, source } = await peekRecording(recording);
  if (responses) return replayResponses(source, format, context);
  // ndjson and sse keep what they do not understand, so a re-recording loses nothing.
  const keepUnknown = format === 'ndjson' || format === 'sse';
  const parsed = keepUnknown ? parseRunEvents(source, { unknownEvents: 'emit' }) : parseRunEvents(source);
  const events$ = parsed.pipe(catchError((error: unknown) => throwError(() => notARecording(file, error))));
  return (await showRun(events$, context, { format, timing: false })).code;
}

/**
 * A file that ended before any run event is no recording: say so, naming the file, rather than
 * pass on the parser's advice to retrieve a run that a file does not have.
 */
function notARecording(file: string, error: unknown): unknown {
  if (!(error instanceof StreamInterruptedError) || error.lastEvent !== null) return error;
  const name = file === '-' ? 'standard input' : file;
  return new UsageError(
    `cannot replay ${name}: it holds no run event; expected the server-sent events of a run (event: thread.run.created, data: {…}), as \`runstream run --format sse > run.sse\` records them`,
  );
}

async function openRecording(file: string): Promise<AsyncIterable<Uint8Array>> {
  try {
    const handle = await open(file);
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw new UsageError(`cannot replay ${file}: it is a directory, not a recording`);
    }
    return handle.createReadStream();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`,
    );
  }
}
