import { grpc as gaxGrpc, lro } from 'google-gax';
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStatus } from '../../src/operation-codec.js';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { services } from '../../src/index.js';
import { callForEmpty, callForOperation, rawClient, rejectionOf } from '../helpers/emulator-clients.js';
import { waitUntil } from '../helpers/setup.js';

const STRING_VALUE = 'type.googleapis.com/google.protobuf.StringValue';

/** The Operation objects google-gax returns: protobufjs messages with snake_case Any fields. */
interface GaxOperation {
  name: string;
  done: boolean;
  error?: { code: number; message: string } | null;
  response?: { type_url: string; value: Uint8Array } | null;
}

/**
 * google-gax's OperationsClient as it behaves at run time; its typings want
 * protobuf class instances and give listOperations the wrong result type.
 */
interface OperationsClient {
  getOperation(request: { name: string }): Promise<[GaxOperation]>;
  listOperations(
    request: { name: string; filter: string; pageSize?: number },
    options?: { autoPaginate?: boolean },
  ): Promise<[GaxOperation[], { pageToken?: string } | null, unknown]>;
  cancelOperation(request: { name: string }): Promise<unknown>;
  deleteOperation(request: { name: string }): Promise<unknown>;
  close(): void;
}

/** google-gax's own OperationsClient, over plaintext to the emulator. */
function gaxOperationsClient(endpoint: string): OperationsClient {
  const [host, port] = endpoint.split(':');
  // A fixed universe keeps google-auth-library from looking for credentials.
  const client = lro({ universeDomain: 'googleapis.com' }).operationsClient({
    servicePath: host,
    port: Number(port),
    sslCreds: gaxGrpc.credentials.createInsecure(),
  });
  return client as unknown as OperationsClient;
}

describe('gRPC through google-gax OperationsClient', () => {
  let emulator: Emulator;
  let client: OperationsClient;
  beforeAll(async () => {
    emulator = await startEmulator();
    client = gaxOperationsClient(emulator.grpcEndpoint);
  });
  afterAll(async () => {
    client.close();
    await emulator.close();
  });

  it('gets an operation with its response', async () => {
    const op = emulator.create({ response: { '@type': STRING_VALUE, value: 'copied' } });
    const [got] = await client.getOperation({ name: op.name });
    expect(got.name).toBe(op.name);
    expect(got.done).toBe(true);
    expect(got.response?.type_url).toBe(STRING_VALUE);
    expect(Buffer.from(got.response!.value as Uint8Array)).toEqual(Buffer.from(op.response!.value!));
  });

  it('lists operations, page by page and all at once', async () => {
    const listing = await startEmulator();
    const lister = gaxOperationsClient(listing.grpcEndpoint);
    try {
      const names = Array.from({ length: 5 }, () => listing.create().name);
      const [firstPage, next] = await lister.listOperations({ name: 'operations', filter: '', pageSize: 2 }, { autoPaginate: false });
      expect(firstPage.map((o) => o.name)).toEqual(names.slice(0, 2));
      expect(next?.pageToken).toBeTruthy();
      const [all] = await lister.listOperations({ name: 'operations', filter: 'done=true' });
      expect(all.map((o) => o.name)).toEqual(names);
      const failure = await rejectionOf<grpc.ServiceError>(lister.listOperations({ name: 'elsewhere', filter: '' }));
      expect(failure.code).toBe(3);
    } finally {
      lister.close();
      await listing.close();
    }
  });

  it('cancels a running operation', async () => {
    const op = emulator.create({ durationMs: 60_000 });
    await client.cancelOperation({ name: op.name });
    const [got] = await client.getOperation({ name: op.name });
    expect(got.done).toBe(true);
    expect(got.error?.code).toBe(1);
  });

  it('deletes an operation', async () => {
    const op = emulator.create();
    await client.deleteOperation({ name: op.name });
    expect(emulator.peek(op.name)).toBeUndefined();
  });

  it('gives NOT_FOUND for a missing operation, with the Status in the trailers', async () => {
    const error = await rejectionOf<grpc.ServiceError>(client.getOperation({ name: 'operations/missing' }));
    expect(error.code).toBe(5);
    const bin = error.metadata.get('grpc-status-details-bin')[0] as Buffer;
    const status = decodeStatus(bin);
    expect(status.code).toBe(5);
    expect(status.details.map((d) => d.typeUrl)).toEqual(['type.googleapis.com/google.rpc.ResourceInfo']);
  });

  it('gives INVALID_ARGUMENT with a BadRequest for a malformed name', async () => {
    const error = await rejectionOf<grpc.ServiceError>(client.getOperation({ name: 'operations//x' }));
    expect(error.code).toBe(3);
    const status = decodeStatus(error.metadata.get('grpc-status-details-bin')[0] as Buffer);
    expect(emulator.types.unpackDetails(status.details)).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'name', description: expect.any(String) }] },
    ]);
  });
});

