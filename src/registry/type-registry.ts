// The TypeRegistry: maps type URLs to message types and turns Any payloads into plain typed objects.
import protobuf from 'protobufjs';
import { fromProto3JSON, toProto3JSON } from 'proto3-json-serializer';
import { bytesToBase64 } from '../bytes.js';
import { UnknownTypeError, UnpackError, type ErrorDetail } from '../errors.js';
import { TYPE_URL_PREFIX, typeNameFromUrl, type AnyValue, type JsonObject, type JsonValue } from '../operation.js';
import { baseRoot, mergeDescriptor } from '../protos.js';
import { withBuffer } from './lent-buffer.js';
import { toPlainObject } from './plain-object.js';
import { checkWire } from './wire-check.js';

/**
 * The form an unpacked message takes.
 *
 * - `'object'`: the object that the message type's generated `I*` interface
 *   describes (`google.storagetransfer.v1.ITransferOperation` of
 *   `@google-cloud/storage-transfer`, say): Timestamp and Duration as
 *   `{ seconds, nanos }` with `seconds` a decimal string, int64 as decimal
 *   strings, enums by name, bytes as a Uint8Array, every nested message
 *   (Struct, wrappers and Any included) as the object of its own interface.
 * - `'json'`: proto3 JSON, as REST carries it: Timestamp as an RFC 3339
 *   string, Duration as `'1.500s'`, bytes as base64, a Struct as the plain
 *   JSON object it stands for, a wrapper as its value.
 */
export type PayloadFormat = 'object' | 'json';

/** What {@link TypeRegistry.unpack} takes besides the Any. */
export interface UnpackOptions {
  /** A type URL or full name the payload must have; another type is an UnpackError. */
  readonly expectedType?: string | undefined;
  /**
   * The form of the result (see {@link PayloadFormat}).
   * @default 'object'
   */
  readonly format?: PayloadFormat | undefined;
}

/**
 * Checks a payload format.
 * @throws TypeError naming `field` for anything but `'object'` or `'json'`.
 */
export function checkPayloadFormat(format: unknown, field = 'format'): PayloadFormat {
  if (format === undefined) return 'object';
  if (format !== 'object' && format !== 'json') throw new TypeError(`${field} must be 'object' or 'json', got ${String(format)}`);
  return format;
}

/** A decoder for a type that has no protobuf descriptor here. */
export interface CustomDecoder<T = unknown> {
  /** Decodes the bytes of a gRPC Any. */
  decode(bytes: Uint8Array): T;
  /** Turns the JSON of a REST Any (without `@type`) into the same value. Absent: the JSON is returned as it is. */
  fromJSON?(json: JsonObject): T;
}

/**
 * A protobufjs Root or Namespace, by the parts the registry reads. (The SDK
 * names its own shapes here, so that its types never depend on a
 * protobufjs release; any protobufjs 7 Root fits.)
 */
export interface ProtobufNamespace {
  /** The namespace's full name with a leading dot (`'.google.storagetransfer'`), or `''` for a Root. */
  readonly fullName: string;
  /** What the namespace holds: types, enums, services, nested namespaces. */
  readonly nestedArray: readonly object[];
  /** Resolves every type reference; the registry calls it once before it reads the types. */
  resolveAll(): unknown;
}

/** A protobufjs message Type, by the parts the registry reads; any protobufjs 7 Type fits. */
export interface ProtobufType {
  /** The message's full name with a leading dot, e.g. `'.google.storagetransfer.v1.TransferOperation'`. */
  readonly fullName: string;
  /** The message's fields by name, read to check bytes against their wire types before decoding. */
  readonly fields: object;
  /** Decodes the message's bytes. */
  decode(bytes: Uint8Array): unknown;
}

/** A JSON descriptor: the `build/protos/protos.json` that every `@google-cloud/*` package ships, or protobufjs's `root.toJSON()`. */
export interface JsonDescriptor {
  /** The top-level packages (`google`, …), each nesting its own packages and types. */
  readonly nested?: Readonly<Record<string, object>> | undefined;
}

