// The package as an app sees it once installed: a temporary directory whose node_modules/longrunning links to this
// repository, so that `import 'longrunning'` and `require('longrunning')` go through package.json's exports map to dist/.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a script printed and how it ended. */
export interface ScriptRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** An app directory with the package installed, and a way to run `node` in it. */
export interface InstalledPackage extends Disposable {
  /** The app's directory. */
  readonly dir: string;
  /** Runs `node ...args` in the app's directory with extra environment variables; resolves however it exits. */
  node(args: readonly string[], env?: Readonly<Record<string, string | undefined>>): Promise<ScriptRun>;
}

/** Makes the app directory; dispose of it to remove it. */
export function installedPackage(): InstalledPackage {
  const dir = mkdtempSync(join(tmpdir(), 'longrunning-app-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'longrunning'), 'dir');
  return {
    dir,
    node: (args, env = {}) =>
      new Promise((resolve) => {
        execFile(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ stdout, stderr, code });
        });
      }),
    [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The path of a file in this repository. */
export function repoPath(relative: string): string {
  return join(ROOT, relative);
}
