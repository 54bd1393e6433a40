// Typed metadata: decode a service's own messages with the descriptors its @google-cloud package ships, typed with its interfaces.
// Run: npx tsx examples/typed-metadata.ts
import type { protos } from '@google-cloud/storage-transfer';
import transferProtos from '@google-cloud/storage-transfer/build/protos/protos.json' with { type: 'json' };
import { OperationsClient, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

// Only the types come from the package (google-gax is not loaded); the JSON descriptor gives the decoders.
type TransferOperation = protos.google.storagetransfer.v1.ITransferOperation;
const TRANSFER_OPERATION = 'google.storagetransfer.v1.TransferOperation';

// A stand-in for Storage Transfer: a transfer of 3 GB over 1.5 s, reporting a real TransferOperation as it goes.
const profile = services.storageTransfer;
await using emulator = await startEmulator({ profile, types: [transferProtos] });
// The start time matters: a poller made from a name counts the operation's age from it, and polls less often the older it is.
const startTime = new Date().toISOString();
const started = emulator.create({
  durationMs: 1_500,
  metadata: ({ fraction, done }) => ({
    '@type': `type.googleapis.com/${TRANSFER_OPERATION}`,
    projectId: 'my-project',
    transferJobName: 'transferJobs/nightly',
    startTime,
    status: done ? 'SUCCESS' : 'IN_PROGRESS',
    counters: { bytesFoundFromSource: '3000000000', bytesCopiedToSink: String(Math.round(fraction * 3e9)) },
  }),
  response: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
});

// `types` decodes every TransferOperation the client sees; `metadataType` turns any other type into an error.
await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true, service: profile, types: transferProtos });
const poller = client.poller<undefined, TransferOperation>(started.name, { metadataType: TRANSFER_OPERATION });

// Messages arrive as their I* interfaces describe them: enums as their names, int64 as decimal strings,
// Timestamps as { seconds, nanos }. (With { format: 'json' }: proto3 JSON, Timestamps as RFC 3339 text.)
for await (const { metadata } of poller) {
  const copied = Number(metadata?.counters?.bytesCopiedToSink ?? 0);
  const found = Number(metadata?.counters?.bytesFoundFromSource ?? 0);
  console.log(`${metadata?.transferJobName} ${metadata?.status}: ${(copied / 1e9).toFixed(2)} of ${(found / 1e9).toFixed(2)} GB`);
}
const { seconds, nanos } = poller.latest?.metadata?.startTime ?? {};
console.log(`started ${new Date(Number(seconds ?? 0) * 1000 + (nanos ?? 0) / 1e6).toISOString()}, the Timestamp as { seconds, nanos }`);
