// Converts Operations and Statuses between their wire forms (protobuf messages, REST JSON) and the one shape of operation.ts.
import { longrunningTypes } from './protos.js';
import type { AnyValue, JsonObject, Operation, OperationsPage, Status } from './operation.js';

interface AnyMessage {
  type_url?: string;
  value?: Uint8Array;
}
interface StatusMessage {
  code?: number;
  message?: string;
  details?: AnyMessage[];
}
interface OperationMessage {
  name?: string;
  done?: boolean;
  metadata?: AnyMessage | null;
  error?: StatusMessage | null;
  response?: AnyMessage | null;
}

function anyFromMessage(m: AnyMessage | null | undefined): AnyValue | undefined {
  if (!m) return undefined;
  return { typeUrl: m.type_url ?? '', value: m.value ?? new Uint8Array(0) };
}

function anyToMessage(a: AnyValue | undefined): AnyMessage | undefined {
  if (!a) return undefined;
  if (a.value === undefined) throw new TypeError(`Any ${a.typeUrl} holds JSON; pack it to bytes before encoding`);
  return { type_url: a.typeUrl, value: a.value };
}

/** A google.rpc.Status message (decoded, not yet typed) as a {@link Status}. */
export function statusFromMessage(m: StatusMessage): Status {
  return { code: m.code ?? 0, message: m.message ?? '', details: (m.details ?? []).map((d) => anyFromMessage(d)!) };
}

/** A {@link Status} with binary details as a plain object for `Status.fromObject`. */
export function statusToMessage(s: Status): StatusMessage {
  return { code: s.code, message: s.message, details: s.details.map((d) => anyToMessage(d)!) };
}

/** Decodes google.rpc.Status bytes (the `grpc-status-details-bin` trailer). */
export function decodeStatus(bytes: Uint8Array): Status {
  const { Status } = longrunningTypes();
  return statusFromMessage(Status.decode(bytes) as unknown as StatusMessage);
}

/** Encodes a Status with binary details. */
export function encodeStatus(status: Status): Uint8Array {
  const { Status } = longrunningTypes();
  return Status.encode(Status.fromObject(statusToMessage(status))).finish();
}

/** A decoded google.longrunning.Operation message as an {@link Operation}. */
export function operationFromMessage(m: OperationMessage): Operation {
  const op: { -readonly [K in keyof Operation]: Operation[K] } = { name: m.name ?? '', done: m.done ?? false };
  const metadata = anyFromMessage(m.metadata);
  if (metadata) op.metadata = metadata;
  if (m.error) op.error = statusFromMessage(m.error);
  const response = anyFromMessage(m.response);
  if (response) op.response = response;
  return op;
}

/** An {@link Operation} with binary payloads as a plain object for `Operation.fromObject`. */
export function operationToMessage(op: Operation): OperationMessage {
  const m: OperationMessage = { name: op.name, done: op.done };
  if (op.metadata) m.metadata = anyToMessage(op.metadata);
  if (op.error) m.error = statusToMessage(op.error);
  if (op.response) m.response = anyToMessage(op.response);
  return m;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON form of an Any (`{"@type": ..., ...fields}`) as an {@link AnyValue}. */
export function anyFromJson(json: unknown): AnyValue | undefined {
  if (!isObject(json)) return undefined;
  const { '@type': typeUrl, ...fields } = json;
  return { typeUrl: typeof typeUrl === 'string' ? typeUrl : '', json: fields };
}

/** The JSON form of a Status (`{code, message, details}`) as a {@link Status}. */
export function statusFromJson(json: unknown): Status {
  const s = isObject(json) ? json : {};
  const details = Array.isArray(s.details) ? s.details.map(anyFromJson).filter((d): d is AnyValue => d !== undefined) : [];
  return { code: typeof s.code === 'number' ? s.code : 0, message: typeof s.message === 'string' ? s.message : '', details };
}

/** The REST JSON form of an operation as an {@link Operation}. */
export function operationFromJson(json: unknown): Operation {
  const j = isObject(json) ? json : {};
  const op: { -readonly [K in keyof Operation]: Operation[K] } = { name: typeof j.name === 'string' ? j.name : '', done: j.done === true };
  const metadata = anyFromJson(j.metadata);
  if (metadata) op.metadata = metadata;
  if (isObject(j.error)) op.error = statusFromJson(j.error);
  const response = anyFromJson(j.response);
  if (response) op.response = response;
  return op;
}

/** The REST JSON form of a ListOperations response as an {@link OperationsPage}. */
export function pageFromJson(json: unknown): OperationsPage {
  const j = isObject(json) ? json : {};
  return {
    operations: Array.isArray(j.operations) ? j.operations.map(operationFromJson) : [],
    nextPageToken: typeof j.nextPageToken === 'string' ? j.nextPageToken : '',
    unreachable: Array.isArray(j.unreachable) ? j.unreachable.filter((u): u is string => typeof u === 'string') : [],
  };
}
