// Listen for events: `poller.on()` starts the wait and returns the function that removes the listener.
// Run: npx tsx examples/events.ts
import { OperationsClient, services } from '../src/index.js';
import { startEmulator } from '../src/testing/index.js';

interface Progress {
  stage: string;
  progressPercent: number;
}

// A stand-in for a real service: an analysis that takes 2 s and reports how far it has got.
await using emulator = await startEmulator({ profile: services.standard });
const started = emulator.create({
  durationMs: 2_000,
  metadata: ({ fraction, done }) => ({
    '@type': 'type.googleapis.com/google.protobuf.Struct',
    value: { stage: done ? 'DONE' : 'ANALYZING', progressPercent: Math.round(fraction * 100) },
  }),
  response: { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { findings: 3 } },
});

await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true });
// The payloads are google.protobuf.Struct: format 'json' reads each as the plain object it stands for.
const poller = client.poller<{ findings: number }, Progress>(started.name, { format: 'json' });

// 'progress' after each poll that changed the state. Halfway, this listener removes itself:
// the 'done' and 'error' listeners below keep the wait going.
const stopProgress = poller.on('progress', (snapshot) => {
  const percent = snapshot.metadata?.progressPercent ?? 0;
  console.log(`progress: ${snapshot.metadata?.stage} ${percent}% (poll ${snapshot.attempt})`);
  if (percent >= 50) {
    stopProgress();
    console.log('halfway: progress listener removed');
  }
});

// 'retry' listens in on polls that failed and were polled through (it does not start the wait on its own).
poller.on('retry', (error, attempt) => console.log(`poll ${attempt} failed and will be retried:`, error));

// Events alone do not keep a script waiting: wrap 'done' and 'error' in a promise and await it.
const findings = await new Promise<number | undefined>((resolve, reject) => {
  poller.on('done', (response) => resolve(response?.findings));
  // An 'error' is emitted only when someone listens, so events never leave a rejection unhandled.
  poller.on('error', reject);
});
console.log(`done: ${findings} findings`);
