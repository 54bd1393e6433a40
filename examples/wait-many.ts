// Wait on many operations at once: every outcome in input order, the first to end, or each as it ends.
// Run: npx tsx examples/wait-many.ts
import { OperationsClient, PollTimeoutError, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

const STRING = 'type.googleapis.com/google.protobuf.StringValue';

// A stand-in for a real service: twenty exports of 0.2 to 1.2 s, one that fails, and one that outlasts the wait.
await using emulator = await startEmulator({ profile: services.storageTransfer });
const names = Array.from(
  { length: 20 },
  (_, i) => emulator.create({ durationMs: 200 + i * 50, response: { '@type': STRING, value: `export ${i}` } }).name,
);
names.push(emulator.create({ durationMs: 800, error: { code: 7, message: 'the sink bucket refused us' } }).name);
names.push(emulator.create({ durationMs: Infinity }).name);

await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true, service: services.storageTransfer });

// Every outcome, in input order; one failure is an outcome, not a rejection. Each response is a
// google.protobuf.StringValue, unpacked as its generated IStringValue interface describes it.
const outcomes = await client.waitAll<{ value?: string | null }>(names, { timeoutMs: 2_000, initialDelayMs: 100 });
for (const o of outcomes) {
  if (o.status === 'succeeded') console.log(`${o.index} ${o.name}: ${o.response?.value}`);
  else if (o.error instanceof PollTimeoutError) console.log(`${o.index} ${o.name}: still running after 2 s`);
  else console.log(`${o.index} ${o.name}: ${o.error.codeName}: ${o.error.rawMessage}`);
}

// The first to end (here one of those done already), the other waits stopped.
const first = await client.waitAny(names);
console.log(`first: ${first.name} (${first.status})`);

// Each as it ends; leaving the loop stops the rest.
const more = Array.from({ length: 5 }, (_, i) => emulator.create({ durationMs: (5 - i) * 300 }).name);
for await (const o of client.watch(more, { initialDelayMs: 50 })) {
  console.log(`ended: #${o.index} ${o.name}`);
  if (o.index === 2) break;
}
