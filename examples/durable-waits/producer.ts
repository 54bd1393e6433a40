// The producer process of the durable-waits example: an app that started some transfers and wants to hear when each ends,
// whatever happens to this process afterwards. Started by run.ts with REDIS_PORT set and the operation names as arguments.
import { services } from '../../src/index.js';
import { WaitQueue } from '../../src/bullmq/index.js';

await using waits = new WaitQueue<{ userId: string }>({
  connection: { host: '127.0.0.1', port: Number(process.env.REDIS_PORT) },
  service: services.storageTransfer,
});

const names = process.argv.slice(2);
for (const [i, name] of names.entries()) {
  // The caller's own data travels with the wait: what to do, and for whom, when the operation ends.
  await waits.enqueue(name, { userId: `user-${i + 1}` }, { timeoutMs: 10 * 60_000 });
}
// Enqueuing an operation again is the same wait: no second outcome.
await waits.enqueue(names[0]!, { userId: 'someone else' });
console.log(`[producer] ${names.length} waits enqueued; this process can exit now`, await waits.counts());
