// Bare clients for the emulator's tests: fetch for REST, a raw @grpc/grpc-js client with the protobufjs types for gRPC.
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { decodeStatus, operationFromMessage } from '../../src/operation-codec.js';
import type { Operation, Status } from '../../src/operation.js';
import { longrunningTypes } from '../../src/protos.js';

/** What a REST call returned. */
export interface RestReply {
  status: number;
  contentType: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Sends a request to the emulator's REST endpoint and reads the JSON reply. */
export async function rest(endpoint: string, verb: string, path: string, body?: string, signal?: AbortSignal): Promise<RestReply> {
  const res = await fetch(endpoint + path, {
    method: verb,
    body,
    signal,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), json: text ? JSON.parse(text) : undefined };
}

/** A failed gRPC call: its code, message and decoded Status. */
export interface GrpcFailure {
  code: number;
  details: string;
  status: Status | undefined;
}

/** A raw gRPC client over plaintext. Close it when done. */
export function rawClient(endpoint: string): grpc.Client {
  return new grpc.Client(endpoint, grpc.credentials.createInsecure());
}

function call<T>(
  client: grpc.Client,
  rpc: string,
  requestType: protobuf.Type,
  request: object,
  decode: (bytes: Buffer) => T,
  deadlineMs?: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const options: grpc.CallOptions = deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs };
    client.makeUnaryRequest(
      `/google.longrunning.Operations/${rpc}`,
      (value: object) => Buffer.from(requestType.encode(requestType.fromObject(value)).finish()),
      decode,
      request,
      new grpc.Metadata(),
      options,
      (error, value) => {
        if (error) {
          const bin = error.metadata?.get('grpc-status-details-bin')[0];
          const failure: GrpcFailure = { code: error.code, details: error.details, status: bin ? decodeStatus(bin as Buffer) : undefined };
          reject(failure);
        } else {
          resolve(value as T);
        }
      },
    );
  });
}

/** Calls an RPC that returns an Operation (GetOperation, WaitOperation). Rejects with a {@link GrpcFailure}. */
export function callForOperation(
  client: grpc.Client,
  rpc: 'GetOperation' | 'WaitOperation',
  request: object,
  deadlineMs?: number,
): Promise<Operation> {
  const t = longrunningTypes();
  const requestType = rpc === 'GetOperation' ? t.GetOperationRequest : t.WaitOperationRequest;
  return call(client, rpc, requestType, request, (bytes) => operationFromMessage(t.Operation.decode(bytes) as never), deadlineMs);
}

/** Calls an RPC that returns Empty (CancelOperation, DeleteOperation). Rejects with a {@link GrpcFailure}. */
export function callForEmpty(
  client: grpc.Client,
  rpc: 'CancelOperation' | 'DeleteOperation',
  request: object,
  deadlineMs?: number,
): Promise<void> {
  const t = longrunningTypes();
  const requestType = rpc === 'CancelOperation' ? t.CancelOperationRequest : t.DeleteOperationRequest;
  return call(client, rpc, requestType, request, () => undefined, deadlineMs);
}

/** Resolves with the rejection of a promise that must reject. */
export async function rejectionOf<T = GrpcFailure>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (e) {
    return e as T;
  }
  throw new Error('expected the call to fail');
}
