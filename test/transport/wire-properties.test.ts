// Properties over both transports: whatever a service answers (garbage, the wrong shapes, bad statuses, odd headers),
// a call or a wait gives a typed error (by class and code) or a right result, in a bounded number of calls.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LongrunningError, OperationsClient, type Operation } from '../../src/index.js';
import { sendJson, startRawRestServer, type RawRestServer } from '../helpers/raw-rest-server.js';
import { startRawGrpcServer, type RawGrpcAnswer, type RawGrpcServer } from '../helpers/raw-grpc-server.js';
import { operationBytes, stringValueBytes } from '../helpers/grpc-payloads.js';

const NAME = 'operations/x';
const STRING_VALUE = 'type.googleapis.com/google.protobuf.StringValue';
const RETRIES = 2;
// Each attempt of a call is one request: a call makes at most this many.
const CALLS_PER_CALL = RETRIES + 1;

/** A rejection is typed: one of the package's errors, with a google.rpc code. */
function expectTyped(err: unknown): void {
  expect(err).toBeInstanceOf(LongrunningError);
  const code = (err as LongrunningError).code;
  expect(Number.isInteger(code) && code >= 0 && code <= 16).toBe(true);
}

/** A resolved GetOperation is right: the operation asked for, in the Operation shape. */
function expectRightOperation(op: Operation): void {
  expect(op.name).toBe(NAME);
  expect(typeof op.done).toBe('boolean');
  if (!op.done) expect(op.error ?? op.response).toBeUndefined();
  if (op.error) expect(Number.isInteger(op.error.code)).toBe(true);
}

function clientOf(endpoint: string, transport: 'grpc' | 'rest'): OperationsClient {
  return new OperationsClient({
    endpoint,
    transport,
    insecure: true,
    timeoutMs: 5_000,
    maxResponseBytes: 64 * 1024,
    retry: { retries: RETRIES, initialDelayMs: 1, maxDelayMs: 5 },
    poll: { initialDelayMs: 1, maxDelayMs: 5, jitter: 0, useWait: 'never' },
  });
}

// Strings with every kind of code point, lone surrogates included.
const anyText = fc.string({ unit: 'binary', maxLength: 20 });
const anyJson = fc.jsonValue({ maxDepth: 3 });
const anyJsonAny = fc.oneof(
  fc.record({ '@type': fc.oneof(fc.constant(STRING_VALUE), fc.constant(''), anyText, fc.integer()), value: anyJson }, { requiredKeys: [] }),
  anyJson,
);
const operationJson = fc.record(
  {
    name: fc.oneof(fc.constant(NAME), fc.constant(NAME), anyText, fc.integer(), fc.constant(null)),
    done: fc.oneof(fc.boolean(), fc.constant('yes'), fc.integer(), fc.constant(null)),
    metadata: anyJsonAny,
    response: anyJsonAny,
    error: fc.oneof(
      fc.record(
        {
          code: fc.oneof(fc.integer({ min: -3, max: 100 }), fc.string(), fc.double()),
          message: fc.oneof(anyText, fc.integer()),
          status: fc.constantFrom('NOT_FOUND', 'UNAVAILABLE', 'NOPE'),
          details: fc.oneof(fc.array(anyJsonAny, { maxLength: 3 }), anyText),
        },
        { requiredKeys: [] },
      ),
      anyJson,
    ),
  },
  { requiredKeys: [] },
);

interface RestAnswer {
  readonly status: number;
  readonly body: string | Uint8Array;
  readonly headers: Record<string, string>;
}

