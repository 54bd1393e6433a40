// A worker process of the durable-waits example: takes the waits whose poll is due, polls them, tells each outcome.
// Started by run.ts with REDIS_PORT, ENDPOINT and WORKER set; run as many as the load needs, in as many processes.
import { services } from '../../src/index.js';
import { WaitWorker } from '../../src/bullmq/index.js';

type TransferData = { userId: string };

const worker = new WaitWorker<unknown, unknown, TransferData>({
  connection: { host: '127.0.0.1', port: Number(process.env.REDIS_PORT) },
  // One client for every wait this process holds: its polls are spread, bounded and batched (Storage Transfer lists by name).
  client: { endpoint: process.env.ENDPOINT!, insecure: true, service: services.storageTransfer },
  // The whole fleet makes at most 20 GetOperation/ListOperations a second, however many workers there are.
  maxRpcsPerSecond: 20,
  // Short, so that the example shows a dead worker's waits taken up within seconds; the default is 30 s.
  lockDurationMs: 4_000,
  stalledIntervalMs: 2_000,
  handler: async (o) => {
    // A real handler writes to a database or notifies the user; it must be idempotent on o.name (delivery is at least once).
    const what = o.status === 'succeeded' ? 'succeeded' : `failed: ${o.error.codeName} (${o.error.rawMessage})`;
    console.log(`[worker ${process.env.WORKER}] ${o.name} for ${o.data.userId}: ${what}`);
  },
});
worker.on('error', (err) => console.error(`[worker ${process.env.WORKER}] ${err.message}`));
await worker.waitUntilReady();
console.log(`[worker ${process.env.WORKER}] ready`);

// A deploy or a scale-down stops a worker with SIGTERM: it finishes the waits it holds and leaves the rest to the others.
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
