// Converts Operations and Statuses between their protobuf message form and the one shape of operation.ts (REST JSON: operation-json.ts).
import { MalformedResponseError } from './errors.js';
import { longrunningTypes } from './protos.js';
import { checkWire } from './registry/wire-check.js';
import type { AnyValue, Operation, Status } from './operation.js';

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

/**
 * Decodes google.rpc.Status bytes (the `grpc-status-details-bin` trailer).
 * @throws WireFormatError for bytes that are not a well-formed Status; protobufjs's own error for what it cannot read.
 */
export function decodeStatus(bytes: Uint8Array): Status {
  const { Status } = longrunningTypes();
  checkWire(Status, bytes);
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

/**
 * An operation message from a service, as {@link operationFromMessage} reads
 * it, held to the one rule its encoding cannot: an operation that is not
 * done carries neither an error nor a response (as its REST JSON is held).
 * @throws MalformedResponseError with `field` `done` (under `path`).
 */
export function answeredOperationFromMessage(m: OperationMessage, path = ''): Operation {
  const op = operationFromMessage(m);
  if (!op.done && (op.error || op.response)) {
    const field = path ? `${path}.done` : 'done';
    throw new MalformedResponseError(`${field} is false, yet the operation carries ${op.error ? 'an error' : 'a response'}`, { field });
  }
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
