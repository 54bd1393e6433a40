// Runs every program in examples/ as a reader would (`npx tsx examples/<name>.ts`), a few at a time:
// each must exit 0 and print the line that shows it did what its first comment says.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

/** Each example, and a line of what it prints when it works. */
const EXPECTED: Record<string, RegExp> = {
  'await-operation': /^operations\/op-1 succeeded: report\.pdf is ready$/m,
  'iterate-progress': /^response: \{ analyzed: 250 \}$/m,
  events: /^halfway: progress listener removed\n(?:.*\n)*done: 3 findings$/m,
  'cancel-operation': /^cancelled: \S+ ended with CANCELLED/m,
  'abort-and-resume': /^first process: stopped waiting(?:.*\n)+second process: resumed and done, 42 pages translated$/m,
  'typed-metadata': /^transferJobs\/nightly SUCCESS: 3\.00 of 3\.00 GB$/m,
  'storage-transfer-list': /^ {2}transferOperations\/transferJobs-nightly-2 running$/m,
  'custom-profile': /^export-2 done: alice-photos\.zip$(?:.*\n)*refused: UNIMPLEMENTED \(DeleteOperation\)$/m,
  'wait-many': /^21 \S+: still running after 2 s$(?:.*\n)*^ended: #2 /m,
  'error-handling':
    /^a failed operation: the operation failed: PERMISSION_DENIED(?:.*\n)+an operation that does not exist: the call failed: NOT_FOUND/m,
  'rest-client': /^response: 5000 rows at gs:\/\/exports\/2024-06-01\.csv$/m,
  'unit-test-with-manual-clock': /^# pass 3$/m,
};

// Examples run in parallel, but no more than this many at once: each is a tsx process with its own emulator.
const AT_ONCE = 3;
const EXAMPLE_TIMEOUT_MS = 30_000;

let running = 0;
const queue: (() => void)[] = [];
async function slot(): Promise<() => void> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  return () => {
    running--;
    queue.shift()?.();
  };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runExample(name: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, `examples/${name}.ts`], { cwd: root, timeout: EXAMPLE_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('examples', () => {
  it('every file in examples/ has an expected line here', () => {
    const files = readdirSync(new URL('../../examples', import.meta.url))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.concurrent('each runs to exit 0', () => {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      it(name, { timeout: 4 * EXAMPLE_TIMEOUT_MS }, async () => {
        const release = await slot();
        let run: Run;
        try {
          run = await runExample(name);
        } finally {
          release();
        }
        const report = `examples/${name}.ts exited ${run.code ?? run.signal}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
        expect(run.code, report).toBe(0);
        expect(run.stdout, report).toMatch(expected);
      });
    }
  });
});
