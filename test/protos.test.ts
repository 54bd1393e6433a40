// Guards the generated descriptors: they must equal what protos/*.proto give today, and hold what the client and emulator use.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDescriptor, GENERATE_COMMAND, GENERATED_MODULE, renderDescriptorModule } from '../scripts/build-descriptor.js';
import { baseDescriptor } from '../src/generated/descriptors.js';
import { baseRoot, longrunningTypes } from '../src/protos.js';
import { TypeRegistry } from '../src/index.js';

const STALE = `src/generated/descriptors.ts is stale: run ${GENERATE_COMMAND}`;

describe('generated descriptors', () => {
  it('equal the descriptor regenerated from protos/, and building the root leaves them untouched', () => {
    baseRoot();
    expect(baseDescriptor, STALE).toStrictEqual(buildDescriptor());
  });

  it('are committed exactly as the generator writes them', async () => {
    expect(readFileSync(GENERATED_MODULE, 'utf8'), STALE).toBe(await renderDescriptorModule(buildDescriptor()));
  });

  it('are read at run time through no file system and no dependency path', () => {
    for (const file of ['../src/protos.ts', '../src/generated/descriptors.ts']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import\s.*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
      expect(
        imports.filter((i) => i !== 'protobufjs' && !i.startsWith('./')),
        file,
      ).toEqual([]);
      expect(source, file).not.toMatch(/require|protobuf\.common|google-gax/);
    }
  });
});

describe('buildDescriptor', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function protosWith(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), 'protos-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('refuses a file that imports one the folder does not hold', () => {
    const d = protosWith({ 'a.proto': 'syntax = "proto3";\npackage a;\nimport "google/protobuf/any.proto";\nmessage A {}\n' });
    expect(() => buildDescriptor(d)).toThrow(/imports google\/protobuf\/any\.proto/);
  });

  it('refuses a file that is not proto3', () => {
    const d = protosWith({ 'a.proto': 'syntax = "proto2";\npackage a;\nmessage A { optional int32 n = 1; }\n' });
    expect(() => buildDescriptor(d)).toThrow(/proto3/);
  });

  it('refuses a reference that does not resolve', () => {
    const d = protosWith({ 'a.proto': 'syntax = "proto3";\npackage a;\nmessage A { B b = 1; }\n' });
    expect(() => buildDescriptor(d)).toThrow(/B/);
  });
});

