// Waits against a service that answers badly: they end on a permanent fault (with no timeoutMs), ride through what
// may mend with backoff and a 'retry' event each time, and keep WaitOperation unless the server really lacks it.
import { describe, expect, it, vi } from 'vitest';
import {
  Code,
  MalformedResponseError,
  OperationNameMismatchError,
  OperationsClient,
  PollTimeoutError,
  ResponseTooLargeError,
  RpcError,
  services,
  type OperationsClientOptions,
  type Transport,
} from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { closedPort, clientFor, emulatorFor, rejection } from '../helpers/setup.js';
import { sendJson, startRawRestServer } from '../helpers/raw-rest-server.js';
import { frame, startRawGrpcServer, type RawGrpcAnswer } from '../helpers/raw-grpc-server.js';
import { operationBytes } from '../helpers/grpc-payloads.js';

const NAME = 'operations/x';
const FAST = { initialDelayMs: 5, multiplier: 1.5, maxDelayMs: 20, jitter: 0 };

/** What one poll gets from the service. */
type Answer = 'running' | 'done' | 'garbage' | 'other-name' | 'too-large' | 'envelope';

function restAnswer(answer: Answer): { status: number; body: string } {
  switch (answer) {
    case 'running':
      return { status: 200, body: JSON.stringify({ name: NAME, done: false }) };
    case 'done':
      return { status: 200, body: JSON.stringify({ name: NAME, done: true }) };
    case 'garbage':
      return { status: 200, body: '<html>not json' };
    case 'other-name':
      return { status: 200, body: JSON.stringify({ name: 'operations/other', done: true }) };
    case 'too-large':
      return { status: 200, body: JSON.stringify({ name: NAME, done: false, pad: 'x'.repeat(20_000) }) };
    case 'envelope':
      return { status: 200, body: JSON.stringify({ error: { code: 404, message: 'gone', status: 'NOT_FOUND' } }) };
  }
}

function grpcAnswer(answer: Answer): RawGrpcAnswer {
  switch (answer) {
    case 'running':
      return { messages: [operationBytes({ name: NAME, done: false })] };
    case 'done':
      return { messages: [operationBytes({ name: NAME, done: true })] };
    case 'garbage':
    case 'envelope':
      return { messages: [Uint8Array.from([0xff, 0xff, 0xff])] };
    case 'other-name':
      return { messages: [operationBytes({ name: 'operations/other', done: true })] };
    case 'too-large':
      return { raw: frame(Buffer.alloc(0), 100 * 1024 * 1024) };
  }
}

/** A raw server of the transport whose n-th poll gets `script(n)`; GetOperation only (no WaitOperation). */
async function scriptedServer(transport: Transport, script: (n: number) => Answer) {
  if (transport === 'rest') {
    const server = await startRawRestServer((_q, res, n) => {
      const { status, body } = restAnswer(script(n));
      sendJson(res, status, body);
    });
    return { server, endpoint: server.endpoint, calls: () => server.calls };
  }
  const server = await startRawGrpcServer((_m, _r, n) => grpcAnswer(script(n)));
  return { server, endpoint: server.endpoint, calls: () => server.calls };
}

function clientOf(transport: Transport, endpoint: string, options: Partial<OperationsClientOptions> = {}): OperationsClient {
  return new OperationsClient({
    endpoint,
    transport,
    insecure: true,
    timeoutMs: 10_000,
    maxResponseBytes: 10_000,
    retry: { retries: 2, initialDelayMs: 1, maxDelayMs: 5 },
    poll: { ...FAST, useWait: 'never' },
    ...options,
  });
}

for (const transport of ['grpc', 'rest'] as const) {
  describe(`a wait with no timeoutMs ends on a permanent fault, over ${transport}`, () => {
    const endings: [Answer, abstract new (...args: never[]) => unknown][] = [
      ['garbage', MalformedResponseError],
      ['other-name', OperationNameMismatchError],
      ['too-large', ResponseTooLargeError],
      ['envelope', MalformedResponseError],
    ];
    for (const [answer, errorClass] of endings) {
      it(`every poll answered ${answer}: the 5th in a row ends it, each one before told to 'retry'`, async () => {
        const { server, endpoint, calls } = await scriptedServer(transport, () => answer);
        await using _server = server;
        using client = clientOf(transport, endpoint);
        const poller = client.poller(NAME);
        const retries: unknown[] = [];
        poller.on('retry', (err) => retries.push(err));
        const err = await rejection(poller.result());
        expect(err).toBeInstanceOf(errorClass);
        expect(calls()).toBe(5);
        expect(retries).toHaveLength(4);
        for (const r of retries) expect(r).toBeInstanceOf(RpcError);
      });
    }

    it('malformed answers between good ones do not add up: the wait goes on to the end', async () => {
      const { server, endpoint, calls } = await scriptedServer(transport, (n) => (n === 20 ? 'done' : n % 4 === 0 ? 'running' : 'garbage'));
      await using _server = server;
      using client = clientOf(transport, endpoint);
      await expect(client.poller(NAME).result()).resolves.toBeUndefined();
      expect(calls()).toBe(20);
    });

    it('maxMalformedResponses sets the bound', async () => {
      const { server, endpoint, calls } = await scriptedServer(transport, () => 'garbage');
      await using _server = server;
      using client = clientOf(transport, endpoint, { maxMalformedResponses: 2 });
      expect(await rejection(client.poller(NAME).result())).toBeInstanceOf(MalformedResponseError);
      expect(calls()).toBe(2);
    });

    it('malformed answers are polled through with the backoff, never at once', async () => {
      const at: number[] = [];
      const { server, endpoint } = await scriptedServer(transport, () => {
        at.push(Date.now());
        return 'garbage';
      });
      await using _server = server;
      using client = clientOf(transport, endpoint, {
        poll: { initialDelayMs: 60, multiplier: 1, maxDelayMs: 60, jitter: 0, useWait: 'never' },
      });
      await rejection(client.poller(NAME).result());
      expect(at).toHaveLength(5);
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(50);
    });

    it('a timeout near an unreachable service carries the real failure as its cause', async () => {
      const port = await closedPort();
      using client = clientOf(transport, transport === 'grpc' ? `127.0.0.1:${port}` : `http://127.0.0.1:${port}`);
      const err = await rejection(client.poller(NAME).result({ timeoutMs: 2_000 }));
      expect(err).toBeInstanceOf(PollTimeoutError);
      expect((err as PollTimeoutError).cause).toBeInstanceOf(RpcError);
      expect((err as PollTimeoutError).cause).toMatchObject({ code: Code.UNAVAILABLE });
    });
  });
}

