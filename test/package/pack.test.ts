import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

// A consumer that uses the public surface the way a user would, so a type error means a broken package.
const consumer = `
import { createClient, parseRunEvents, snapshots, textDeltas, type RunStreamEvent, ValidationError } from 'runstream';
import { startSimulator } from 'runstream/simulator';

function describeEvent(e: RunStreamEvent): string {
  switch (e.event) {
    case 'thread.message.delta':
      return e.data.delta.content?.length ? 'delta' : 'empty';
    case 'thread.run.completed':
      return e.data.status;
    default:
      return e.event;
  }
}

const sim = await startSimulator({ port: 0, tokenDelayMs: 0 });
try {
  const client = createClient({ baseURL: sim.url, apiKey: 'sk-pack-test-0000' });
  const thread = await client.threads.create({ messages: [{ role: 'user', content: 'packed' }] });
  const text: string[] = [];
  await new Promise<void>((done, fail) =>
    client.runs.stream(thread.id, { assistant_id: 'asst_pack' }).pipe(textDeltas()).subscribe({
      next: (t: string) => text.push(t),
      error: fail,
      complete: done,
    }),
  );
  const events: string[] = [];
  parseRunEvents('event: done\\ndata: [DONE]\\n\\n').pipe(snapshots()).subscribe({ complete: () => events.push('ok') });
  console.log(JSON.stringify({ text: text.join(''), events, validation: typeof ValidationError, describe: typeof describeEvent }));
} finally {
  await sim.close();
}
`;

describe('the published package', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'runstream-pack-'));
    await run('npm', ['run', 'build'], { cwd: root });
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], { cwd: root });
    const tarball = (await readdir(scratch)).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack made no tarball');
    await writeFile(
      join(scratch, 'package.json'),
      JSON.stringify({
        name: 'scratch',
        private: true,
        type: 'module',
        dependencies: { runstream: `file:./${tarball}` },
      }),
    );
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: scratch,
    });
    await writeFile(join(scratch, 'consumer.ts'), consumer);
  }, 180_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  for (const [name, compilerOptions] of [
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ] as const) {
    it(`type-checks a consumer with moduleResolution ${name}`, async () => {
      const config = join(scratch, `tsconfig.${name}.json`);
      await writeFile(
        config,
        JSON.stringify({
          compilerOptions: {
            ...compilerOptions,
            target: 'es2022',
            strict: true,
            noEmit: true,
            lib: ['es2023', 'dom'],
            types: [],
          },
          files: ['consumer.ts'],
        }),
      );
      await expect(run(process.execPath, [tsc, '-p', config], { cwd: scratch })).resolves.toBeDefined();
    });
  }

  it('runs from the tarball as ESM against the simulator subpath', async () => {
    const config = join(scratch, 'tsconfig.emit.json');
    await writeFile(
      config,
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          target: 'es2022',
          strict: true,
          outDir: 'out',
          lib: ['es2023', 'dom'],
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    await run(process.execPath, [tsc, '-p', config], { cwd: scratch });
    const { stdout } = await run(process.execPath, [join(scratch, 'out/consumer.js')], { cwd: scratch });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(result.text).toContain('packed');
    expect(result.events).toEqual(['ok']);
    expect(result.validation).toBe('function');
  });

  it('installs a working runstream command', async () => {
    const { stdout } = await run(join(scratch, 'node_modules/.bin/runstream'), ['--help'], { cwd: scratch });
    expect(stdout).toMatch(/run/);
    expect(stdout).toMatch(/replay/);
  });
});
