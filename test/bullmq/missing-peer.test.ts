// The package installed without bullmq: the root loads, longrunning/bullmq fails with one error that says what to install.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

// Loads a specifier and prints what came of it as one JSON line.
const PROBE = `
const specifier = process.argv[1];
import(specifier).then(
  (m) => console.log(JSON.stringify({ loaded: Object.keys(m).length })),
  (e) => console.log(JSON.stringify({ name: e.name, code: e.code, codeName: e.codeName, message: e.message, cause: e.cause?.code })),
);`;

describe('longrunning installed without bullmq', () => {
  let app: string;
  beforeAll(() => {
    // An app whose node_modules has longrunning (its built dist/, copied) and every other dependency, but not bullmq nor ioredis.
    app = mkdtempSync(join(tmpdir(), 'longrunning-no-bullmq-'));
    const modules = join(app, 'node_modules');
    const own = join(modules, 'longrunning');
    mkdirSync(own, { recursive: true });
    cpSync(join(root, 'package.json'), join(own, 'package.json'));
    cpSync(join(root, 'dist'), join(own, 'dist'), { recursive: true });
    for (const entry of readdirSync(join(root, 'node_modules'))) {
      if (entry.startsWith('.') || entry === 'bullmq' || entry === 'ioredis') continue;
      symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
    }
  });
  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  async function probe(specifier: string) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE, specifier], { cwd: app, timeout: 15_000 });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  }

  it('loads the root and longrunning/testing: nothing there needs bullmq', async () => {
    expect((await probe('longrunning')).loaded).toBeGreaterThan(10);
    expect((await probe('longrunning/testing')).loaded).toBeGreaterThan(1);
  });

  it('fails to load longrunning/bullmq with one LongrunningError (FAILED_PRECONDITION) that says what to install', async () => {
    const result = await probe('longrunning/bullmq');
    expect(result).toMatchObject({ name: 'LongrunningError', code: 9, codeName: 'FAILED_PRECONDITION', cause: 'ERR_MODULE_NOT_FOUND' });
    expect(result.message).toContain('npm install bullmq ioredis');
  });
});
