// Durable waits at scale: Redis memory per pending wait, the fleet's RPCs per second against its limit, and how late two worker
// processes see operations end beside in-process polling of the same operations; against the emulator and a local redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OperationsClient, services } from '../src/index.js';
import { startEmulator, type Emulator, type OperationSpec } from '../src/testing/index.js';
import { WaitQueue } from '../src/bullmq/index.js';
import { infoField, startRedis, type RedisServer } from '../test/helpers/redis-server.js';
import { summarize, type Summary } from './percentiles.js';
import { uniformDurations } from './seeded-random.js';

const USAGE = `Usage: npx tsx bench/durable-waits.ts [--pending N] [--rate R] [--quick] [--seed S] [--out PATH]

Enqueues N durable waits on Storage Transfer operations of the embedded emulator, in a redis-server started here, and measures
Redis memory per pending wait, the RPCs per second two worker processes make under a fleet limit of R, and the lag of two worker
processes beside in-process polling (client.watch) of the same N operations.

  --pending N   waits (default 100000; quick 5000)
  --rate R      the fleet's maxRpcsPerSecond in the rate phase (default 500; quick 200)
  --quick       a short run: 5,000 waits, operations of 5 to 30 s (the full run: 60 to 300 s)
  --seed S      seed of the durations (default 1)
  --out PATH    where the JSON goes (default bench/results/durable-waits.json)`;

interface Options {
  readonly pending: number;
  readonly rate: number;
  readonly rateMs: number;
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
  readonly graceMs: number;
  readonly seed: number;
  readonly out: string;
}

/** No run may outlive this, whatever hangs. */
const HARD_LIMIT_MS = 30 * 60_000;
const WORKER = fileURLToPath(new URL('./durable-wait-worker.ts', import.meta.url));
const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const EMPTY = 'type.googleapis.com/google.protobuf.Empty';
const log = (line: string) => process.stderr.write(`${line}\n`);

