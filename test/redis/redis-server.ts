import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

const INSTALL = 'apt-get install -y redis-server (Debian/Ubuntu) or brew install redis (macOS)';

/** Whether `redis-server` can be run here; with CI=true its absence fails the run instead. */
export function redisAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found && process.env.CI === 'true') {
    throw new Error(`redis-server is missing and CI=true: the Redis suite must run. Install it: ${INSTALL}`);
  }
  if (!found) {
    const line = '!'.repeat(78);
    console.warn(
      `\n${line}\n!! THE REDIS SUITE DID NOT RUN: redis-server is not installed.\n!! Install it (${INSTALL}) and run it again; CI=true makes this a failure.\n${line}\n`,
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own, on a free port, persistence off. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const process_ = spawn(
      'redis-server',
      ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = process_;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      process_.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      process_.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)),
      );
    });
  };
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, start, stop: kill };
}
