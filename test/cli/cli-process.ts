// Runs the built lro CLI (dist/, built by the global setup) as a child process and collects what it writes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run.js';

/** The repository root: the CLI runs from here. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI's entry point, as package.json's `bin` names it. */
export const MAIN = 'dist/cli/main.js';
/** The command line that starts the CLI, before its own arguments. */
export const NODE_ARGS = [MAIN];

/** How a run ended. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit. */
  readonly ms: number;
}

/** The environment of the test process without any LRO_* variable, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('LRO_')) env[k] = v;
  return { ...env, ...extra };
}

/** A running CLI process. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once the stream's text so far matches; rejects after `timeoutMs` or when the process exits first. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<void>;
  readonly exited: Promise<CliResult>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/**
 * Kills every process spawned here that is still running: call it in
 * `afterAll`, so that a failed test leaves no CLI polling behind it.
 */
export function killStragglers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Spawns a command; its output is collected as text. */
export function spawnCommand(file: string, args: readonly string[], env: Record<string, string>): CliProcess {
  const started = Date.now();
  const child = spawn(file, args, { cwd: REPO, env });
  running.add(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of [...listeners]) l();
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => ((out += d), changed()));
  child.stderr.setEncoding('utf8').on('data', (d: string) => ((err += d), changed()));
  let ended = false;
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      ended = true;
      changed();
      resolve({ code, signal, stdout: out, stderr: err, ms: Date.now() - started });
    });
  });
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stderr', timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const text = stream === 'stdout' ? out : err;
        if (pattern.test(text)) done(resolve);
        else if (ended) done(() => reject(new Error(`exited before ${stream} matched ${pattern}:\nstdout: ${out}\nstderr: ${err}`)));
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done(() => reject(new Error(`${stream} did not match ${pattern} in ${timeoutMs} ms:\nstdout: ${out}\nstderr: ${err}`)));
      }, timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}

/** Starts `lro ARGS` with a clean environment (no LRO_* unless given). */
export function startLro(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  return spawnCommand(process.execPath, [...NODE_ARGS, ...args], cleanEnv(env));
}

/** Runs `lro ARGS` to the end; kills it after `timeoutMs`. */
export async function runLro(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 15_000): Promise<CliResult> {
  const p = startLro(args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  try {
    return await p.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The way to run a command under a pseudo-terminal here: util-linux
 * `script`, else python3's pty module; undefined when neither exists.
 */
export function ptyCommand(argv: readonly string[]): { file: string; args: string[] } | undefined {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  for (const dir of ['/usr/bin', '/bin']) {
    if (existsSync(`${dir}/script`)) return { file: `${dir}/script`, args: ['-qec', argv.map(quote).join(' '), '/dev/null'] };
  }
  const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));
  if (python)
    return { file: python, args: ['-c', 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))', ...argv] };
  return undefined;
}

/** True when `text` holds a JavaScript stack frame. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[(:]\d+/m.test(text);
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How an in-process run ended: its exit code and all it wrote. */
export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `lro ARGS` in this process to the end, with `env` as its whole
 * environment: for the many small cases, where a process each would cost
 * a second.
 */
export async function inProcess(argv: readonly string[], env: Record<string, string> = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    interrupt: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

/** lro run in this process by runCli, its output collected as it comes. */
export interface InProcessRun {
  stdout(): string;
  stderr(): string;
  /** Resolves once the stream's text so far matches; rejects after `timeoutMs` or when the run ends first. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<void>;
  /** Fires the run's interrupt signal with this reason, as main.ts does on a signal or a closed stdout. */
  abort(reason: unknown): void;
  readonly exited: Promise<number>;
}

/**
 * Starts `lro ARGS` in this process: for behaviour that needs no process of
 * its own, a fraction of a spawn's cost. `tty` makes stderr a terminal.
 */
export function startInProcess(
  argv: readonly string[],
  env: Record<string, string> = {},
  { tty = false, columns = 200 } = {},
): InProcessRun {
  const controller = new AbortController();
  let out = '';
  let err = '';
  let ended = false;
  const exited = runCli(argv, {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t), isTTY: tty, columns },
    env,
    interrupt: controller.signal,
  }).finally(() => (ended = true));
  const waitFor = async (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stderr', timeoutMs = 10_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const text = stream === 'stdout' ? out : err;
      if (pattern.test(text)) return;
      if (ended || Date.now() > until) {
        controller.abort(new Error('waitFor gave up'));
        throw new Error(
          `${stream} did not match ${pattern}${ended ? ' before the run ended' : ` in ${timeoutMs} ms`}:\nstdout: ${out}\nstderr: ${err}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { stdout: () => out, stderr: () => err, waitFor, abort: (reason) => controller.abort(reason), exited };
}
