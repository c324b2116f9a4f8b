import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every `@example` in a doc comment of src/ is type-checked as a user would write it: with the
// names it uses from 'runstream', 'runstream/simulator' and 'rxjs' imported, and a few obvious
// names of its surroundings declared (a client, ids, a stream of events). An example that does not
// compile against the real types is a broken promise to the reader.

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');

/** What an example may use without making it itself, as a reader would assume it exists. */
const SURROUNDINGS: Record<string, string> = {
  client: "import('runstream').RunstreamClient",
  threadId: 'string',
  runId: 'string',
  assistantId: 'string',
  apiKey: 'string',
  events$: "import('rxjs').Observable<import('runstream').RunStreamEvent>",
  response$: "import('rxjs').Observable<import('runstream/responses').ResponseStreamEvent>",
  run$: "import('rxjs').Observable<import('runstream').RunStreamEvent>",
  params: "import('runstream').RunCreateParams",
  handlers: "import('runstream').ToolHandlers",
  render: '(value: unknown) => void',
};

interface Example {
  file: string;
  line: number;
  code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The ```ts blocks after `@example` in the doc comments of `file`. */
function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const examples: Example[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const body = comment[0]
      .split('\n')
      .map((line) => line.replace(/^\s*\/?\*+\/?\s?/, ''))
      .join('\n');
    const at = body.indexOf('@example');
    if (at === -1) continue;
    for (const block of body.slice(at).matchAll(/```ts\n([\s\S]*?)```/g)) {
      const before = text.slice(0, (comment.index ?? 0) + comment[0].indexOf(block[1] as string));
      examples.push({
        file: relative(root, file),
        line: before.split('\n').length,
        code: block[1] as string,
      });
    }
  }
  return examples;
}

/** The names each module exports, values and types alike, read off the compiled program. */
function exportsOf(program: ts.Program, modules: Record<string, string>): Map<string, string> {
  const checker = program.getTypeChecker();
  const owner = new Map<string, string>();
  for (const [specifier, path] of Object.entries(modules)) {
    const source = program.getSourceFile(path);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) throw new Error(`cannot read the exports of ${specifier}`);
    for (const exported of checker.getExportsOfModule(symbol)) {
      if (!owner.has(exported.name)) owner.set(exported.name, specifier);
    }
  }
  return owner;
}

/**
 * The example as a module: its own imports, then imports and declarations for the names it only
 * uses. A name the public entries lack comes from the example's own file (an internal helper's
 * example shows that helper).
 */
function asModule(example: Example, owner: ReadonlyMap<string, string>, local: ReadonlySet<string>): string {
  const code = example.code;
  const own = new Set<string>();
  for (const match of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const name of (match[1] as string).split(',')) {
      const local = name
        .replace(/\btype\b/, '')
        .split(/\bas\b/)
        .at(-1)
        ?.trim();
      if (local) own.add(local);
    }
  }
  for (const match of code.matchAll(
    /\b(?:const|let|var|function|class|interface|type)\s+([A-Za-z_$][\w$]*)/g,
  )) {
    own.add(match[1] as string);
  }
  for (const match of code.matchAll(/\b(?:const|let|var)\s+\{([^}]*)\}/g)) {
    for (const name of (match[1] as string).split(',')) own.add(name.split(':').at(-1)?.trim() ?? '');
  }
  const used = new Set(code.replace(/(['"`]).*?\1/g, '').match(/[A-Za-z_$][\w$]*/g) ?? []);
  const imports = new Map<string, string[]>();
  const declared: string[] = [];
  for (const name of used) {
    if (own.has(name)) continue;
    const from = owner.get(name) ?? (local.has(name) ? `./${example.file.replace(/\.ts$/, '')}` : undefined);
    if (from) imports.set(from, [...(imports.get(from) ?? []), name]);
    else if (SURROUNDINGS[name]) declared.push(`declare const ${name}: ${SURROUNDINGS[name]};`);
  }
  const lines = [...imports].map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`);
  return [...lines, ...declared, code, 'export {};'].join('\n');
}

describe('the doc comments of the public surface', () => {
  it('give every export of runstream and runstream/simulator a description and an example', () => {
    const entries = [
      join(src, 'index.ts'),
      join(src, 'simulator/index.ts'),
      join(src, 'redis/index.ts'),
      join(src, 'responses/index.ts'),
    ];
    const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, strict: true });
    const checker = program.getTypeChecker();
    const lacking: string[] = [];
    for (const entry of entries) {
      const module = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile);
      for (const exported of checker.getExportsOfModule(module as ts.Symbol)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        const declaration = symbol.declarations?.[0];
        const tags = declaration ? ts.getJSDocTags(declaration).map((tag) => tag.tagName.text) : [];
        if (symbol.getDocumentationComment(checker).length === 0 || !tags.includes('example')) {
          lacking.push(`${exported.name} (${relative(root, declaration?.getSourceFile().fileName ?? '?')})`);
        }
      }
    }
    expect(lacking).toEqual([]);
  });
});

describe('the examples in the doc comments', () => {
  it('compile against the public types, each as a user would write it', () => {
    const examples = sourceFiles(src).flatMap(examplesOf);
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      baseUrl: root,
      paths: {
        runstream: ['src/index.ts'],
        'runstream/simulator': ['src/simulator/index.ts'],
        'runstream/redis': ['src/redis/index.ts'],
        'runstream/responses': ['src/responses/index.ts'],
      },
    };
    const modules = {
      runstream: join(src, 'index.ts'),
      'runstream/simulator': join(src, 'simulator/index.ts'),
      'runstream/redis': join(src, 'redis/index.ts'),
      'runstream/responses': join(src, 'responses/index.ts'),
      rxjs: ts.resolveModuleName('rxjs', join(root, 'index.ts'), options, ts.sys).resolvedModule
        ?.resolvedFileName as string,
    };
    const sources = ts.createProgram([...Object.values(modules), ...sourceFiles(src)], options);
    const owner = exportsOf(sources, modules);
    // Examples of the Responses API take a name both entries export (`snapshots`, `textDeltas`…) from runstream/responses.
    const { 'runstream/responses': responsesEntry, ...otherModules } = modules;
    const responsesOwner = exportsOf(sources, { 'runstream/responses': responsesEntry, ...otherModules });
    const ownerOf = (example: Example) => (/responses/.test(example.file) ? responsesOwner : owner);
    const locals = new Map(
      sourceFiles(src).map((file) => [
        relative(root, file),
        new Set(exportsOf(sources, { [file]: file }).keys()),
      ]),
    );
    const files = new Map(examples.map((example, n) => [join(root, `doc-example-${n}.ts`), example]));
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (path) => {
      const example = files.get(path);
      return example
        ? asModule(example, ownerOf(example), locals.get(example.file) ?? new Set())
        : readFile(path);
    };
    host.fileExists = (
      (exists) => (path: string) =>
        files.has(path) || exists(path)
    )(host.fileExists.bind(host));
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && files.has(diagnostic.file.fileName))
      .map((diagnostic) => {
        const example = files.get(diagnostic.file?.fileName ?? '') as Example;
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
        return `${example.file}:${example.line}: ${message}`;
      });
    expect(examples.length).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  }, 60_000);
});
