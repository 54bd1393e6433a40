// The gRPC protocol: the Operations RPCs as unary calls on one @grpc/grpc-js channel.
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { Code } from '../codes.js';
import { MalformedResponseError, ResponseTooLargeError, type RpcError } from '../errors.js';
import { answeredOperationFromMessage, decodeStatus } from '../operation-codec.js';
import type { Operation, OperationsPage } from '../operation.js';
import { msToDurationMessage } from '../proto-duration.js';
import { longrunningTypes } from '../protos.js';
import { checkWire } from '../registry/wire-check.js';
import { tlsCredentials } from './grpc-tls.js';
import {
  authHeaders,
  DEFAULT_MAX_RESPONSE_BYTES,
  WireError,
  type AttemptOptions,
  type AuthClient,
  type ListRequest,
  type OperationsTransport,
} from './transport.js';

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
  /** The most bytes one answer's message may have (the channel's max receive length). @default 32 MiB */
  readonly maxResponseBytes?: number | undefined;
}

function toWireError(err: grpc.ServiceError | Error): WireError {
  const e = err as Partial<grpc.ServiceError>;
  // grpc-status is the call's code; the trailer only adds the message and details (a trailer that claims OK does not make an error one).
  const code = typeof e.code === 'number' ? e.code : Code.UNKNOWN;
  const bin = e.metadata?.get('grpc-status-details-bin')[0];
  if (bin instanceof Buffer) {
    try {
      const status = decodeStatus(bin);
      return new WireError({ ...status, code, message: status.message || (e.details ?? '') }, err);
    } catch {
      // A trailer that does not decode: fall back to the code and message.
    }
  }
  return new WireError({ code, message: e.details ?? err.message, details: [] }, err);
}

// What grpc-js told of a call besides its callback: the status it really ended with, its answer's content type, how many messages came.
interface CallSeen {
  status: grpc.StatusObject | undefined;
  contentType: string | undefined;
  messages: number;
}

// grpc-js's own words for a message over the channel's max receive length, before or after decompression.
const TOO_LARGE = /^Received message (larger than max|that decompresses to a size larger than)/;

/** Turns a failed call into what the client should see: a transient failure, a malformed answer, or the server's status. */
function callFailure(err: grpc.ServiceError, method: string, seen: CallSeen, limit: number, ourAbort: boolean): WireError | RpcError {
  if (!Number.isInteger(err.code)) {
    return new MalformedResponseError(`the ${method} call ended with a grpc-status that is not a number`, { method, cause: err });
  }
  const notGrpc = seen.contentType !== undefined && !seen.contentType.startsWith('application/grpc');
  // grpc-js reports a call that ended OK with no message (or with two) as UNIMPLEMENTED: the server said no such thing.
  if ((seen.status !== undefined && seen.status.code !== err.code) || seen.messages > 1) {
    const what = seen.messages === 0 ? 'no message' : `${seen.messages} messages`;
    return new MalformedResponseError(`the ${method} call ended with status ${seen.status?.code ?? err.code} and ${what}`, {
      method,
      cause: err,
    });
  }
  if (notGrpc && (err.code === Code.RESOURCE_EXHAUSTED || err.code === Code.INTERNAL || err.code === Code.UNKNOWN)) {
    return new MalformedResponseError(`the ${method} answer is not gRPC (content-type ${seen.contentType})`, { method, cause: err });
  }
  if (err.code === Code.RESOURCE_EXHAUSTED && TOO_LARGE.test(err.details ?? '') && !err.metadata?.get('grpc-status-details-bin').length) {
    return new ResponseTooLargeError(`the ${method} answer passed ${limit} bytes (maxResponseBytes)`, {
      method,
      limitBytes: limit,
      cause: err,
    });
  }
  // A CANCELLED the client did not ask for: the server went away (a restart, a dropped connection). Transient.
  if (err.code === Code.CANCELLED && !ourAbort) {
    return new WireError(
      { code: Code.UNAVAILABLE, message: `the ${method} call was ended by the server or the connection: ${err.details}`, details: [] },
      err,
    );
  }
  return toWireError(err);
}

