// Snapshots: an Operation's state with its metadata and result unpacked, and the outcome of a finished one.
import { sameBytes } from '../bytes.js';
import { Code } from '../codes.js';
import { OperationCancelledError, OperationError, UnknownTypeError, UnpackError } from '../errors.js';
import { typeNameFromUrl, type AnyValue, type Operation } from '../operation.js';
import type { PayloadFormat, TypeRegistry, UnpackOptions } from '../registry/type-registry.js';
import type { Snapshot } from '../snapshot.js';

/** Which payload types a poller expects. */
export interface PayloadTypes {
  /** The response's type (full name or type URL); another type is an UnpackError. */
  readonly responseType?: string | undefined;
  /** The metadata's type; another type is an UnpackError. */
  readonly metadataType?: string | undefined;
}

function sameAny(a: AnyValue | undefined, b: AnyValue | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.typeUrl !== b.typeUrl) return false;
  if (a.value && b.value) return sameBytes(a.value, b.value);
  return JSON.stringify(a.json) === JSON.stringify(b.json);
}

/** True when two states of one operation differ in what a watcher sees: done, metadata, result. */
export function stateChanged(prev: Operation | undefined, next: Operation): boolean {
  if (!prev) return true;
  return (
    prev.done !== next.done ||
    !sameAny(prev.metadata, next.metadata) ||
    !sameAny(prev.response, next.response) ||
    prev.error?.code !== next.error?.code
  );
}

function withOperation(err: unknown, op: Operation): unknown {
  if (err instanceof UnknownTypeError) {
    return new UnknownTypeError(`operation ${op.name}: ${err.rawMessage}; registered: ${err.registered.length} types`, {
      typeUrl: err.typeUrl,
      operation: op,
      registered: err.registered,
    });
  }
  if (err instanceof UnpackError)
    return new UnpackError(`operation ${op.name}: ${err.rawMessage}`, { typeUrl: err.typeUrl, operation: op, cause: err.cause });
  return err;
}

/**
 * Unpacks an operation into a snapshot, its metadata and response in the
 * given form. Metadata of a type that is not registered is left undefined
 * (the raw Any stays on `operation`) unless a metadata type is pinned; the
 * response must unpack.
 *
 * @throws UnpackError (or UnknownTypeError) naming the operation: a pinned
 *   type that differs, bytes that do not decode, a response of unknown type,
 *   or an operation done with both an error and a response.
 */
export function toSnapshot<R, M>(
  op: Operation,
  registry: TypeRegistry,
  types: PayloadTypes,
  attempt: number,
  elapsedMs: number,
  format: PayloadFormat = 'object',
): Snapshot<R, M> {
  const unpack = <T>(any: AnyValue, expectedType: string | undefined): T =>
    registry.unpack<T>(any, { expectedType, format } satisfies UnpackOptions);
  let metadata: M | undefined;
  if (op.metadata) {
    try {
      metadata = unpack<M>(op.metadata, types.metadataType);
    } catch (err) {
      if (types.metadataType !== undefined || !(err instanceof UnknownTypeError)) throw withOperation(err, op);
    }
  }
  let response: R | undefined;
  let error: OperationError | undefined;
  if (op.done) {
    if (op.error && op.response) {
      throw new UnpackError(`operation ${op.name} is done with both an error and a response`, {
        typeUrl: op.response.typeUrl,
        operation: op,
      });
    }
    if (op.error) {
      const details = registry.unpackDetails(op.error.details);
      error = op.error.code === Code.CANCELLED ? new OperationCancelledError(op, details) : new OperationError(op, details);
    } else if (op.response && typeNameFromUrl(op.response.typeUrl) !== 'google.protobuf.Empty') {
      try {
        response = unpack<R>(op.response, types.responseType);
      } catch (err) {
        throw withOperation(err, op);
      }
    } else if (op.response && types.responseType !== undefined && typeNameFromUrl(types.responseType) !== 'google.protobuf.Empty') {
      throw new UnpackError(
        `operation ${op.name}: expected a response of type ${typeNameFromUrl(types.responseType)}, got google.protobuf.Empty`,
        { typeUrl: op.response.typeUrl, operation: op },
      );
    }
  }
  return { name: op.name, done: op.done, metadata, response, error, operation: op, attempt, elapsedMs };
}
