// Waiting on thousands of operations in memory: every outcome right, one listener and one timer per call, nothing left behind.
import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  Code,
  OperationCancelledError,
  OperationError,
  OperationsClient,
  RpcError,
  services,
  type WaitOutcome,
  type WaitTarget,
} from '../../src/index.js';
import { ManualClock, startEmulator } from '../../src/testing/index.js';
import { driveWhenIdle } from '../helpers/drive-clock.js';
import { rejection } from '../helpers/setup.js';

const STRING = 'type.googleapis.com/google.protobuf.StringValue';
// A google.protobuf.StringValue as it is unpacked by default, the object of its IStringValue interface.
type StringValue = { value?: string };

describe('waitAll on 10,000 targets, in memory', () => {
  it('gives 10,000 outcomes, each right and in its place', async () => {
    await using emulator = await startEmulator({ listen: false, profile: services.standard });
    using client = new OperationsClient({
      transport: emulator.transport(),
      poll: { initialDelayMs: 10, maxDelayMs: 40, jitter: 0.2 },
      maxConcurrentWaits: 200,
    });
    type Expected = 'ok' | 'failed' | 'cancelled' | 'missing';
    const targets: WaitTarget[] = [];
    const expected: { kind: Expected; value?: string }[] = [];
    for (let i = 0; i < 10_000; i++) {
      const kind: Expected = i % 10 === 7 ? 'failed' : i % 10 === 8 ? 'cancelled' : i % 100 === 99 ? 'missing' : 'ok';
      if (kind === 'missing') {
        targets.push(`operations/missing-${i}`);
      } else if (kind === 'ok') {
        // Some done already, given as the Operation; the rest run for a few ms, given by name.
        const op = emulator.create({ durationMs: i % 3 === 0 ? 0 : i % 50, response: { '@type': STRING, value: `r${i}` } });
        targets.push(i % 3 === 0 ? op : op.name);
      } else {
        const code = kind === 'failed' ? Code.RESOURCE_EXHAUSTED : Code.CANCELLED;
        targets.push(emulator.create({ durationMs: i % 40, error: { code, message: kind } }).name);
      }
      expected.push({ kind, value: kind === 'ok' ? `r${i}` : undefined });
    }
    // Every hundredth listed again at the end: its own outcome, the same poller.
    for (let i = 0; i < 10_000; i += 100) {
      targets.push(targets[i]!);
      expected.push(expected[i]!);
    }
    const outcomes = await client.waitAll<StringValue>(targets);
    expect(outcomes).toHaveLength(targets.length);
    const mismatches: string[] = [];
    outcomes.forEach((o: WaitOutcome<StringValue>, i) => {
      const want = expected[i]!;
      const ok =
        o.index === i &&
        (want.kind === 'ok'
          ? o.status === 'succeeded' && o.response?.value === want.value
          : o.status === 'failed' &&
            (want.kind === 'missing'
              ? o.error instanceof RpcError && o.error.code === Code.NOT_FOUND
              : want.kind === 'cancelled'
                ? o.error instanceof OperationCancelledError
                : o.error instanceof OperationError && o.error.code === Code.RESOURCE_EXHAUSTED));
      if (!ok) mismatches.push(`${i}: wanted ${want.kind}, got ${o.status}`);
    });
    expect(mismatches).toEqual([]);
    // One poller per name: the listings made again cost no RPC of their own. Every RPC was a poll of some
    // poller that the final snapshot counts, or the one GetOperation that found a name missing.
    expect(new Set(outcomes.map((o) => o.name)).size).toBe(10_000);
    const polls = new Map<string, number>();
    for (const o of outcomes) if (o.snapshot) polls.set(o.name, o.snapshot.attempt);
    const missing = new Set(outcomes.filter((o) => !o.snapshot).map((o) => o.name)).size;
    expect(missing).toBe(100);
    expect(emulator.calls.total).toBe([...polls.values()].reduce((a, b) => a + b, 0) + missing);
  });
});

