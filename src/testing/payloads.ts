// Payloads handed to the emulator (proto3 JSON or packed Any): packed into the binary Any it stores, and back into REST JSON.
import { TYPE_URL_PREFIX, typeNameFromUrl, type AnyValue, type JsonObject, type JsonValue } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';

/**
 * A payload for an operation's metadata, response or an error detail.
 *
 * - proto3 JSON: `{ '@type': 'type.googleapis.com/pkg.Msg', ...fields }`.
 *   Well-known types with a scalar JSON form put it under `value`:
 *   `{ '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1.5s' }`.
 *   The type must be known to the emulator's registry.
 * - an already packed binary Any: `{ typeUrl, value: Uint8Array }`. Its type
 *   need not be known anywhere; that is how a test sends a payload the
 *   client cannot decode.
 */
export type PayloadSpec = JsonObject | AnyValue;

/** An Any that holds bytes: the form the emulator stores. */
export type BinaryAny = Extract<AnyValue, { value: Uint8Array }>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function camelCase(field: string): string {
  return field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function packJson(types: TypeRegistry, typeUrl: string, fields: JsonObject, what: string): BinaryAny {
  const url = typeUrl.includes('/') ? typeUrl : TYPE_URL_PREFIX + typeUrl;
  const name = typeNameFromUrl(url);
  const type = types.lookupType(url);
  if (!type) {
    throw new TypeError(
      `${what}: no message type ${name} is registered; pass its descriptor in the emulator's types, or give the payload as a packed { typeUrl, value } Any`,
    );
  }
  const keys = Object.keys(fields);
  if (name.startsWith('google.protobuf.')) {
    // Well-known types whose JSON is not an object carry it under "value"; try that reading first.
    if (keys.length === 1 && keys[0] === 'value') {
      try {
        return types.pack(url, fields.value as JsonValue) as BinaryAny;
      } catch {
        // An object form with a field named value: read it as fields below.
      }
    }
  } else {
    // The JSON parser drops unknown fields without a word; a misspelt field in a test should not vanish.
    const known = new Set(type.fieldsArray.flatMap((f) => [f.name, camelCase(f.name)]));
    const unknown = keys.filter((k) => !known.has(k));
    if (unknown.length > 0) throw new TypeError(`${what}: ${name} has no field ${unknown.join(', ')}`);
  }
  try {
    return types.pack(url, fields) as BinaryAny;
  } catch (cause) {
    throw new TypeError(`${what}: ${errorMessage(cause)}`, { cause });
  }
}

/**
 * Packs a payload into a binary Any.
 *
 * @param what names the payload in error messages, e.g. `'response'`.
 * @throws TypeError for a value that is not a payload, a JSON payload
 *   without `@type`, of an unregistered type, or whose fields do not fit it.
 */
export function packPayload(types: TypeRegistry, spec: PayloadSpec, what: string): BinaryAny {
  if (!isPlainObject(spec)) throw new TypeError(`${what}: expected { '@type', ...fields } or { typeUrl, value: Uint8Array }`);
  if (typeof spec.typeUrl === 'string' && !('@type' in spec)) {
    if (spec.value instanceof Uint8Array) return { typeUrl: spec.typeUrl, value: spec.value };
    if (isPlainObject(spec.json)) return packJson(types, spec.typeUrl, spec.json as JsonObject, what);
    throw new TypeError(`${what}: a packed Any needs value as a Uint8Array`);
  }
  const { '@type': typeUrl, ...fields } = spec as JsonObject;
  if (typeof typeUrl !== 'string' || typeUrl === '') throw new TypeError(`${what}: a JSON payload needs an '@type' type URL`);
  return packJson(types, typeUrl, fields, what);
}

/**
 * The REST JSON form of a stored Any. A payload whose type the registry does
 * not know (or whose bytes do not decode) is emitted as
 * `{ '@type': url, value: '<base64 of the bytes>' }`.
 */
export function anyToRestJson(types: TypeRegistry, any: AnyValue): JsonObject {
  try {
    return types.toJsonAny(any);
  } catch {
    return { '@type': any.typeUrl, value: Buffer.from(any.value ?? new Uint8Array(0)).toString('base64') };
  }
}
