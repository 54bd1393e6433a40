// One worker process of the durable-waits bench: polls the bench's emulator, writes when each outcome was handled, counts its polls.
// Set by the environment: REDIS_PORT, QUEUE, ENDPOINT, OUT, and optionally MAX_RPS.
import { createWriteStream } from 'node:fs';
import { services } from '../src/index.js';
import { WaitWorker } from '../src/bullmq/index.js';

const env = process.env;
const out = createWriteStream(env.OUT!, { flags: 'a' });
let polls = 0;

const worker = new WaitWorker({
  connection: { host: '127.0.0.1', port: Number(env.REDIS_PORT) },
  queueName: env.QUEUE,
  client: { endpoint: env.ENDPOINT!, insecure: true, service: services.storageTransfer },
  maxRpcsPerSecond: env.MAX_RPS === undefined ? undefined : Number(env.MAX_RPS),
  handler: (o) => {
    out.write(`${o.name} ${Date.now()} ${o.status}\n`);
  },
});
// Each job a worker takes is one poll (or one delivery of an outcome).
worker.bullmq.on('active', () => polls++);
worker.on('error', (err) => console.error(`bench worker: ${err.message}`));
await worker.waitUntilReady();
console.log('ready');
const report = setInterval(() => console.log(`polls ${polls}`), 500);

process.once('SIGTERM', () => {
  clearInterval(report);
  void worker.close().then(() => {
    console.log(`polls ${polls}`);
    out.end(() => process.exit(0));
  });
});