describe('WaitOperation is given up only on a real UNIMPLEMENTED', () => {
  it('a call that ends OK with no message (which grpc-js calls UNIMPLEMENTED) is a malformed answer: long-polls go on', async () => {
    await using server = await startRawGrpcServer((_m, _r, n) =>
      n <= 2 ? { trailersOnly: true, status: 0 } : { messages: [operationBytes({ name: NAME, done: true })] },
    );
    using client = new OperationsClient({ endpoint: server.endpoint, insecure: true, poll: FAST });
    const retries: unknown[] = [];
    const poller = client.poller(NAME);
    poller.on('retry', (err) => retries.push(err));
    await expect(poller.result()).resolves.toBeUndefined();
    expect(server.methods).toEqual(['WaitOperation', 'WaitOperation', 'WaitOperation']);
    expect(retries.map((e) => (e as RpcError).code)).toEqual([Code.INTERNAL, Code.INTERNAL]);
    expect(client.polling.waitUnimplemented).toBe(false);
  });

  it("a server's UNIMPLEMENTED turns to GetOperation, and WaitOperation is tried again five minutes later on the client's clock", async () => {
    const clock = new ManualClock();
    let waits = 0;
    await using server = await startRawGrpcServer((method) => {
      if (method === 'WaitOperation' && ++waits === 1) return { trailersOnly: true, status: Code.UNIMPLEMENTED, message: 'no wait here' };
      return { messages: [operationBytes({ name: NAME, done: method === 'WaitOperation' })] };
    });
    using client = new OperationsClient({ endpoint: server.endpoint, insecure: true, clock });
    const started = clock.now();
    const retries: unknown[] = [];
    const poller = client.poller(NAME);
    poller.on('retry', (err) => retries.push(err));
    await clock.run(poller.result(), { maxSteps: 1_000 });
    expect(server.methods[0]).toBe('WaitOperation');
    expect(server.methods.at(-1)).toBe('WaitOperation');
    expect(server.methods.filter((m) => m === 'WaitOperation')).toHaveLength(2);
    expect(server.methods.filter((m) => m === 'GetOperation').length).toBeGreaterThan(5);
    expect(clock.now() - started).toBeGreaterThanOrEqual(5 * 60_000);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ code: Code.UNIMPLEMENTED });
  });
});

describe('a server restarted during a long-poll', () => {
  it('does not end the wait: the operation that finished after the restart is its outcome', async () => {
    await using emulator = await emulatorFor(services.standard);
    using client = clientFor(emulator, 'grpc', { poll: { initialDelayMs: 20, maxDelayMs: 100, format: 'json' } });
    const op = emulator.create({
      durationMs: 60_000,
      response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'after' },
    });
    const poller = client.poller<string>(op.name, { waitTimeoutMs: 30_000 });
    const retries: unknown[] = [];
    poller.on('retry', (err) => retries.push(err));
    const result = poller.result({ timeoutMs: 15_000 });
    await vi.waitFor(() => expect(emulator.calls.byMethod.wait).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await emulator.restart();
    emulator.complete(op.name);
    await expect(result).resolves.toBe('after');
    for (const r of retries) expect(r).toMatchObject({ code: Code.UNAVAILABLE });
  });

  it('a raw server shut down (sessions cancelled) and started again on its port does not end the wait', async () => {
    const first = await startRawGrpcServer(() => ({ hang: true }));
    const port = Number(first.endpoint.split(':')[1]);
    using client = new OperationsClient({ endpoint: first.endpoint, insecure: true, poll: FAST });
    const result = client.poller(NAME).result({ timeoutMs: 15_000 });
    await vi.waitFor(() => expect(first.calls).toBe(1), { timeout: 10_000 });
    await first.close();
    await using second = await startRawGrpcServer(() => ({ messages: [operationBytes({ name: NAME, done: true })] }), port);
    await expect(result).resolves.toBeUndefined();
    expect(second.methods.every((m) => m === 'WaitOperation')).toBe(true);
  });

  it('a connection the server drops mid-long-poll is transient too', async () => {
    let calls = 0;
    await using server = await startRawGrpcServer(() =>
      ++calls === 1 ? { reset: 8 /* CANCEL */ } : { messages: [operationBytes({ name: NAME, done: true })] },
    );
    using client = new OperationsClient({ endpoint: server.endpoint, insecure: true, poll: FAST });
    await expect(client.poller(NAME).result({ timeoutMs: 10_000 })).resolves.toBeUndefined();
    expect(server.methods.every((m) => m === 'WaitOperation')).toBe(true);
  });
});
