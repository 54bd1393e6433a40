// lro's own streams as a process: a stdout or stderr closed early, a full disk, and warnings that are not lro's to print.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { cleanEnv, hasStackTrace, killStragglers, NODE_ARGS, REPO, runLro, startLro } from './cli-process.js';

const FAST_POLLS = ['--initial-delay', '50ms', '--max-delay', '100ms'];

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ profile: services.standard });
});

afterAll(async () => {
  killStragglers();
  await emulator?.close();
});

const env = () => ({ LRO_ENDPOINT: emulator.grpcEndpoint, LRO_INSECURE: '1' });

/** An operation whose metadata changes every few ms: wait writes a line (stdout with --json, stderr otherwise) at every poll. */
function moving() {
  return emulator.create({
    durationMs: Infinity,
    metadata: ({ elapsedMs }) => ({
      '@type': 'type.googleapis.com/google.protobuf.Struct',
      value: { progressPercent: Math.min(99, elapsedMs / 1_000) },
    }),
  });
}

describe.concurrent('closed early', () => {
  test('stdout (`lro wait --json | head -1`): the wait stops at once, exit 141, nothing said', async () => {
    const op = moving();
    const cli = startLro(['wait', op.name, '--json', ...FAST_POLLS], env());
    await cli.waitFor(/\n/, 'stdout');
    cli.child.stdout.destroy();
    const r = await cli.exited;
    expect(r.code).toBe(141);
    expect(r.stderr).not.toContain('lro:');
    expect(emulator.peek(op.name)?.done).toBe(false);
  });

  test('stderr (`lro wait 2>&1 | head -1`): the exit code is still what the command says, here 3 for --timeout', async () => {
    const op = moving();
    const cli = startLro(['wait', op.name, '--timeout', '1500ms', ...FAST_POLLS], env());
    await cli.waitFor(/\n/, 'stderr');
    cli.child.stderr.destroy();
    const r = await cli.exited;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(3);
  });
});

describe.concurrent('nowhere to write and nothing to add', () => {
  test.skipIf(!existsSync('/dev/full'))('a full disk for stdout (`lro get > /dev/full`): one line on stderr, exit 1', async () => {
    const op = emulator.create({});
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [...NODE_ARGS, 'get', op.name], {
        cwd: REPO,
        env: cleanEnv(env()),
        stdio: ['ignore', full, 'pipe'],
      });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toMatch(/^lro: cannot write to stdout: ENOSPC[^\n]*\n$/);
      expect(code).toBe(1);
    } finally {
      closeSync(full);
    }
  });

  test('TLS against a plaintext server: no Node warning (DEP0123), one line with a hint', async () => {
    const r = await runLro(['get', 'operations/x', '--endpoint', emulator.grpcEndpoint]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^lro: UNAVAILABLE: 127\.0\.0\.1:\d+ \(grpc\): .*TLS handshake failed: wrong version number \(is it a plaintext emulator\? try --insecure\) \(GetOperation\)\n$/,
    );
    expect(r.stderr).not.toMatch(/Warning|DEP0123/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
