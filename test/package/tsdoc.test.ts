import { join, relative, resolve, sep } from 'node:path';
import { Application, Logger, LogLevel, TSConfigReader, TypeDocReader } from 'typedoc';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The API docs are the doc comments of the public surface, so their tags are checked as the
// compiler sees them: every function, method, constructor and function-valued field reachable
// from a package entry names each parameter with `@param name - …` and says what it gives back
// with `@returns`; every field of a class or of a non-wire interface says what it is; an option
// whose default lives in a `*_DEFAULTS` object carries `@default`, and none writes "Default:" in
// prose. The wire types (src/types/) mirror the API reference field by field, so their fields may
// stay without a comment of their own. Then typedoc builds the API docs, as `npm run docs` does,
// and any warning (a broken link, an export without a comment) fails.

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');
const ENTRIES = ['index.ts', 'responses/index.ts', 'simulator/index.ts', 'redis/index.ts'].map((entry) =>
  join(src, entry),
);

/** Each defaults object and the options interfaces whose fields it gives the defaults of. */
const DEFAULTS_OF: Record<string, readonly string[]> = {
  CLIENT_DEFAULTS: ['ClientOptions'],
  RELAY_DEFAULTS: ['ServerSentEventsOptions', 'RelayConfig'],
  SIMULATOR_DEFAULTS: ['SimulatorOptions'],
};

interface Finding {
  file: string;
  what: string;
}

const isWire = (file: string) => file.startsWith(`src${sep}types${sep}`) || file.startsWith('src/types/');

function tagsOf(nodes: readonly ts.Node[]): readonly ts.JSDocTag[] {
  return nodes.flatMap((node) => [...ts.getJSDocTags(node)]);
}

/** Hidden from the API docs (`excludeInternal` in typedoc.json), so not held to them. */
function isInternal(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal');
}

function paramName(tag: ts.JSDocParameterTag): string {
  return ts.isIdentifier(tag.name) ? tag.name.text : tag.name.getText();
}

function isVoidish(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never)) return true;
  if (type.isUnion()) return type.types.every((member) => isVoidish(checker, member));
  if (type.getSymbol()?.name === 'Promise') {
    const [inner] = checker.getTypeArguments(type as ts.TypeReference);
    return inner !== undefined && isVoidish(checker, inner);
  }
  return false;
}