describe('one AbortSignal shared by thousands of targets', () => {
  it('gets one listener, prints no MaxListenersExceededWarning, and ends every wait when it fires', async () => {
    const clock = new ManualClock();
    await using emulator = await startEmulator({ listen: false, clock });
    using client = new OperationsClient({ transport: emulator.transport(), clock, poll: { useWait: 'never', initialDelayMs: 1_000 } });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const ops = Array.from({ length: 2_000 }, () => emulator.create({ durationMs: Infinity }));
      const controller = new AbortController();
      const calls = [
        rejection(client.waitAll(ops, { signal: controller.signal, timeoutMs: 60_000 })),
        rejection(client.waitAny(ops, { signal: controller.signal })),
        rejection(
          (async () => {
            for await (const _ of client.watch(ops, { signal: controller.signal })) throw new Error('no outcome expected');
          })(),
        ),
      ];
      // Three calls of 2,000 sleeping pollers each, held on the scheduler's one timer, and the first call's deadline.
      await vi.waitFor(() => expect(client.polling.scheduler.queued).toBe(6_000));
      expect(clock.pending).toBe(2);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(3);
      const reason = new Error('shutting down');
      controller.abort(reason);
      expect(await Promise.all(calls)).toEqual([reason, reason, reason]);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(clock.pending).toBe(0);
      expect(emulator.calls.total).toBe(0);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe("a signal in the client's poll defaults", () => {
  it('ends the call as the caller’s own signal would: a rejection with its reason, not an outcome per target', async () => {
    const clock = new ManualClock();
    await using emulator = await startEmulator({ listen: false, clock });
    const shutdown = new AbortController();
    using client = new OperationsClient({ transport: emulator.transport(), clock, poll: { useWait: 'never', signal: shutdown.signal } });
    const ops = Array.from({ length: 20 }, () => emulator.create({ durationMs: Infinity }));
    const all = rejection(client.waitAll(ops, { signal: new AbortController().signal }));
    await vi.waitFor(() => expect(client.polling.scheduler.queued).toBe(20));
    expect(clock.pending).toBe(1);
    const reason = new Error('the process is shutting down');
    shutdown.abort(reason);
    expect(await all).toBe(reason);
    expect(clock.pending).toBe(0);
  });
});

describe('waitAny on a ManualClock, in memory', () => {
  it('stops every other poller the moment the first outcome arrives: not one RPC after it', async () => {
    const clock = new ManualClock();
    await using emulator = await startEmulator({ listen: false, clock });
    using client = new OperationsClient({
      transport: emulator.transport(),
      clock,
      poll: { useWait: 'never', initialDelayMs: 100, multiplier: 2, maxDelayMs: 400, jitter: 0 },
    });
    const others = Array.from({ length: 8 }, () => emulator.create({ durationMs: Infinity }));
    const winner = emulator.create({ durationMs: 1_000, response: { '@type': STRING, value: 'won' } });
    const targets = [...others.slice(0, 4).map((o) => o.name), winner.name, ...others.slice(4).map((o) => o.name)];
    // Every poller polls at the same times (0, 100, 300, 700, 1100 …): the winner's answer at 1100 comes amid the others' polls.
    const first = client.waitAny<StringValue>(targets);
    let callsAtEnd = -1;
    void first.then(() => (callsAtEnd = emulator.calls.total));
    // The clock moves only while no poll is in flight.
    const outcome = await driveWhenIdle(clock, first, () => client.polling.scheduler.inFlight === 0);
    expect(outcome).toMatchObject({ status: 'succeeded', index: 4, name: winner.name, response: { value: 'won' } });
    expect(clock.now()).toBe(1_100);
    expect(clock.pending).toBe(0);
    await clock.tick(3_600_000);
    expect(emulator.calls.total).toBe(callsAtEnd);
    expect(callsAtEnd).toBeLessThanOrEqual(9 * 5);
  });
});
