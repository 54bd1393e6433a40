// Type-level tests: the fixture against the real @google-cloud types, and every ```ts block of the README, compiled by TypeScript.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = path.join(ROOT, 'test/types/fixture.ts');

// What the README's snippets use without defining: the app's own values and functions. Global, so that a
// snippet's own declaration of the same name wins.
const PRELUDE = `
import type { Operation, OperationsClient } from 'longrunning';
declare global {
  const client: OperationsClient;
  const names: string[];
  const signal: AbortSignal;
  const exportOp: Operation;
  const backupOp: Operation;
  function render(metadata: unknown): void;
  function save(...what: unknown[]): void;
  function report(...what: unknown[]): void;
  function resumeLater(...what: unknown[]): void;
  function show(...what: unknown[]): void;
  const accessToken: string;
}
export {};
`;

/** One ```ts block of the README, and the line where its code starts. */
interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function readmeSnippets(): Snippet[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const snippets: Snippet[] = [];
  for (const match of readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const line = readme.slice(0, match.index).split('\n').length + 1;
    // Each block is a module of its own, beside the tests, so that it is ESM as the package is.
    snippets.push({ file: path.join(ROOT, `test/types/readme-${line}.ts`), line, code: match[1]! });
  }
  return snippets;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT, undefined, configPath);
  // The snippets import the package by name: its sources, not a build that may be stale or absent.
  return {
    ...parsed.options,
    noEmit: true,
    paths: {
      longrunning: [path.join(ROOT, 'src/index.ts')],
      'longrunning/rest': [path.join(ROOT, 'src/rest/index.ts')],
      'longrunning/testing': [path.join(ROOT, 'src/testing/index.ts')],
      'longrunning/bullmq': [path.join(ROOT, 'src/bullmq/index.ts')],
    },
  };
}

/** Compiles the fixture and the snippets in one program; diagnostics by file. */
function compile(snippets: readonly Snippet[]): Map<string, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const virtual = new Map(snippets.map((s) => [s.file, s.code]));
  const prelude = path.join(ROOT, 'test/types/readme-prelude.d.ts');
  virtual.set(prelude, PRELUDE);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(f);
    return text === undefined
      ? getSourceFile.call(host, f, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(f, text, languageVersion);
  };
  const program = ts.createProgram({ rootNames: [FIXTURE, prelude, ...virtual.keys()], options, host });
  const byFile = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? '(options)';
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const list = byFile.get(file) ?? [];
    list.push(`${at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    byFile.set(file, list);
  }
  return byFile;
}

describe('types', () => {
  const snippets = readmeSnippets();
  let diagnostics: Map<string, string[]>;
  // One program for all: loading the @google-cloud declarations is most of the time it takes.
  beforeAll(() => {
    diagnostics = compile(snippets);
  }, 120_000);

  it('compiles with nothing but the files checked here to complain of', () => {
    const elsewhere = [...diagnostics.keys()].filter((f) => f !== FIXTURE && !snippets.some((s) => s.file === f));
    expect(elsewhere.map((f) => [f, diagnostics.get(f)])).toEqual([]);
  });

  it('fit the fixture: I* types take the decoded values, and every expect-error is an error', () => {
    expect(diagnostics.get(FIXTURE) ?? []).toEqual([]);
  });

  it('finds the README snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(7);
  });

  it.each(snippets.map((s) => [s.line, s]))('README snippet at line %i compiles', (_line, snippet) => {
    // Lines named as in README.md.
    const errors = (diagnostics.get(snippet.file) ?? []).map((e) => e.replace(/^(\d+)/, (n) => String(Number(n) + snippet.line - 1)));
    expect(errors).toEqual([]);
  });
});
