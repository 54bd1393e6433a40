// --types: a .proto file decodes payloads the built-in registry cannot; without it they are shown undecoded, never an error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { services } from '../../src/index.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { runCli } from '../../src/cli/run.js';
import { waitUntil } from '../helpers/setup.js';
import { killStragglers, runLro } from './cli-process.js';

const PROTO = `syntax = "proto3";
package demo.v1;
message ExportProgress {
  int64 rows_written = 1;
  double percent_done = 2;
}
message ExportResult {
  string uri = 1;
}
`;

let emulator: Emulator;
let protoFile: string;
let root: protobuf.Root;

beforeAll(async () => {
  emulator = await startEmulator({ profile: services.standard });
  protoFile = join(mkdtempSync(join(tmpdir(), 'lro-types-')), 'export.proto');
  writeFileSync(protoFile, PROTO);
  root = protobuf.parse(PROTO).root;
});

afterAll(async () => {
  killStragglers();
  await emulator?.close();
});

/** A binary Any of a type the emulator and the CLI do not know unless told. */
function packed(type: string, value: object) {
  const t = root.lookupType(type);
  return { typeUrl: `type.googleapis.com/${type}`, value: t.encode(t.fromObject(value)).finish() };
}

async function inProcess(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { LRO_ENDPOINT: emulator.grpcEndpoint, LRO_INSECURE: '1' },
    interrupt: new AbortController().signal,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

test('get --types FILE.proto decodes metadata and response of its types', async () => {
  const op = emulator.create({
    metadata: packed('demo.v1.ExportProgress', { rowsWritten: 10, percentDone: 100 }),
    response: packed('demo.v1.ExportResult', { uri: 'gs://b/x.csv' }),
  });
  const r = await runLro(['get', op.name, '--types', protoFile, '--json'], { LRO_ENDPOINT: emulator.grpcEndpoint, LRO_INSECURE: '1' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({
    name: op.name,
    done: true,
    metadata: { '@type': 'type.googleapis.com/demo.v1.ExportProgress', rowsWritten: '10', percentDone: 100 },
    response: { '@type': 'type.googleapis.com/demo.v1.ExportResult', uri: 'gs://b/x.csv' },
  });
});

test('without --types, unknown payloads are shown as bytes, and wait still succeeds', async () => {
  const op = emulator.create({
    metadata: packed('demo.v1.ExportProgress', { rowsWritten: 3 }),
    response: packed('demo.v1.ExportResult', { uri: 'gs://b/y.csv' }),
  });
  const got = await inProcess(['get', op.name]);
  expect(got.code).toBe(0);
  expect(got.stdout).toContain('metadata (demo.v1.ExportProgress): not in the registry, 2 bytes; decode it with --types FILE');
  const json = await inProcess(['get', op.name, '--json']);
  expect(JSON.parse(json.stdout).response).toEqual({ '@type': 'type.googleapis.com/demo.v1.ExportResult', value: expect.any(String) });
  const waited = await inProcess(['wait', op.name, '--quiet']);
  expect(waited).toMatchObject({ code: 0, stderr: '' });
  expect(waited.stdout).toMatch(/^response \(demo\.v1\.ExportResult\): not in the registry/);
  const decoded = await inProcess(['wait', op.name, '--quiet', '--types', protoFile]);
  expect(decoded.stdout).toBe('response (demo.v1.ExportResult):\n  uri: gs://b/y.csv\n');
});

test('wait succeeds when a response of unknown type arrives while polling', async () => {
  // It ends only once lro has polled it running: however slow the start, the response comes while polling.
  const op = emulator.create({ durationMs: Infinity, response: packed('demo.v1.ExportResult', { uri: 'gs://b/z.csv' }) });
  const before = emulator.calls.total;
  const waiting = inProcess(['wait', op.name, '--initial-delay', '100ms', '--max-delay', '100ms']);
  await waitUntil(() => emulator.calls.total > before, 'lro to poll the operation');
  emulator.complete(op.name);
  const waited = await waiting;
  expect(waited.code).toBe(0);
  expect(waited.stdout).toMatch(/^response \(demo\.v1\.ExportResult\): not in the registry, \d+ bytes/);
  expect(waited.stderr).toContain(`${op.name}: done`);
});