function decodeAnswer<T>(method: string, type: protobuf.Type, bytes: Buffer, read: (message: object) => T): T {
  let message: object;
  try {
    // protobufjs decodes leniently: check the bytes first.
    checkWire(type, bytes);
    message = type.decode(bytes) as object;
  } catch (err) {
    const name = type.fullName.replace(/^\./, '');
    throw new MalformedResponseError(`the ${method} answer does not decode as ${name}: ${(err as Error).message}`, {
      method,
      raw: bytes,
      cause: err,
    });
  }
  try {
    return read(message);
  } catch (err) {
    if (!(err instanceof MalformedResponseError)) throw err;
    throw new MalformedResponseError(`the ${method} answer: ${err.rawMessage}`, { method, field: err.field, raw: bytes });
  }
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
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const client = new grpc.Client(options.endpoint, credentials, {
    'grpc.keepalive_time_ms': 60_000,
    // grpc-js reads the length prefix first: an answer over it is refused before it is downloaded.
    'grpc.max_receive_message_length': limit,
  });
  const baseMetadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(options.headers ?? {})) baseMetadata.set(k.toLowerCase(), v);

  function unary<T>(
    method: string,
    reqType: protobuf.Type,
    resType: protobuf.Type,
    request: object,
    o: AttemptOptions,
    read: (message: object) => T,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (o.signal?.aborted) {
        reject(new WireError({ code: Code.CANCELLED, message: 'aborted before the call', details: [] }, o.signal.reason));
        return;
      }
      const seen: CallSeen = { status: undefined, contentType: undefined, messages: 0 };
      let ourAbort = false;
      const call = client.makeUnaryRequest<object, Buffer>(
        SERVICE + method,
        (msg) => Buffer.from(reqType.encode(reqType.fromObject(msg)).finish()),
        // The bytes as they came: decoded below, where a failure can keep them and name the method.
        (bytes) => {
          seen.messages++;
          return bytes;
        },
        request,
        baseMetadata.clone(),
        { deadline: o.deadline },
        (err, bytes) => {
          o.signal?.removeEventListener('abort', onAbort);
          if (!err) {
            try {
              resolve(decodeAnswer(method, resType, bytes!, read));
            } catch (e) {
              reject(e);
            }
            return;
          }
          // grpc-js emits the status the call really ended with right after calling back.
          queueMicrotask(() => reject(callFailure(err, method, seen, limit, ourAbort)));
        },
      );
      call.on('status', (status: grpc.StatusObject) => (seen.status = status));
      call.on('metadata', (md: grpc.Metadata) => {
        const type = md.get('content-type')[0];
        seen.contentType = typeof type === 'string' ? type : undefined;
      });
      const onAbort = () => {
        ourAbort = true;
        call.cancel();
      };
      o.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    kind: 'grpc',
    get(name, o) {
      return unary('GetOperation', t.GetOperationRequest, t.Operation, { name }, o, (m) => answeredOperationFromMessage(m));
    },
    list(req: ListRequest, o): Promise<OperationsPage> {
      return unary('ListOperations', t.ListOperationsRequest, t.ListOperationsResponse, req, o, (message) => {
        const res = message as { operations?: object[]; nextPageToken?: string; unreachable?: string[] };
        return {
          operations: (res.operations ?? []).map((m, i) => answeredOperationFromMessage(m, `operations[${i}]`)),
          nextPageToken: res.nextPageToken ?? '',
          unreachable: res.unreachable ?? [],
        };
      });
    },
    async cancel(name, o) {
      await unary('CancelOperation', t.CancelOperationRequest, t.Empty, { name }, o, () => undefined);
    },
    async delete(name, o) {
      await unary('DeleteOperation', t.DeleteOperationRequest, t.Empty, { name }, o, () => undefined);
    },
    wait(name, timeoutMs, o): Promise<Operation> {
      const request: Record<string, unknown> = { name };
      if (timeoutMs !== undefined) {
        request.timeout = msToDurationMessage(timeoutMs);
      }
      return unary('WaitOperation', t.WaitOperationRequest, t.Operation, request, o, (m) => answeredOperationFromMessage(m));
    },
    close() {
      client.close();
    },
  };
}
