// lro wait on many operations: names and --list, a line or an NDJSON object per outcome, the exit code of the worst; spawned over gRPC and REST.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services, type Transport } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { closedPort, killStragglers, runLro, startInProcess, startLro } from './cli-process.js';

const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const STRING = 'type.googleapis.com/google.protobuf.StringValue';
const FAST_POLLS = ['--initial-delay', '100ms', '--max-delay', '200ms'];

let standard: Emulator;
let transfer: Emulator;

beforeAll(async () => {
  [standard, transfer] = await Promise.all([
    startEmulator({ profile: services.standard }),
    startEmulator({ profile: services.storageTransfer }),
  ]);
});

afterAll(async () => {
  killStragglers();
  await Promise.all([standard?.close(), transfer?.close()]);
});

function envFor(emulator: Emulator, transport: Transport, extra: Record<string, string> = {}): Record<string, string> {
  return { LRO_ENDPOINT: transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint, LRO_INSECURE: '1', ...extra };
}

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

function ndjson(text: string): Record<string, unknown>[] {
  return lines(text).map((line) => JSON.parse(line) as Record<string, unknown>);
}

let seq = 0;
const missingName = () => `operations/missing-cli-${++seq}-${Date.now()}`;

describe.concurrent.each(['grpc', 'rest'] as const)('over %s', (transport) => {
  test('several names: a line per outcome on stdout as each ends, duplicates told twice; one failure exits 1', async () => {
    // The two that run are ended by the test once lro has told the others: the order is the test's, not the machine's.
    const ok = standard.create({ durationMs: Infinity });
    const failed = standard.create({ durationMs: Infinity, metadata: { '@type': STRUCT, value: { state: 'RUNNING' } } });
    const cancelled = standard.create({ durationMs: Infinity });
    standard.complete(cancelled.name, { error: { code: 1, message: 'cancelled by a user' } });
    const empty = standard.create({});
    const missing = missingName();
    const all = [ok.name, failed.name, cancelled.name, missing, empty.name];
    const row = (name: string, text: string) => `${name.padEnd(Math.max(...all.map((n) => n.length)))}  ${text}`;
    const cli = startLro(
      ['wait', ok.name, failed.name, cancelled.name, missing, empty.name, ok.name, ...FAST_POLLS],
      envFor(standard, transport),
    );
    await cli.waitFor(/(.*\n){3}/, 'stdout');
    standard.complete(failed.name, { error: { code: 9, message: 'the sink bucket is gone' } });
    await cli.waitFor(/(.*\n){4}/, 'stdout');
    standard.complete(ok.name, { response: { '@type': STRING, value: 'fine' } });
    const r = await cli.exited;
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect([...out.slice(0, 3)].sort()).toEqual(
      [
        row(cancelled.name, 'cancelled'),
        row(missing, `error · NOT_FOUND: operation ${missing} not found (${transport === 'grpc' ? 'WaitOperation' : 'GetOperation'})`),
        row(empty.name, 'done (no result)'),
      ].sort(),
    );
    expect(out.slice(3)).toEqual([
      row(failed.name, 'failed · FAILED_PRECONDITION (9): the sink bucket is gone'),
      row(ok.name, 'succeeded'),
      row(ok.name, 'succeeded'),
    ]);
    expect(lines(r.stderr).at(-1)).toMatch(/^6 operations: 3 succeeded, 1 failed, 1 cancelled, 1 RPC error · [\d.]+m?s$/);
  });

  test('--json: one object per outcome, in the order they end; all succeeded exits 0', async () => {
    const slow = standard.create({ durationMs: Infinity });
    const quick = standard.create({ response: { '@type': STRING, value: 'quick' } });
    const cli = startLro(['wait', slow.name, quick.name, '--json', ...FAST_POLLS], envFor(standard, transport));
    await cli.waitFor(/\n/, 'stdout');
    standard.complete(slow.name, { response: { '@type': STRING, value: 'slow' } });
    const r = await cli.exited;
    expect(r.code).toBe(0);
    const objects = ndjson(r.stdout);
    expect(objects.map((o) => [o.index, o.outcome, o.name])).toEqual([
      [1, 'succeeded', quick.name],
      [0, 'succeeded', slow.name],
    ]);
    expect(objects[1]).toMatchObject({ done: true, response: { '@type': STRING, value: 'slow' } });
    expect(typeof objects[1]!.elapsedMs).toBe('number');
  });

  test('--timeout with none failed exits 3; the running one is told, with its progress when a poll saw it', async () => {
    const running = standard.create({
      durationMs: Infinity,
      metadata: { '@type': STRUCT, value: { state: 'RUNNING', progressPercent: 30 } },
    });
    const done = standard.create({ response: { '@type': STRING, value: 'x' } });
    const r = await runLro(['wait', running.name, done.name, '--timeout', '1s', ...FAST_POLLS], envFor(standard, transport));
    expect(r.code).toBe(3);
    const width = Math.max(running.name.length, done.name.length);
    expect(lines(r.stdout)).toEqual([
      `${done.name.padEnd(width)}  succeeded`,
      // The first name is got at once: its state is known when the timeout comes.
      `${running.name.padEnd(width)}  not done: timed out · last seen 30% · RUNNING`,
    ]);
    expect(r.stderr).toMatch(/^lro: timed out after 1\.0s: 1 of 2 not done yet; it goes on$/m);
    expect(standard.peek(running.name)?.done).toBe(false);
  });

  test('an RPC error for one, with none failed, exits 4', async () => {
    const ok = standard.create({ response: { '@type': STRING, value: 'x' } });
    const missing = missingName();
    const r = await runLro(['wait', missing, ok.name, '--json'], envFor(standard, transport));
    expect(r.code).toBe(4);
    const byOutcome = Object.fromEntries(ndjson(r.stdout).map((o) => [o.outcome, o]));
    expect(byOutcome['succeeded']).toMatchObject({ index: 1, name: ok.name });
    expect(byOutcome['rpc-error']).toMatchObject({ index: 0, name: missing, rpcError: { code: 5, codeName: 'NOT_FOUND' } });
  });

  test('--list waits on every operation listed, those done already told at once', async () => {
    const projectId = `p-${transport}-${++seq}`;
    const names = [1, 2, 3].map((i) => `transferOperations/transferJobs-list-${projectId}-${i}`);
    transfer.create({ name: names[0], projectId, durationMs: 300 });
    transfer.create({ name: names[1], projectId });
    transfer.create({ name: names[2], projectId, error: { code: 7, message: 'denied' } });
    transfer.create({ name: `transferOperations/transferJobs-other-${projectId}`, projectId: `${projectId}-other`, durationMs: Infinity });
    const filter = JSON.stringify({ projectId });
    const r = await runLro(
      [
        'wait',
        '--list',
        'transferOperations',
        '--filter',
        filter,
        '--page-size',
        '2',
        '--service',
        'storage-transfer',
        '--json',
        ...FAST_POLLS,
      ],
      envFor(transfer, transport),
    );
    expect(r.code).toBe(1);
    const objects = ndjson(r.stdout);
    expect(objects.map((o) => o.name).sort()).toEqual([...names].sort());
    const outcomes = Object.fromEntries(objects.map((o) => [o.name, o.outcome]));
    expect(outcomes).toEqual({ [names[0]!]: 'succeeded', [names[1]!]: 'succeeded', [names[2]!]: 'failed' });
    // Listed done, told before the one that was still running.
    expect(objects.at(-1)?.name).toBe(names[0]);
  });
});

