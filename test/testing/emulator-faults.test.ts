import type * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/testing/index.js';
import { callForOperation, rawClient, rejectionOf, rest } from '../helpers/emulator-clients.js';
import { waitUntil } from '../helpers/setup.js';

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';
const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

describe('faults', () => {
  let emulator: Emulator;
  let client: grpc.Client;
  beforeEach(async () => {
    emulator = await startEmulator();
    client = rawClient(emulator.grpcEndpoint);
  });
  afterEach(async () => {
    client.close();
    await emulator.close();
  });

  it('failNext fails exactly the next matching calls, on both transports, and counts them', async () => {
    const op = emulator.create();
    emulator.failNext(2, { code: 8, message: 'quota', details: [{ '@type': ERROR_INFO, reason: 'RATE' }], methods: ['get'] });
    const listed = await rest(emulator.restEndpoint, 'GET', '/v1/operations');
    expect(listed.status).toBe(200);

    const overRest = await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`);
    expect(overRest.status).toBe(429);
    expect(overRest.json.error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: 'quota',
      details: [{ '@type': ERROR_INFO, reason: 'RATE' }],
    });
    const overGrpc = await rejectionOf(callForOperation(client, 'GetOperation', { name: op.name }));
    expect(overGrpc.code).toBe(8);
    expect(overGrpc.status?.details.map((d) => d.typeUrl)).toEqual([ERROR_INFO]);
    expect((await callForOperation(client, 'GetOperation', { name: op.name })).done).toBe(true);

    expect(emulator.calls).toEqual({
      total: 4,
      byMethod: { get: 3, list: 1, cancel: 0, delete: 0, wait: 0 },
      byTransport: { grpc: 2, rest: 2 },
      inFlight: 0,
      maxInFlight: 1,
      recent: expect.any(Array),
    });
    expect(emulator.calls.recent.map((c) => `${c.method}/${c.transport}`)).toEqual(['list/rest', 'get/rest', 'get/grpc', 'get/grpc']);
    emulator.resetCalls();
    expect(emulator.calls.total).toBe(0);
    expect(emulator.calls.recent).toEqual([]);
    emulator.peek(op.name);
    expect(emulator.calls.total).toBe(0);
  });

  it('unavailableRate draws the same outcomes for the same seed, with RetryInfo when asked', async () => {
    const op = emulator.create();
    const draw = async () => {
      emulator.setFaults({ unavailableRate: 0.5, seed: 42, retryDelayMs: 250 });
      const outcomes: number[] = [];
      for (let i = 0; i < 40; i++) outcomes.push((await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`)).status);
      return outcomes;
    };
    const first = await draw();
    const second = await draw();
    expect(second).toEqual(first);
    const unavailable = first.filter((s) => s === 503).length;
    expect(unavailable + first.filter((s) => s === 200).length).toBe(40);
    expect(unavailable).toBeGreaterThan(8);
    expect(unavailable).toBeLessThan(32);

    const failure = await (async () => {
      for (;;) {
        const reply = await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`);
        if (reply.status === 503) return reply.json.error;
      }
    })();
    expect(failure).toMatchObject({ status: 'UNAVAILABLE', details: [{ '@type': RETRY_INFO, retryDelay: '0.250s' }] });

    emulator.clearFaults();
    for (let i = 0; i < 10; i++) expect((await rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`)).status).toBe(200);
  });

  it('adds latency before every answer', async () => {
    const op = emulator.create();
    emulator.setFaults({ latencyMs: 120 });
    const started = performance.now();
    await callForOperation(client, 'GetOperation', { name: op.name });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('hangs calls until the client gives up, and close() still returns promptly', async () => {
    const op = emulator.create();
    emulator.setFaults({ hangRate: 1, methods: ['get'] });
    const failure = await rejectionOf(callForOperation(client, 'GetOperation', { name: op.name }, 150));
    expect(failure.code).toBe(4);
    const aborted = await rejectionOf<Error>(rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`, undefined, AbortSignal.timeout(150)));
    expect(aborted.name).toBe('TimeoutError');
    expect((await rest(emulator.restEndpoint, 'GET', '/v1/operations')).status).toBe(200);

    const gets = emulator.calls.byMethod.get;
    const hangingRest = rejectionOf<Error>(rest(emulator.restEndpoint, 'GET', `/v1/${op.name}`));
    const hangingGrpc = rejectionOf(callForOperation(client, 'GetOperation', { name: op.name }));
    await waitUntil(() => emulator.calls.byMethod.get === gets + 2, 'both gets to reach the emulator and hang');
    const started = performance.now();
    await emulator.close();
    await emulator.close();
    // The hangs would last for ever: a bound far below that, with room for a loaded machine, shows close() ends them.
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await hangingRest).toBeInstanceOf(Error);
    expect((await hangingGrpc).code).toBe(14);
  });

  it('refuses fault options out of range', () => {
    expect(() => emulator.setFaults({ unavailableRate: 2 })).toThrow(TypeError);
    expect(() => emulator.setFaults({ latencyMs: -1 })).toThrow(TypeError);
    expect(() => emulator.setFaults({ methods: ['poll' as never] })).toThrow(TypeError);
    expect(() => emulator.failNext(1, { code: 0 })).toThrow(TypeError);
    expect(() => emulator.failNext(-1, { code: 14 })).toThrow(TypeError);
  });
});

describe('lifecycle', () => {
  it('restart() keeps the ports and the store, and drops calls in progress', async () => {
    await using emulator = await startEmulator();
    const op = emulator.create({ durationMs: Infinity });
    const { grpcEndpoint, restEndpoint } = emulator;
    const client = rawClient(grpcEndpoint);
    try {
      const waiting = rejectionOf(callForOperation(client, 'WaitOperation', { name: op.name }));
      await waitUntil(() => emulator.calls.byMethod.wait === 1, 'the wait to reach the emulator');
      await emulator.restart();
      expect((await waiting).code).toBe(14);
      expect(emulator.grpcEndpoint).toBe(grpcEndpoint);
      expect(emulator.restEndpoint).toBe(restEndpoint);
      expect((await rest(restEndpoint, 'GET', `/v1/${op.name}`)).json).toEqual({ name: op.name });
      emulator.complete(op.name);
      expect((await callForOperation(client, 'GetOperation', { name: op.name })).done).toBe(true);
    } finally {
      client.close();
    }
  });

  it('close() is idempotent and restart() after it fails', async () => {
    const emulator = await startEmulator();
    await Promise.all([emulator.close(), emulator.close()]);
    await expect(emulator.restart()).rejects.toThrow(/close/);
    await expect(fetch(`${emulator.restEndpoint}/v1/operations`)).rejects.toThrow();
  });

  it('refuses bad options with a TypeError naming them', async () => {
    await expect(startEmulator({ grpcPort: -1 })).rejects.toThrow(/grpcPort/);
    await expect(startEmulator({ host: '' })).rejects.toThrow(TypeError);
    await expect(startEmulator({ profile: {} as never })).rejects.toThrow(/profile/);
  });

  it('listens on the ports it is given', async () => {
    const first = await startEmulator();
    const ports = { grpcPort: Number(first.grpcEndpoint.split(':')[1]), httpPort: Number(new URL(first.restEndpoint).port) };
    await first.close();
    const second = await startEmulator(ports);
    try {
      expect(second.grpcEndpoint).toBe(`127.0.0.1:${ports.grpcPort}`);
      expect(second.restEndpoint).toBe(`http://127.0.0.1:${ports.httpPort}`);
    } finally {
      await second.close();
    }
  });
});
