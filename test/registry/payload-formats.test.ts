// The two forms of an unpacked payload, over both transports: the object of the generated I* interfaces (the default), and proto3 JSON.
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationsClient, TypeRegistry, services, type AnyValue, type JsonDescriptor } from '../../src/index.js';
import type { Emulator } from '../../src/testing/index.js';
import { clientFor, emulatorFor } from '../helpers/setup.js';

// One message with a field of every kind that decodes differently in the two forms.
const ACME = protobuf
  .parse(
    `
  syntax = "proto3";
  package acme.v1;
  import "google/protobuf/any.proto";
  import "google/protobuf/duration.proto";
  import "google/protobuf/struct.proto";
  import "google/protobuf/timestamp.proto";
  import "google/protobuf/wrappers.proto";
  message Everything {
    enum State { STATE_UNSPECIFIED = 0; RUNNING = 1; }
    google.protobuf.Timestamp start_time = 1;
    google.protobuf.Duration timeout = 2;
    int64 size = 3;
    uint64 max = 4;
    bytes digest = 5;
    State state = 6;
    google.protobuf.Struct labels = 7;
    google.protobuf.StringValue note = 8;
    google.protobuf.Int32Value retries = 9;
    repeated int64 counts = 10;
    map<string, int64> by_key = 11;
    double ratio = 12;
    google.protobuf.Any detail = 13;
    oneof choice { string text = 14; int32 number = 15; }
    google.protobuf.Value anything = 16;
    repeated Child children = 17;
  }
  message Child {
    int64 size = 1;
    google.protobuf.Timestamp start_time = 2;
  }
`,
  )
  .root.toJSON() as JsonDescriptor;

const EVERYTHING = 'type.googleapis.com/acme.v1.Everything';

const JSON_FORM = {
  startTime: '2026-11-21T10:00:00.250Z',
  timeout: '1.500s',
  size: '9007199254740993',
  max: '18446744073709551615',
  digest: 'AQID',
  state: 'RUNNING',
  labels: { a: 1, b: [true, null, 'x'], c: { d: 'e' } },
  note: 'hi',
  retries: 3,
  counts: ['1', '2'],
  byKey: { k: '5' },
  ratio: 0.5,
  detail: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '2s' },
  text: 'chosen',
  anything: null,
  children: [{ size: '7', startTime: '2026-11-21T10:00:01Z' }],
};

const OBJECT_FORM = {
  startTime: { seconds: '1795255200', nanos: 250_000_000 },
  timeout: { seconds: '1', nanos: 500_000_000 },
  size: '9007199254740993',
  max: '18446744073709551615',
  digest: new Uint8Array([1, 2, 3]),
  state: 'RUNNING',
  labels: {
    fields: {
      a: { numberValue: 1 },
      b: { listValue: { values: [{ boolValue: true }, { nullValue: 'NULL_VALUE' }, { stringValue: 'x' }] } },
      c: { structValue: { fields: { d: { stringValue: 'e' } } } },
    },
  },
  note: { value: 'hi' },
  retries: { value: 3 },
  counts: ['1', '2'],
  byKey: { k: '5' },
  ratio: 0.5,
  detail: { type_url: 'type.googleapis.com/google.protobuf.Duration', value: new Uint8Array([8, 2]) },
  text: 'chosen',
  anything: { nullValue: 'NULL_VALUE' },
  children: [{ size: '7', startTime: { seconds: '1795255201' } }],
};

describe('payload forms over both transports', () => {
  let emulator: Emulator;
  let grpc: OperationsClient;
  let rest: OperationsClient;
  beforeAll(async () => {
    emulator = await emulatorFor(services.standard, { types: [ACME] });
    grpc = clientFor(emulator, 'grpc', { types: ACME });
    rest = clientFor(emulator, 'rest', { types: ACME });
  });
  afterAll(async () => {
    grpc.close();
    rest.close();
    await emulator.close();
  });

  async function bothWays(): Promise<{ viaGrpc: AnyValue; viaRest: AnyValue }> {
    const op = emulator.create({ metadata: { '@type': EVERYTHING, ...JSON_FORM } });
    const viaGrpc = (await grpc.getOperation(op.name)).metadata!;
    const viaRest = (await rest.getOperation(op.name)).metadata!;
    // The bytes of a gRPC Any, the JSON of a REST one: the two forms are unpacked from different inputs.
    expect(viaGrpc.value).toBeInstanceOf(Uint8Array);
    expect(viaRest.json).toBeTypeOf('object');
    return { viaGrpc, viaRest };
  }

  it('by default, every field as the I* interfaces type it, equal over gRPC and REST', async () => {
    const { viaGrpc, viaRest } = await bothWays();
    const fromGrpc = grpc.types.unpack<typeof OBJECT_FORM>(viaGrpc);
    const fromRest = rest.types.unpack<typeof OBJECT_FORM>(viaRest);
    expect(fromGrpc).toEqual(OBJECT_FORM);
    expect(fromRest).toEqual(OBJECT_FORM);
    expect(fromGrpc).toEqual(fromRest);
    for (const bytes of [fromGrpc.digest, fromRest.digest, fromGrpc.detail.value, fromRest.detail.value]) {
      // A plain Uint8Array on every runtime, holding only its own bytes (not a view of the frame or of Node's pool).
      expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
      expect(bytes.buffer.byteLength).toBe(bytes.length);
    }
  });

  it("with format: 'json', proto3 JSON, equal over gRPC and REST", async () => {
    const { viaGrpc, viaRest } = await bothWays();
    const fromGrpc = grpc.types.unpack(viaGrpc, { format: 'json' });
    const fromRest = rest.types.unpack(viaRest, { format: 'json' });
    expect(fromGrpc).toEqual(fromRest);
    expect(fromGrpc).toEqual({ ...JSON_FORM, children: [{ size: '7', startTime: '2026-11-21T10:00:01.000Z' }] });
  });

  it('gives the object form that protobufjs itself takes and gives back for the type', async () => {
    const { viaGrpc } = await bothWays();
    const type = grpc.types.lookupType(EVERYTHING)!;
    const object = grpc.types.unpack(viaGrpc) as Record<string, unknown>;
    // protobufjs gives bytes out as Buffers on Node, where the registry gives plain Uint8Arrays: compare the bytes.
    const asProtobufjs = (message: protobuf.Message) =>
      JSON.parse(JSON.stringify(type.toObject(message, { longs: String, enums: String, bytes: String })));
    const expected = asProtobufjs(type.decode(viaGrpc.value!));
    expect(asProtobufjs(type.fromObject(object))).toEqual(expected);
    // And encoding what fromObject made of it gives back the payload the service sent.
    expect(asProtobufjs(type.decode(type.encode(type.fromObject(object)).finish()))).toEqual(expected);
  });

  it('snapshots follow the format of the client, overridden per poller; the same over gRPC and REST', async () => {
    const op = emulator.create({ metadata: { '@type': EVERYTHING, ...JSON_FORM }, durationMs: Infinity });
    using jsonGrpc = clientFor(emulator, 'grpc', { types: ACME, poll: { format: 'json' } });
    const snapshots: unknown[] = [];
    for (const client of [grpc, rest, jsonGrpc]) {
      for (const options of [{}, { format: 'json' } as const, { format: 'object' } as const]) {
        // A poller made from a name polls at once: its first snapshot is the operation as it is now.
        for await (const s of client.poller(op.name, options)) {
          snapshots.push(s.metadata);
          break;
        }
      }
    }
    const json = grpc.types.unpack(emulator.peek(op.name)!.metadata!, { format: 'json' });
    expect(snapshots).toEqual([OBJECT_FORM, json, OBJECT_FORM, OBJECT_FORM, json, OBJECT_FORM, json, json, OBJECT_FORM]);
    await grpc.cancelOperation(op.name);
  });
});

