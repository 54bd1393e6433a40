// What the published package holds and how it installs: the license, source maps that resolve, install scripts accounted for.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../helpers/installed-package.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { license: string };

function mapsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js.map'))
    .map((f) => join(dir, f));
}

describe('the package', () => {
  it('holds the Apache-2.0 license that package.json names, its README and dist, and nothing of src or test', async () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = readFileSync(repoPath('LICENSE'), 'utf8');
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0, January 2004');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    const { stdout } = await run(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoPath('.') });
    const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/rest/index.js', 'dist/testing/index.js']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => !f.startsWith('dist/') && !['LICENSE', 'README.md', 'package.json'].includes(f))).toEqual([]);
  });

  it('has source maps that carry their sources, so they resolve without src/', () => {
    const maps = mapsUnder(repoPath('dist'));
    expect(maps.length).toBeGreaterThan(50);
    const unresolved = maps.filter((file) => {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      return map.sources.length === 0 || map.sources.some((_, i) => typeof map.sourcesContent?.[i] !== 'string');
    });
    expect(unresolved).toEqual([]);
  });

  it('leaves no install script of a dependency unreviewed, so npm install prints no install-scripts warning', async () => {
    const { stdout } = await run(npm, ['install-scripts', 'ls', '--json'], { cwd: repoPath('.') });
    expect((JSON.parse(stdout) as { allowScripts: unknown[] }).allowScripts).toEqual([]);
  });
});
