// The gRPC protocol: the Operations RPCs as unary calls on one @grpc/grpc-js channel.
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { Code } from '../codes.js';
import { decodeStatus, operationFromMessage } from '../operation-codec.js';
import type { Operation, OperationsPage } from '../operation.js';
import { msToDurationMessage } from '../proto-duration.js';
import { longrunningTypes } from '../protos.js';
import { tlsCredentials } from './grpc-tls.js';
import { authHeaders, WireError, type AttemptOptions, type AuthClient, type ListRequest, type OperationsTransport } from './transport.js';

const SERVICE = '/google.longrunning.Operations/';

/** Settings of a gRPC transport. */
export interface GrpcTransportOptions {
  /** `host:port`. */
  readonly endpoint: string;
  /** Plaintext with no credentials. */
  readonly insecure: boolean;
  /** Per-call credentials when not insecure. */
  readonly auth?: AuthClient | undefined;
  /** Metadata sent with every call. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

function toWireError(err: grpc.ServiceError | Error): WireError {
  const e = err as Partial<grpc.ServiceError>;
  const bin = e.metadata?.get('grpc-status-details-bin')[0];
  if (bin instanceof Buffer) {
    try {
      return new WireError(decodeStatus(bin), err);
    } catch {
      // A trailer that does not decode: fall back to the code and message.
    }
  }
  const code = typeof e.code === 'number' ? e.code : Code.UNKNOWN;
  return new WireError({ code, message: e.details ?? err.message, details: [] }, err);
}

/** Makes the Operations RPCs over gRPC. */
export function createGrpcTransport(options: GrpcTransportOptions): OperationsTransport {
  const t = longrunningTypes();
  let credentials: grpc.ChannelCredentials;
  if (options.insecure) {
    credentials = grpc.credentials.createInsecure();
  } else {
    const auth = options.auth;
    const callCreds = grpc.credentials.createFromMetadataGenerator((params, callback) => {
      authHeaders(auth, params.service_url).then(
        (pairs) => {
          const md = new grpc.Metadata();
          for (const [k, v] of pairs) md.add(k.toLowerCase(), v);
          callback(null, md);
        },
        // Without a code grpc-js would report UNAVAILABLE, which is retried for ever.
        (err: Error) => callback(Object.assign(new Error(`no credentials: ${err.message}`), { code: Code.UNAUTHENTICATED })),
      );
    });
    credentials = grpc.credentials.combineChannelCredentials(tlsCredentials(options.endpoint), callCreds);
  }
  const client = new grpc.Client(options.endpoint, credentials, {
    'grpc.keepalive_time_ms': 60_000,
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
  const baseMetadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(options.headers ?? {})) baseMetadata.set(k.toLowerCase(), v);

  function unary<Res>(method: string, reqType: protobuf.Type, resType: protobuf.Type, request: object, o: AttemptOptions): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      if (o.signal?.aborted) {
        reject(new WireError({ code: Code.CANCELLED, message: 'aborted before the call', details: [] }, o.signal.reason));
        return;
      }
      const call = client.makeUnaryRequest<object, Res>(
        SERVICE + method,
        (msg) => Buffer.from(reqType.encode(reqType.fromObject(msg)).finish()),
        (bytes) => resType.decode(bytes) as unknown as Res,
        request,
        baseMetadata.clone(),
        { deadline: o.deadline },
        (err, res) => {
          o.signal?.removeEventListener('abort', onAbort);
          if (err) reject(toWireError(err));
          else resolve(res as Res);
        },
      );
      const onAbort = () => call.cancel();
      o.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    kind: 'grpc',
    async get(name, o) {
      return operationFromMessage(await unary('GetOperation', t.GetOperationRequest, t.Operation, { name }, o));
    },
    async list(req: ListRequest, o): Promise<OperationsPage> {
      const res = await unary<{ operations?: object[]; nextPageToken?: string; unreachable?: string[] }>(
        'ListOperations',
        t.ListOperationsRequest,
        t.ListOperationsResponse,
        req,
        o,
      );
      return {
        operations: (res.operations ?? []).map((m) => operationFromMessage(m)),
        nextPageToken: res.nextPageToken ?? '',
        unreachable: res.unreachable ?? [],
      };
    },
    async cancel(name, o) {
      await unary('CancelOperation', t.CancelOperationRequest, t.Empty, { name }, o);
    },
    async delete(name, o) {
      await unary('DeleteOperation', t.DeleteOperationRequest, t.Empty, { name }, o);
    },
    async wait(name, timeoutMs, o): Promise<Operation> {
      const request: Record<string, unknown> = { name };
      if (timeoutMs !== undefined) {
        request.timeout = msToDurationMessage(timeoutMs);
      }
      return operationFromMessage(await unary('WaitOperation', t.WaitOperationRequest, t.Operation, request, o));
    },
    close() {
      client.close();
    },
  };
}
