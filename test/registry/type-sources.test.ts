import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { TypeRegistry, type JsonDescriptor, type ProtobufNamespace, type ProtobufType } from '../../src/index.js';

// A descriptor that uses a well-known type without carrying it, as hand-made descriptors often do.
const LEANING: JsonDescriptor = {
  nested: {
    acme: {
      nested: {
        v1: {
          nested: {
            Job: {
              fields: {
                startTime: { type: 'google.protobuf.Timestamp', id: 1 },
                timeout: { type: 'google.protobuf.Duration', id: 2 },
                name: { type: 'string', id: 3 },
              },
            },
          },
        },
      },
    },
  },
};

describe('TypeRegistry sources', () => {
  it('takes a JSON descriptor that leans on well-known types it does not carry', () => {
    const registry = new TypeRegistry(LEANING);
    expect(registry.has('acme.v1.Job')).toBe(true);
    const any = registry.pack('acme.v1.Job', { startTime: '2026-01-01T00:00:00Z', timeout: '1.5s', name: 'j' });
    expect(registry.unpack(any, { format: 'json' })).toEqual({ startTime: '2026-01-01T00:00:00.000Z', timeout: '1.500s', name: 'j' });
    expect(registry.unpack(any)).toEqual({
      startTime: { seconds: '1767225600' },
      timeout: { seconds: '1', nanos: 500_000_000 },
      name: 'j',
    });
  });

  it('takes protobufjs Roots and Types through its own structural types', () => {
    const root = protobuf.Root.fromJSON({ nested: { demo: { nested: { Thing: { fields: { n: { type: 'int32', id: 1 } } } } } } });
    const asNamespace: ProtobufNamespace = root;
    const asType: ProtobufType = root.lookupType('demo.Thing');
    expect(new TypeRegistry(asNamespace).has('demo.Thing')).toBe(true);
    expect(new TypeRegistry(asType).has('type.googleapis.com/demo.Thing')).toBe(true);
  });

  it('refuses a descriptor that does not resolve, with a TypeError naming the problem', () => {
    const broken: JsonDescriptor = { nested: { x: { fields: { a: { type: 'nowhere.Missing', id: 1 } } } } };
    expect(() => new TypeRegistry(broken)).toThrow(TypeError);
    expect(() => new TypeRegistry(broken)).toThrow(/nowhere\.Missing|does not resolve/);
  });
});
