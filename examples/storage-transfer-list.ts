// List Storage Transfer operations: the service requires a JSON filter with a projectId; transferOperationsFilter builds and checks it.
// Run: npx tsx examples/storage-transfer-list.ts
import { OperationsClient, services, transferOperationsFilter } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

const profile = services.storageTransfer;
await using emulator = await startEmulator({ profile });
const empty = { '@type': 'type.googleapis.com/google.protobuf.Empty' };
emulator.create({
  name: 'transferOperations/transferJobs-nightly-1',
  projectId: 'my-project',
  jobName: 'transferJobs/nightly',
  response: empty,
});
emulator.create({
  name: 'transferOperations/transferJobs-nightly-2',
  projectId: 'my-project',
  jobName: 'transferJobs/nightly',
  durationMs: 60_000,
  response: empty,
});
emulator.create({
  name: 'transferOperations/transferJobs-weekly-1',
  projectId: 'my-project',
  jobName: 'transferJobs/weekly',
  error: { code: 9, message: 'sink bucket missing' },
});
emulator.create({ name: 'transferOperations/transferJobs-other-1', projectId: 'other-project', response: empty });

await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true, service: profile });

// Statuses may be given in any case; the filter comes out as the JSON the service expects.
const running = transferOperationsFilter({ projectId: 'my-project', transferStatuses: ['in_progress'] });
console.log(`filter ${running}`);
for await (const op of client.listOperations({ filter: running })) console.log(`  ${op.name} running`);

// Pages are fetched as the loop asks (at most 256 per page for this service), newest first.
const nightly = transferOperationsFilter({ projectId: 'my-project', jobNames: ['transferJobs/nightly'] });
console.log(`filter ${nightly}`);
for await (const op of client.listOperations({ filter: nightly, pageSize: 1 })) {
  console.log(`  ${op.name} ${op.done ? (op.error ? `failed: ${op.error.message}` : 'succeeded') : 'running'}`);
}

// A filter the service would refuse fails before any call, with a TypeError naming the field.
try {
  transferOperationsFilter({ projectId: '' });
} catch (err) {
  console.log(`refused: ${(err as Error).message}`);
}
