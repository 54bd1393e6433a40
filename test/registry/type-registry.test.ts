import { createRequire } from 'node:module';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError, TypeRegistry, UnknownTypeError, UnpackError, services, type OperationsClient } from '../../src/index.js';
import type { Emulator } from '../../src/testing/index.js';
import { clientFor, emulatorFor } from '../helpers/setup.js';

const require = createRequire(import.meta.url);
const transferProtos = require('@google-cloud/storage-transfer/build/protos/protos.json');
const TRANSFER_OP = 'type.googleapis.com/google.storagetransfer.v1.TransferOperation';

describe('TypeRegistry over both transports', () => {
  let emulator: Emulator;
  let grpc: OperationsClient;
  let rest: OperationsClient;
  beforeAll(async () => {
    emulator = await emulatorFor(services.storageTransfer, { types: [transferProtos] });
    grpc = clientFor(emulator, 'grpc', { types: transferProtos });
    rest = clientFor(emulator, 'rest', { types: transferProtos });
  });
  afterAll(async () => {
    grpc.close();
    rest.close();
    await emulator.close();
  });

  const metadata = {
    '@type': TRANSFER_OP,
    name: 'transferOperations/x',
    projectId: 'demo-project',
    status: 'IN_PROGRESS',
    startTime: '2026-11-21T10:00:00.250Z',
    counters: { bytesCopiedToSink: '9007199254740993', objectsCopiedToSink: '3' },
  };

  it('unpacks the same payload to equal objects in proto3 JSON: enums as names, int64 as strings, Timestamp as RFC 3339', async () => {
    const op = emulator.create({ metadata });
    const viaGrpc = grpc.types.unpack((await grpc.getOperation(op.name)).metadata!, { format: 'json' });
    const viaRest = rest.types.unpack((await rest.getOperation(op.name)).metadata!, { format: 'json' });
    expect(viaGrpc).toEqual(viaRest);
    expect(viaGrpc).toMatchObject({
      status: 'IN_PROGRESS',
      startTime: '2026-11-21T10:00:00.250Z',
      counters: { bytesCopiedToSink: '9007199254740993', objectsCopiedToSink: '3' },
    });
  });

  it('unpacks the same payload to equal objects by default: enums as names, int64 as strings, Timestamp as { seconds, nanos }', async () => {
    const op = emulator.create({ metadata });
    const viaGrpc = grpc.types.unpack((await grpc.getOperation(op.name)).metadata!);
    const viaRest = rest.types.unpack((await rest.getOperation(op.name)).metadata!);
    expect(viaGrpc).toEqual(viaRest);
    expect(viaGrpc).toEqual({
      name: 'transferOperations/x',
      projectId: 'demo-project',
      status: 'IN_PROGRESS',
      startTime: { seconds: '1795255200', nanos: 250_000_000 },
      counters: { bytesCopiedToSink: '9007199254740993', objectsCopiedToSink: '3' },
    });
  });
});

describe('TypeRegistry sources', () => {
  it('takes a protobufjs Root, a Type and a JSON descriptor', () => {
    const root = protobuf.parse(
      'syntax = "proto3"; package acme.v1; message Job { string id = 1; int64 size = 2; enum State { STATE_UNSPECIFIED = 0; RUNNING = 1; } State state = 3; }',
    ).root;
    const fromRoot = new TypeRegistry(root);
    const job = fromRoot.pack('acme.v1.Job', { id: 'j1', size: '12', state: 'RUNNING' });
    expect(job.typeUrl).toBe('type.googleapis.com/acme.v1.Job');
    expect(fromRoot.unpack(job)).toEqual({ id: 'j1', size: '12', state: 'RUNNING' });
    const fromType = new TypeRegistry(root.lookupType('acme.v1.Job'));
    expect(fromType.has('type.googleapis.com/acme.v1.Job')).toBe(true);
    const fromJson = new TypeRegistry(root.toJSON());
    expect(fromJson.unpack(job)).toEqual({ id: 'j1', size: '12', state: 'RUNNING' });
    expect(new TypeRegistry(transferProtos).typeNames()).toContain('google.storagetransfer.v1.TransferOperation');
    expect(() => new TypeRegistry(42 as never)).toThrow(TypeError);
  });

  it('takes any object with decode(bytes), and fromJSON for REST', () => {
    const registry = new TypeRegistry().addDecoder('acme.v1.Raw', {
      decode: (bytes) => ({ length: bytes.length }),
      fromJSON: (json) => ({ length: Number(json.length) }),
    });
    expect(registry.unpack({ typeUrl: 'type.googleapis.com/acme.v1.Raw', value: new Uint8Array(3) })).toEqual({ length: 3 });
    expect(registry.unpack({ typeUrl: 'type.googleapis.com/acme.v1.Raw', json: { length: 3 } })).toEqual({ length: 3 });
    expect(() => new TypeRegistry().addDecoder('x.Y', {} as never)).toThrow(TypeError);
  });

  it('names what is registered when a type is not', () => {
    const err = (() => {
      try {
        new TypeRegistry().unpack({ typeUrl: 'type.googleapis.com/acme.v1.Nope', value: new Uint8Array() });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownTypeError);
    expect(err).toBeInstanceOf(UnpackError);
    expect((err as UnknownTypeError).registered).toContain('google.rpc.ErrorInfo');
    expect((err as UnknownTypeError).typeUrl).toBe('type.googleapis.com/acme.v1.Nope');
  });

  it('refuses a pinned type that differs and bytes that do not decode', () => {
    const registry = new TypeRegistry();
    const duration = registry.pack('google.protobuf.Duration', '2s');
    expect(() => registry.unpack(duration, 'google.protobuf.Timestamp')).toThrow(UnpackError);
    expect(registry.unpack(duration, 'type.googleapis.com/google.protobuf.Duration')).toEqual({ seconds: '2' });
    expect(registry.unpack(duration, { expectedType: 'google.protobuf.Duration', format: 'json' })).toBe('2s');
    expect(() => registry.unpack(duration, { expectedType: 'google.protobuf.Timestamp', format: 'json' })).toThrow(UnpackError);
    expect(() => registry.unpack({ typeUrl: 'type.googleapis.com/google.rpc.Status', value: new Uint8Array([0x0a, 0xff]) })).toThrow(
      UnpackError,
    );
  });

  it('keeps what it cannot unpack among error details', () => {
    const registry = new TypeRegistry();
    const details = registry.unpackDetails([
      registry.pack('google.rpc.RetryInfo', { retryDelay: '1.500s' }),
      { typeUrl: 'type.googleapis.com/acme.v1.Secret', value: new Uint8Array([1, 2, 3]) },
      { typeUrl: 'type.googleapis.com/acme.v1.Secret', json: { a: 1 } },
    ]);
    expect(details).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.500s' },
      { '@type': 'type.googleapis.com/acme.v1.Secret', value: 'AQID' },
      { '@type': 'type.googleapis.com/acme.v1.Secret', a: 1 },
    ]);
  });

  it('gives errors that work with instanceof across copies of the package', () => {
    // A second copy defines its own classes; the brand symbol is shared through the global registry.
    const foreign = Object.assign(Object.create(Error.prototype), {
      [Symbol.for('longrunning.error.kinds')]: ['RpcError', 'LongrunningError'],
    });
    expect(foreign).toBeInstanceOf(RpcError);
    expect(new RpcError(5, 'x')).toBeInstanceOf(RpcError);
    expect(new Error('x')).not.toBeInstanceOf(RpcError);
  });
});