describe('the base root', () => {
  const field = (type: string, name: string) => baseRoot().lookupType(type).fields[name]!;

  it('numbers ListOperations fields as the wire does, partial success included', () => {
    const request = longrunningTypes().ListOperationsRequest;
    expect(Object.fromEntries(request.fieldsArray.map((f) => [f.name, [f.id, f.type]]))).toEqual({
      name: [4, 'string'],
      filter: [1, 'string'],
      pageSize: [2, 'int32'],
      pageToken: [3, 'string'],
      returnPartialSuccess: [5, 'bool'],
    });
    const unreachable = field('google.longrunning.ListOperationsResponse', 'unreachable');
    expect([unreachable.id, unreachable.type, unreachable.repeated]).toEqual([3, 'string', true]);
    expect(field('google.longrunning.ListOperationsResponse', 'operations').resolvedType).toBe(longrunningTypes().Operation);
  });

  it('keeps error and response of an Operation in the oneof result', () => {
    const { Operation, Status, Any } = longrunningTypes();
    expect(Operation.oneofs.result?.oneof).toEqual(['error', 'response']);
    const shape = (name: string) => {
      const f = Operation.fields[name]!;
      return [f.id, f.resolvedType, f.partOf];
    };
    expect(shape('error')).toStrictEqual([4, Status, Operation.oneofs.result]);
    expect(shape('response')).toStrictEqual([5, Any, Operation.oneofs.result]);
    expect(shape('metadata')).toStrictEqual([2, Any, null]);
  });

  it('round-trips an Operation and a partial ListOperationsResponse through bytes', () => {
    const { Operation, ListOperationsResponse } = longrunningTypes();
    const op = { name: 'operations/1', done: true, error: { code: 5, message: 'gone', details: [] } };
    const page = { operations: [op], nextPageToken: 't', unreachable: ['locations/eu'] };
    const bytes = ListOperationsResponse.encode(ListOperationsResponse.fromObject(page)).finish();
    const decoded = ListOperationsResponse.toObject(ListOperationsResponse.decode(bytes), { arrays: true });
    expect(decoded).toEqual(page);
    const onlyResponse = Operation.decode(
      Operation.encode(
        Operation.fromObject({ ...op, response: { type_url: 'type.googleapis.com/google.protobuf.Empty', value: [] } }),
      ).finish(),
    );
    expect(Operation.toObject(onlyResponse, { oneofs: true }).result).toBe('response');
  });

  it('serves the five Operations RPCs with their request and response types', () => {
    const service = baseRoot().lookupService('google.longrunning.Operations');
    const methods = Object.fromEntries(
      service.methodsArray.map((m) => [m.name, [m.resolvedRequestType?.name, m.resolvedResponseType?.name]]),
    );
    expect(methods).toEqual({
      ListOperations: ['ListOperationsRequest', 'ListOperationsResponse'],
      GetOperation: ['GetOperationRequest', 'Operation'],
      DeleteOperation: ['DeleteOperationRequest', 'Empty'],
      CancelOperation: ['CancelOperationRequest', 'Empty'],
      WaitOperation: ['WaitOperationRequest', 'Operation'],
    });
    expect(field('google.longrunning.WaitOperationRequest', 'timeout').resolvedType?.fullName).toBe('.google.protobuf.Duration');
  });

  it('spells the Any fields type_url and value, as the codec and protobufjs wrappers expect', () => {
    expect(longrunningTypes().Any.fieldsArray.map((f) => [f.name, f.id, f.type])).toEqual([
      ['type_url', 1, 'string'],
      ['value', 2, 'bytes'],
    ]);
  });

  it('keeps the kinds of a Struct Value in one oneof', () => {
    const value = baseRoot().lookupType('google.protobuf.Value');
    expect(value.oneofs.kind?.oneof).toEqual(['nullValue', 'numberValue', 'stringValue', 'boolValue', 'structValue', 'listValue']);
    expect(baseRoot().lookupType('google.protobuf.Struct').fields.fields).toMatchObject({ map: true, keyType: 'string', type: 'Value' });
  });

  it('holds every type the TypeRegistry unpacks out of the box', () => {
    const names = [
      ...['Status', 'ErrorInfo', 'RetryInfo', 'DebugInfo', 'QuotaFailure', 'PreconditionFailure', 'BadRequest'].map(
        (n) => `google.rpc.${n}`,
      ),
      ...['RequestInfo', 'ResourceInfo', 'Help', 'LocalizedMessage'].map((n) => `google.rpc.${n}`),
      ...['Any', 'Duration', 'Empty', 'FieldMask', 'Struct', 'Value', 'ListValue', 'Timestamp'].map((n) => `google.protobuf.${n}`),
      ...['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map((n) => `google.protobuf.${n}Value`),
    ];
    const registry = new TypeRegistry();
    for (const name of names) expect(registry.has(name), name).toBe(true);
    const retryInfo = registry.pack('google.rpc.RetryInfo', { retryDelay: '1.500s' });
    expect(registry.unpack(retryInfo, { format: 'json' })).toEqual({ retryDelay: '1.500s' });
    expect(registry.unpack(retryInfo)).toEqual({ retryDelay: { seconds: '1', nanos: 500_000_000 } });
    expect(
      registry.unpack(registry.pack('google.rpc.BadRequest', { fieldViolations: [{ field: 'page_size', description: 'too big' }] })),
    ).toEqual({ fieldViolations: [{ field: 'page_size', description: 'too big' }] });
  });
});
