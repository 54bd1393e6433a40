// Bytes for the raw gRPC server to answer with: Operations, Statuses and pages encoded as a real service would.
import { encodeStatus, operationToMessage } from '../../src/operation-codec.js';
import type { Operation, Status } from '../../src/operation.js';
import { baseRoot, longrunningTypes } from '../../src/protos.js';

/** An Operation message's bytes. */
export function operationBytes(op: Operation): Uint8Array {
  const { Operation } = longrunningTypes();
  return Operation.encode(Operation.fromObject(operationToMessage(op))).finish();
}

/** A ListOperationsResponse's bytes. */
export function pageBytes(operations: readonly Operation[], nextPageToken: string): Uint8Array {
  const { ListOperationsResponse } = longrunningTypes();
  return ListOperationsResponse.encode(
    ListOperationsResponse.fromObject({ operations: operations.map(operationToMessage), nextPageToken }),
  ).finish();
}

/** A google.rpc.Status as the base64 value of a `grpc-status-details-bin` trailer. */
export function statusTrailer(status: Status): string {
  return Buffer.from(encodeStatus(status)).toString('base64');
}

/** A google.rpc.RetryInfo detail asking for `seconds`. */
export function retryInfo(seconds: number): Status['details'][number] {
  const RetryInfo = baseRoot().lookupType('google.rpc.RetryInfo');
  const value = RetryInfo.encode(RetryInfo.fromObject({ retryDelay: { seconds, nanos: 0 } })).finish();
  return { typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value };
}

/** A google.protobuf.StringValue's bytes. */
export function stringValueBytes(value: string): Uint8Array {
  const t = baseRoot().lookupType('google.protobuf.StringValue');
  return t.encode(t.fromObject({ value })).finish();
}
