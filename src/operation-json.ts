// Reads the REST JSON of Operations, Statuses and pages into the shapes of operation.ts, refusing any field of the wrong type.
import { MalformedResponseError } from './errors.js';
import type { AnyValue, JsonObject, Operation, OperationsPage, Status } from './operation.js';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function wrong(field: string, expected: string, got: unknown): MalformedResponseError {
  return new MalformedResponseError(`${field || 'the answer'} must be ${expected}, got ${describe(got)}`, {
    field: field || undefined,
  });
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

// proto3 JSON: null stands for a field's default, as if it were absent.
function optionalString(json: JsonObject, key: string, path: string): string {
  const v = json[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw wrong(join(path, key), 'a string', v);
  return v;
}

function optionalArray(json: JsonObject, key: string, path: string): readonly unknown[] {
  const v = json[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw wrong(join(path, key), 'an array', v);
  return v;
}

/**
 * The JSON form of an Any (`{"@type": ..., ...fields}`) as an {@link AnyValue}.
 * @throws MalformedResponseError naming the field, for a value that is not an object or an `@type` that is not a string.
 */
export function anyFromJson(json: unknown, path = ''): AnyValue {
  if (!isObject(json)) throw wrong(path, 'an object (an Any)', json);
  const { '@type': typeUrl, ...fields } = json;
  if (typeUrl !== undefined && typeof typeUrl !== 'string') throw wrong(join(path, '@type'), 'a string', typeUrl);
  return { typeUrl: typeUrl ?? '', json: fields };
}

/**
 * The JSON form of a google.rpc.Status (`{code, message, details}`), read strictly.
 * @throws MalformedResponseError naming the field: a code that is not an integer, a message that is not a string, details that are not Anys.
 */
export function statusFromJson(json: unknown, path = ''): Status {
  if (!isObject(json)) throw wrong(path, 'an object (a Status)', json);
  const code = json.code ?? 0;
  if (typeof code !== 'number' || !Number.isInteger(code)) throw wrong(join(path, 'code'), 'an integer', code);
  const details = optionalArray(json, 'details', path).map((d, i) => anyFromJson(d, `${join(path, 'details')}[${i}]`));
  return { code, message: optionalString(json, 'message', path), details };
}

/**
 * The JSON of an error envelope's `error` (`{code, message, status, details}`),
 * read leniently: whatever of it can be read. An error is being reported
 * either way, and what it says matters more than its shape.
 */
export function envelopeStatusFromJson(json: JsonObject): Status {
  const code = typeof json.code === 'number' && Number.isInteger(json.code) ? json.code : 0;
  const message = typeof json.message === 'string' ? json.message : '';
  const details: AnyValue[] = [];
  if (Array.isArray(json.details)) {
    for (const d of json.details) {
      if (!isObject(d)) continue;
      const { '@type': typeUrl, ...fields } = d;
      details.push({ typeUrl: typeof typeUrl === 'string' ? typeUrl : '', json: fields });
    }
  }
  return { code, message, details };
}

// A 200 whose body is an error envelope (`{"error": {"code": 404, "status": "NOT_FOUND", ...}}`) instead of an Operation.
function envelopeIn(json: JsonObject): MalformedResponseError | undefined {
  const error = json.error;
  if (json.name !== undefined || json.done !== undefined || !isObject(error) || typeof error.status !== 'string') return undefined;
  const message = typeof error.message === 'string' ? `: ${error.message.slice(0, 200)}` : '';
  return new MalformedResponseError(`the answer is an error envelope (${error.status}${message}) sent with a success status`, {
    field: 'error',
  });
}

/**
 * The REST JSON form of an operation as an {@link Operation}. Every field
 * must have its type (a missing one, or null, takes its default), and an
 * operation that is not done carries neither an error nor a response.
 *
 * @throws MalformedResponseError naming the field: `done: "yes"`, `name: 5`,
 *   `null` or `[]` for the whole answer, a `metadata` that is not an object,
 *   an error envelope where the operation should be, …
 */
export function operationFromJson(json: unknown, path = ''): Operation {
  if (!isObject(json)) throw wrong(path, 'an object (an Operation)', json);
  if (!path) {
    const envelope = envelopeIn(json);
    if (envelope) throw envelope;
  }
  const done = json.done ?? false;
  if (typeof done !== 'boolean') throw wrong(join(path, 'done'), 'true or false', done);
  const op: { -readonly [K in keyof Operation]: Operation[K] } = { name: optionalString(json, 'name', path), done };
  if (json.metadata !== undefined && json.metadata !== null) op.metadata = anyFromJson(json.metadata, join(path, 'metadata'));
  if (json.error !== undefined && json.error !== null) op.error = statusFromJson(json.error, join(path, 'error'));
  if (json.response !== undefined && json.response !== null) op.response = anyFromJson(json.response, join(path, 'response'));
  if (!done && (op.error || op.response)) {
    throw new MalformedResponseError(`${join(path, 'done')} is false, yet the operation carries ${op.error ? 'an error' : 'a response'}`, {
      field: join(path, 'done'),
    });
  }
  return op;
}

/**
 * The REST JSON form of a ListOperations response as an {@link OperationsPage}, read as strictly as {@link operationFromJson}.
 * @throws MalformedResponseError naming the field (`operations[3].done`, `nextPageToken`, `unreachable[0]`).
 */
export function pageFromJson(json: unknown): OperationsPage {
  if (!isObject(json)) throw wrong('', 'an object (a ListOperationsResponse)', json);
  const operations = optionalArray(json, 'operations', '').map((o, i) => operationFromJson(o, `operations[${i}]`));
  const unreachable = optionalArray(json, 'unreachable', '').map((u, i) => {
    if (typeof u !== 'string') throw wrong(`unreachable[${i}]`, 'a string', u);
    return u;
  });
  return { operations, nextPageToken: optionalString(json, 'nextPageToken', ''), unreachable };
}

/**
 * The JSON answer of an RPC that returns google.protobuf.Empty: any object (unknown fields are ignored).
 * @throws MalformedResponseError for anything else.
 */
export function emptyFromJson(json: unknown): void {
  if (!isObject(json)) throw wrong('', 'an object (an Empty)', json);
}
