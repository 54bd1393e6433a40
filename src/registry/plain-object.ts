// The object form of a decoded message: what the `I*` interfaces of protobufjs's generated code describe.
import type protobuf from 'protobufjs';

// As protobufjs's generated `I*` interfaces type them: int64 as decimal strings, enums by name; bytes are copied below.
const TO_OBJECT: protobuf.IConversionOptions = Object.freeze({ longs: String, enums: String });

// protobufjs hands bytes out as views: of the whole gRPC frame when decoded, of Node's shared allocation pool when read
// from base64. A copy of its own holds only the field's bytes, and is a plain Uint8Array on every runtime.
function ownBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = ownBytes(value[i]);
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) o[key] = ownBytes(o[key]);
  }
  return value;
}

/**
 * A message as a plain object that fits its type's generated `I*`
 * interface: fields in lowerCamelCase (as the descriptor names them), int64
 * and uint64 as decimal strings, enums by name (a number the enum does not
 * know stays a number), bytes as a Uint8Array of their own, nested messages
 * as objects, well-known types among them (a Timestamp is
 * `{ seconds: '1767225600', nanos: 250000000 }`, a Struct `{ fields }`, a
 * StringValue `{ value }`, an Any `{ type_url, value }`). Fields left at
 * their default on the wire are absent, as in proto3 JSON.
 */
export function toPlainObject(type: protobuf.Type, message: protobuf.Message): Record<string, unknown> {
  return ownBytes(type.toObject(message, TO_OBJECT)) as Record<string, unknown>;
}
