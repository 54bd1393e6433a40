import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { OperationsClient } from '../../src/index.js';
import { startEmulatorInWorker } from '../helpers/emulator-in-worker.js';
import { TRANSPORTS } from '../helpers/setup.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

function ours(resources: string[]): string[] {
  return resources.filter((r) => r === 'Timeout' || r === 'TCPSocketWrap' || r === 'TCPWRAP' || r === 'Http2Session');
}

const WARM_UP = 2;
const ROUNDS = 4;
const WAITS = 10_000;

for (const transport of TRANSPORTS) {
  describe(`no leak from 10,000 waits started and aborted, round after round, over ${transport}`, () => {
    it(
      'the heap comes back, nothing of ours stays active after close(), no warning on the shared signals',
      { timeout: 120_000 },
      async () => {
        const warnings: Error[] = [];
        const onWarning = (w: Error) => warnings.push(w);
        process.on('warning', onWarning);
        // The emulator runs on its own thread: this thread's heap and handles are the client's alone.
        const emulator = await startEmulatorInWorker(WAITS, 20);
        const before = ours(process.getActiveResourcesInfo());
        const client = new OperationsClient({
          endpoint: transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint,
          transport,
          insecure: true,
          poll: { useWait: 'never' },
        });
        try {
          await client.getOperation(emulator.names[0]!);
          let baseline = 0;
          // Two rounds warm up (code compiled; connection pools, tables and caches grown to their working size); the heap is taken after them.
          for (let round = 0; round < WARM_UP + ROUNDS; round++) {
            if (round === WARM_UP) baseline = await settledHeap();
            const controller = new AbortController();
            // Half made from a name (their first poll goes out at once: calls in flight when the abort comes),
            // half waiting on a poller that sleeps until its first poll. No pause between rounds.
            const waits = emulator.names.map((name, i) =>
              client
                .poller(name, i % 2 ? { initialDelayMs: 60_000 } : undefined)
                .result({ signal: controller.signal })
                .catch(() => undefined),
            );
            await new Promise((resolve) => setTimeout(resolve, 30));
            expect(client.polling.scheduler.inFlight).toBeGreaterThan(0);
            controller.abort(new Error(`round ${round} over`));
            await Promise.all(waits);
          }
          expect(client.polling.scheduler.queued).toBe(0);
          const after = await settledHeap();
          console.log(
            `leaks over ${transport}: heap ${(baseline / 1e6).toFixed(1)} MB after warm-up, ${(after / 1e6).toFixed(1)} MB after ${ROUNDS} more rounds`,
          );
          expect(after).toBeLessThan(baseline * 1.1);
        } finally {
          client.close();
          await emulator.close();
        }
        // Sockets close a little after close(): wait for them, bounded.
        for (let i = 0; i < 100 && ours(process.getActiveResourcesInfo()).length > before.length; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(ours(process.getActiveResourcesInfo()).length).toBeLessThanOrEqual(before.length);
        process.off('warning', onWarning);
        expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
      },
    );
  });
}