/**
 * What a registry takes types from: a protobufjs Root, Namespace or Type; a
 * JSON descriptor; or another registry.
 */
export type TypeSource = ProtobufNamespace | ProtobufType | JsonDescriptor | TypeRegistry;

// Well-known types whose JSON form is not an object, so an Any carries them under "value".
const SPECIAL_JSON = new Set([
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
  'google.protobuf.FieldMask',
  'google.protobuf.Struct',
  'google.protobuf.Value',
  'google.protobuf.ListValue',
  'google.protobuf.DoubleValue',
  'google.protobuf.FloatValue',
  'google.protobuf.Int64Value',
  'google.protobuf.UInt64Value',
  'google.protobuf.Int32Value',
  'google.protobuf.UInt32Value',
  'google.protobuf.BoolValue',
  'google.protobuf.StringValue',
  'google.protobuf.BytesValue',
]);

const JSON_FORM: UnpackOptions = Object.freeze({ format: 'json' });

function isType(v: unknown): v is protobuf.Type {
  return typeof v === 'object' && v !== null && 'fields' in v && typeof (v as protobuf.Type).decode === 'function';
}

function isNamespace(v: unknown): v is protobuf.Namespace {
  return typeof v === 'object' && v !== null && typeof (v as protobuf.Namespace).lookupType === 'function' && 'nestedArray' in v;
}

function* typesIn(ns: protobuf.NamespaceBase): Generator<protobuf.Type> {
  for (const child of ns.nestedArray) {
    if (isType(child)) yield child;
    if ('nestedArray' in child) yield* typesIn(child as protobuf.NamespaceBase);
  }
}

function fullName(t: protobuf.ReflectionObject): string {
  return t.fullName.replace(/^\./, '');
}

/**
 * Maps type URLs to decoders, so that an Any becomes a plain object.
 *
 * By default a message comes back as the object its generated `I*`
 * interface describes, whichever transport brought it: fields in
 * lowerCamelCase, enums as their names (`'IN_PROGRESS'`, not 1), int64 and
 * uint64 as decimal strings, Timestamp and Duration as `{ seconds, nanos }`
 * (`seconds` a decimal string), bytes as a Uint8Array, nested messages as
 * objects. With `format: 'json'` it is proto3 JSON instead (Timestamp as an
 * RFC 3339 string, Duration as `'1.500s'`, bytes as base64); see
 * {@link PayloadFormat}. Scalars at their default value are left out as
 * proto3 leaves them out on the wire. A gRPC payload and the same payload
 * over REST unpack to equal objects, in either form.
 *
 * google.rpc (Status, ErrorInfo, RetryInfo, BadRequest, …) and the
 * well-known types are always registered.
 *
 * @example
 * import protos from '@google-cloud/storage-transfer/build/protos/protos.json' with { type: 'json' };
 * const types = new TypeRegistry(protos);
 * types.unpack(operation.metadata); // { status: 'IN_PROGRESS', startTime: { seconds: '1767225600' }, counters: {...}, ... }
 * types.unpack(operation.metadata, { format: 'json' }); // { status: 'IN_PROGRESS', startTime: '2026-01-01T00:00:00.000Z', ... }
 */
export class TypeRegistry {
  readonly #types = new Map<string, protobuf.Type>();
  readonly #custom = new Map<string, CustomDecoder>();

  /** A registry with the built-in types and the given sources. */
  constructor(...sources: TypeSource[]) {
    this.add(baseRoot());
    for (const s of sources) this.add(s);
  }

