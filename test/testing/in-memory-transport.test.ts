import { describe, expect, it } from 'vitest';
import { Code, OperationsClient, PollTimeoutError, RpcError, services } from '../../src/index.js';
import { ManualClock, startEmulator } from '../../src/testing/index.js';
import { drive } from '../helpers/drive-clock.js';
import { rejection } from '../helpers/setup.js';

const DURATION = 'type.googleapis.com/google.protobuf.Duration';

describe('the in-memory transport', () => {
  it('serves the RPCs with no socket, through the same counts and rules as the wire', async () => {
    await using emulator = await startEmulator({ listen: false });
    expect(() => emulator.grpcEndpoint).toThrow(/listen: false/);
    expect(() => emulator.restEndpoint).toThrow(/listen: false/);
    using client = new OperationsClient({ transport: emulator.transport(), service: emulator.profile });
    expect(client.endpoint).toContain('in-memory');
    const op = emulator.create({ response: { '@type': DURATION, value: '2s' } });
    const got = await client.getOperation(op.name);
    expect(got).toMatchObject({ name: op.name, done: true });
    expect(got.response?.typeUrl).toBe(DURATION);
    const listed = [];
    for await (const o of client.listOperations({ name: 'operations' })) listed.push(o.name);
    expect(listed).toContain(op.name);
    const running = emulator.create({ durationMs: 60_000 });
    await client.cancelOperation(running.name);
    expect(emulator.peek(running.name)?.error?.code).toBe(Code.CANCELLED);
    await client.deleteOperation(op.name);
    expect(emulator.peek(op.name)).toBeUndefined();
    expect(emulator.calls.byMethod).toMatchObject({ get: 1, list: 1, cancel: 1, delete: 1 });
    expect(emulator.calls.byTransport.grpc).toBe(4);
  });

  it('answers as the wire does: NOT_FOUND with details, UNIMPLEMENTED by the bindings it follows, retried faults', async () => {
    await using emulator = await startEmulator({ listen: false, profile: services.standard });
    using client = new OperationsClient({ transport: emulator.transport(), retry: { initialDelayMs: 1, maxDelayMs: 2 } });
    const missing = await rejection(client.getOperation('operations/none'));
    expect(missing).toBeInstanceOf(RpcError);
    expect((missing as RpcError).code).toBe(Code.NOT_FOUND);
    expect((missing as RpcError).findDetail('google.rpc.ResourceInfo')).toMatchObject({ resourceName: 'operations/none' });

    const op = emulator.create({ response: { '@type': DURATION, value: '1s' } });
    emulator.failNext(2, { code: Code.UNAVAILABLE, message: 'restarting' });
    expect((await client.getOperation(op.name)).done).toBe(true);
    expect(emulator.calls.byMethod.get).toBe(4);

    // Following REST's bindings, the standard profile has no WaitOperation.
    using rest = new OperationsClient({ transport: emulator.transport({ kind: 'rest' }) });
    expect(rest.transport).toBe('rest');
    const unimplemented = await rejection(rest.waitOperation(op.name));
    expect((unimplemented as RpcError).code).toBe(Code.UNIMPLEMENTED);
    expect(() => emulator.transport({ kind: 'carrier-pigeon' as 'grpc' })).toThrow(TypeError);
  });

  it('ends a hanging call at its deadline with DEADLINE_EXCEEDED', async () => {
    await using emulator = await startEmulator({ listen: false });
    using client = new OperationsClient({ transport: emulator.transport(), retry: false });
    const op = emulator.create({ durationMs: 60_000 });
    emulator.setFaults({ hangRate: 1 });
    const err = await rejection(client.getOperation(op.name, { timeoutMs: 50 }));
    expect((err as RpcError).code).toBe(Code.DEADLINE_EXCEEDED);
  });

  it('with a ManualClock, waits through hours of operation time at once, on the exact backoff schedule', async () => {
    const clock = new ManualClock();
    await using emulator = await startEmulator({ listen: false, profile: services.storageTransfer, clock });
    using client = new OperationsClient({
      transport: emulator.transport(),
      service: emulator.profile,
      clock,
      poll: { initialDelayMs: 1_000, multiplier: 2, maxDelayMs: 600_000, jitter: 0 },
    });
    const op = emulator.create({ durationMs: 3 * 3_600_000, response: { '@type': DURATION, value: '3s' } });
    const poller = client.poller(op.name);
    expect(await drive(clock, poller.result())).toEqual({ seconds: '3' });
    // Polls at 0 (at once, by name), then 1 s, 3 s, 7 s, … doubling to 10 min, then every 10 min until 3 h.
    const pollTimes: number[] = [0];
    for (let delay = 1_000, t = 0; t < 3 * 3_600_000; delay = Math.min(delay * 2, 600_000)) pollTimes.push((t += delay));
    expect(emulator.calls.byMethod.get).toBe(pollTimes.length);
    expect(clock.now()).toBe(pollTimes.at(-1));
    expect(clock.pending).toBe(0);
  });

  it('a wait that times out on the clock leaves no timer', async () => {
    const clock = new ManualClock();
    await using emulator = await startEmulator({ listen: false, clock });
    using client = new OperationsClient({ transport: emulator.transport(), clock, poll: { useWait: 'never' } });
    const op = emulator.create({ durationMs: 60_000 });
    const err = await rejection(drive(clock, client.poller(op.name).result({ timeoutMs: 5_000 }), { idleTimers: 2 }));
    expect(err).toBeInstanceOf(PollTimeoutError);
    expect(clock.now()).toBe(5_000);
    expect(clock.pending).toBe(0);
  });

  it('refuses a transport object that lacks a method, naming it', async () => {
    await using emulator = await startEmulator({ listen: false });
    const { get: _get, ...partial } = emulator.transport();
    expect(() => new OperationsClient({ transport: partial as never })).toThrow(/get\(\)/);
    expect(() => new OperationsClient({ transport: emulator.transport(), clock: { now: () => 0 } as never })).toThrow(/clock/);
  });
});
