// The wire check before protobufjs decodes: every well-formed encoding passes, and bytes that are not one are an UnpackError.
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { TypeRegistry, UnpackError } from '../../src/index.js';
import { checkWire, WireFormatError } from '../../src/registry/wire-check.js';

const SCHEMA = `
syntax = "proto3";
package wire.test;
enum Kind { KIND_UNSPECIFIED = 0; SMALL = 1; LARGE = 2; }
message Inner { string label = 1; repeated sint64 points = 2; }
message Sample {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5; sint64 s64 = 6;
  fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10; bool flag = 11;
  float ratio = 12; double amount = 13; string text = 14; bytes blob = 15; Kind kind = 16;
  Inner inner = 17; repeated Inner inners = 18; repeated int32 packed = 19; repeated int32 unpacked = 20 [packed = false];
  repeated string tags = 21; map<string, Inner> byName = 22; map<int32, string> byNumber = 23; repeated Kind kinds = 24;
  oneof choice { string word = 25; int64 number = 26; }
}
`;
const root = protobuf.parse(SCHEMA).root;
root.resolveAll();
const Sample = root.lookupType('wire.test.Sample');

const text = fc.string({ maxLength: 12 });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const inner = fc.record({ label: text, points: fc.array(int64, { maxLength: 4 }) }, { requiredKeys: [] });
const sample = fc.record(
  {
    i32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    i64: int64,
    u32: fc.nat({ max: 2 ** 32 - 1 }),
    u64: uint64,
    s32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    s64: int64,
    f32: fc.nat({ max: 2 ** 32 - 1 }),
    f64: uint64,
    sf32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    sf64: int64,
    flag: fc.boolean(),
    ratio: fc.float({ noNaN: true }),
    amount: fc.double(),
    text: fc.string({ unit: 'grapheme', maxLength: 12 }),
    blob: fc.uint8Array({ maxLength: 12 }),
    kind: fc.integer({ min: 0, max: 5 }),
    inner,
    inners: fc.array(inner, { maxLength: 3 }),
    packed: fc.array(fc.integer(), { maxLength: 5 }),
    unpacked: fc.array(fc.integer(), { maxLength: 5 }),
    tags: fc.array(text, { maxLength: 3 }),
    byName: fc.dictionary(text, inner, { maxKeys: 3 }),
    byNumber: fc.dictionary(fc.integer({ min: -1000, max: 1000 }).map(String), text, { maxKeys: 3 }),
    kinds: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
    word: text,
  },
  { requiredKeys: [] },
);

function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
  return out;
}

describe('checkWire', () => {
  it('passes every encoding protobufjs makes of a message of the type', () => {
    fc.assert(
      fc.property(sample, (value) => {
        const bytes = Sample.encode(Sample.fromObject(value)).finish();
        expect(() => checkWire(Sample, bytes)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('on any bytes, passes or throws a WireFormatError, and protobufjs then decodes what passed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          checkWire(Sample, bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(WireFormatError);
          return;
        }
        expect(() => Sample.decode(bytes)).not.toThrow();
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses a known field of the wrong wire type, a length past the end, invalid UTF-8, field 0, and deep nesting', () => {
    const bad = [
      [0x72, 0x01], // text (14) as a length of 1 with no byte
      [0x70, 0x05], // text (14) as a varint
      [0x72, 0x02, 0xc3, 0x28], // text: invalid UTF-8
      [0x72, 0x03, 0xed, 0xa0, 0x80], // text: a UTF-8 encoded surrogate
      [0x00, 0x01], // field 0
      [0x0f], // wire type 7
      [0x8a, 0x01, 0x05, 0x0a], // inner (17) of 5 bytes, 1 there
    ];
    for (const b of bad) expect(() => checkWire(Sample, Uint8Array.from(b)), JSON.stringify(b)).toThrow(WireFormatError);
    // A Struct nested 200 deep, encoded by hand (protobufjs would not encode it): { a: { a: … } }.
    const Struct = new TypeRegistry().lookupType('google.protobuf.Struct')!;
    let struct: number[] = [];
    for (let i = 0; i < 200; i++) {
      const value = [0x2a, ...varint(struct.length), ...struct];
      const entry = [0x0a, 0x01, 0x61, 0x12, ...varint(value.length), ...value];
      struct = [0x0a, ...varint(entry.length), ...entry];
    }
    expect(() => checkWire(Struct, Uint8Array.from(struct))).toThrow(WireFormatError);
  });
});

describe('TypeRegistry.unpack of bytes', () => {
  const registry = new TypeRegistry();
  const types = [
    'google.protobuf.StringValue',
    'google.protobuf.Struct',
    'google.rpc.ErrorInfo',
    'google.rpc.BadRequest',
    'google.protobuf.Duration',
  ];

  it('gives a value or an UnpackError for any bytes, never another error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 60 }), (type, value) => {
        try {
          registry.unpack({ typeUrl: `type.googleapis.com/${type}`, value });
        } catch (err) {
          expect(err).toBeInstanceOf(UnpackError);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  // proto3-json-serializer cannot pack keys named after Object.prototype's members (toString, __proto__): left out here.
  const plainKeys = (v: unknown): boolean =>
    typeof v !== 'object' || v === null || Object.entries(v).every(([k, x]) => !(k in Object.prototype) && plainKeys(x));

  it('round-trips any Struct it packs', () => {
    const struct = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5, noNullPrototype: true });
    fc.assert(
      fc.property(struct.filter(plainKeys), (object) => {
        const packed = registry.pack('google.protobuf.Struct', object as never);
        expect(registry.unpack(packed, { format: 'json' })).toEqual(object);
      }),
      { numRuns: 200 },
    );
  });

  it('an overlong string that protobufjs would read as one character is an UnpackError', () => {
    // Field 1 as a varint (1), then bytes: protobufjs reads a string of length 1, 'a', and skips the rest.
    const value = Uint8Array.from([0x08, 0x01, 0x61, 0x62, 0x63]);
    expect(() => registry.unpack({ typeUrl: 'type.googleapis.com/google.protobuf.StringValue', value })).toThrow(UnpackError);
  });
});
