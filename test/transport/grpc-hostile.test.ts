// A gRPC service that answers badly: each answer gives a typed error (by class and code) or a right result, in a bounded number of calls.
import http2 from 'node:http2';
import { describe, expect, it } from 'vitest';
import {
  Code,
  MalformedResponseError,
  OperationNameMismatchError,
  OperationsClient,
  ResponseTooLargeError,
  RpcError,
  UnpackError,
  type OperationsClientOptions,
} from '../../src/index.js';
import { rejection } from '../helpers/setup.js';
import { frame, startRawGrpcServer, type RawGrpcHandler } from '../helpers/raw-grpc-server.js';
import { operationBytes, retryInfo, statusTrailer, stringValueBytes } from '../helpers/grpc-payloads.js';

const NAME = 'operations/x';
const STRING_VALUE = 'type.googleapis.com/google.protobuf.StringValue';

function grpcClient(endpoint: string, options: Partial<OperationsClientOptions> = {}): OperationsClient {
  return new OperationsClient({
    endpoint,
    insecure: true,
    timeoutMs: 10_000,
    retry: { retries: 2, initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

async function getWith(handler: RawGrpcHandler, options: Partial<OperationsClientOptions> = {}) {
  await using server = await startRawGrpcServer(handler);
  using client = grpcClient(server.endpoint, options);
  const outcome = await client.getOperation(NAME).then(
    (op) => ({ op, err: undefined }),
    (err: unknown) => ({ op: undefined, err }),
  );
  return { ...outcome, calls: server.calls, bytesWritten: server.bytesWritten };
}

const running = operationBytes({ name: NAME, done: false });

describe('gRPC answers that cannot be read are MalformedResponseError (INTERNAL), not retried by the client', () => {
  const cases: [string, RawGrpcHandler][] = [
    ['garbage bytes', () => ({ messages: [Uint8Array.from([0xff, 0xff, 0xff])] })],
    ['a message cut short', () => ({ messages: [running.subarray(0, running.length - 3)] })],
    // Field 1 (name, a string) sent as a varint: protobufjs would read it as a string of whatever length follows.
    ['a field of the wrong wire type', () => ({ messages: [Uint8Array.from([0x08, 0x01, 0x61, 0x62, 0x63])] })],
    ['a name that is not UTF-8', () => ({ messages: [Uint8Array.from([0x0a, 0x02, 0xc3, 0x28])] })],
    ['status OK and no message (grpc-js says UNIMPLEMENTED)', () => ({ trailersOnly: true })],
    ['a grpc-status that is not a number', () => ({ trailersOnly: true, status: 'abc' })],
    [
      'an HTML page sent with status 200',
      () => ({ contentType: 'text/html', raw: Buffer.from('<html><body>oops</body></html>'), status: null }),
    ],
  ];
  for (const [what, handler] of cases) {
    it(what, async () => {
      const { err, calls } = await getWith(handler);
      expect(err).toBeInstanceOf(MalformedResponseError);
      expect(err).toMatchObject({ code: Code.INTERNAL, method: 'GetOperation' });
      expect(calls).toBe(1);
    });
  }

  it('a unary answer with two messages ends within the deadline (grpc-js reads no further than the first)', async () => {
    const started = Date.now();
    const { err } = await getWith(() => ({ messages: [running, running] }), { timeoutMs: 1_000 });
    expect(err).toBeInstanceOf(RpcError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps the raw bytes that did not decode', async () => {
    const bytes = Uint8Array.from([0x08, 0x01, 0x61, 0x62, 0x63]);
    const { err } = await getWith(() => ({ messages: [bytes] }));
    expect(Buffer.from((err as MalformedResponseError).raw as Uint8Array)).toEqual(Buffer.from(bytes));
  });

  it('an answer for another operation is OperationNameMismatchError naming both', async () => {
    const { err } = await getWith(() => ({ messages: [operationBytes({ name: 'operations/other', done: true })] }));
    expect(err).toBeInstanceOf(OperationNameMismatchError);
    expect(err).toMatchObject({ requestedName: NAME, answeredName: 'operations/other' });
  });
});

describe('gRPC status codes and trailers', () => {
  it('a grpc-status outside 0-16 is UNKNOWN with the raw value kept', async () => {
    const { err, calls } = await getWith(() => ({ trailersOnly: true, status: 99, message: 'odd' }));
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: Code.UNKNOWN, codeName: 'UNKNOWN', rawCode: 99 });
    expect(calls).toBe(1);
  });

  it('a details trailer that claims OK does not turn an error into OK', async () => {
    const { err } = await getWith(() => ({
      trailersOnly: true,
      status: Code.PERMISSION_DENIED,
      message: 'no',
      trailers: { 'grpc-status-details-bin': statusTrailer({ code: 0, message: 'fine', details: [] }) },
    }));
    expect(err).toMatchObject({ code: Code.PERMISSION_DENIED });
  });

  it('a details trailer that does not decode falls back to the status and message', async () => {
    const { err } = await getWith(() => ({
      trailersOnly: true,
      status: Code.NOT_FOUND,
      message: 'gone',
      trailers: { 'grpc-status-details-bin': Buffer.from([0x08, 0x01, 0x12, 0x7f]).toString('base64') },
    }));
    expect(err).toMatchObject({ code: Code.NOT_FOUND, rawMessage: 'gone', details: [] });
  });

  it('an HTTP 404 with no gRPC status is UNIMPLEMENTED, as grpc-js maps it', async () => {
    const { err } = await getWith(() => ({
      httpStatus: 404,
      contentType: 'text/html',
      raw: Buffer.from('<html>404</html>'),
      status: null,
    }));
    expect(err).toMatchObject({ code: Code.UNIMPLEMENTED });
  });

  it('a stream reset by the server (CANCEL) is UNAVAILABLE and retried', async () => {
    const { op, calls } = await getWith((_m, _r, n) => (n < 3 ? { reset: http2.constants.NGHTTP2_CANCEL } : { messages: [running] }));
    expect(op).toEqual({ name: NAME, done: false });
    expect(calls).toBe(3);
  });

  it('trailers of 10 MB are a typed error', async () => {
    const { err, calls } = await getWith(() => ({ messages: [running], trailers: { 'x-big': 'a'.repeat(10 * 1024 * 1024) } }));
    expect(err).toBeInstanceOf(RpcError);
    expect(calls).toBeLessThanOrEqual(3);
  });

  it('a RetryInfo of days does not fit the deadline: the failure is reported at once', async () => {
    const started = Date.now();
    const { err, calls } = await getWith(() => ({
      trailersOnly: true,
      status: Code.UNAVAILABLE,
      message: 'later',
      trailers: {
        'grpc-status-details-bin': statusTrailer({ code: Code.UNAVAILABLE, message: 'later', details: [retryInfo(2 * 86_400)] }),
      },
    }));
    expect(err).toMatchObject({ code: Code.UNAVAILABLE });
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a RetryInfo of 0 s is retried after the backoff, not at once in a loop', async () => {
    const { op, calls } = await getWith((_m, _r, n) =>
      n < 3
        ? {
            trailersOnly: true,
            status: Code.UNAVAILABLE,
            trailers: { 'grpc-status-details-bin': statusTrailer({ code: Code.UNAVAILABLE, message: 'now', details: [retryInfo(0)] }) },
          }
        : { messages: [running] },
    );
    expect(op).toEqual({ name: NAME, done: false });
    expect(calls).toBe(3);
  });
});

describe('gRPC answers over the size limit', () => {
  it('a message of 100 MB is refused from its length prefix: ResponseTooLargeError', async () => {
    const { err, calls, bytesWritten } = await getWith(() => ({
      raw: Buffer.concat([frame(Buffer.alloc(0), 100 * 1024 * 1024), Buffer.alloc(1024 * 1024)]),
    }));
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err).toMatchObject({ code: Code.RESOURCE_EXHAUSTED, limitBytes: 32 * 1024 * 1024 });
    expect(calls).toBe(1);
    expect(bytesWritten).toBeLessThan(2 * 1024 * 1024);
  });

  it('maxResponseBytes sets the limit', async () => {
    const big = operationBytes({
      name: NAME,
      done: false,
      metadata: { typeUrl: STRING_VALUE, value: stringValueBytes('x'.repeat(10_000)) },
    });
    const { err } = await getWith(() => ({ messages: [big] }), { maxResponseBytes: 1_000 });
    expect(err).toMatchObject({ code: Code.RESOURCE_EXHAUSTED, limitBytes: 1_000 });
  });
});

describe('gRPC payloads that do not decode as their type', () => {
  it('are an UnpackError when the wait unpacks them, never a wrong value', async () => {
    // A StringValue whose field 1 comes as a varint: protobufjs alone would read one character.
    const wrong = Uint8Array.from([0x08, 0x01, 0x61, 0x62, 0x63, 0x64]);
    await using server = await startRawGrpcServer(() => ({
      messages: [operationBytes({ name: NAME, done: true, response: { typeUrl: STRING_VALUE, value: wrong } })],
    }));
    using client = grpcClient(server.endpoint);
    const err = await rejection(client.poller(NAME).result({ timeoutMs: 5_000 }));
    expect(err).toBeInstanceOf(UnpackError);
    expect(err).toMatchObject({ code: Code.INTERNAL, typeUrl: STRING_VALUE });
  });

  it('a payload of an empty type URL is an UnpackError (UnknownTypeError)', async () => {
    await using server = await startRawGrpcServer(() => ({
      messages: [operationBytes({ name: NAME, done: true, response: { typeUrl: '', value: stringValueBytes('x') } })],
    }));
    using client = grpcClient(server.endpoint);
    const err = await rejection(client.poller(NAME).result({ timeoutMs: 5_000 }));
    expect(err).toBeInstanceOf(UnpackError);
  });

  it('done with both an error and a response is an UnpackError', async () => {
    await using server = await startRawGrpcServer(() => ({
      messages: [
        operationBytes({
          name: NAME,
          done: true,
          error: { code: 5, message: 'x', details: [] },
          response: { typeUrl: STRING_VALUE, value: stringValueBytes('y') },
        }),
      ],
    }));
    using client = grpcClient(server.endpoint);
    const err = await rejection(client.poller(NAME).result({ timeoutMs: 5_000 }));
    expect(err).toBeInstanceOf(UnpackError);
  });

  it('done with neither resolves with undefined', async () => {
    await using server = await startRawGrpcServer(() => ({ messages: [operationBytes({ name: NAME, done: true })] }));
    using client = grpcClient(server.endpoint);
    await expect(client.poller(NAME).result({ timeoutMs: 5_000 })).resolves.toBeUndefined();
  });
});
