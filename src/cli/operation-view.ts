// Operations as lro prints them: proto3 JSON for --json, and an indented text form for people.
import {
  codeName,
  type AnyValue,
  type ErrorDetail,
  type JsonObject,
  type JsonValue,
  type Operation,
  type Status,
  type TypeRegistry,
} from '../index.js';
import { typeNameFromUrl } from '../operation.js';
import { describeProgress, progressOf } from './progress.js';

/** An Any in proto3 JSON form, and whether the registry knew its type. */
export interface DecodedAny {
  readonly json: JsonObject;
  readonly known: boolean;
}

/**
 * The proto3 JSON form of an Any (`{ '@type', ...fields }`). A binary
 * payload whose type is not registered, or does not decode, keeps its bytes
 * in base64 under `value`.
 */
export function decodeAny(types: TypeRegistry, any: AnyValue): DecodedAny {
  try {
    return { json: types.toJsonAny(any), known: true };
  } catch {
    return { json: { '@type': any.typeUrl, value: Buffer.from(any.value ?? new Uint8Array(0)).toString('base64') }, known: false };
  }
}

/** A google.rpc.Status in proto3 JSON form, its details decoded where their types are known. */
export function statusToJson(types: TypeRegistry, status: Status): JsonObject {
  const json: JsonObject = { code: status.code, message: status.message };
  if (status.details.length) json.details = types.unpackDetails(status.details) as unknown as JsonValue[];
  return json;
}

/** The proto3 JSON of an operation: `{ name, done, metadata?, response? | error? }`; `done` is always there. */
export function operationToJson(types: TypeRegistry, op: Operation): JsonObject {
  const json: JsonObject = { name: op.name, done: op.done };
  if (op.metadata) json.metadata = decodeAny(types, op.metadata).json;
  if (op.error) json.error = statusToJson(types, op.error);
  else if (op.response) json.response = decodeAny(types, op.response).json;
  return json;
}

/** The short name of a type URL (`google.protobuf.Struct`), or a placeholder for none. */
function typeName(typeUrl: string): string {
  return typeNameFromUrl(typeUrl) || '(no type)';
}

function scalar(v: JsonValue | undefined): string {
  if (typeof v === 'string') return v === '' || /^\s|\s$|\n|^[-[{"'#]|: /.test(v) ? JSON.stringify(v) : v;
  return v === undefined ? '' : JSON.stringify(v);
}

function isComposite(v: unknown): v is JsonObject | JsonValue[] {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

/** A JSON value as indented `key: value` lines, YAML-like, for people. */
export function renderValue(value: JsonValue, indent: string): string[] {
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isComposite(item)) {
        const inner = renderValue(item, `${indent}  `);
        lines.push(`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
      } else {
        lines.push(`${indent}- ${scalar(item)}`);
      }
    }
    return lines;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (isComposite(v)) lines.push(`${indent}${key}:`, ...renderValue(v, `${indent}  `));
      // An empty list or map is proto3's default: not worth a line.
      else if (typeof v !== 'object' || v === null) lines.push(`${indent}${key}: ${scalar(v)}`);
    }
    return lines;
  }
  return [`${indent}${scalar(value)}`];
}

/** The fields of an Any's JSON to show: without `@type`, and a Struct's or wrapper's `value` unwrapped. */
function anyBody(json: JsonObject): JsonValue {
  const { '@type': type, ...fields } = json;
  const keys = Object.keys(fields);
  if (String(type).includes('google.protobuf.') && keys.length === 1 && keys[0] === 'value') return fields.value!;
  return fields;
}

/** An Any under a heading: `label (TypeName):`, then its fields indented; a scalar (a wrapper, a Duration) on the same line. */
export function renderAny(label: string, types: TypeRegistry, any: AnyValue, indent: string): string[] {
  const { json, known } = decodeAny(types, any);
  const heading = `${indent}${label} (${typeName(any.typeUrl)})`;
  if (!known) return [`${heading}: not in the registry, ${any.value?.length ?? 0} bytes; decode it with --types FILE`];
  const body = anyBody(json);
  if (isComposite(body)) return [`${heading}:`, ...renderValue(body, `${indent}  `)];
  return [typeof body === 'object' && body !== null ? heading : `${heading}: ${scalar(body)}`];
}

/** A Status as `CODE (n): message`. */
export function statusLine(status: { code: number; message: string }): string {
  return `${codeName(status.code)} (${status.code})${status.message ? `: ${status.message}` : ''}`;
}

/** Error details, one Any each, under a `details:` heading. */
export function renderDetails(details: readonly ErrorDetail[], indent: string): string[] {
  if (!details.length) return [];
  const lines = [`${indent}details:`];
  for (const d of details) {
    const { '@type': type, ...fields } = d;
    lines.push(`${indent}  - ${typeName(String(type))}`);
    lines.push(...renderValue(fields as JsonObject, `${indent}      `));
  }
  return lines;
}

/** The state in a word or three: running (42% · …), succeeded, failed CODE, cancelled, done (no result). */
export function stateOf(types: TypeRegistry, op: Operation): string {
  if (!op.done) {
    const progress = op.metadata ? describeProgress(progressOf(decodeAny(types, op.metadata).json)) : '';
    return progress ? `running · ${progress}` : 'running';
  }
  if (op.error) return op.error.code === 1 ? 'cancelled' : `failed · ${codeName(op.error.code)}`;
  return op.response ? 'succeeded' : 'done (no result)';
}

/** An operation for people: its name, its state, then metadata and response or error, indented. */
export function renderOperation(types: TypeRegistry, op: Operation): string {
  const lines = [op.name, `  state: ${stateOf(types, op)}`];
  if (op.metadata) lines.push(...renderAny('metadata', types, op.metadata, '  '));
  if (op.error) {
    lines.push(`  error: ${statusLine(op.error)}`);
    lines.push(...renderDetails(types.unpackDetails(op.error.details), '    '));
  } else if (op.response) {
    lines.push(...renderAny('response', types, op.response, '  '));
  }
  return `${lines.join('\n')}\n`;
}

/** Operations as a table for people: a NAME and a STATE column, failures with their message. */
export function operationTable(types: TypeRegistry, ops: readonly Operation[], { header = true } = {}): string[] {
  const width = Math.max(header ? 4 : 0, ...ops.map((op) => op.name.length));
  const lines = header ? [`${'NAME'.padEnd(width)}  STATE`] : [];
  for (const op of ops) {
    const message = op.done && op.error?.message ? `: ${op.error.message}` : '';
    lines.push(`${op.name.padEnd(width)}  ${stateOf(types, op)}${message}`);
  }
  return lines;
}
