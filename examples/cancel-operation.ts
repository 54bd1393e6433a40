// Cancel a running operation: `poller.cancel()` asks the service to stop it; the wait ends when the service says so.
// Run: npx tsx examples/cancel-operation.ts
import { Code, OperationCancelledError, OperationsClient, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

interface Progress {
  analysesDone: number;
  analysesRequested: number;
}

// A stand-in for Contact Center Insights: a bulk analysis of 200 conversations that would take a minute.
const profile = services.contactCenterInsights;
await using emulator = await startEmulator({ profile });
const started = emulator.create({
  durationMs: 60_000,
  metadata: ({ fraction }) => ({
    '@type': 'type.googleapis.com/google.protobuf.Struct',
    value: { analysesDone: Math.floor(fraction * 200), analysesRequested: 200 },
  }),
  response: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
});

await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true, service: profile });
// The metadata is a google.protobuf.Struct: format 'json' reads it as the plain object it stands for.
const poller = client.poller<undefined, Progress>(started.name, { initialDelayMs: 200, maxDelayMs: 400, format: 'json' });

// The wait starts here; we watch progress alongside it.
const result = poller.result();
for await (const snapshot of poller) {
  const { analysesDone = 0, analysesRequested = 0 } = snapshot.metadata ?? {};
  console.log(`analysed ${analysesDone} of ${analysesRequested}`);
  if (analysesDone >= 2) break; // leaving the loop stops this consumer only: `result` goes on waiting
}

// CancelOperation. (To stop waiting here and leave the operation running, call poller.stop() or abort a signal instead.)
await poller.cancel();
console.log('cancel requested');

try {
  await result;
  console.log('it finished before the cancel reached it');
} catch (err) {
  // The service ends a cancelled operation with code 1, CANCELLED: that is an OperationCancelledError.
  if (err instanceof OperationCancelledError && err.code === Code.CANCELLED) {
    console.log(
      `cancelled: ${err.operationName} ended with ${err.codeName}, last seen at ${poller.latest?.metadata?.analysesDone} analyses`,
    );
  } else throw err;
}
