// lro under signals and terminals: Ctrl-C during wait, serve stopped by SIGTERM, and the live progress line on a pseudo-terminal.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OperationsClient, services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { cleanEnv, killStragglers, NODE_ARGS, ptyCommand, spawnCommand, startLro } from './cli-process.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ profile: services.standard });
});

afterAll(async () => {
  killStragglers();
  await emulator?.close();
});

function forever() {
  return emulator.create({
    durationMs: Infinity,
    metadata: ({ elapsedMs }) => ({
      '@type': 'type.googleapis.com/google.protobuf.Struct',
      value: { progressPercent: Math.min(99, Math.floor(elapsedMs / 50)) },
    }),
  });
}

const env = () => ({ LRO_ENDPOINT: emulator.grpcEndpoint, LRO_INSECURE: '1' });

describe.concurrent('signals', () => {
  test('SIGINT during wait exits 130 and leaves the operation running', async () => {
    const op = forever();
    const cli = startLro(['wait', op.name, '--initial-delay', '100ms'], env());
    await cli.waitFor(/\d+%/);
    cli.child.kill('SIGINT');
    const r = await cli.exited;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^lro: interrupted; stopped waiting, operations\/\S+ goes on/m);
    expect(r.stdout).toBe('');
    expect(emulator.peek(op.name)?.done).toBe(false);
  });

  test('SIGINT with --cancel-on-interrupt sends CancelOperation, then exits 130', async () => {
    const op = forever();
    const cli = startLro(['wait', op.name, '--cancel-on-interrupt', '--transport', 'rest', '--endpoint', emulator.restEndpoint], env());
    await cli.waitFor(/\d+%/);
    cli.child.kill('SIGINT');
    const r = await cli.exited;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`lro: interrupted; cancel requested for ${op.name}`);
    expect(emulator.peek(op.name)).toMatchObject({ done: true, error: { code: 1 } });
  });

  test('serve --seed prints its endpoints and seeded operations, serves them, and stops on SIGTERM', async () => {
    const cli = startLro(['serve', '--seed', '--profile', 'contact-center-insights']);
    await cli.waitFor(/^rest (http:\S+)\n(operation .*\n){5}/m, 'stdout');
    const grpc = /^grpc (\S+)$/m.exec(cli.stdout())![1]!;
    const rest = /^rest (\S+)$/m.exec(cli.stdout())![1]!;
    expect(grpc).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const names = [...cli.stdout().matchAll(/^operation (\S+)/gm)].map((m) => m[1]!);
    expect(names).toContain('projects/demo-project/locations/us-central1/operations/seed-running');
    // Another program talks to it.
    const client = new OperationsClient({ endpoint: rest, transport: 'rest', insecure: true, service: services.contactCenterInsights });
    try {
      const failed = await client.getOperation('projects/demo-project/locations/us-central1/operations/seed-failed');
      expect(failed).toMatchObject({ done: true, error: { code: 7 } });
    } finally {
      client.close();
    }
    cli.child.kill('SIGTERM');
    const r = await cli.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('lro: emulator stopped');
  });

  test('serve --json prints one JSON line and stops on SIGINT', async () => {
    const cli = startLro(['serve', '--json', '--service', 'gdc-translation']);
    await cli.waitFor(/\}\n/, 'stdout');
    expect(JSON.parse(cli.stdout())).toEqual({
      profile: 'gdc-translation',
      grpc: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      rest: expect.stringMatching(/^http:/),
      operations: [],
    });
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });

  const pty = ptyCommand(['true']);
  test('wait on a terminal redraws one progress line in place on stderr', async () => {
    // script(1) or python3's pty module: both are on every machine this runs on.
    expect(pty).toBeDefined();
    const op = forever();
    const argv = [process.execPath, ...NODE_ARGS, 'wait', op.name, '--initial-delay', '100ms', '--max-delay', '200ms'];
    const { file, args } = ptyCommand(argv)!;
    const cli = spawnCommand(file, args, cleanEnv(env()));
    // The pseudo-terminal merges stdout and stderr into the child's stdout.
    await cli.waitFor(/\r\x1b\[2K.*\d+% .*\r\x1b\[2K.*\d+%/, 'stdout');
    emulator.complete(op.name, { response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'ok' } });
    const r = await cli.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏/);
    expect(r.stdout).toMatch(/\[#*-*\]  \d+%/);
    expect(r.stdout).toContain('response (google.protobuf.StringValue): ok');
  });
});
