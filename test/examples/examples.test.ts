// Runs every program in examples/ as a reader would (`npx tsx examples/<name>.ts`), a few at a time:
// each must exit 0 and print the line that shows it did what its first comment says.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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
  tracing:
    /^export monthly report report\.rows=1200\n {2}longrunning\.wait longrunning\.wait\.ended_by=response.*\n {4}google\.longrunning\.Operations\/\w+Operation /m,
  'durable-waits/run': /^\[run\] killing worker a \(SIGKILL\)$(?:.*\n)*^\[run\] every one of the 11 outcomes handled/m,
};

// Examples that need a program of the system's, and are skipped, with one line, where it is missing.
const NEEDS: Record<string, string> = { 'durable-waits/run': 'redis-server' };
const installed = (program: string) => !spawnSync(program, ['--version'], { stdio: 'ignore' }).error;
const missing = Object.entries(NEEDS).filter(([, program]) => !installed(program));
for (const [name, program] of missing) console.log(`examples/${name}.ts skipped: ${program} is not installed`);

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
  it('every example has an expected line here: each file in examples/, and the run.ts of each folder', () => {
    const examples = new URL('../../examples/', import.meta.url);
    const found = readdirSync(examples, { withFileTypes: true }).flatMap((entry) => {
      if (entry.isFile() && entry.name.endsWith('.ts')) return [entry.name.slice(0, -3)];
      if (entry.isDirectory() && existsSync(new URL(`${entry.name}/run.ts`, examples))) return [`${entry.name}/run`];
      return [];
    });
    expect(found.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.concurrent('each runs to exit 0', () => {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const skip = missing.some(([m]) => m === name);
      it.skipIf(skip)(name, { timeout: 4 * EXAMPLE_TIMEOUT_MS }, async () => {
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
