#!/usr/bin/env node
import { Interrupted } from './errors.js';
import { runCli } from './program.js';
import { processTerminal } from './terminal.js';

// `runstream … | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit();
  throw error;
});

const interrupt = new AbortController();
const onInterrupt = () => interrupt.abort(new Interrupted());
process.once('SIGINT', onInterrupt);

process.exitCode = await runCli(process.argv.slice(2), {
  terminal: processTerminal(process.env),
  env: process.env,
  stdin: process.stdin,
  interrupt: interrupt.signal,
});
// A second Ctrl-C should not be swallowed once the command is done.
process.removeListener('SIGINT', onInterrupt);
