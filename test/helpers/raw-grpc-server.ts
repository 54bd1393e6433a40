// A minimal gRPC-speaking server on node:http2 for tests of a hostile or broken service: it answers each call with
// whatever bytes, headers and trailers the test says, framed or not.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

/** How to answer one call. Everything is optional: the default is an empty message and grpc-status 0. */
export interface RawGrpcAnswer {
  /** The HTTP status. @default 200 */
  readonly httpStatus?: number;
  /** The content-type. @default 'application/grpc' */
  readonly contentType?: string;
  /** More response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Messages, each framed with its 5-byte prefix. @default [] */
  readonly messages?: readonly Uint8Array[];
  /** Bytes written as they are, after the messages (a frame of the test's own making, HTML, …). */
  readonly raw?: Uint8Array;
  /** The grpc-status trailer; null leaves it out. @default '0' */
  readonly status?: string | number | null;
  /** The grpc-message trailer. */
  readonly message?: string;
  /** More trailers (grpc-status-details-bin as base64, say). */
  readonly trailers?: Readonly<Record<string, string>>;
  /** Everything in one HEADERS frame, no body (a trailers-only answer). */
  readonly trailersOnly?: boolean;
  /** Resets the stream with this HTTP/2 code instead of answering. */
  readonly reset?: number;
  /** Never answers (until the client goes away or the server closes). */
  readonly hang?: boolean;
}

/** Answers one call; `n` counts calls from 1. */
export type RawGrpcHandler = (method: string, request: Buffer, n: number) => RawGrpcAnswer | Promise<RawGrpcAnswer>;

/** A running raw gRPC server. */
export interface RawGrpcServer extends AsyncDisposable {
  /** `127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Calls received so far. */
  readonly calls: number;
  /** The method of each call, in order (`'GetOperation'`, …). */
  readonly methods: readonly string[];
  /** Bytes of messages written so far. */
  readonly bytesWritten: number;
  /** Replaces the handler. */
  handle(handler: RawGrpcHandler): void;
  /** Ends every session with CANCEL (calls in progress too) and stops listening. */
  close(): Promise<void>;
}

/** The gRPC frame of a message: a 0 (not compressed), its length, its bytes. */
export function frame(message: Uint8Array, declaredLength = message.length): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([prefix, message]);
}

/** Starts a raw gRPC server (plaintext HTTP/2) on loopback: on `port`, or a random one. */
export async function startRawGrpcServer(handler: RawGrpcHandler, port = 0): Promise<RawGrpcServer> {
  let current = handler;
  const methods: string[] = [];
  let bytesWritten = 0;
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => {});
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const method = String(headers[':path'] ?? '').replace(/^.*\//, '');
    methods.push(method);
    const n = methods.length;
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      Promise.resolve()
        .then(() => current(method, body.subarray(5), n))
        .then((answer) => answer.hang || write(stream, answer))
        // A handler that throws, or headers node:http2 refuses to send: the call is reset.
        .catch(() => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    });
  });
  const write = (stream: http2.ServerHttp2Stream, a: RawGrpcAnswer) => {
    if (stream.destroyed) return;
    if (a.reset !== undefined) {
      stream.close(a.reset);
      return;
    }
    const trailers: Record<string, string> = { ...a.trailers };
    const status = a.status === undefined ? '0' : a.status;
    if (status !== null) trailers['grpc-status'] = String(status);
    if (a.message !== undefined) trailers['grpc-message'] = a.message;
    const head = { ':status': a.httpStatus ?? 200, 'content-type': a.contentType ?? 'application/grpc', ...a.headers };
    if (a.trailersOnly) {
      stream.respond({ ...head, ...trailers }, { endStream: true });
      return;
    }
    stream.respond(head, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    for (const m of a.messages ?? []) {
      const framed = frame(m);
      bytesWritten += framed.length;
      stream.write(framed);
    }
    if (a.raw) {
      bytesWritten += a.raw.length;
      stream.write(a.raw);
    }
    stream.end();
  };
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  // As a gRPC server's forced shutdown does it: every session ended with CANCEL, calls in progress with it.
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      for (const s of sessions) s.destroy(undefined, http2.constants.NGHTTP2_CANCEL);
      server.close(() => resolve());
    }));
  return {
    endpoint: `127.0.0.1:${bound}`,
    get calls() {
      return methods.length;
    },
    methods,
    get bytesWritten() {
      return bytesWritten;
    },
    handle(next) {
      current = next;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
