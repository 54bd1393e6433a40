// Operations as generated @google-cloud clients hand them out, and how they become the one Operation shape.
import type { AnyValue, JsonObject, Operation, Status } from './operation.js';

/**
 * A google.protobuf.Any as protobufjs's generated code types it (`IAny`:
 * `value` holds the encoded bytes, or their base64), or in its proto3 JSON
 * form (`{ '@type': url, ...fields }`).
 */
export type AnyMessage =
  | {
      /** The type URL, e.g. `type.googleapis.com/google.protobuf.Struct`. */
      readonly type_url?: string | null;
      /** The packed message: its bytes, or their base64. */
      readonly value?: Uint8Array | string | null;
    }
  | {
      /** The type URL, in the proto3 JSON form; the other keys are the message's fields. */
      readonly '@type': string;
      readonly [field: string]: unknown;
    };

/** A google.rpc.Status as protobufjs's generated code types it (`IStatus`). */
export interface StatusMessage {
  /** The google.rpc code; missing or null reads as 0. */
  readonly code?: number | null;
  /** The developer-facing message. */
  readonly message?: string | null;
  /** Detail payloads, still packed. */
  readonly details?: readonly AnyMessage[] | null;
}

/**
 * A google.longrunning.Operation as protobufjs's generated code types it:
 * the `google.longrunning.IOperation` of every `@google-cloud/*` package and
 * of google-gax, where each field may be missing or null.
 */
export interface OperationMessage {
  /** The operation's name; one without a name is refused with a TypeError. */
  readonly name?: string | null;
  /** Whether it has finished; missing or null reads as false. */
  readonly done?: boolean | null;
  /** Service-specific progress information, packed. */
  readonly metadata?: AnyMessage | null;
  /** Why the operation failed, once done. */
  readonly error?: StatusMessage | null;
  /** The result of a successful operation, packed. */
  readonly response?: AnyMessage | null;
}

/**
 * What a generated `@google-cloud/*` client's start call returns: google-gax's
 * `LROperation<TResponse, TMetadata>`, which carries the operation as the
 * service last sent it in `latestResponse`.
 */
export interface GaxOperation<TResponse = unknown, TMetadata = unknown> {
  /** The operation's name, as google-gax keeps it. */
  readonly name?: string | null;
  /** The operation as the service last sent it: what a poller starts from. */
  readonly latestResponse: OperationMessage;
  /** google-gax's own wait; a poller never calls it (it reads `latestResponse` only). */
  promise(): Promise<[TResponse, TMetadata, unknown]>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bytesFromBase64(text: string, field: string, what: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new TypeError(`${what}: ${field}.value is a string but not base64`);
  }
}

function anyFrom(value: unknown, field: string, what: string): AnyValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new TypeError(`${what}: ${field} is not an Any`);
  if (typeof value['@type'] === 'string') {
    const { '@type': typeUrl, ...json } = value as { '@type': string } & JsonObject;
    return { typeUrl, json };
  }
  // The JSON form of the package's own AnyValue, as the REST transport makes it.
  if (typeof value.typeUrl === 'string' && isObject(value.json) && value.value === undefined) {
    return { typeUrl: value.typeUrl, json: value.json as JsonObject };
  }
  const typeUrl = value.type_url ?? value.typeUrl ?? '';
  if (typeof typeUrl !== 'string') throw new TypeError(`${what}: ${field}.type_url is not a string`);
  const bytes = value.value ?? new Uint8Array(0);
  if (bytes instanceof Uint8Array) return { typeUrl, value: bytes };
  if (typeof bytes === 'string') return { typeUrl, value: bytesFromBase64(bytes, field, what) };
  throw new TypeError(`${what}: ${field}.value is neither bytes nor base64`);
}

function statusFrom(value: unknown, what: string): Status | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new TypeError(`${what}: error is not a Status`);
  const { code, message, details } = value;
  if (details !== undefined && details !== null && !Array.isArray(details)) throw new TypeError(`${what}: error.details is not a list`);
  return {
    code: typeof code === 'number' ? code : 0,
    message: typeof message === 'string' ? message : '',
    details: (details ?? []).map((d, i) => anyFrom(d, `error.details[${i}]`, what)!),
  };
}

/** True for a google-gax LROperation (or anything else that carries its operation in `latestResponse`). */
export function isGaxOperation(value: unknown): value is GaxOperation {
  return isObject(value) && isObject(value.latestResponse);
}

function isAnyValue(value: unknown): boolean {
  return isObject(value) && typeof value.typeUrl === 'string' && (value.value instanceof Uint8Array || isObject(value.json));
}

// The package's own Operation, as a transport made it: taken as it is.
function isOwnOperation(value: Record<string, unknown>): value is Operation & Record<string, unknown> {
  const { name, done, metadata, response, error } = value;
  return (
    typeof name === 'string' &&
    name !== '' &&
    typeof done === 'boolean' &&
    (metadata === undefined || isAnyValue(metadata)) &&
    (response === undefined || isAnyValue(response)) &&
    (error === undefined ||
      (isObject(error) &&
        typeof error.code === 'number' &&
        typeof error.message === 'string' &&
        Array.isArray(error.details) &&
        error.details.every(isAnyValue)))
  );
}

/**
 * The Operation in a generated client's `IOperation` or gax `LROperation`:
 * `done` missing or null is false, a Status's missing code is 0 and its
 * message `''`, an Any's bytes given as base64 are decoded, and an Any in
 * proto3 JSON (`'@type'`) is kept as JSON. The package's own Operation is
 * returned as it is.
 *
 * @param what names the caller in error messages, e.g. `'poller'`.
 * @throws TypeError for an operation without a name (missing, null or
 *   empty), or a field that is not what its type says.
 */
export function operationFrom(source: OperationMessage | GaxOperation | Operation, what: string): Operation {
  const gax = isGaxOperation(source);
  const message = (gax ? source.latestResponse : source) as Record<string, unknown>;
  if (!gax && isOwnOperation(message)) return message;
  const name = message.name || (gax ? source.name : undefined);
  if (typeof name !== 'string' || name === '') throw new TypeError(`${what}: the operation has no name`);
  const metadata = anyFrom(message.metadata, 'metadata', what);
  const error = statusFrom(message.error, what);
  const response = anyFrom(message.response, 'response', what);
  return {
    name,
    done: message.done === true,
    ...(metadata ? { metadata } : {}),
    ...(error ? { error } : {}),
    ...(response ? { response } : {}),
  };
}
