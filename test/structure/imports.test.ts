import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The floors of CONTRIBUTING.md, read off the source: an import may go down or stay on its
// floor, never up, and no chain of imports may come back to where it started.

const src = resolve(import.meta.dirname, '../../src');

/** A file's floor: the first rule that matches its path below src/ decides. */
const FLOORS: Array<[RegExp, number, string]> = [
  [/^(index|responses\/index)\.ts$/, 9, 'entry'],
  [/^(types\/|accumulate\/|truncate\.ts$|timers\.ts$|nearest-name\.ts$)/, 0, 'types and leaves'],
  [/^errors(\.ts$|\/)/, 1, 'errors'],
  [/^(sse\/|responses\/(parse|event-shape)\.ts$)/, 2, 'sse'],
  [/^(client\/|responses\/(rules|validate)\.ts$)/, 3, 'client'],
  [/^(operators\/|responses\/)/, 4, 'operators'],
  [/^relay\//, 5, 'relay'],
  [/^(redis|simulator)\//, 6, 'redis, simulator'],
  [/^cli\//, 7, 'cli'],
];

function floorOf(file: string): { floor: number; name: string } {
  for (const [pattern, floor, name] of FLOORS) if (pattern.test(file)) return { floor, name };
  throw new Error(`${file} is on no floor: place it in CONTRIBUTING.md and in FLOORS`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import and re-export of each file (type-only ones too), as paths below src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of sourceFiles(src)) {
    const text = readFileSync(path, 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(/\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(path), match[1] as string).replace(/\.js$/, '.ts');
      targets.push(relative(src, target));
    }
    graph.set(relative(src, path), targets);
  }
  return graph;
}

describe('the import floors', () => {
  const graph = importGraph();

  it('holds every file of src/ on a floor', () => {
    for (const file of graph.keys()) expect(() => floorOf(file)).not.toThrow();
  });

  it('has no import that runs up a floor', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = floorOf(file);
      for (const target of targets) {
        const to = floorOf(target);
        if (to.floor > from.floor) upward.push(`${file} (${from.name}) → ${target} (${to.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      path.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === 'open')
          cycles.push([...path.slice(path.indexOf(target)), target].join(' → '));
        else if (!state.has(target)) visit(target);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