describe.concurrent('lro wait on many', () => {
  test('usage: names and --list together, --filter without --list: exit 2; a bad name among many: exit 5; one line each', async () => {
    const env = envFor(standard, 'grpc');
    const both = await runLro(['wait', 'operations/a', '--list', 'operations'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^lro: lro wait takes names or --list PARENT, not both/);
    const filter = await runLro(['wait', 'operations/a', 'operations/b', '--filter', 'done=true'], env);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toBe('lro: --filter goes with --list PARENT\n');
    const bad = await runLro(['wait', 'operations/a', '../x'], env);
    expect(bad.code).toBe(5);
    expect(lines(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).toMatch(/^lro: INVALID_ARGUMENT: '\.\.\/x' is not a name/);
  });

  test('an unreachable endpoint exits 4 at once, not after polling for ever', async () => {
    const r = await runLro(['wait', 'operations/a', 'operations/b', '--endpoint', `127.0.0.1:${await closedPort()}`, '--insecure']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^lro: UNAVAILABLE: /);
  });

  test('--list: a filter the service refuses is refused before any call (exit 5); a list of nothing exits 0', async () => {
    const r = await runLro(['wait', '--list', 'operations', '--filter', 'done=false', '--page-size', '1'], {
      ...envFor(transfer, 'rest'),
      LRO_SERVICE: 'storage-transfer',
    });
    // Storage Transfer's list needs its JSON filter: the service's own rule refuses it, before any call.
    expect(r.code).toBe(5);
    const none = await runLro(
      ['wait', '--list', 'transferOperations', '--filter', JSON.stringify({ projectId: 'nobody-here' }), '--service', 'storage-transfer'],
      envFor(transfer, 'rest'),
    );
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('(no operations)\n');
  });

  test('SIGINT with --cancel-on-interrupt cancels the ones not done yet, and exits 130', async () => {
    const done = standard.create({ response: { '@type': STRING, value: 'x' } });
    const running = [standard.create({ durationMs: Infinity }), standard.create({ durationMs: Infinity })];
    const cli = startLro(
      ['wait', done.name, ...running.map((o) => o.name), '--cancel-on-interrupt', ...FAST_POLLS],
      envFor(standard, 'rest'),
    );
    await cli.waitFor(/succeeded\n/, 'stdout');
    cli.child.kill('SIGINT');
    const r = await cli.exited;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^lro: interrupted; cancel requested for 2 operations$/m);
    for (const op of running) expect(standard.peek(op.name)).toMatchObject({ done: true, error: { code: 1 } });
  });

  test('on a terminal, stderr is one summary line redrawn in place; stdout keeps a line per outcome', async () => {
    const quick = standard.create({ response: { '@type': STRING, value: 'x' } });
    const slow = standard.create({ durationMs: 600 });
    const run = startInProcess(['wait', quick.name, slow.name, ...FAST_POLLS], envFor(standard, 'rest'), { tty: true });
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toMatch(/\r\x1b\[2K. {2}1\/2 done {2}/);
    expect(run.stderr()).not.toMatch(/^\d+\/\d+ done/m);
    const width = Math.max(quick.name.length, slow.name.length);
    expect(lines(run.stdout())).toEqual([`${quick.name.padEnd(width)}  succeeded`, `${slow.name.padEnd(width)}  done (no result)`]);
    expect(lines(run.stderr()).at(-1)).toMatch(/2 operations: 2 succeeded · /);
  });
});
