// lro get, list, wait, cancel and delete as a script runs them: a child process against an emulator, over gRPC and REST.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services, type Transport } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { closedPort, hasStackTrace, killStragglers, runLro, startLro } from './cli-process.js';

const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const FAST_POLLS = ['--initial-delay', '100ms', '--max-delay', '200ms'];

let standard: Emulator;
let transfer: Emulator;
let transferProtos: string;

beforeAll(async () => {
  transferProtos = createRequire(import.meta.url).resolve('@google-cloud/storage-transfer/build/protos/protos.json');
  [standard, transfer] = await Promise.all([
    startEmulator({ profile: services.standard }),
    startEmulator({ profile: services.storageTransfer, types: [JSON.parse(readFileSync(transferProtos, 'utf8'))] }),
  ]);
});

afterAll(async () => {
  killStragglers();
  await Promise.all([standard?.close(), transfer?.close()]);
});

/** The environment that points lro at an emulator: the transport follows from the endpoint's form. */
function envFor(emulator: Emulator, transport: Transport, extra: Record<string, string> = {}): Record<string, string> {
  return { LRO_ENDPOINT: transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint, LRO_INSECURE: '1', ...extra };
}

function ndjson(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe.concurrent.each(['grpc', 'rest'] as const)('over %s', (transport) => {
  test('get --json prints the proto3 JSON of the operation', async () => {
    const op = standard.create({ durationMs: Infinity, metadata: { '@type': STRUCT, value: { progressPercent: 40, state: 'RUNNING' } } });
    const r = await runLro(['get', op.name, '--json'], envFor(standard, transport));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      name: op.name,
      done: false,
      metadata: { '@type': STRUCT, value: { progressPercent: 40, state: 'RUNNING' } },
    });
  });

  test('wait exits 0 and writes NDJSON snapshots, the last one done with the response', async () => {
    // It runs until completed below, once lro has seen it running twice: no race with the CLI's start-up.
    const op = standard.create({
      durationMs: Infinity,
      metadata: ({ elapsedMs, done }) => ({
        '@type': STRUCT,
        value: { progressPercent: done ? 100 : Math.min(99, Math.floor(elapsedMs / 100)) },
      }),
      response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'finished' },
    });
    const cli = startLro(['wait', op.name, '--json', ...FAST_POLLS], envFor(standard, transport));
    await cli.waitFor(/"done":false.*\n.*"done":false/, 'stdout');
    standard.complete(op.name);
    const r = await cli.exited;
    expect(r.code).toBe(0);
    const lines = ndjson(r.stdout);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.slice(0, -1).every((l) => l.done === false)).toBe(true);
    expect(lines.at(-1)).toMatchObject({
      name: op.name,
      done: true,
      response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'finished' },
    });
    expect(lines.at(-1)!.polls).toBeGreaterThanOrEqual(3);
    // Not a terminal: a plain line per change, no redraws.
    expect(r.stderr).toMatch(new RegExp(`^${op.name}: \\d+%`, 'm'));
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toContain(`${op.name}: done`);
  });

  test('wait exits 1 when the operation fails, with its status and details on stderr', async () => {
    const op = standard.create({
      durationMs: 200,
      error: {
        code: 9,
        message: 'the sink bucket is gone',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SINK_MISSING', domain: 'example.googleapis.com' }],
      },
    });
    const r = await runLro(['wait', op.name, ...FAST_POLLS], envFor(standard, transport));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`lro: operation ${op.name} failed: FAILED_PRECONDITION (9): the sink bucket is gone`);
    expect(r.stderr).toMatch(/google\.rpc\.ErrorInfo\n\s+reason: SINK_MISSING/);
  });

  test('list --limit prints a table of that many operations', async () => {
    standard.create({});
    standard.create({});
    const r = await runLro(['list', '--limit', '2', '--page-size', '1'], envFor(standard, transport));
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATE$/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => /^operations\/\S+\s+(running|succeeded|failed|cancelled|done)/.test(l))).toBe(true);
  });
});