  /**
   * Registers every message type of a source. A type already registered
   * under the same full name is kept: the first source wins.
   * @throws TypeError for a source of another kind, or a descriptor whose references do not resolve.
   */
  add(source: TypeSource): this {
    if (source instanceof TypeRegistry) {
      for (const [name, type] of source.#types) if (!this.#types.has(name)) this.#types.set(name, type);
      for (const [name, d] of source.#custom) if (!this.#custom.has(name)) this.#custom.set(name, d);
      return this;
    }
    if (isType(source)) {
      source.root?.resolveAll?.();
      this.#register(source);
      for (const t of typesIn(source)) this.#register(t);
      return this;
    }
    if (isNamespace(source)) {
      source.resolveAll();
      for (const t of typesIn(source)) this.#register(t);
      return this;
    }
    if (typeof source === 'object' && source !== null && 'nested' in source) {
      const root = new protobuf.Root();
      try {
        mergeDescriptor(root, source as protobuf.INamespace);
        // Descriptors may lean on well-known types they do not carry themselves: their own copies win, the rest come from here.
        mergeDescriptor(root, baseRoot().toJSON());
        root.resolveAll();
      } catch (cause) {
        throw new TypeError(`type registry: the descriptor does not resolve: ${(cause as Error).message}`, { cause });
      }
      for (const t of typesIn(root)) this.#register(t);
      return this;
    }
    throw new TypeError('type registry: expected a protobufjs Root, Namespace or Type, a JSON descriptor, or a TypeRegistry');
  }

  /**
   * Registers a decoder for one type, by full name or type URL. It takes
   * precedence over a descriptor of the same name.
   */
  addDecoder(typeNameOrUrl: string, decoder: CustomDecoder): this {
    if (typeof decoder?.decode !== 'function') throw new TypeError('type registry: a decoder needs a decode(bytes) method');
    this.#custom.set(typeNameFromUrl(typeNameOrUrl), decoder);
    return this;
  }

  #register(t: protobuf.Type): void {
    const name = fullName(t);
    if (!this.#types.has(name)) this.#types.set(name, t);
  }

  /** True when the type URL or full name can be unpacked. */
  has(typeNameOrUrl: string): boolean {
    const name = typeNameFromUrl(typeNameOrUrl);
    return this.#custom.has(name) || this.#types.has(name);
  }

  /** @internal The protobufjs type for a type URL or full name, if registered. */
  lookupType(typeNameOrUrl: string): protobuf.Type | undefined {
    return this.#types.get(typeNameFromUrl(typeNameOrUrl));
  }

  /** The full names of every registered type, sorted. */
  typeNames(): string[] {
    return [...new Set([...this.#types.keys(), ...this.#custom.keys()])].sort();
  }

  /**
   * Unpacks an Any into the object its type's `I*` interface describes, or
   * into proto3 JSON with `format: 'json'` (see the class comment). A
   * well-known type is unpacked like any other message in the object form
   * (`{ seconds: '2' }` for a Duration of 2 s, `{ value: 'x' }` for a
   * StringValue); in the JSON form, one whose JSON is not an object
   * (Duration, Timestamp, wrappers, Struct…) gives that value itself:
   * `'2s'`, not `{ value: '2s' }`. A decoder given to {@link addDecoder}
   * returns what it returns, in either form.
   *
   * @param options the form, and a type URL or full name the payload must
   *   have (a string is short for `{ expectedType }`).
   * @throws UnknownTypeError when the type is not registered.
   * @throws UnpackError when the type differs from the expected one or the payload does not decode: bytes
   *   that are not a well-formed encoding of the type (a field of the wrong wire type, a length past
   *   the end, invalid UTF-8 in a string), or JSON that does not fit it.
   * @throws TypeError for a format other than `'object'` or `'json'`.
   */
  unpack<T = unknown>(any: AnyValue, options?: UnpackOptions | string): T {
    const { expectedType: expected, format: givenFormat } = typeof options === 'string' ? { expectedType: options } : (options ?? {});
    const format = checkPayloadFormat(givenFormat);
    const name = typeNameFromUrl(any.typeUrl);
    if (expected !== undefined && typeNameFromUrl(expected) !== name) {
      throw new UnpackError(`expected a payload of type ${typeNameFromUrl(expected)}, got ${any.typeUrl || '(no type URL)'}`, {
        typeUrl: any.typeUrl,
      });
    }
    const custom = this.#custom.get(name);
    const type = this.#types.get(name);
    if (!custom && !type) {
      throw new UnknownTypeError(`no type registered for ${any.typeUrl || '(no type URL)'}`, {
        typeUrl: any.typeUrl,
        registered: this.typeNames(),
      });
    }
    try {
      if (custom) {
        if (any.value !== undefined) return custom.decode(any.value) as T;
        return (custom.fromJSON ? custom.fromJSON(any.json) : any.json) as T;
      }
      // protobufjs decodes leniently (a field of the wrong wire type, invalid UTF-8): check the bytes first.
      if (any.value !== undefined) checkWire(type!, any.value);
      const message =
        any.value !== undefined
          ? type!.decode(any.value)
          : withBuffer(() => fromProto3JSON(type!, (SPECIAL_JSON.has(name) ? any.json.value : any.json) as never));
      if (message === null) throw new Error('the JSON does not fit the type');
      return (format === 'json' ? withBuffer(() => toProto3JSON(message)) : toPlainObject(type!, message)) as T;
    } catch (cause) {
      if (cause instanceof UnpackError) throw cause;
      throw new UnpackError(
        `the ${any.value !== undefined ? 'bytes' : 'JSON'} of ${any.typeUrl} do not decode: ${(cause as Error).message}`,
        { typeUrl: any.typeUrl, cause },
      );
    }
  }

  /**
   * Unpacks the details of a Status into proto3 JSON, each with its `@type`,
   * as Google's REST errors carry them (a RetryInfo's `retryDelay` is
   * `'1.500s'`), keeping what cannot be unpacked: a detail of unknown type
   * keeps its bytes in base64 (`value`) or its JSON fields. Never throws.
   */
  unpackDetails(details: readonly AnyValue[]): ErrorDetail[] {
    return details.map((d) => {
      try {
        const v = this.unpack(d, JSON_FORM);
        return typeof v === 'object' && v !== null && !Array.isArray(v) ? { '@type': d.typeUrl, ...v } : { '@type': d.typeUrl, value: v };
      } catch {
        return d.value !== undefined ? { '@type': d.typeUrl, value: bytesToBase64(d.value) } : { '@type': d.typeUrl, ...d.json };
      }
    });
  }

  /**
   * Packs a value given in proto3 JSON form into a binary Any.
   * @throws UnknownTypeError for a type not registered; UnpackError for JSON that does not fit it.
   */
  pack(typeNameOrUrl: string, json: JsonValue): AnyValue {
    const name = typeNameFromUrl(typeNameOrUrl);
    const typeUrl = typeNameOrUrl.includes('/') ? typeNameOrUrl : TYPE_URL_PREFIX + name;
    const type = this.#types.get(name);
    if (!type) throw new UnknownTypeError(`no type registered for ${typeUrl}`, { typeUrl, registered: this.typeNames() });
    let message: protobuf.Message | null;
    try {
      message = withBuffer(() => fromProto3JSON(type, json as never));
    } catch (cause) {
      throw new UnpackError(`the JSON does not fit ${name}: ${(cause as Error).message}`, { typeUrl, cause });
    }
    if (message === null) throw new UnpackError(`the JSON does not fit ${name}`, { typeUrl });
    return { typeUrl, value: type.encode(message).finish() };
  }

  /**
   * The REST JSON form of an Any: `{ "@type": url, ...fields }`, or
   * `{ "@type": url, "value": ... }` for a well-known type with a scalar form.
   * @throws UnknownTypeError when a binary payload's type is not registered.
   */
  toJsonAny(any: AnyValue): JsonObject {
    if (any.json !== undefined) return { '@type': any.typeUrl, ...any.json };
    const value = this.unpack<JsonValue>(any, JSON_FORM);
    return SPECIAL_JSON.has(typeNameFromUrl(any.typeUrl))
      ? { '@type': any.typeUrl, value }
      : { '@type': any.typeUrl, ...(value as JsonObject) };
  }
}
