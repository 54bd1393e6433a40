// Follow progress: `for await` yields a snapshot each time the operation's state changes, the last one done.
// Run: npx tsx examples/iterate-progress.ts
import { OperationsClient, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

interface Progress {
  stage: string;
  progressPercent: number;
}

await using emulator = await startEmulator({ profile: services.contactCenterInsights });
const started = emulator.create({
  durationMs: 2_000,
  metadata: ({ fraction, done }) => ({
    '@type': 'type.googleapis.com/google.protobuf.Struct',
    value: { stage: done ? 'DONE' : 'ANALYZING', progressPercent: Math.round(fraction * 100) },
  }),
  response: { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { analyzed: 250 } },
});

// REST this time; the snapshots are the same over gRPC. The payloads are google.protobuf.Struct: in proto3 JSON
// (format: 'json') a Struct is the plain object it stands for, by default it is { fields: { stage: { stringValue } } }.
await using client = new OperationsClient({
  endpoint: emulator.restEndpoint,
  transport: 'rest',
  insecure: true,
  service: services.contactCenterInsights,
  poll: { initialDelayMs: 200, maxDelayMs: 500, format: 'json' },
});

for await (const snapshot of client.poller<{ analyzed: number }, Progress>(started.name)) {
  const { stage = '?', progressPercent = 0 } = snapshot.metadata ?? {};
  console.log(`poll ${snapshot.attempt}: ${stage} ${progressPercent}%`);
  if (snapshot.error) console.log(`failed: ${snapshot.error.codeName} ${snapshot.error.rawMessage}`);
  else if (snapshot.done) console.log('response:', snapshot.response);
}