const restAnswer: fc.Arbitrary<RestAnswer> = fc.record({
  status: fc.constantFrom(200, 200, 200, 200, 400, 404, 429, 500, 502, 503),
  body: fc.oneof(
    operationJson.map((o) => JSON.stringify(o)),
    anyJson.map((j) => JSON.stringify(j)),
    // JSON cut short.
    operationJson.chain((o) => {
      const text = JSON.stringify(o);
      return fc.nat(text.length).map((n) => text.slice(0, n));
    }),
    fc.uint8Array({ maxLength: 200 }),
    fc.constant('<!DOCTYPE html><html><head><title>Error</title></head><body>Bad Gateway</body></html>'),
    // Larger than the client's limit.
    fc.constant(JSON.stringify({ name: NAME, done: false, pad: 'x'.repeat(100 * 1024) })),
  ),
  headers: fc.record(
    {
      'retry-after': fc.constantFrom('0', '172800', 'garbage', '', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT'),
      'content-encoding': fc.constantFrom('gzip', 'identity', 'br'),
    },
    { requiredKeys: [] },
  ),
});

function sendRest(res: Parameters<typeof sendJson>[0], a: RestAnswer): void {
  if (typeof a.body === 'string') {
    sendJson(res, a.status, a.body, a.headers);
    return;
  }
  res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
  res.end(a.body);
}

describe('properties over REST', () => {
  let server: RawRestServer;
  let client: OperationsClient;
  let script: RestAnswer[] = [];
  let served = 0;
  beforeAll(async () => {
    server = await startRawRestServer((_q, res) => sendRest(res, script[served++ % script.length]!));
    client = clientOf(server.endpoint, 'rest');
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  it('GetOperation gives a typed error or the operation asked for, in at most 1 + retries requests', async () => {
    await fc.assert(
      fc.asyncProperty(restAnswer, async (answer) => {
        script = [answer];
        const before = server.calls;
        await client.getOperation(NAME).then(expectRightOperation, expectTyped);
        expect(server.calls - before).toBeLessThanOrEqual(CALLS_PER_CALL);
      }),
      { numRuns: 150 },
    );
  });

  it('a wait gives a typed error or a result, within its attempts, whatever each poll is answered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(restAnswer, { minLength: 1, maxLength: 5 }), async (answers) => {
        script = answers;
        served = 0;
        const before = server.calls;
        await client
          .poller(NAME)
          .result({ maxAttempts: 6, timeoutMs: 10_000 })
          .then(() => undefined, expectTyped);
        expect(server.calls - before).toBeLessThanOrEqual(6 * CALLS_PER_CALL);
      }),
      { numRuns: 40 },
    );
  });
});

const wrongBytes = fc.uint8Array({ maxLength: 60 });
const operationMessage = fc.record(
  {
    name: fc.oneof(fc.constant(NAME), fc.constant(NAME), fc.string({ maxLength: 20 })),
    done: fc.boolean(),
    response: fc.record({
      typeUrl: fc.oneof(fc.constant(STRING_VALUE), fc.constant(''), fc.constant('type.googleapis.com/not.Registered'), fc.string()),
      value: fc.oneof(fc.string().map(stringValueBytes), wrongBytes),
    }),
    error: fc.record({ code: fc.integer({ min: -3, max: 100 }), message: fc.string(), details: fc.constant([]) }),
  },
  { requiredKeys: ['name', 'done'] },
);

const grpcMessage = fc.oneof(
  operationMessage.map((op) => operationBytes(op as Operation)),
  wrongBytes,
  // A good encoding with one byte changed, or cut short.
  fc
    .tuple(
      operationMessage.map((op) => operationBytes(op as Operation)),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
    )
    .map(([bytes, at, value]) => {
      const copy = Uint8Array.from(bytes);
      if (copy.length > 0) copy[at % copy.length] = value;
      return copy;
    }),
  operationMessage.chain((op) => {
    const bytes = operationBytes(op as Operation);
    return fc.nat(bytes.length).map((n) => bytes.subarray(0, n));
  }),
);

const grpcAnswer: fc.Arbitrary<RawGrpcAnswer> = fc.record(
  {
    messages: fc.oneof(
      fc.constant([]),
      grpcMessage.map((m) => [m]),
    ),
    status: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -3, max: 100 }), fc.constant('abc'), fc.constant(null)),
    message: fc.stringMatching(/^[ -~]{0,20}$/),
    contentType: fc.constantFrom('application/grpc', 'application/grpc', 'application/grpc+proto', 'text/html'),
    trailersOnly: fc.boolean(),
    httpStatus: fc.constantFrom(200, 200, 200, 200, 404, 500, 503),
  },
  { requiredKeys: ['messages'] },
);

describe('properties over gRPC', () => {
  let server: RawGrpcServer;
  let client: OperationsClient;
  let script: RawGrpcAnswer[] = [];
  let served = 0;
  beforeAll(async () => {
    server = await startRawGrpcServer(() => script[served++ % script.length]!);
    client = clientOf(server.endpoint, 'grpc');
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  it('GetOperation gives a typed error or the operation asked for, in at most 1 + retries calls', async () => {
    await fc.assert(
      fc.asyncProperty(grpcAnswer, async (answer) => {
        script = [answer];
        const before = server.calls;
        await client.getOperation(NAME).then(expectRightOperation, expectTyped);
        expect(server.calls - before).toBeLessThanOrEqual(CALLS_PER_CALL);
      }),
      { numRuns: 150 },
    );
  });

  it('a wait gives a typed error or a result, within its attempts, whatever each poll is answered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(grpcAnswer, { minLength: 1, maxLength: 5 }), async (answers) => {
        script = answers;
        served = 0;
        const before = server.calls;
        await client
          .poller(NAME)
          .result({ maxAttempts: 6, timeoutMs: 10_000 })
          .then(() => undefined, expectTyped);
        expect(server.calls - before).toBeLessThanOrEqual(6 * CALLS_PER_CALL);
      }),
      { numRuns: 40 },
    );
  });
});
