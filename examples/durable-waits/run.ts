// Durable waits across a fleet: one producer enqueues waits on Storage Transfer operations and exits, two worker processes poll
// them and tell each outcome; one worker is killed midway, and the other takes its waits up. Against the embedded emulator and
// a local redis-server (started here, or yours with REDIS_PORT=6379).
// Run: npx tsx examples/durable-waits/run.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { services } from '../../src/index.js';
import { startEmulator } from '../../src/testing/index.js';
import { WaitEvents } from '../../src/bullmq/index.js';
import { startLocalRedis } from './local-redis.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const redis = process.env.REDIS_PORT ? { port: Number(process.env.REDIS_PORT), stop: async () => {} } : await startLocalRedis();

// A stand-in for Storage Transfer: ten transfers of 1 to 6 s, one that fails, and a name that was never started.
await using emulator = await startEmulator({ profile: services.storageTransfer });
const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const names = Array.from({ length: 10 }, (_, i) => {
  const projectId = 'my-project';
  return emulator.create({
    projectId,
    durationMs: 1_000 + i * 500,
    metadata: ({ done }) => ({ '@type': STRUCT, value: { projectId, status: done ? 'SUCCESS' : 'IN_PROGRESS' } }),
    ...(i === 6 ? { error: { code: 7, message: 'the sink bucket refused the service account' } } : {}),
  }).name;
});
names.push('transferOperations/transferJobs-never-started');

await using events = new WaitEvents({ connection: { host: '127.0.0.1', port: redis.port } });
await events.waitUntilReady();
let heard = 0;
events.on('outcome', () => heard++);
events.on('stalled', (e) => console.log(`[events] ${e.name}: its worker stopped answering; another takes it up`));

const env = { ...process.env, REDIS_PORT: String(redis.port), ENDPOINT: emulator.grpcEndpoint };
function start(script: string, args: string[], extra: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', here(script), ...args], { env: { ...env, ...extra }, stdio: 'inherit' });
}
const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 50));
};

const workerA = start('./worker.ts', [], { WORKER: 'a' });
const workerB = start('./worker.ts', [], { WORKER: 'b' });
const producer = start('./producer.ts', names);
await new Promise((resolve) => producer.once('exit', resolve));

// A crash: worker a dies without a word. The waits it held are taken up by b once their locks expire.
await until(() => heard >= 3);
console.log('[run] killing worker a (SIGKILL)');
workerA.kill('SIGKILL');

await until(() => heard >= names.length);
console.log(`[run] every one of the ${names.length} outcomes handled; stopping worker b`);
workerB.kill('SIGTERM');
await new Promise((resolve) => workerB.once('exit', resolve));
await events.close();
await redis.stop();
