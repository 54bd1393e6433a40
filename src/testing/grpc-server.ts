// The gRPC face of the emulator: google.longrunning.Operations on @grpc/grpc-js, messages by the protobufjs types.
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { Code } from '../codes.js';
import { encodeStatus, operationToMessage } from '../operation-codec.js';
import { longrunningTypes } from '../protos.js';
import { RPC_NAMES, type OperationsMethod } from '../profiles/service-profile.js';
import { CallEndedError, type CallGate } from './call-gate.js';
import { EmulatorCallError, unimplemented } from './call-error.js';
import type { OperationsService } from './operations-service.js';
import { durationMessageToMs } from '../proto-duration.js';

/** The gRPC service name. */
export const OPERATIONS_SERVICE = 'google.longrunning.Operations';

type Message = Record<string, unknown>;

function unaryMethod(rpc: string, request: protobuf.Type, response: protobuf.Type): grpc.MethodDefinition<Message, Message> {
  const serialize = (type: protobuf.Type) => (value: Message) => Buffer.from(type.encode(type.fromObject(value)).finish());
  const deserialize = (type: protobuf.Type) => (bytes: Buffer) => type.toObject(type.decode(bytes), { longs: String }) as Message;
  return {
    path: `/${OPERATIONS_SERVICE}/${rpc}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: serialize(request),
    requestDeserialize: deserialize(request),
    responseSerialize: serialize(response),
    responseDeserialize: deserialize(response),
  };
}

/**
 * The service definition of google.longrunning.Operations, built by hand
 * from the protobufjs types. Requests decode to plain objects with
 * camelCase fields and int64 as strings; responses are plain objects in
 * the shape `Type.fromObject` takes.
 */
export function operationsServiceDefinition(): grpc.ServiceDefinition {
  const t = longrunningTypes();
  return {
    GetOperation: unaryMethod(RPC_NAMES.get, t.GetOperationRequest, t.Operation),
    ListOperations: unaryMethod(RPC_NAMES.list, t.ListOperationsRequest, t.ListOperationsResponse),
    CancelOperation: unaryMethod(RPC_NAMES.cancel, t.CancelOperationRequest, t.Empty),
    DeleteOperation: unaryMethod(RPC_NAMES.delete, t.DeleteOperationRequest, t.Empty),
    WaitOperation: unaryMethod(RPC_NAMES.wait, t.WaitOperationRequest, t.Operation),
  };
}

/** An error for grpc-js: the code, the message, and the full Status in `grpc-status-details-bin`. */
function toServiceError(error: EmulatorCallError): grpc.ServerErrorResponse {
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(encodeStatus(error.status)));
  return Object.assign(new Error(error.status.message), { code: error.status.code, details: error.status.message, metadata });
}

/** The call's metadata as one string per name: repeated values joined by ', ', binary ones in base64. */
export function metadataHeaders(metadata: grpc.Metadata): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(metadata.toJSON())) {
    headers[name] = values.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('base64'))).join(', ');
  }
  return headers;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function handlers(service: OperationsService, gate: CallGate): grpc.UntypedServiceImplementation {
  const { profile } = service.store;
  const unary =
    (
      method: OperationsMethod,
      handle: (request: Message, signal: AbortSignal) => Message | Promise<Message>,
    ): grpc.handleUnaryCall<Message, Message> =>
    (call, callback) => {
      const client = new AbortController();
      call.on('cancelled', () => client.abort(new CallEndedError('the client cancelled the call', false)));
      gate
        .run(
          method,
          'grpc',
          client.signal,
          (signal) => {
            if (!profile.supports(method, 'grpc')) throw unimplemented(method, profile);
            return handle(call.request, signal);
          },
          metadataHeaders(call.metadata),
        )
        .then(
          (value) => callback(null, value),
          (error: unknown) => {
            if (call.cancelled || (error instanceof CallEndedError && !error.byServer)) return;
            const failure =
              error instanceof CallEndedError
                ? new EmulatorCallError(Code.UNAVAILABLE, `emulator: ${error.message}`)
                : EmulatorCallError.from(error);
            callback(toServiceError(failure));
          },
        );
    };
  return {
    GetOperation: unary('get', (r) => operationToMessage(service.get(text(r.name))) as Message),
    ListOperations: unary('list', (r) => {
      const page = service.list({
        name: text(r.name),
        filter: text(r.filter),
        pageSize: typeof r.pageSize === 'number' ? r.pageSize : 0,
        pageToken: text(r.pageToken),
        returnPartialSuccess: r.returnPartialSuccess === true,
      });
      return { operations: page.operations.map(operationToMessage), nextPageToken: page.nextPageToken, unreachable: page.unreachable };
    }),
    CancelOperation: unary('cancel', (r) => {
      service.cancel(text(r.name));
      return {};
    }),
    DeleteOperation: unary('delete', (r) => {
      service.delete(text(r.name));
      return {};
    }),
    WaitOperation: unary('wait', async (r, signal) => {
      const timeoutMs = durationMessageToMs(r.timeout as { seconds?: unknown; nanos?: unknown } | undefined);
      if (timeoutMs !== undefined && !Number.isFinite(timeoutMs))
        throw new EmulatorCallError(Code.INVALID_ARGUMENT, 'timeout is not a valid Duration');
      return operationToMessage(await service.wait(text(r.name), timeoutMs, signal)) as Message;
    }),
  };
}

/** `host:port` with brackets around an IPv6 host. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** How long answers already sent get to reach clients before connections are cut. */
const FLUSH_MS = 250;

function shutDown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const cut = () => {
      clearTimeout(timer);
      server.forceShutdown();
      resolve();
    };
    const timer = setTimeout(cut, FLUSH_MS);
    server.tryShutdown(cut);
  });
}

/** A running gRPC listener. */
export interface GrpcListener {
  /** The port it listens on. */
  readonly port: number;
  /**
   * Stops listening and closes every connection: calls already answered
   * are flushed first, for at most a moment, then anything left is dropped.
   */
  close(): Promise<void>;
}

/**
 * Starts a gRPC server (plaintext) for the service on host and port (0: a free one).
 * @throws the bind error, e.g. EADDRINUSE.
 */
export function startGrpcServer(service: OperationsService, gate: CallGate, host: string, port: number): Promise<GrpcListener> {
  const server = new grpc.Server();
  server.addService(operationsServiceDefinition(), handlers(service, gate));
  return new Promise((resolve, reject) => {
    server.bindAsync(hostPort(host, port), grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) {
        server.forceShutdown();
        reject(error);
        return;
      }
      resolve({ port: bound, close: () => shutDown(server) });
    });
  });
}