describe('gRPC list rules of Storage Transfer', () => {
  it('requires the JSON filter and refuses page_size 257', async () => {
    await using emulator = await startEmulator({ profile: services.storageTransfer });
    const client = gaxOperationsClient(emulator.grpcEndpoint);
    try {
      const older = emulator.create().name;
      const newer = emulator.create().name;
      const filter = JSON.stringify({ projectId: 'demo-project' });
      const [ops] = await client.listOperations({ name: 'transferOperations', filter });
      expect(ops.map((o) => o.name)).toEqual([newer, older]);
      expect((await rejectionOf<grpc.ServiceError>(client.listOperations({ name: 'transferOperations', filter: '' }))).code).toBe(3);
      const tooBig = await rejectionOf<grpc.ServiceError>(
        client.listOperations({ name: 'transferOperations', filter, pageSize: 257 }, { autoPaginate: false }),
      );
      expect(tooBig.code).toBe(3);
      const detail = emulator.types.unpackDetails(decodeStatus(tooBig.metadata.get('grpc-status-details-bin')[0] as Buffer).details)[0];
      expect(detail).toMatchObject({ fieldViolations: [{ field: 'page_size' }] });
    } finally {
      client.close();
    }
  });
});

describe('gRPC methods a profile lacks', () => {
  let emulator: Emulator;
  let client: grpc.Client;
  beforeAll(async () => {
    emulator = await startEmulator({ profile: services.gdcTranslation });
    client = rawClient(emulator.grpcEndpoint);
  });
  afterAll(async () => {
    client.close();
    await emulator.close();
  });

  it('are UNIMPLEMENTED, naming the RPC and the service', async () => {
    const op = emulator.create({ durationMs: 60_000 });
    const failure = await rejectionOf(callForEmpty(client, 'CancelOperation', { name: op.name }));
    expect(failure.code).toBe(12);
    expect(failure.details).toContain('CancelOperation');
    expect(failure.details).toContain('GDC Translation');
    expect(emulator.peek(op.name)?.done).toBe(false);
    expect((await rejectionOf(callForOperation(client, 'WaitOperation', { name: op.name }))).code).toBe(12);
    expect((await callForOperation(client, 'GetOperation', { name: op.name })).done).toBe(false);
  });
});

describe('WaitOperation over a raw grpc-js client', () => {
  let emulator: Emulator;
  let client: grpc.Client;
  beforeAll(async () => {
    emulator = await startEmulator();
    client = rawClient(emulator.grpcEndpoint);
  });
  afterAll(async () => {
    client.close();
    await emulator.close();
  });

  it('returns when the operation finishes', async () => {
    const op = emulator.create({ durationMs: 150, response: { '@type': STRING_VALUE, value: 'done' } });
    const started = performance.now();
    const got = await callForOperation(client, 'WaitOperation', { name: op.name, timeout: { seconds: 5 } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(got.done).toBe(true);
    expect(got.response?.typeUrl).toBe(STRING_VALUE);
  });

  it('returns the running operation at its timeout', async () => {
    const op = emulator.create({ durationMs: 60_000 });
    const started = performance.now();
    const got = await callForOperation(client, 'WaitOperation', { name: op.name, timeout: { nanos: 100_000_000 } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(got).toEqual({ name: op.name, done: false });
  });

  it('wakes on complete(), cancel and delete', async () => {
    // Each end comes once the wait is on the server (counted), so that it is the wait that wakes, not a later call that finds it ended.
    let waits = emulator.calls.byMethod.wait;
    const onTheServer = async () => {
      await waitUntil(() => emulator.calls.byMethod.wait > waits, 'the wait to reach the emulator');
      waits = emulator.calls.byMethod.wait;
    };
    const a = emulator.create({ durationMs: Infinity });
    const waitA = callForOperation(client, 'WaitOperation', { name: a.name });
    await onTheServer();
    emulator.complete(a.name, { error: { code: 10, message: 'conflict' } });
    expect((await waitA).error).toMatchObject({ code: 10, message: 'conflict' });

    const b = emulator.create({ durationMs: Infinity });
    const waitB = callForOperation(client, 'WaitOperation', { name: b.name });
    await onTheServer();
    await callForEmpty(client, 'CancelOperation', { name: b.name });
    expect((await waitB).error?.code).toBe(1);

    const c = emulator.create({ durationMs: Infinity });
    const waitC = rejectionOf(callForOperation(client, 'WaitOperation', { name: c.name }));
    await onTheServer();
    await callForEmpty(client, 'DeleteOperation', { name: c.name });
    expect((await waitC).code).toBe(5);
  });

  it('returns at once for a done operation, and NOT_FOUND for a missing one', async () => {
    const op = emulator.create();
    expect((await callForOperation(client, 'WaitOperation', { name: op.name })).done).toBe(true);
    const failure = await rejectionOf(callForOperation(client, 'WaitOperation', { name: 'operations/none' }));
    expect(failure.code).toBe(5);
    expect(failure.status?.details[0]?.typeUrl).toBe('type.googleapis.com/google.rpc.ResourceInfo');
  });

  it('ends at the call deadline with DEADLINE_EXCEEDED', async () => {
    const op = emulator.create({ durationMs: Infinity });
    const failure = await rejectionOf(callForOperation(client, 'WaitOperation', { name: op.name }, 100));
    expect(failure.code).toBe(4);
    expect(emulator.peek(op.name)?.done).toBe(false);
  });
});