function parseOptions(argv: string[]): Options | undefined {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      pending: { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (v.help) return undefined;
  const whole = (value: string | undefined, flag: string, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new TypeError(`${flag} must be a whole number of at least 1, got '${value}'`);
    return n;
  };
  return {
    pending: whole(v.pending, '--pending', v.quick ? 5_000 : 100_000),
    rate: whole(v.rate, '--rate', v.quick ? 200 : 500),
    rateMs: v.quick ? 8_000 : 20_000,
    minDurationMs: v.quick ? 5_000 : 60_000,
    maxDurationMs: v.quick ? 30_000 : 300_000,
    graceMs: 120_000,
    seed: whole(v.seed, '--seed', 1),
    out: v.out ?? 'bench/results/durable-waits.json',
  };
}

/** A transfer in one of ten projects whose bytes are copied at a steady rate: batched lists and progress-aware polling apply. */
function transfer(name: string, n: number, durationMs: number): OperationSpec {
  const projectId = `p${n % 10}`;
  const startTime = new Date().toISOString();
  return {
    name,
    projectId,
    durationMs,
    metadata: ({ fraction, done }) => ({
      '@type': STRUCT,
      value: {
        projectId,
        startTime,
        status: done ? 'SUCCESS' : 'IN_PROGRESS',
        counters: { bytesFoundFromSource: '1000000000', bytesCopiedToSink: String(Math.floor(1e9 * fraction)) },
      },
    }),
    response: { '@type': EMPTY },
  };
}

interface WorkerProcess {
  readonly child: ChildProcess;
  polls(): number;
  stop(): Promise<void>;
}

async function startWorker(redis: RedisServer, emulator: Emulator, queue: string, out: string, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, REDIS_PORT: String(redis.port), QUEUE: queue, ENDPOINT: emulator.grpcEndpoint, OUT: out, ...extra },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let polls = 0;
  let ready = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'ready') ready = true;
    const m = /^polls (\d+)$/.exec(line);
    if (m) polls = Number(m[1]);
  });
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`a bench worker exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const worker: WorkerProcess = {
    child,
    polls: () => polls,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    },
  };
  return worker;
}

async function usedMemory(redis: RedisServer): Promise<number> {
  return infoField(await redis.command('INFO', 'memory'), 'used_memory');
}

/** The emulator's calls, sampled every 20 ms for `ms`: the mean per second and the most in any one second. */
async function sampleRate(emulator: Emulator, ms: number): Promise<{ meanPerSecond: number; worstSecond: number }> {
  const samples: [number, number][] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    samples.push([Date.now(), emulator.calls.total]);
    await new Promise((r) => setTimeout(r, 20));
  }
  let worst = 0;
  for (let i = 0, j = 0; i < samples.length; i++) {
    while (j + 1 < samples.length && samples[j + 1]![0] - samples[i]![0] <= 1_000) j++;
    worst = Math.max(worst, samples[j]![1] - samples[i]![1]);
  }
  const [t0, c0] = samples[0]!;
  const [t1, c1] = samples.at(-1)!;
  return { meanPerSecond: ((c1 - c0) * 1_000) / (t1 - t0), worstSecond: worst };
}

interface LagResult {
  readonly handled: number;
  readonly lost: number;
  readonly lagMs: Summary;
  readonly rpcsPerOperation: number;
  readonly wallMs: number;
}

function lagOf(ends: Map<string, number>, handledAt: Map<string, number>, rpcs: number, wallMs: number): LagResult {
  const lags: number[] = [];
  for (const [name, end] of ends) {
    const at = handledAt.get(name);
    if (at !== undefined) lags.push(Math.max(0, at - end));
  }
  return { handled: lags.length, lost: ends.size - lags.length, lagMs: summarize(lags), rpcsPerOperation: rpcs / ends.size, wallMs };
}

function createOperations(emulator: Emulator, prefix: string, durations: readonly number[]): Map<string, number> {
  const ends = new Map<string, number>();
  durations.forEach((durationMs, n) => {
    const name = `transferOperations/transferJobs-${prefix}-${n}`;
    emulator.create(transfer(name, n, durationMs));
    ends.set(name, Date.now() + durationMs);
  });
  return ends;
}

async function run(o: Options) {
  const loadAtStart = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'durable-waits-bench-'));
  const redis = await startRedis();
  // A fresh emulator for each phase: its lists scan every operation it holds, and each phase should pay only for its own.
  let emulator = await startEmulator({ profile: services.storageTransfer });
  const fresh = async () => {
    await emulator.close();
    emulator = await startEmulator({ profile: services.storageTransfer });
  };
  const connection = { host: '127.0.0.1', port: redis.port };
  const workers: WorkerProcess[] = [];
  try {
    // 1. Memory and rate: N waits on operations that outlast the phase, two workers under the fleet's limit.
    log(`memory and rate: ${o.pending.toLocaleString('en-US')} waits, 2 worker processes, maxRpcsPerSecond ${o.rate}`);
    const queue = new WaitQueue<{ n: number }>({ connection, queueName: 'bench-rate', service: services.storageTransfer });
    const longOnes = createOperations(emulator, 'rate', new Array<number>(o.pending).fill(24 * 3_600_000));
    const before = await usedMemory(redis);
    const enqueueStart = Date.now();
    await queue.enqueueAll([...longOnes.keys()].map((target, n) => ({ target, data: { n } })));
    const enqueueMs = Date.now() - enqueueStart;
    const enqueued = await usedMemory(redis);
    log(`  enqueued in ${(enqueueMs / 1_000).toFixed(1)} s; ${((enqueued - before) / o.pending).toFixed(0)} bytes of Redis per wait`);
    const rateOut = join(dir, 'rate.out');
    for (let i = 0; i < 2; i++) workers.push(await startWorker(redis, emulator, 'bench-rate', rateOut, { MAX_RPS: String(o.rate) }));
    // The first second is the workers' start; measure after it.
    await new Promise((r) => setTimeout(r, 1_000));
    emulator.resetCalls();
    const pollsBefore = workers.reduce((s, w) => s + w.polls(), 0);
    const rate = await sampleRate(emulator, o.rateMs);
    const polls = workers.reduce((s, w) => s + w.polls(), 0) - pollsBefore;
    const calls = emulator.calls;
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    const polled = await queue.bullmq.getDelayedCount();
    const afterPolls = await usedMemory(redis);
    log(
      `  ${rate.meanPerSecond.toFixed(0)} RPCs/s on average, at most ${rate.worstSecond} in any second; ${((polls * 1_000) / o.rateMs).toFixed(0)} polls/s`,
    );
    await queue.bullmq.obliterate({ force: true });
    await queue.close();

    // 2. Lag: the same durations waited on by two worker processes, then in this process with client.watch().
    const durations = uniformDurations(o.pending, o.minDurationMs, o.maxDurationMs, o.seed);
    log(
      `lag: ${o.pending.toLocaleString('en-US')} operations of ${o.minDurationMs / 1_000} to ${o.maxDurationMs / 1_000} s, 2 worker processes`,
    );
    const lagOut = join(dir, 'lag.out');
    await fresh();
    for (let i = 0; i < 2; i++) workers.push(await startWorker(redis, emulator, 'bench-lag', lagOut));
    const lagQueue = new WaitQueue<{ n: number }>({ connection, queueName: 'bench-lag', service: services.storageTransfer });
    emulator.resetCalls();
    const durableStart = Date.now();
    const durableEnds = createOperations(emulator, 'durable', durations);
    await lagQueue.enqueueAll([...durableEnds.keys()].map((target, n) => ({ target, data: { n } })));
    const handledAt = new Map<string, number>();
    const deadline = durableStart + o.maxDurationMs + o.graceMs;
    let offset = 0;
    let text = '';
    while (handledAt.size < o.pending && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      try {
        text += readFileSync(lagOut, 'utf8').slice(offset);
      } catch {
        continue;
      }
      offset += text.length;
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const line of lines) {
        const [name, at] = line.split(' ');
        if (!handledAt.has(name!)) handledAt.set(name!, Number(at));
      }
    }
    const durable = lagOf(durableEnds, handledAt, emulator.calls.total, Date.now() - durableStart);
    const durablePollsPerSecond = (workers.reduce((s, w) => s + w.polls(), 0) * 1_000) / durable.wallMs;
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await lagQueue.close();
    log(`  p99 lag ${(durable.lagMs.p99 / 1_000).toFixed(2)} s, ${durable.lost} lost, ${durablePollsPerSecond.toFixed(0)} polls/s`);

    log(`lag: the same operations waited on in this process (client.watch)`);
    await fresh();
    const client = new OperationsClient({
      endpoint: emulator.grpcEndpoint,
      insecure: true,
      service: services.storageTransfer,
      retry: false,
    });
    const inProcessStart = Date.now();
    const inProcessEnds = createOperations(emulator, 'in-process', durations);
    const seen = new Map<string, number>();
    for await (const outcome of client.watch([...inProcessEnds.keys()], { timeoutMs: o.maxDurationMs + o.graceMs })) {
      if (outcome.status === 'succeeded') seen.set(outcome.name, Date.now());
    }
    client.close();
    const inProcess = lagOf(inProcessEnds, seen, emulator.calls.total, Date.now() - inProcessStart);
    log(`  p99 lag ${(inProcess.lagMs.p99 / 1_000).toFixed(2)} s, ${inProcess.lost} lost`);

    return {
      schema: 1,
      finishedAt: new Date().toISOString(),
      environment: { node: process.version, platform: process.platform, cpus: availableParallelism(), loadAverageAtStart: loadAtStart },
      options: o,
      memory: {
        bytesPerWaitEnqueued: (enqueued - before) / o.pending,
        bytesPerWaitAfterPolls: (afterPolls - before) / o.pending,
        waitsPolledAtLeastOnce: polled,
        enqueueMs,
      },
      rate: { limit: o.rate, ...rate, pollsPerSecond: (polls * 1_000) / o.rateMs, byMethod: calls.byMethod },
      lag: { durable: { ...durable, pollsPerSecond: durablePollsPerSecond }, inProcess },
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await emulator.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const options = parseOptions(process.argv.slice(2));
if (!options) {
  console.log(USAGE);
} else {
  const limit = setTimeout(() => {
    log('the bench passed its hard limit; giving up');
    process.exit(1);
  }, HARD_LIMIT_MS);
  limit.unref();
  const r = await run(options);
  const s = (ms: number) => `${(ms / 1_000).toFixed(2)} s`;
  console.log(`