/** What the doc comments of the exports of `entries` lack, one finding per missing tag or comment. */
function findings(program: ts.Program, entries: readonly string[]): Finding[] {
  const checker = program.getTypeChecker();
  const found: Finding[] = [];
  const seen = new Set<ts.Node>();
  const seenSignatures = new Set<ts.Node>();
  const fileOf = (node: ts.Node) => relative(root, node.getSourceFile().fileName);
  const inSrc = (node: ts.Node) => !relative(src, node.getSourceFile().fileName).startsWith('..');
  const report = (node: ts.Node, what: string) => found.push({ file: fileOf(node), what });

  /** `@param` for each parameter, none for a parameter it lacks, `@returns` unless it gives nothing. */
  function checkSignature(signature: ts.Signature, name: string, docNodes: readonly ts.Node[]): void {
    const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
    if (!declaration || !inSrc(declaration) || seenSignatures.has(declaration) || isInternal(declaration))
      return;
    seenSignatures.add(declaration);
    const tags = tagsOf([declaration, ...docNodes]);
    const documented = new Set(tags.filter(ts.isJSDocParameterTag).map(paramName));
    for (const tag of tags) {
      const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
      if (ts.isJSDocParameterTag(tag) && !/^- \S/.test(text)) {
        report(
          declaration,
          `${name}: @param \`${paramName(tag)}\` is not written \`@param name - what it is\``,
        );
      }
      if (tag.tagName.text === 'returns' && !text.trim()) report(declaration, `${name}: an empty @returns`);
    }
    const parameters = declaration.parameters.filter(
      (parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === 'this'),
    );
    for (const parameter of parameters) {
      const parameterName = ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
      if (parameterName && !documented.has(parameterName)) {
        report(declaration, `${name}: no @param for \`${parameterName}\``);
      }
    }
    const names = new Set(parameters.map((parameter) => parameter.name.getText()));
    const destructured = parameters.some((parameter) => !ts.isIdentifier(parameter.name));
    for (const tagged of documented) {
      const top = tagged.split('.')[0] as string;
      if (!names.has(top) && !destructured)
        report(declaration, `${name}: @param \`${tagged}\` names no parameter`);
    }
    const isConstructor =
      ts.isConstructorDeclaration(declaration) || ts.isConstructSignatureDeclaration(declaration);
    const gives = checker.getReturnTypeOfSignature(signature);
    if (!isConstructor && !isVoidish(checker, gives) && !tags.some((tag) => tag.tagName.text === 'returns')) {
      report(declaration, `${name}: no @returns`);
    }
  }

  /** A field's comment, and the tags of its own signatures when its value is a function. */
  function checkMember(member: ts.Symbol, owner: string, wire: boolean): void {
    const declaration = member.valueDeclaration ?? member.declarations?.[0];
    if (!declaration || !inSrc(declaration)) return;
    const modifiers = ts.getCombinedModifierFlags(declaration as ts.Declaration);
    if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || member.name.startsWith('#'))
      return;
    if (isInternal(declaration)) return;
    const name = `${owner}.${checker.symbolToString(member)}`;
    const documented = member.getDocumentationComment(checker).length > 0;
    // An error class's `override name = 'XError'` says what it is by its value.
    const errorName = member.name === 'name' && modifiers & ts.ModifierFlags.Override;
    if (!documented && !wire && !errorName && !seen.has(declaration)) {
      report(declaration, `${name}: no doc comment`);
    }
    const prose = ts
      .getJSDocCommentsAndTags(declaration)
      .some((doc) => ts.isJSDoc(doc) && /\bDefault:/.test(ts.getTextOfJSDocComment(doc.comment) ?? ''));
    if (prose && !seen.has(declaration)) report(declaration, `${name}: a default in prose; use @default`);
    seen.add(declaration);
    const type = checker.getTypeOfSymbolAtLocation(member, declaration);
    for (const signature of type.getCallSignatures()) checkSignature(signature, name, [declaration]);
    // A field holding an object literal type (`client.threads.messages`) has members of its own.
    if (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) {
      const typeNode = declaration.type;
      if (typeNode && ts.isTypeLiteralNode(typeNode)) {
        for (const inner of checker.getPropertiesOfType(type)) checkMember(inner, name, wire);
      }
    }
  }

  function checkExport(symbol: ts.Symbol, name: string): void {
    const declarations = (symbol.declarations ?? []).filter(inSrc);
    const [declaration] = declarations;
    if (!declaration) return;
    const wire = isWire(fileOf(declaration));
    if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) {
      const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
      for (const signature of type.getCallSignatures()) checkSignature(signature, name, [declaration]);
    }
    if (symbol.flags & ts.SymbolFlags.Class) {
      const statics = checker.getTypeOfSymbolAtLocation(symbol, declaration);
      for (const signature of statics.getConstructSignatures()) checkSignature(signature, `new ${name}`, []);
      for (const member of checker.getPropertiesOfType(statics)) {
        if (member.name !== 'prototype') checkMember(member, name, wire);
      }
      for (const member of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
        checkMember(member, name, wire);
      }
    }
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      for (const signature of type.getCallSignatures()) checkSignature(signature, name, declarations);
      if (!type.isUnion() && type.flags & ts.TypeFlags.Object) {
        for (const member of checker.getPropertiesOfType(type)) checkMember(member, name, wire);
      }
    }
  }

  // By symbol, not name: both entries export a `handleToolCalls`, `snapshots` and `textDeltas` of their own.
  const exported = new Map<ts.Symbol, string>();
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile);
    for (const symbol of checker.getExportsOfModule(module as ts.Symbol)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (!exported.has(target)) exported.set(target, symbol.name);
    }
  }
  for (const [symbol, name] of exported) checkExport(symbol, name);

  const byName = (name: string) => [...exported].find(([, exportedName]) => exportedName === name)?.[0];
  for (const [defaults, interfaces] of Object.entries(DEFAULTS_OF)) {
    for (const options of interfaces) {
      const values = byName(defaults);
      const fields = byName(options);
      if (!values || !fields) {
        found.push({ file: 'src', what: `${defaults} or ${options} is not exported` });
        continue;
      }
      const fieldType = checker.getDeclaredTypeOfSymbol(fields);
      for (const value of checker.getPropertiesOfType(checker.getTypeOfSymbol(values))) {
        const declaration = fieldType.getProperty(value.name)?.valueDeclaration;
        if (declaration && !ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'default')) {
          report(declaration, `${options}.${value.name}: no @default (${defaults} has one)`);
        }
      }
    }
  }
  return found;
}

