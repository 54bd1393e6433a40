// lro prints proto3 JSON, whatever form the library decodes into by default: Timestamps as RFC 3339, Durations as '1.5s'.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { killStragglers, runLro } from './cli-process.js';

const require = createRequire(import.meta.url);
const transferProtosFile = require.resolve('@google-cloud/storage-transfer/build/protos/protos.json');
const TRANSFER_OP = 'type.googleapis.com/google.storagetransfer.v1.TransferOperation';
const DURATION = 'type.googleapis.com/google.protobuf.Duration';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ profile: services.storageTransfer, types: [require(transferProtosFile)] });
});
afterAll(async () => {
  killStragglers();
  await emulator?.close();
});

const metadata = {
  '@type': TRANSFER_OP,
  projectId: 'demo-project',
  status: 'SUCCESS',
  startTime: '2026-11-21T10:00:00.250Z',
  counters: { bytesCopiedToSink: '9007199254740993' },
};

describe.concurrent.each(['grpc', 'rest'] as const)('over %s', (transport) => {
  const env = () => ({
    LRO_ENDPOINT: transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint,
    LRO_INSECURE: '1',
    LRO_SERVICE: 'storage-transfer',
    LRO_TYPES: transferProtosFile,
  });

  test('get --json and wait --json print Timestamps as RFC 3339 and Durations as seconds', async () => {
    const op = emulator.create({ metadata, response: { '@type': DURATION, value: '1.5s' } });
    const expected = { name: op.name, done: true, metadata, response: { '@type': DURATION, value: '1.500s' } };
    const got = await runLro(['get', op.name, '--json'], env());
    expect(got.stderr).toBe('');
    expect(JSON.parse(got.stdout)).toEqual(expected);
    const waited = await runLro(['wait', op.name, '--json'], env());
    expect(waited.code).toBe(0);
    // The last state of a wait carries the operation's proto3 JSON, with what lro adds (polls, …).
    const last = JSON.parse(waited.stdout.trim().split('\n').at(-1)!) as typeof expected;
    expect({ name: last.name, done: last.done, metadata: last.metadata, response: last.response }).toEqual(expected);
  });

  test('get prints them the same way for people', async () => {
    const op = emulator.create({ metadata, response: { '@type': DURATION, value: '1.5s' } });
    const got = await runLro(['get', op.name], env());
    expect(got.stderr).toBe('');
    expect(got.stdout).toContain('startTime: 2026-11-21T10:00:00.250Z');
    expect(got.stdout).toContain('1.500s');
    expect(got.stdout).not.toContain('seconds');
  });
});
