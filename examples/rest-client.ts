// A client over REST only, from `longrunning/rest`: fetch and JSON, no gRPC and no `node:` module, for browsers, Deno, Bun and edge runtimes.
// Run: npx tsx examples/rest-client.ts
import { OperationsClient, services } from '../src/rest/index.js';
import { startEmulator } from '../src/testing/index.js';

// A stand-in for a real service, over plain HTTP on loopback (the emulator itself runs on Node).
await using emulator = await startEmulator({ profile: services.standard });
const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const started = emulator.create({
  durationMs: 1_200,
  metadata: ({ fraction }) => ({ '@type': STRUCT, value: { rowsExported: Math.round(fraction * 5_000) } }),
  response: { '@type': STRUCT, value: { uri: 'gs://exports/2024-06-01.csv', rows: 5_000 } },
});

// Against a real service: new OperationsClient({ endpoint: 'https://service.googleapis.com', auth: () => accessToken }),
// where auth gives an OAuth2 access token (from Google Identity Services in a browser, say). A plain http:// endpoint
// is refused unless `insecure`, and `insecure` reaches loopback only.
await using client = new OperationsClient({ endpoint: emulator.restEndpoint, insecure: true });

// GET /v1/operations/op-1: the same Operation shape as over gRPC; metadata and response keep their JSON.
const op = await client.getOperation(started.name);
console.log(`${op.name}: done=${op.done}, metadata ${op.metadata?.typeUrl}`);

// The profile's WaitOperation is gRPC only, so over REST the poller polls GetOperation on its backoff schedule.
// The payloads are google.protobuf.Struct: format 'json' reads each as the plain object it stands for.
const poller = client.poller<{ uri: string; rows: number }, { rowsExported: number }>(started.name, { format: 'json' });
for await (const s of poller) console.log(`exported ${s.metadata?.rowsExported ?? 0} rows`);
const result = await poller; // done already: no further call
console.log(`response: ${result?.rows} rows at ${result?.uri}`);

// DELETE /v1/operations/op-1: the record goes; the work it did stays.
await client.deleteOperation(started.name);
console.log(`deleted; calls made over REST: ${emulator.calls.byTransport.rest}`);
