import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import type { Action, CliContext } from './command.js';
import { registerReplay } from './commands/replay.js';
import { registerRespond } from './commands/respond.js';
import { registerRun } from './commands/run.js';
import { EXIT, EXIT_CODES_HELP, exitCodeForError } from './exit-codes.js';
import { describeError } from './failure.js';

// The same path from src/cli and dist/cli.
const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * Parses `argv` (without `node` and the script) and runs the command; resolves with the exit
 * status. Usage errors are one line on stderr and status 2; nothing throws out of here.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  let action: Action | undefined;
  const program = createProgram(context, (next) => {
    action = next;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.completed : EXIT.usage;
    throw error;
  }
  if (!action) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    return await action();
  } catch (error) {
    context.terminal.err.write(`runstream: ${describeError(error)}\n`);
    return exitCodeForError(error);
  }
}

function createProgram(context: CliContext, schedule: (action: Action) => void): Command {
  const { terminal } = context;
  const program = new Command('runstream')
    .description('Stream, record and replay runs of the Assistants API.')
    .version(VERSION, '-V, --version')
    .helpOption('-h, --help', 'show help for a command')
    .configureOutput({
      writeOut: (text) => terminal.out.write(text),
      writeErr: (text) => terminal.err.write(text),
      // Commander's messages start with "error:"; say whose error it is, and point at --help.
      outputError: (text, write) =>
        write(`runstream: ${text.replace(/^error: /, '').trimEnd()} (see --help)\n`),
    })
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`);
  program.helpCommand(false);
  registerRun(program, context, schedule);
  registerRespond(program, context, schedule);
  registerReplay(program, context, schedule);
  return program;
}
