import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How a child process ended and what it printed. */
export interface ChildResult {
  code: number | string;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript script of this folder in a fresh Node process (through tsx) and resolves
 * when it exits, or kills it after `limitMs` and says so in `code`.
 */
export function runScript(
  script: string,
  args: string[],
  options: { limitMs: number; nodeArgs?: string[] },
): Promise<ChildResult> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // No OPENAI_* variables from the developer's shell leak into what the child does.
    env: { PATH: process.env.PATH ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => {
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: `still running after ${options.limitMs} ms`, stdout, stderr });
    }, options.limitMs);
    child.once('close', (code) => {
      clearTimeout(limit);
      resolve({ code: code ?? 'killed', stdout, stderr });
    });
  });
}
