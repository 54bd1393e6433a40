// A REST service that answers badly: each answer gives a typed error (by class and code) or a right result, in a bounded number of calls.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  Code,
  MalformedResponseError,
  OperationNameMismatchError,
  OperationsClient,
  ResponseTooLargeError,
  RpcError,
  type OperationsClientOptions,
} from '../../src/index.js';
import { rejection } from '../helpers/setup.js';
import { sendEndless, sendJson, startRawRestServer, type RawRestHandler } from '../helpers/raw-rest-server.js';

const NAME = 'operations/x';
const RUNNING = { name: NAME, done: false };

function restClient(endpoint: string, options: Partial<OperationsClientOptions> = {}): OperationsClient {
  return new OperationsClient({
    endpoint,
    transport: 'rest',
    insecure: true,
    timeoutMs: 10_000,
    retry: { retries: 2, initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

async function getWith(handler: RawRestHandler, options: Partial<OperationsClientOptions> = {}) {
  await using server = await startRawRestServer(handler);
  using client = restClient(server.endpoint, options);
  const outcome = await client.getOperation(NAME).then(
    (op) => ({ op, err: undefined }),
    (err: unknown) => ({ op: undefined, err }),
  );
  return { ...outcome, calls: server.calls };
}

describe('REST answers that cannot be read are MalformedResponseError (INTERNAL), not retried by the client', () => {
  const cases: [string, RawRestHandler, string | undefined][] = [
    ['a body that is not JSON', (_q, res) => sendJson(res, 200, '<html>not json</html>'), undefined],
    ['JSON cut short', (_q, res) => sendJson(res, 200, '{"name": "operations/x", "do'), undefined],
    ['done: "yes"', (_q, res) => sendJson(res, 200, { name: NAME, done: 'yes' }), 'done'],
    ['name: 5', (_q, res) => sendJson(res, 200, { name: 5, done: false }), 'name'],
    ['null', (_q, res) => sendJson(res, 200, 'null'), undefined],
    ['[]', (_q, res) => sendJson(res, 200, '[]'), undefined],
    ['a number', (_q, res) => sendJson(res, 200, '42'), undefined],
    ['metadata that is a string', (_q, res) => sendJson(res, 200, { name: NAME, metadata: 'x' }), 'metadata'],
    ['an @type that is a number', (_q, res) => sendJson(res, 200, { name: NAME, done: true, response: { '@type': 7 } }), 'response.@type'],
    ['an error code that is a string', (_q, res) => sendJson(res, 200, { name: NAME, done: true, error: { code: '5' } }), 'error.code'],
    [
      'details that are not Anys',
      (_q, res) => sendJson(res, 200, { name: NAME, done: true, error: { code: 5, details: [1] } }),
      'error.details[0]',
    ],
    ['not done, yet with a response', (_q, res) => sendJson(res, 200, { name: NAME, done: false, response: { '@type': 'x' } }), 'done'],
    [
      'a 200 that carries an error envelope',
      (_q, res) => sendJson(res, 200, { error: { code: 404, message: 'gone', status: 'NOT_FOUND' } }),
      'error',
    ],
    [
      'bytes that are not UTF-8',
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
      },
      undefined,
    ],
    [
      'a body that does not inflate',
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end('not gzip at all');
      },
      undefined,
    ],
  ];
  for (const [what, handler, field] of cases) {
    it(what, async () => {
      const { err, calls } = await getWith(handler);
      expect(err).toBeInstanceOf(MalformedResponseError);
      expect(err).toMatchObject({ code: Code.INTERNAL, method: 'GetOperation', field });
      expect(calls).toBe(1);
    });
  }

  it('keeps the raw text, cut to 1 KiB, and its full length', async () => {
    const body = `<html>${'x'.repeat(5_000)}</html>`;
    const { err } = await getWith((_q, res) => sendJson(res, 200, body));
    const m = err as MalformedResponseError;
    expect(typeof m.raw).toBe('string');
    expect((m.raw as string).length).toBe(1024);
    expect(body.startsWith(m.raw as string)).toBe(true);
    expect(m.rawLength).toBe(body.length);
  });
});

describe('REST answers for another operation', () => {
  it('are OperationNameMismatchError naming both', async () => {
    const { err } = await getWith((_q, res) =>
      sendJson(res, 200, { name: 'operations/other', done: true, response: { '@type': 'type.googleapis.com/google.protobuf.Empty' } }),
    );
    expect(err).toBeInstanceOf(OperationNameMismatchError);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(err).toMatchObject({ code: Code.INTERNAL, requestedName: NAME, answeredName: 'operations/other', field: 'name' });
  });

  it('a name with a lone surrogate is another name', async () => {
    const { err } = await getWith((_q, res) => sendJson(res, 200, '{"name": "operations/x\\ud800", "done": false}'));
    expect(err).toBeInstanceOf(OperationNameMismatchError);
  });

  it('an answer with no name at all is one for another operation', async () => {
    const { err } = await getWith((_q, res) => sendJson(res, 200, {}));
    expect(err).toMatchObject({ requestedName: NAME, answeredName: '' });
  });
});

describe('REST answers over the size limit', () => {
  it('a body that never ends stops at maxResponseBytes: ResponseTooLargeError (RESOURCE_EXHAUSTED)', async () => {
    let written: Promise<number> | undefined;
    const { err, calls } = await getWith(
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"name": "');
        written = sendEndless(res, Buffer.alloc(64 * 1024, 0x61));
      },
      { maxResponseBytes: 1024 * 1024 },
    );
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err).toMatchObject({ code: Code.RESOURCE_EXHAUSTED, limitBytes: 1024 * 1024, method: 'GetOperation' });
    expect(calls).toBe(1);
    // The server could push what the socket buffers hold, no more.
    expect(await written).toBeLessThan(64 * 1024 * 1024);
  });

  it('a 200 MB body with the default limit (32 MiB) is not read whole', async () => {
    let written: Promise<number> | undefined;
    const { err } = await getWith((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) });
      written = sendEndless(res, Buffer.alloc(1024 * 1024, 0x20), 200 * 1024 * 1024);
    });
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).limitBytes).toBe(32 * 1024 * 1024);
    // Its Content-Length said it was too long: it was not read at all.
    expect(await written).toBeLessThan(100 * 1024 * 1024);
  });

  it('a decompression bomb stops at the limit after inflating', async () => {
    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { err } = await getWith((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    expect(err).toBeInstanceOf(ResponseTooLargeError);
  });

  it('an error body of 50 MB is read no further than 64 KiB', async () => {
    let written: Promise<number> | undefined;
    const { err } = await getWith((_q, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      written = sendEndless(res, Buffer.alloc(1024 * 1024, 0x78), 50 * 1024 * 1024);
    });
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: Code.INTERNAL });
    expect((err as RpcError).rawMessage.length).toBeLessThan(300);
    expect(await written).toBeLessThan(40 * 1024 * 1024);
  });

  it('headers of 10 MB are ResponseTooLargeError', async () => {
    const { err, calls } = await getWith((_q, res) => {
      res.socket?.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(10 * 1024 * 1024)}\r\ncontent-length: 2\r\n\r\n{}`);
      res.socket?.end();
    });
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(calls).toBe(1);
  });
});

describe('REST failures on the way', () => {
  it('a connection closed mid-answer is UNAVAILABLE and retried', async () => {
    const { op, calls } = await getWith((_q, res, n) => {
      if (n < 3) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"name": "operations/x", ');
        setTimeout(() => res.destroy(), 5);
      } else {
        sendJson(res, 200, RUNNING);
      }
    });
    expect(op).toEqual(RUNNING);
    expect(calls).toBe(3);
  });

  it('a connection closed mid-answer every time ends as UNAVAILABLE after the retries', async () => {
    const { err, calls } = await getWith((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"na');
      setTimeout(() => res.destroy(), 5);
    });
    expect(err).toMatchObject({ code: Code.UNAVAILABLE });
    expect(calls).toBe(3);
  });

  it('an answer that is not HTTP is malformed', async () => {
    const { err } = await getWith((_q, res) => {
      res.socket?.end('GARBAGE\r\n\r\n');
    });
    expect(err).toBeInstanceOf(MalformedResponseError);
  });

  for (const status of [301, 302, 307, 308]) {
    it(`a redirect (${status}) is not followed: FAILED_PRECONDITION`, async () => {
      await using target = await startRawRestServer((_q, res) => sendJson(res, 200, RUNNING));
      const { err, calls } = await getWith((_q, res) => {
        res.writeHead(status, { location: `${target.endpoint}/v1/operations/x` });
        res.end();
      });
      expect(err).toBeInstanceOf(RpcError);
      expect(err).toMatchObject({ code: Code.FAILED_PRECONDITION });
      expect(calls).toBe(1);
      expect(target.calls).toBe(0);
    });
  }

  it('an HTML error page reads as the code of its HTTP status', async () => {
    const page = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
    const { err, calls } = await getWith((_q, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    });
    expect(err).toMatchObject({ code: Code.UNAVAILABLE });
    expect(calls).toBe(3);
  });
});

describe('Retry-After on 429 and 503', () => {
  it('is a floor under the retry delay (seconds)', async () => {
    const at: number[] = [];
    const { op } = await getWith((_q, res, n) => {
      at.push(Date.now());
      if (n === 1) sendJson(res, 503, { error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } }, { 'retry-after': '1' });
      else sendJson(res, 200, RUNNING);
    });
    expect(op).toEqual(RUNNING);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
  });

  it('reads an HTTP date; one already past is no delay beyond the backoff', async () => {
    const { op, calls } = await getWith((_q, res, n) => {
      if (n === 1) sendJson(res, 503, 'busy', { 'retry-after': new Date(Date.now() - 60_000).toUTCString() });
      else sendJson(res, 200, RUNNING);
    });
    expect(op).toEqual(RUNNING);
    expect(calls).toBe(2);
  });

  it('a delay of days does not fit the deadline: the failure is reported at once, with the RetryInfo it stands for', async () => {
    const started = Date.now();
    const { err, calls } = await getWith((_q, res) => sendJson(res, 503, 'busy', { 'retry-after': String(2 * 86_400) }));
    expect(err).toMatchObject({ code: Code.UNAVAILABLE });
    expect((err as RpcError).findDetail('google.rpc.RetryInfo')).toMatchObject({ retryDelay: '172800s' });
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a RetryInfo the service sent wins over Retry-After', async () => {
    const { err } = await getWith((_q, res) =>
      sendJson(
        res,
        429,
        {
          error: {
            code: 429,
            message: 'slow down',
            status: 'RESOURCE_EXHAUSTED',
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' }],
          },
        },
        { 'retry-after': '100' },
      ),
    );
    expect(err).toMatchObject({ code: Code.RESOURCE_EXHAUSTED });
    expect((err as RpcError).details.filter((d) => d['@type'].endsWith('RetryInfo'))).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' },
    ]);
  });
});

describe('a status code outside 0-16', () => {
  it('in an operation error reads as UNKNOWN, the raw value kept', async () => {
    await using server = await startRawRestServer((_q, res) =>
      sendJson(res, 200, { name: NAME, done: true, error: { code: 99, message: 'odd' } }),
    );
    using client = restClient(server.endpoint);
    const err = await rejection(client.poller(NAME).result({ timeoutMs: 5_000 }));
    expect(err).toMatchObject({ code: Code.UNKNOWN, codeName: 'UNKNOWN', rawCode: 99, rawMessage: 'odd' });
  });
});
