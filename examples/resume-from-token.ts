// Resume a wait in another process (or after a restart): save `poller.toJSON()`, later give it to `client.poller(token)`.
// Run: npx tsx examples/resume-from-token.ts
import { OperationsClient, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

const profile = services.gdcTranslation;
await using emulator = await startEmulator({ profile });
const started = emulator.create({
  durationMs: 1_000,
  response: { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { translatedPages: 42 } },
});

// First process: start following the operation, then persist a token instead of waiting.
let saved: string;
{
  await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true, service: profile });
  const poller = client.poller(started.name);
  saved = JSON.stringify(poller); // {"v":1,"name":"projects/.../operations/op-1","service":"gdc-translation"}
  console.log('saved token:', saved);
}

// Later, elsewhere: a new client (REST here) picks the wait up from the token. The response is a google.protobuf.Struct,
// read here in proto3 JSON, where it is the plain object it stands for.
await using client = new OperationsClient({ endpoint: emulator.restEndpoint, transport: 'rest', insecure: true, service: profile });
const response = await client.poller<{ translatedPages: number }>(saved, { format: 'json' });
console.log(`resumed and done: ${response?.translatedPages} pages translated`);
