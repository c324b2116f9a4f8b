import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Terminal, Writer } from '../../src/cli/terminal.js';

/** A writer that keeps what was written, for asserting on a formatter's output. */
export interface CaptureWriter extends Writer {
  text: string;
}

export function captureWriter(isTTY = false): CaptureWriter {
  const writer = {
    text: '',
    isTTY,
    write(text: string) {
      writer.text += text;
    },
  };
  return writer;
}

export function captureTerminal(options: { isTTY?: boolean; color?: boolean } = {}): Terminal & {
  out: CaptureWriter;
  err: CaptureWriter;
} {
  return { out: captureWriter(options.isTTY), err: captureWriter(false), color: options.color ?? false };
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starting Node on a busy machine can take seconds: tests that wait on whole programs allow for it. */
export const SPAWN_TIMEOUT = 60_000;

/** What a spawned command did. */
export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A TypeScript entry bundled into one ESM file that plain Node runs; `remove()` deletes it. */
export interface Bundle {
  readonly file: string;
  remove(): Promise<void>;
}

/**
 * Bundles `entry` (our source only; packages stay imports of node_modules) into test/artifacts/,
 * two levels below the root like `dist/cli/`, so that paths relative to the file still hold.
 * Each spawn then costs a plain Node start instead of a TypeScript loader on every module.
 */
export async function bundle(entry: string): Promise<Bundle> {
  const file = join(
    ROOT,
    'test/artifacts',
    `${basename(entry, '.ts')}-${process.pid}-${randomUUID().slice(0, 8)}.mjs`,
  );
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile: file,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return { file, remove: () => rm(file, { force: true }) };
}

/**
 * Runs `node …args` as a user would: a separate process in the repository's root, with only the
 * environment given (nothing from this process's OPENAI_* variables), stdin fed from `input`.
 */
export function spawnNode(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** No escape sequences, no stack frames: what a person should see on stderr. */
export function isOneLine(text: string): boolean {
  return /^[^\n]+\n$/.test(text) && !/\n\s+at /.test(text);
}