describe.concurrent('lro', () => {
  test('get prints the operation for people; flags win over the environment', async () => {
    const op = standard.create({
      metadata: { '@type': STRUCT, value: { state: 'SUCCEEDED', progressPercent: 100 } },
      response: { '@type': STRUCT, value: { rows: 12, table: 'exports' } },
    });
    const r = await runLro(['get', op.name, '--endpoint', standard.grpcEndpoint], {
      LRO_ENDPOINT: `127.0.0.1:${await closedPort()}`,
      LRO_INSECURE: 'true',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        op.name,
        '  state: succeeded',
        '  metadata (google.protobuf.Struct):',
        '    state: SUCCEEDED',
        '    progressPercent: 100',
        '  response (google.protobuf.Struct):',
        '    rows: 12',
        '    table: exports',
        '',
      ].join('\n'),
    );
  });

  test('list with a Storage Transfer JSON filter, metadata decoded with --types protos.json', async () => {
    const metadata = (status: string) => ({
      '@type': 'type.googleapis.com/google.storagetransfer.v1.TransferOperation',
      projectId: 'p1',
      status,
      counters: { bytesFoundFromSource: '2048', bytesCopiedToSink: '512' },
    });
    const running = transfer.create({
      name: 'transferOperations/transferJobs-cli-1',
      projectId: 'p1',
      durationMs: Infinity,
      metadata: metadata('IN_PROGRESS'),
    });
    transfer.create({ name: 'transferOperations/transferJobs-cli-2', projectId: 'p1', metadata: metadata('SUCCESS') });
    transfer.create({ name: 'transferOperations/transferJobs-cli-3', projectId: 'p2', durationMs: Infinity });
    const filter = JSON.stringify({ projectId: 'p1', transferStatuses: ['in_progress'] });
    const r = await runLro(
      ['list', '--service', 'storage-transfer', '--filter', filter, '--types', transferProtos, '--json'],
      envFor(transfer, 'grpc'),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = ndjson(r.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      name: running.name,
      done: false,
      metadata: {
        '@type': 'type.googleapis.com/google.storagetransfer.v1.TransferOperation',
        status: 'IN_PROGRESS',
        counters: { bytesCopiedToSink: '512' },
      },
    });
  });

  test.each(['grpc', 'rest'] as const)('cancel ends a running operation with CANCELLED; delete removes it (%s)', async (transport) => {
    const op = standard.create({ durationMs: Infinity });
    const cancelled = await runLro(['cancel', op.name], envFor(standard, transport));
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toBe(`cancel requested: ${op.name}\n`);
    expect(standard.peek(op.name)).toMatchObject({ done: true, error: { code: 1 } });
    const deleted = await runLro(['delete', op.name, '--json'], envFor(standard, transport));
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ name: op.name, deleted: true });
    expect(standard.peek(op.name)).toBeUndefined();
  });

  test('wait --timeout exits 3 and leaves the operation running', async () => {
    const op = standard.create({ durationMs: Infinity });
    const r = await runLro(['wait', op.name, '--timeout', '1s', ...FAST_POLLS], envFor(standard, 'grpc'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^lro: timed out after 1\.0s: operations\/\S+ is not done yet/m);
    expect(r.ms).toBeLessThan(8_000);
    expect(standard.peek(op.name)?.done).toBe(false);
  });

  test('an operation that does not exist exits 4 with NOT_FOUND', async () => {
    const r = await runLro(['wait', 'operations/no-such-thing'], envFor(standard, 'rest'));
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    // Its ResourceInfo detail only repeats the message: one line says it all.
    expect(r.stderr).toBe('lro: NOT_FOUND: operation operations/no-such-thing not found (GetOperation)\n');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  test('an unreachable endpoint exits 4 with UNAVAILABLE, naming it', async () => {
    const endpoint = `127.0.0.1:${await closedPort()}`;
    const r = await runLro(['get', 'operations/x', '--endpoint', endpoint, '--insecure']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`^lro: UNAVAILABLE: ${endpoint.replace(/\./g, '\\.')} \\(grpc\\): .+\\(GetOperation\\)\\n$`));
  });
});
