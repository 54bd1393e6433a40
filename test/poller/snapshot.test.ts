import { describe, expect, it } from 'vitest';
import { OperationCancelledError, OperationError, TypeRegistry, UnpackError, UnknownTypeError } from '../../src/index.js';
import { toSnapshot } from '../../src/poller/snapshot.js';

const registry = new TypeRegistry();
const duration = registry.pack('google.protobuf.Duration', '2s');

describe('toSnapshot', () => {
  it('refuses an operation done with both an error and a response, naming it', () => {
    const op = { name: 'operations/both', done: true, error: { code: 13, message: 'x', details: [] }, response: duration };
    expect(() => toSnapshot(op, registry, {}, 1, 0)).toThrow(UnpackError);
    try {
      toSnapshot(op, registry, {}, 1, 0);
    } catch (err) {
      expect((err as UnpackError).operation).toBe(op);
      expect((err as UnpackError).message).toContain('operations/both');
    }
  });

  it('makes code 1 an OperationCancelledError and other codes an OperationError', () => {
    const cancelled = toSnapshot(
      { name: 'operations/c', done: true, error: { code: 1, message: 'cancelled', details: [] } },
      registry,
      {},
      1,
      0,
    );
    expect(cancelled.error).toBeInstanceOf(OperationCancelledError);
    const failed = toSnapshot({ name: 'operations/f', done: true, error: { code: 9, message: 'no', details: [] } }, registry, {}, 1, 0);
    expect(failed.error).toBeInstanceOf(OperationError);
    expect(failed.error).not.toBeInstanceOf(OperationCancelledError);
    expect(failed.error?.operationName).toBe('operations/f');
  });

  it('leaves metadata of an unknown type undefined, unless a metadata type is pinned', () => {
    const op = { name: 'operations/m', done: false, metadata: { typeUrl: 'type.googleapis.com/acme.Meta', value: new Uint8Array() } };
    expect(toSnapshot(op, registry, {}, 1, 0).metadata).toBeUndefined();
    expect(() => toSnapshot(op, registry, { metadataType: 'acme.Meta' }, 1, 0)).toThrow(UnknownTypeError);
  });

  it('treats a running operation as having no result, whatever it carries', () => {
    const s = toSnapshot({ name: 'operations/r', done: false, metadata: duration }, registry, {}, 2, 10);
    expect(s).toMatchObject({ done: false, metadata: { seconds: '2' }, response: undefined, error: undefined, attempt: 2, elapsedMs: 10 });
    const json = toSnapshot({ name: 'operations/r', done: false, metadata: duration }, registry, {}, 2, 10, 'json');
    expect(json.metadata).toBe('2s');
  });
});
