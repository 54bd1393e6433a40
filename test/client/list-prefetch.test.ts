import { describe, expect, it, vi } from 'vitest';
import { services } from '../../src/index.js';
import { clientFor, emulatorFor, TRANSPORTS } from '../helpers/setup.js';

for (const transport of TRANSPORTS) {
  describe(`listOperations fetches one page ahead, over ${transport}`, () => {
    it('reads every page once, in order, with the next one asked for before the loop needs it', async () => {
      await using emulator = await emulatorFor(services.standard);
      using client = clientFor(emulator, transport);
      const ops = Array.from({ length: 10 }, () => emulator.create({ durationMs: 60_000 }));
      emulator.resetCalls();
      const seen: string[] = [];
      const callsWhenSeen: number[] = [];
      for await (const op of client.listOperations({ pageSize: 3 })) {
        seen.push(op.name);
        callsWhenSeen.push(emulator.calls.byMethod.list);
        // While the loop is still on the first page, the second is asked for.
        if (seen.length === 1) await vi.waitFor(() => expect(emulator.calls.byMethod.list).toBe(2), { timeout: 10_000 });
      }
      expect(seen).toEqual(ops.map((o) => o.name));
      expect(emulator.calls.byMethod.list).toBe(4);
      expect(callsWhenSeen[1]).toBe(2);
    });

    it('leaving the loop early fetches at most the page ahead, and leaves no unhandled rejection', async () => {
      await using emulator = await emulatorFor(services.standard);
      using client = clientFor(emulator, transport);
      for (let i = 0; i < 10; i++) emulator.create({ durationMs: 60_000 });
      emulator.setFaults({ latencyMs: 30 });
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        emulator.resetCalls();
        for await (const op of client.listOperations({ pageSize: 2 })) {
          expect(op.name).toMatch(/^operations\//);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(emulator.calls.byMethod.list).toBeLessThanOrEqual(2);
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
        emulator.clearFaults();
      }
    });
  });
}
