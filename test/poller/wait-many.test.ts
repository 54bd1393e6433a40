// waitAll, waitAny and watch against the emulator over loopback sockets, on a ManualClock shared with it.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Code,
  OperationsClient,
  OperationCancelledError,
  OperationError,
  PollTimeoutError,
  RpcError,
  services,
  type Operation,
  type Transport,
  type WaitOutcome,
  type WaitTarget,
} from '../../src/index.js';
import { ManualClock, type Emulator } from '../../src/testing/index.js';
import { drive, driveWhenIdle, freeRun } from '../helpers/drive-clock.js';
import { clientFor, emulatorFor, rejection, TRANSPORTS } from '../helpers/setup.js';

const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const STRING = 'type.googleapis.com/google.protobuf.StringValue';
const FAST = { initialDelayMs: 20, multiplier: 1.5, maxDelayMs: 100, jitter: 0 };

/** The outcomes' indexes, sorted: each listed target's exactly once means 0..n-1. */
function indexes(outcomes: readonly WaitOutcome[]): number[] {
  return outcomes.map((o) => o.index).sort((a, b) => a - b);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** An emulator and a client of their own, on a clock of their own: for tests that count every RPC. */
async function isolated(transport: Transport) {
  const clock = new ManualClock();
  const emulator = await emulatorFor(services.standard, { clock });
  const client = clientFor(emulator, transport, { poll: FAST, clock });
  return {
    clock,
    emulator,
    client,
    async [Symbol.asyncDispose]() {
      client.close();
      await emulator.close();
    },
  };
}

for (const transport of TRANSPORTS) {
  describe(`waiting on many over ${transport}`, () => {
    const clock = new ManualClock();
    let emulator: Emulator;
    let client: OperationsClient;

    beforeAll(async () => {
      emulator = await emulatorFor(services.standard, { clock });
      client = clientFor(emulator, transport, { poll: FAST, retry: { initialDelayMs: 10, maxDelayMs: 40 }, clock });
    });
    afterAll(async () => {
      client.close();
      await emulator.close();
    });

    /**
     * Targets of every kind: an Operation done already, successes, a failure,
     * one cancelled midway, a name that does not exist, one operation listed
     * three ways (Operation, name, token), and one that runs past the timeout.
     */
    function scenario() {
      const done = emulator.create({ response: { '@type': STRING, value: 'at once' } });
      const ok = emulator.create({ durationMs: 300, response: { '@type': STRING, value: 'ok' } });
      const failed = emulator.create({ durationMs: 200, error: { code: Code.FAILED_PRECONDITION, message: 'no sink' } });
      const cancelled = emulator.create({ durationMs: Infinity });
      const slow = emulator.create({
        durationMs: Infinity,
        metadata: { '@type': STRUCT, value: { state: 'RUNNING', progressPercent: 40 } },
      });
      const missing = `operations/missing-${transport}-${Math.random().toString(36).slice(2)}`;
      const targets: WaitTarget[] = [
        ok,
        failed.name,
        done,
        cancelled.name,
        missing,
        ok.name,
        slow,
        { v: 1, name: ok.name, service: 'standard' },
      ];
      // Cancelled 250 ms into the wait, by the clock the wait runs on.
      const cancelLater = () => clock.setTimeout(() => void client.cancelOperation(cancelled.name), 250);
      return { targets, cancelLater, names: { done, ok, failed, cancelled, slow, missing } };
    }

    it('waitAll: one outcome per target, in input order, whatever each ended with; a timeout midway loses none', async () => {
      const { targets, cancelLater, names } = scenario();
      const startedAt = clock.now();
      cancelLater();
      // In proto3 JSON, as the assertions below read them: a StringValue is its string, a Struct its JSON object.
      const outcomes = await freeRun(clock, client.waitAll<string>(targets, { timeoutMs: 2_000, format: 'json' }));
      expect(outcomes).toHaveLength(targets.length);
      expect(outcomes.map((o) => o.index)).toEqual(range(targets.length));
      expect(outcomes.map((o) => o.status)).toEqual([
        'succeeded',
        'failed',
        'succeeded',
        'failed',
        'failed',
        'succeeded',
        'failed',
        'succeeded',
      ]);
      const [ok, failed, done, cancelled, missing, okAgain, slow, okByToken] = outcomes as WaitOutcome<string>[];
      expect(ok).toMatchObject({ name: names.ok.name, response: 'ok', snapshot: { done: true } });
      expect(okAgain).toMatchObject({ index: 5, name: names.ok.name, response: 'ok' });
      expect(okByToken).toMatchObject({ index: 7, name: names.ok.name, response: 'ok' });
      expect(done).toMatchObject({ name: names.done.name, response: 'at once' });
      if (failed?.status !== 'failed' || cancelled?.status !== 'failed' || missing?.status !== 'failed' || slow?.status !== 'failed')
        throw new Error('expected failures');
      expect(failed.error).toBeInstanceOf(OperationError);
      expect(failed.error.code).toBe(Code.FAILED_PRECONDITION);
      expect(failed.snapshot?.error).toBe(failed.error);
      expect(cancelled.error).toBeInstanceOf(OperationCancelledError);
      expect(missing.error).toBeInstanceOf(RpcError);
      expect(missing.error.code).toBe(Code.NOT_FOUND);
      expect(missing.snapshot).toBeUndefined();
      expect(slow.error).toBeInstanceOf(PollTimeoutError);
      const timeout = slow.error as PollTimeoutError;
      expect(timeout.operationName).toBe(names.slow.name);
      expect(timeout.latest).toBe(slow.snapshot);
      expect(timeout.latest).toMatchObject({ done: false, metadata: { state: 'RUNNING', progressPercent: 40 } });
      // The call's one deadline ended it, and nothing of it is left on the clock (over gRPC, the emulator's
      // timer for the long-poll that was cancelled goes once the cancellation reaches it).
      expect(clock.now() - startedAt).toBe(2_000);
      await vi.waitFor(() => expect(clock.pending).toBe(0));
      expect(emulator.peek(names.slow.name)?.done).toBe(false);
    });

    it('watch: each outcome once, as the waits end; the timeout ends the loop with the rest', async () => {
      const { targets, cancelLater, names } = scenario();
      cancelLater();
      const seen: WaitOutcome[] = [];
      await freeRun(
        clock,
        (async () => {
          for await (const o of client.watch(targets, { timeoutMs: 2_000 })) seen.push(o);
        })(),
      );
      expect(indexes(seen)).toEqual(range(targets.length));
      // The Operation done already comes first, without an RPC; the one that timed out comes last.
      expect(seen[0]).toMatchObject({ status: 'succeeded', name: names.done.name });
      expect(seen.at(-1)).toMatchObject({ status: 'failed', name: names.slow.name });
      expect((seen.at(-1) as { error: unknown }).error).toBeInstanceOf(PollTimeoutError);
      // One poller's end gives the listings of its name one after another.
      const okAt = seen.map((o, i) => (o.name === names.ok.name ? i : -1)).filter((i) => i >= 0);
      expect(okAt).toHaveLength(3);
      expect(okAt[2]! - okAt[0]!).toBe(2);
      await vi.waitFor(() => expect(clock.pending).toBe(0));
    });

    it('waitAny resolves with the first outcome and stops the others: no RPC after it, no timer left', async () => {
      await using own = await isolated(transport);
      const { clock, emulator, client } = own;
      // The winner is done and listed by name, so its first GetOperation ends the call; the others, made
      // from Operations, would first poll after initialDelayMs.
      const winner = emulator.create({ response: { '@type': STRING, value: 'first' } });
      const others = Array.from({ length: 20 }, () => emulator.create({ durationMs: Infinity }));
      emulator.resetCalls();
      const first = await client.waitAny<{ value?: string }>([...others, winner.name], { useWait: 'never', initialDelayMs: 1_000 });
      expect(first).toMatchObject({ status: 'succeeded', index: 20, name: winner.name, response: { value: 'first' } });
      expect(emulator.calls.total).toBe(1);
      expect(clock.pending).toBe(0);
      await clock.tick(600_000);
      expect(emulator.calls.total).toBe(1);
    });

    it('a name listed three times is polled by one poller, and has three outcomes', async () => {
      await using own = await isolated(transport);
      const { clock, emulator, client } = own;
      const op = emulator.create({ durationMs: 700, response: { '@type': STRING, value: 'once' } });
      emulator.resetCalls();
      const outcomes = await drive(clock, client.waitAll<{ value?: string }>([op.name, op.name, op.name], { useWait: 'never' }));
      expect(outcomes.map((o) => [o.index, o.status, o.status === 'succeeded' && o.response?.value])).toEqual([
        [0, 'succeeded', 'once'],
        [1, 'succeeded', 'once'],
        [2, 'succeeded', 'once'],
      ]);
      const snapshot = outcomes[0]!.snapshot!;
      expect(outcomes.every((o) => o.snapshot === snapshot)).toBe(true);
      // Every RPC was that one poller's poll.
      expect(emulator.calls.total).toBe(snapshot.attempt);
    });

    it('a signal that fires rejects waitAll and throws from watch, with its reason, leaving no timer and no listener', async () => {
      const ops = Array.from({ length: 30 }, () => emulator.create({ durationMs: Infinity }));
      const controller = new AbortController();
      const options = { signal: controller.signal, timeoutMs: 60_000, useWait: 'never' } as const;
      const all = rejection(client.waitAll(ops, options));
      const seen: WaitOutcome[] = [];
      const iterated = rejection(
        (async () => {
          for await (const o of client.watch(
            ops.map((op) => op.name),
            options,
          ))
            seen.push(o);
        })(),
      );
      // Both calls asleep: 30 + 30 polls held by the client's scheduler (on its one timer), and one deadline each.
      await vi.waitFor(() => expect(client.polling.scheduler.queued).toBe(60));
      expect(clock.pending).toBe(3);
      // One listener per call, not per target.
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(2);
      const reason = new Error('enough');
      controller.abort(reason);
      expect(await all).toBe(reason);
      expect(await iterated).toBe(reason);
      expect(seen).toEqual([]);
      expect(clock.pending).toBe(0);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });

    it('leaving watch early stops the waits still pending', async () => {
      await using own = await isolated(transport);
      const { clock, emulator, client } = own;
      const quick = emulator.create({ durationMs: 100, response: { '@type': STRING, value: 'quick' } });
      const rest = Array.from({ length: 10 }, () => emulator.create({ durationMs: Infinity }));
      const controller = new AbortController();
      let first: WaitOutcome | undefined;
      await freeRun(
        clock,
        (async () => {
          for await (const o of client.watch([...rest, quick], { signal: controller.signal, useWait: 'never' })) {
            first = o;
            break;
          }
        })(),
      );
      expect(first).toMatchObject({ status: 'succeeded', name: quick.name });
      expect(clock.pending).toBe(0);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      emulator.resetCalls();
      await clock.tick(600_000);
      expect(emulator.calls.total).toBe(0);
    });
  });
}

describe('one deadline for the whole call', () => {
  it('holds one timer for timeoutMs however many targets, and ends every one still running with PollTimeoutError', async () => {
    const clock = new ManualClock();
    await using emulator = await emulatorFor(services.standard, { clock, listen: false });
    using client = new OperationsClient({ transport: emulator.transport(), clock });
    const ops: Operation[] = Array.from({ length: 50 }, () => emulator.create({ durationMs: Infinity }));
    const quick = emulator.create({ durationMs: 1_500 });
    const outcomes = client.waitAll([...ops, quick], { timeoutMs: 5_000, useWait: 'never', initialDelayMs: 1_000, jitter: 0 });
    // Made from Operations, the pollers sleep before their first poll: 51 sleeps on the scheduler's one timer, and one deadline.
    await vi.waitFor(() => expect(client.polling.scheduler.queued).toBe(51));
    expect(clock.pending).toBe(2);
    // The clock moves only while no poll is in flight.
    const result = await driveWhenIdle(clock, outcomes, () => client.polling.scheduler.inFlight === 0);
    expect(result.map((o) => o.status)).toEqual([...ops.map(() => 'failed'), 'succeeded']);
    for (const o of result.slice(0, -1)) {
      expect(o.status === 'failed' && o.error).toBeInstanceOf(PollTimeoutError);
      expect(o.snapshot?.done).toBe(false);
    }
    expect(clock.now()).toBe(5_000);
    expect(clock.pending).toBe(0);
  });
});
