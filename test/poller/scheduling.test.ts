import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationsClient, services, type Snapshot } from '../../src/index.js';
import { ManualClock, type Emulator } from '../../src/testing/index.js';
import { freeRun } from '../helpers/drive-clock.js';
import { clientFor, emulatorFor, TRANSPORTS } from '../helpers/setup.js';

const STRING = 'type.googleapis.com/google.protobuf.StringValue';

for (const transport of TRANSPORTS) {
  describe(`one scheduler per client, over ${transport}`, () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await emulatorFor(services.storageTransfer);
    });
    afterAll(() => emulator.close());

    it('never has more RPCs in flight than maxInFlight, and every wait gets its own outcome', async () => {
      using client = clientFor(emulator, transport, {
        maxInFlight: 7,
        poll: { initialDelayMs: 10, maxDelayMs: 40, jitter: 0 },
      });
      emulator.setFaults({ latencyMs: 3 });
      try {
        const ops = Array.from({ length: 300 }, (_, i) =>
          emulator.create({
            name: `transferOperations/transferJobs-bound-${transport}-${i}`,
            durationMs: (i % 10) * 30,
            response: { '@type': STRING, value: `r${i}` },
          }),
        );
        emulator.resetCalls();
        const results = await Promise.all(ops.map((op) => client.poller(op.name).result()));
        expect(results).toEqual(ops.map((_, i) => ({ value: `r${i}` })));
        expect(emulator.calls.maxInFlight).toBeGreaterThan(1);
        expect(emulator.calls.maxInFlight).toBeLessThanOrEqual(7);
        expect(client.polling.scheduler.maxInFlightSeen).toBeLessThanOrEqual(7);
      } finally {
        emulator.clearFaults();
      }
    });

    it('adds one listener to a signal that 2,000 waits share, and none is left when they end', async () => {
      using client = clientFor(emulator, transport, { poll: { initialDelayMs: 60_000 } });
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        const controller = new AbortController();
        const ops = Array.from({ length: 2_000 }, (_, i) =>
          emulator.create({ name: `transferOperations/transferJobs-signal-${transport}-${i}`, durationMs: 3_600_000 }),
        );
        const waits = ops.map((op) =>
          client
            .poller(op)
            .result({ signal: controller.signal })
            .catch((e: unknown) => e),
        );
        const reason = new Error('enough');
        controller.abort(reason);
        const outcomes = await Promise.all(waits);
        expect(outcomes.every((o) => o === reason)).toBe(true);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
        expect(client.polling.scheduler.queued).toBe(0);
      } finally {
        process.off('warning', onWarning);
      }
    });
  });
}

describe('scheduling on a clock', () => {
  it('spreads a burst: 1,000 waits started at once go out maxInFlight at a time, oldest due first', async () => {
    const clock = new ManualClock();
    await using emulator = await emulatorFor(services.storageTransfer, { listen: false, clock });
    using client = new OperationsClient({ transport: emulator.transport(), service: emulator.profile, clock, maxInFlight: 25 });
    const ops = Array.from({ length: 1_000 }, (_, i) =>
      emulator.create({
        name: `transferOperations/transferJobs-burst-${i}`,
        durationMs: 1_000 + i,
        response: { '@type': STRING, value: `${i}` },
      }),
    );
    const firstSeen: Snapshot[] = [];
    const pollers = ops.map((op) => client.poller(op.name));
    const results = freeRun(
      clock,
      Promise.all(
        pollers.map(async (p) => {
          for await (const s of p) {
            if (firstSeen.length < ops.length && s.attempt === 1) firstSeen.push(s);
          }
          return p.latest?.response;
        }),
      ),
      50,
    );
    expect(await results).toEqual(ops.map((_, i) => ({ value: `${i}` })));
    expect(emulator.calls.maxInFlight).toBeLessThanOrEqual(25);
    // The first polls went out in the order the waits were started: the oldest due first.
    expect(firstSeen.map((s) => s.name)).toEqual(ops.map((o) => o.name));
    expect(clock.pending).toBe(0);
  });
});