function programOf(entries: readonly string[], host?: ts.CompilerHost): ts.Program {
  return ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, strict: true, noEmit: true }, host);
}

describe('the TSDoc tags of the public surface', () => {
  it('document every parameter, return value, field and default of every export', () => {
    const lacking = findings(programOf(ENTRIES), ENTRIES).map(
      (finding) => `${finding.file}: ${finding.what}`,
    );
    expect(lacking).toEqual([]);
  }, 60_000);

  it('build into the API docs (npm run docs) without a warning: a broken link or an undocumented export', async () => {
    const app = await Application.bootstrapWithPlugins({ options: join(root, 'typedoc.json') }, [
      new TypeDocReader(),
      new TSConfigReader(),
    ]);
    const warnings: string[] = [];
    app.logger = new (class extends Logger {
      override log(message: string, level: LogLevel): void {
        if (level >= LogLevel.Warn) warnings.push(message);
      }
    })();
    const project = await app.convert();
    if (project) app.validate(project);
    expect(warnings).toEqual([]);
    expect(project?.children?.map((module) => module.name).sort()).toEqual([
      'index',
      'redis',
      'responses',
      'simulator',
    ]);
  }, 60_000);

  it('finds a missing, stale or malformed @param, a missing @returns, a field without a comment and a missing @default', () => {
    const fixture = join(src, '__tsdoc_fixture__.ts');
    const text = `
      /** Options. */
      export interface ClientOptions {
        /** Retries. */
        maxRetries?: number;
        /** Pause. Default: 5. */
        pauseMs?: number;
      }
      /** Defaults. */
      export const CLIENT_DEFAULTS = { maxRetries: 2 } as const;
      /**
       * Adds.
       *
       * @param a - One.
       * @param c - None such.
       */
      export function add(a: number, b: number): number { return a + b; }
      /**
       * Scales.
       *
       * @param factor Without the hyphen.
       * @returns
       */
      export function scale(factor: number): number { return factor * 2; }
      /** A thing with an undocumented field. */
      export class Thing {
        /** Made. @param size - How big. */
        constructor(size: number) { this.size = size; }
        readonly size: number;
        /** Nothing back. */
        clear(): void {}
      }
      /** A box. */
      export interface Box {
        /** Puts one in. */
        put(item: string): number;
      }
    `;
    const host = ts.createCompilerHost({});
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (path, language) =>
      path === fixture ? ts.createSourceFile(path, text, language, true) : getSourceFile(path, language);
    host.fileExists = (
      (exists) => (path: string) =>
        path === fixture || exists(path)
    )(host.fileExists.bind(host));
    const what = findings(programOf([fixture], host), [fixture]).map((finding) => finding.what);
    expect(what).toEqual(
      expect.arrayContaining([
        'add: no @param for `b`',
        'add: @param `c` names no parameter',
        'add: no @returns',
        'Thing.size: no doc comment',
        'ClientOptions.pauseMs: a default in prose; use @default',
        'ClientOptions.maxRetries: no @default (CLIENT_DEFAULTS has one)',
        'Box.put: no @param for `item`',
        'Box.put: no @returns',
        'scale: @param `factor` is not written `@param name - what it is`',
        'scale: an empty @returns',
      ]),
    );
    expect(what).not.toContain('Thing.clear: no @returns');
    expect(what.filter((line) => line.startsWith('new Thing'))).toEqual([]);
  });
});
