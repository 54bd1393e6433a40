// Await an operation: `await poller` gives the unpacked response, or throws an OperationError.
// Run: npx tsx examples/await-operation.ts
import { OperationError, OperationsClient, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

// A stand-in for a real service: an emulator with one operation that takes 1.5 s.
await using emulator = await startEmulator({ profile: services.standard });
const started = emulator.create({
  durationMs: 1_500,
  response: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: 'report.pdf is ready' },
});

// Against a real service: new OperationsClient({ endpoint: 'service.googleapis.com:443' }) uses Application Default Credentials.
await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true });

try {
  // A google.protobuf.StringValue, unpacked as its generated IStringValue interface describes it.
  const response = await client.poller<{ value?: string | null }>(started.name);
  console.log(`${started.name} succeeded: ${response?.value}`);
} catch (err) {
  if (err instanceof OperationError) console.error(`${err.operationName} failed with ${err.codeName}: ${err.rawMessage}`, err.details);
  else throw err;
}
