import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const BUILTINS = new Set(builtinModules);

/** Records every import of a Node built-in (`node:fs`, `fs`, `fs/promises`) and keeps it out of the bundle. */
function builtinTrap(found: string[]): Plugin {
  return {
    name: 'node-builtin-trap',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.startsWith('node:') ? args.path.slice(5) : args.path;
        if (args.path.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(bare.split('/')[0] ?? '')) {
          found.push(`${args.path} (imported by ${args.importer})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

/** The main entry bundled for a browser, minified, with the given packages left out. */
async function browserBundle(external: string[]) {
  const builtins: string[] = [];
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external,
    plugins: [builtinTrap(builtins)],
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { builtins, code, metafile: result.metafile, gzipped: gzipSync(code, { level: 9 }).length };
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

describe('the main entry in a browser bundle', () => {
  it('pulls in no Node built-in, directly or through a dependency', async () => {
    const { builtins, metafile } = await browserBundle([]);
    expect(builtins).toEqual([]);
    const inputs = Object.keys(metafile.inputs);
    // The check has teeth only if the bundle really holds the library and its dependencies.
    expect(inputs.some((path) => path.endsWith('src/sse/parse.ts'))).toBe(true);
    expect(inputs.some((path) => path.includes('node_modules/ky/'))).toBe(true);
    expect(inputs.some((path) => path.includes('node_modules/rxjs/'))).toBe(true);
  });

  it('notices a Node built-in when one is imported', async () => {
    const builtins: string[] = [];
    await build({
      stdin: { contents: "import { readFile } from 'fs/promises'; import 'node:path'; export { readFile };" },
      bundle: true,
      platform: 'browser',
      write: false,
      logLevel: 'silent',
      plugins: [builtinTrap(builtins)],
    });
    expect(builtins.map((entry) => entry.split(' ')[0])).toEqual(['fs/promises', 'node:path']);
  });

  it('reports its minified and gzipped size', async () => {
    const whole = await browserBundle([]);
    const core = await browserBundle(['rxjs', 'rxjs/*']);
    const own = await browserBundle(['rxjs', 'rxjs/*', 'ky', 'eventsource-parser']);
    console.log(
      [
        'runstream main entry, esbuild --bundle --minify --platform=browser, gzip -9:',
        `  core without rxjs (with ky, eventsource-parser): ${kB(core.code.length)} min, ${kB(core.gzipped)} gzip`,
        `  runstream's own code only:                       ${kB(own.code.length)} min, ${kB(own.gzipped)} gzip`,
        `  everything, rxjs included:                       ${kB(whole.code.length)} min, ${kB(whole.gzipped)} gzip`,
      ].join('\n'),
    );
    expect(core.builtins).toEqual([]);
    expect(own.gzipped).toBeLessThan(core.gzipped);
    expect(core.gzipped).toBeLessThan(whole.gzipped);
  });
});
