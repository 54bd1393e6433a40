// -q / --quiet on every command: no progress, summary or hint on stderr, errors still told, stdout as without it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { COMMAND_NAMES, COMMANDS } from '../../src/cli/command-table.js';
import { Interrupted } from '../../src/cli/exit-codes.js';
import { parseCommandLine } from '../../src/cli/flags.js';
import { inProcess, startInProcess } from './cli-process.js';

const STRING = 'type.googleapis.com/google.protobuf.StringValue';
const FAST_POLLS = ['--initial-delay', '50ms', '--max-delay', '100ms'];

let standard: Emulator;
let transfer: Emulator;

beforeAll(async () => {
  [standard, transfer] = await Promise.all([
    startEmulator({ profile: services.standard }),
    startEmulator({ profile: services.storageTransfer }),
  ]);
});

afterAll(async () => {
  await Promise.all([standard?.close(), transfer?.close()]);
});

const env = () => ({ LRO_ENDPOINT: standard.grpcEndpoint, LRO_INSECURE: '1' });
const transferEnv = () => ({ LRO_ENDPOINT: transfer.restEndpoint, LRO_INSECURE: '1', LRO_SERVICE: 'storage-transfer' });
const NOBODY = JSON.stringify({ projectId: 'nobody-here' });

test.each(COMMAND_NAMES)('lro %s takes -q and --quiet', (command) => {
  const args = COMMANDS[command].args.filter((a) => !a.endsWith('?')).map((a) => (a === 'SHELL' ? 'bash' : 'operations/x'));
  // `lro help` prints its help whatever the flags: it only has to take them.
  const parsed = command === 'help' ? { kind: 'help' } : { kind: 'command', flags: { quiet: true } };
  for (const flag of ['-q', '--quiet']) {
    expect(parseCommandLine([command, ...args, flag])).toMatchObject(parsed);
    expect(parseCommandLine([flag, command, ...args])).toMatchObject(parsed);
  }
});

describe('what -q leaves out, and what it keeps', () => {
  test('wait NAME: no progress and no "done" line; the response on stdout as ever', async () => {
    const op = standard.create({ durationMs: 200, response: { '@type': STRING, value: 'ok' } });
    const loud = await inProcess(['wait', op.name, ...FAST_POLLS], env());
    const quiet = await inProcess(['wait', op.name, '-q', ...FAST_POLLS], env());
    expect(loud.stderr).toContain(`${op.name}: done`);
    expect(quiet).toEqual({ code: 0, stdout: loud.stdout, stderr: '' });
    expect(quiet.stdout).toBe('response (google.protobuf.StringValue): ok\n');
  });

  test('wait on many: no summary line', async () => {
    const names = [standard.create({}).name, standard.create({}).name];
    const loud = await inProcess(['wait', ...names], env());
    const quiet = await inProcess(['wait', ...names, '--quiet'], env());
    expect(loud.stderr).toMatch(/^2 operations: 2 succeeded · /m);
    expect(quiet).toEqual({ code: 0, stdout: loud.stdout, stderr: '' });
  });

  test('list and wait --list of nothing: no "(no operations)"', async () => {
    const list = ['list', '--filter', NOBODY];
    expect(await inProcess(list, transferEnv())).toEqual({ code: 0, stdout: '', stderr: '(no operations)\n' });
    expect(await inProcess([...list, '-q'], transferEnv())).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await inProcess(['wait', '--list', 'transferOperations', '--filter', NOBODY, '-q'], transferEnv())).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  test('serve: no hints and no "emulator stopped"; the endpoints on stdout as ever', async () => {
    const run = startInProcess(['serve', '--seed', '-q']);
    await run.waitFor(/^operation .*seed-failed/m, 'stdout');
    run.abort(new Interrupted('SIGINT'));
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/^grpc 127\.0\.0\.1:\d+\nrest http:/);
    expect(run.stderr()).toBe('');
  });

  test('errors are still told: a failed operation, a timeout, a usage error', async () => {
    const failed = standard.create({ error: { code: 7, message: 'denied' } });
    const f = await inProcess(['wait', failed.name, '-q'], env());
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(/^lro: operation \S+ failed: PERMISSION_DENIED \(7\): denied\n$/);
    const running = standard.create({ durationMs: Infinity });
    const t = await inProcess(['wait', running.name, '-q', '--timeout', '200ms', ...FAST_POLLS], env());
    expect(t.code).toBe(3);
    expect(t.stderr).toMatch(/^lro: timed out after 200ms: \S+ is not done yet; it goes on\n$/);
    const u = await inProcess(['get', '-q'], env());
    expect(u).toEqual({ code: 2, stdout: '', stderr: 'lro: missing NAME: lro get NAME\n' });
  });

  test('get, cancel and delete: the same stdout, nothing on stderr', async () => {
    const op = standard.create({ durationMs: Infinity });
    const loud = await inProcess(['get', op.name], env());
    expect(await inProcess(['get', op.name, '-q'], env())).toEqual({ code: 0, stdout: loud.stdout, stderr: '' });
    expect(await inProcess(['cancel', op.name, '-q'], env())).toEqual({ code: 0, stdout: `cancel requested: ${op.name}\n`, stderr: '' });
    expect(await inProcess(['delete', op.name, '-q'], env())).toEqual({ code: 0, stdout: `deleted: ${op.name}\n`, stderr: '' });
  });
});