durable waits, ${options.pending.toLocaleString('en-US')} pending (${r.environment.cpus} cores, load ${r.environment.loadAverageAtStart.toFixed(1)} at start)

Redis memory per pending wait      ${r.memory.bytesPerWaitEnqueued.toFixed(0)} bytes enqueued, ${r.memory.bytesPerWaitAfterPolls.toFixed(0)} bytes once ${r.memory.waitsPolledAtLeastOnce.toLocaleString('en-US')} of them were polled
enqueue                            ${s(r.memory.enqueueMs)} for all
RPCs per second, limit ${String(r.rate.limit).padEnd(11)} ${r.rate.meanPerSecond.toFixed(0)} on average, ${r.rate.worstSecond} at most in any second (${r.rate.pollsPerSecond.toFixed(0)} polls/s; ${r.rate.byMethod.list} lists, ${r.rate.byMethod.get} gets)

                                   2 worker processes    in-process (client.watch)
lag p50                            ${s(r.lag.durable.lagMs.p50).padEnd(22)}${s(r.lag.inProcess.lagMs.p50)}
lag p99                            ${s(r.lag.durable.lagMs.p99).padEnd(22)}${s(r.lag.inProcess.lagMs.p99)}
lag max                            ${s(r.lag.durable.lagMs.max).padEnd(22)}${s(r.lag.inProcess.lagMs.max)}
RPCs per operation                 ${r.lag.durable.rpcsPerOperation.toFixed(2).padEnd(22)}${r.lag.inProcess.rpcsPerOperation.toFixed(2)}
outcomes lost                      ${String(r.lag.durable.lost).padEnd(22)}${r.lag.inProcess.lost}
polls per second, sustained        ${r.lag.durable.pollsPerSecond.toFixed(0)}`);
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, JSON.stringify(r, null, 2) + '\n');
  log(`written to ${options.out}`);
}