describe('payload forms of the well-known types at the top level', () => {
  const registry = new TypeRegistry();
  const cases: [string, unknown, unknown, unknown][] = [
    ['google.protobuf.Timestamp', '2026-01-01T00:00:00.250Z', { seconds: '1767225600', nanos: 250_000_000 }, '2026-01-01T00:00:00.250Z'],
    ['google.protobuf.Duration', '90.5s', { seconds: '90', nanos: 500_000_000 }, '90.500s'],
    ['google.protobuf.StringValue', 'all done', { value: 'all done' }, 'all done'],
    ['google.protobuf.Int64Value', '12', { value: '12' }, '12'],
    ['google.protobuf.BytesValue', 'AQID', { value: new Uint8Array([1, 2, 3]) }, 'AQID'],
    ['google.protobuf.Struct', { state: 'RUNNING' }, { fields: { state: { stringValue: 'RUNNING' } } }, { state: 'RUNNING' }],
    ['google.protobuf.ListValue', [1, 'a'], { values: [{ numberValue: 1 }, { stringValue: 'a' }] }, [1, 'a']],
    ['google.protobuf.FieldMask', 'a.b,c', { paths: ['a.b', 'c'] }, 'a.b,c'],
    ['google.protobuf.Empty', {}, {}, {}],
  ];
  it.each(cases)('%s: the object of its I* interface by default, its proto3 JSON with format json', (type, json, object, backAsJson) => {
    const any = registry.pack(type, json as never);
    expect(registry.unpack(any)).toEqual(object);
    expect(registry.unpack(any, { format: 'object' })).toEqual(object);
    expect(registry.unpack(any, { format: 'json' })).toEqual(backAsJson);
    // Over REST the same payload arrives as JSON (its fields, without '@type'): the same forms come out.
    const { '@type': _type, ...fields } = registry.toJsonAny(any);
    const overRest: AnyValue = { typeUrl: any.typeUrl, json: fields };
    expect(registry.unpack(overRest)).toEqual(object);
    expect(registry.unpack(overRest, { format: 'json' })).toEqual(backAsJson);
  });

  it('refuses a format it does not know with a TypeError naming it', () => {
    const any = registry.pack('google.protobuf.StringValue', 'x');
    expect(() => registry.unpack(any, { format: 'yaml' as never })).toThrow(TypeError);
    expect(() => registry.unpack(any, { format: 'yaml' as never })).toThrow(/format/);
  });

  it('keeps error details and the REST form of an Any in proto3 JSON, whatever the default', () => {
    const retry = registry.pack('google.rpc.RetryInfo', { retryDelay: '1.500s' });
    expect(registry.unpackDetails([retry])).toEqual([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.500s' }]);
    expect(registry.toJsonAny(registry.pack('google.protobuf.Duration', '2s'))).toEqual({
      '@type': 'type.googleapis.com/google.protobuf.Duration',
      value: '2s',
    });
  });
});

describe('the format option', () => {
  it('is checked on the client and on the poller, with a TypeError naming it', () => {
    expect(() => new OperationsClient({ endpoint: 'localhost:1', insecure: true, poll: { format: 'text' as never } })).toThrow(/format/);
    using client = new OperationsClient({ endpoint: 'localhost:1', insecure: true });
    expect(() => client.poller('operations/x', { format: 'text' as never })).toThrow(TypeError);
    expect(() => client.poller('operations/x', { format: 'text' as never })).toThrow(/format must be 'object' or 'json'/);
  });
});
