import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, services, type Operation } from '../../src/index.js';
import { ManualClock, type Emulator, type OperationSpec } from '../../src/testing/index.js';
import { driveWhenIdle } from '../helpers/drive-clock.js';
import { clientFor, emulatorFor, TRANSPORTS } from '../helpers/setup.js';

const require = createRequire(import.meta.url);
const transferProtos = require('@google-cloud/storage-transfer/build/protos/protos.json');
const TRANSFER_OP = 'type.googleapis.com/google.storagetransfer.v1.TransferOperation';
const STRING = 'type.googleapis.com/google.protobuf.StringValue';
const FAST = { initialDelayMs: 20, multiplier: 1.5, maxDelayMs: 100, jitter: 0 };

// A transfer in `projectId` as the list filter sees it, whose metadata may claim another project.
function transfer(name: string, durationMs: number, projectId: string, claimed = projectId): OperationSpec {
  return {
    name,
    durationMs,
    projectId,
    metadata: ({ done }: { done: boolean }) => ({
      '@type': TRANSFER_OP,
      name,
      projectId: claimed,
      status: done ? 'SUCCESS' : 'IN_PROGRESS',
    }),
    response: { '@type': STRING, value: name },
  };
}

for (const transport of TRANSPORTS) {
  describe(`batched polling on Storage Transfer, over ${transport}`, () => {
    // Operations end only as this clock moves, and it moves only while no poll is in flight: the same batches on a loaded machine.
    const clock = new ManualClock();
    let emulator: Emulator;
    let seq = 0;
    const name = () => `transferOperations/transferJobs-batch-${transport}-${++seq}`;
    beforeAll(async () => {
      emulator = await emulatorFor(services.storageTransfer, { types: [transferProtos], clock });
    });
    afterAll(() => emulator.close());

    async function waitAllOf(ops: Operation[], batchWindowMs?: number) {
      using client = clientFor(emulator, transport, {
        types: transferProtos,
        poll: FAST,
        retry: false,
        clock,
        ...(batchWindowMs === undefined ? {} : { batchWindowMs }),
      });
      emulator.resetCalls();
      const results = await driveWhenIdle(
        clock,
        Promise.all(ops.map((op) => client.poller(op).result())),
        () => client.polling.scheduler.inFlight === 0,
      );
      return { results, calls: emulator.calls, batches: client.polling.scheduler.batches };
    }

    it('one ListOperations answers for many pollers of a project: far fewer RPCs, the same outcomes', async () => {
      const make = () =>
        Array.from({ length: 400 }, (_, i) => emulator.create(transfer(name(), 100 + (i % 8) * 50, i % 3 === 0 ? 'p2' : 'p1')));
      const batched = await waitAllOf(make());
      expect(batched.results).toEqual(
        batched.results.map((_, i) => ({ value: `transferOperations/transferJobs-batch-${transport}-${i + 1}` })),
      );
      expect(batched.batches).toBeGreaterThan(0);
      expect(batched.calls.byMethod.list).toBeGreaterThan(0);

      const base = seq;
      const alone = await waitAllOf(make(), 0);
      expect(alone.results).toEqual(
        alone.results.map((_, i) => ({ value: `transferOperations/transferJobs-batch-${transport}-${base + i + 1}` })),
      );
      expect(alone.calls.byMethod.list).toBe(0);
      // The same waits cost several times fewer RPCs when a list answers for up to 256 of them.
      expect(batched.calls.total * 4).toBeLessThan(alone.calls.total);
    });

    it('an operation the list leaves out is polled with GetOperation and still found', async () => {
      const ops = [
        ...Array.from({ length: 20 }, () => emulator.create(transfer(name(), 200, 'p1'))),
        // Its metadata says p1, but the service files it under another project: a list for p1 never has it.
        emulator.create(transfer(name(), 200, 'elsewhere', 'p1')),
      ];
      const { results, calls } = await waitAllOf(ops);
      expect(results).toEqual(ops.map((op) => ({ value: op.name })));
      expect(calls.byMethod.list).toBeGreaterThan(0);
      expect(calls.byMethod.get).toBeGreaterThan(0);
    });

    it('a list that fails falls back to GetOperation for each of its operations', async () => {
      const ops = Array.from({ length: 30 }, () => emulator.create(transfer(name(), 150, 'p1')));
      emulator.failNext(3, { code: Code.UNAVAILABLE, message: 'list is down', methods: ['list'] });
      try {
        const { results, calls } = await waitAllOf(ops);
        expect(results).toEqual(ops.map((op) => ({ value: op.name })));
        expect(calls.byMethod.list).toBeGreaterThanOrEqual(3);
        expect(calls.byMethod.get).toBeGreaterThanOrEqual(30);
      } finally {
        emulator.clearFaults();
      }
    });
  });
}
