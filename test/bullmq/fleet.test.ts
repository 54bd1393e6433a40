// A fleet of worker processes against a real redis-server and the emulator (in this process, on loopback): nothing lost when
// a worker is killed or Redis restarts, duplicates only where a worker died between handling and completing, the rate limit held.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Code, services, type Clock } from '../../src/index.js';
import type { Emulator, OperationSpec } from '../../src/testing/index.js';
import { WaitEvents, WaitQueue, type WaitRequest } from '../../src/bullmq/index.js';
import { redisAvailable, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { emulatorFor, waitUntil } from '../helpers/setup.js';

const WORKER_SCRIPT = fileURLToPath(new URL('../fixtures/durable-wait-worker.ts', import.meta.url));
const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const STRING = 'type.googleapis.com/google.protobuf.StringValue';
/** The emulator's clock runs this many times as fast as the wall clock: a minute of its time is 15 s of the test's. */
const SPEED = 4;

/** A clock `speed` times as fast as the system's, from now on. */
function fastClock(speed: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * speed,
    setTimeout: (callback, ms) => setTimeout(callback, Math.max(0, ms) / speed),
    clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  };
}

type Line = { worker: string; name: string; n: number; status: string; code?: number; error?: string; response?: string; attempt: number };

describe.skipIf(!redisAvailable())('a fleet of worker processes', () => {
  let redis: RedisServer;
  let emulator: Emulator;
  let dir: string;
  let seq = 0;
  const children = new Set<ChildProcess>();
  // What the workers wrote on stderr (Redis errors while it restarts, mostly): shown only when a test fails.
  const stderr: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'longrunning-fleet-'));
    [redis, emulator] = await Promise.all([startRedis(), emulatorFor(services.storageTransfer, { clock: fastClock(SPEED) })]);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && stderr.length > 0) console.log(stderr.slice(-50).join('\n'));
    stderr.length = 0;
    // Whatever the test did, no worker outlives it.
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([...children].map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : undefined)));
    children.clear();
    emulator.clearFaults();
  });
  afterAll(async () => {
    await emulator?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const connection = () => ({ host: '127.0.0.1', port: redis.port });

  /** Starts a worker process and resolves once it is taking waits; `lines` says what it prints. */
  async function startWorker(queue: string, worker: string, extra: Record<string, string> = {}) {
    const out = join(dir, `${queue}-${worker}.ndjson`);
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
      env: {
        ...process.env,
        REDIS_PORT: String(redis.port),
        QUEUE: queue,
        ENDPOINT: emulator.grpcEndpoint,
        SERVICE: 'storage-transfer',
        OUT: out,
        WORKER: worker,
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    await waitUntil(() => lines.includes('ready') || child.exitCode !== null, `worker ${worker} to start`, 30_000);
    if (!lines.includes('ready')) throw new Error(`worker ${worker} exited with ${child.exitCode}`);
    return { child, out, lines };
  }

  function outcomesIn(...files: string[]): Line[] {
    return files.flatMap((file) => {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Line);
    });
  }

  /**
   * Operations that end over `spanMs` of the emulator's time, most with a response, one in 20 with an error, one in 20
   * never created (NOT_FOUND), each in one of three projects, its bytes copied at a steady rate (progress-aware polling).
   */
  function operations(count: number, spanMs: number): { requests: WaitRequest<{ n: number }>[]; expected: Map<string, Partial<Line>> } {
    const tag = ++seq;
    const expected = new Map<string, Partial<Line>>();
    const requests: WaitRequest<{ n: number }>[] = [];
    const startTime = new Date().toISOString();
    for (let n = 0; n < count; n++) {
      const name = `transferOperations/transferJobs-fleet${tag}-${n}`;
      const projectId = `p${n % 3}`;
      const durationMs = 1_000 + ((n * 7919) % count) * (spanMs / count);
      if (n % 20 !== 1) {
        const spec: OperationSpec = {
          name,
          projectId,
          durationMs,
          metadata: ({ fraction, done }) => ({
            '@type': STRUCT,
            value: {
              projectId,
              startTime,
              status: done ? 'SUCCESS' : 'IN_PROGRESS',
              counters: { bytesFoundFromSource: '1000000', bytesCopiedToSink: String(Math.floor(1_000_000 * fraction)) },
            },
          }),
          ...(n % 20 === 0
            ? { error: { code: Code.PERMISSION_DENIED, message: 'the sink is not writable' } }
            : { response: { '@type': STRING, value: `r${n}` } }),
        };
        emulator.create(spec);
      }
      expected.set(
        name,
        n % 20 === 0
          ? { status: 'failed', code: Code.PERMISSION_DENIED, error: 'OperationError' }
          : n % 20 === 1
            ? { status: 'failed', code: Code.NOT_FOUND, error: 'RpcError' }
            : { status: 'succeeded', response: `r${n}` },
      );
      requests.push({ target: name, data: { n } });
    }
    return { requests, expected };
  }

  /** Checks that every operation's outcome arrived and is right; gives the names delivered more than once. */
  function checkOutcomes(lines: Line[], expected: Map<string, Partial<Line>>): Map<string, Line[]> {
    const byName = new Map<string, Line[]>();
    for (const line of lines) byName.set(line.name, [...(byName.get(line.name) ?? []), line]);
    expect([...byName.keys()].sort()).toEqual([...expected.keys()].sort());
    const duplicates = new Map<string, Line[]>();
    for (const [name, got] of byName) {
      for (const line of got) expect(line, name).toMatchObject(expected.get(name)!);
      if (got.length > 1) duplicates.set(name, got);
    }
    return duplicates;
  }

  it('2 workers share 2,000 waits ending over a minute of emulator time: every outcome once, right, batched, through faults', async () => {
    const queueName = `fleet-${++seq}`;
    await using queue = new WaitQueue<{ n: number }>({ connection: connection(), queueName, service: services.storageTransfer });
    const { requests, expected } = operations(2_000, 60_000);
    emulator.resetCalls();
    emulator.setFaults({ unavailableRate: 0.05, seed: 7 });
    await queue.enqueueAll(requests);
    // The same operations again, with other data: already waited on, so nothing changes.
    await queue.enqueueAll(requests.slice(0, 200).map((r) => ({ ...r, data: { n: -1 } })));
    expect((await queue.counts()).pending).toBe(2_000);
    const [a, b] = await Promise.all([startWorker(queueName, 'a'), startWorker(queueName, 'b')]);
    await waitUntil(() => outcomesIn(a.out, b.out).length >= 2_000, '2,000 outcomes', 90_000);
    await expect.poll(() => queue.counts(), { timeout: 10_000 }).toMatchObject({ pending: 0, finished: 2_000, givenUp: 0 });
    const lines = outcomesIn(a.out, b.out);
    expect(checkOutcomes(lines, expected).size).toBe(0);
    expect(lines).toHaveLength(2_000);
    expect(lines.every((l) => l.n >= 0 && l.attempt === 1)).toBe(true);
    // Both took a share; a list answered for many polls at once; faults were polled through.
    expect(lines.filter((l) => l.worker === 'a').length).toBeGreaterThan(100);
    expect(lines.filter((l) => l.worker === 'b').length).toBeGreaterThan(100);
    expect(emulator.calls.byMethod.list).toBeGreaterThan(0);
  }, 150_000);

  it('a worker killed with SIGKILL midway: the other takes its waits up once their locks expire, nothing lost', async () => {
    const queueName = `fleet-${++seq}`;
    await using queue = new WaitQueue<{ n: number }>({ connection: connection(), queueName, service: services.storageTransfer });
    await using events = new WaitEvents({ connection: connection(), queueName });
    await events.waitUntilReady();
    const stalled = new Set<string>();
    events.on('stalled', (e) => stalled.add(e.name!));
    const { requests, expected } = operations(600, 20_000);
    await queue.enqueueAll(requests);
    const short = { LOCK_MS: '2000', STALLED_MS: '1000', CONCURRENCY: '64' };
    const [a, b] = await Promise.all([startWorker(queueName, 'a', { ...short, HOLD_AFTER: '100' }), startWorker(queueName, 'b', short)]);
    // Worker a handles 100 outcomes and then holds every further one in its handler, never completing it: then it dies.
    await waitUntil(() => a.lines.includes('holding'), 'worker a to hold an outcome', 60_000);
    a.child.kill('SIGKILL');
    await once(a.child, 'exit');
    await waitUntil(() => new Set(outcomesIn(a.out, b.out).map((l) => l.name)).size >= 600, 'every outcome', 90_000);
    await expect.poll(() => queue.counts(), { timeout: 15_000 }).toMatchObject({ pending: 0, finished: 600, givenUp: 0 });
    const duplicates = checkOutcomes(outcomesIn(a.out, b.out), expected);
    // The outcomes a held, handled and never completed, b delivered again: the same outcome, after the lock expired.
    expect(duplicates.size).toBeGreaterThanOrEqual(1);
    expect(duplicates.size).toBeLessThanOrEqual(64);
    for (const [name, lines] of duplicates) {
      expect(lines.map((l) => l.worker)).toEqual(['a', ...lines.slice(1).map(() => 'b')]);
      expect(stalled.has(name), name).toBe(true);
    }
  }, 150_000);

  it('Redis restarted midway, from its AOF: every wait is still there and ends, nothing lost', async () => {
    const queueName = `fleet-${++seq}`;
    await using queue = new WaitQueue<{ n: number }>({ connection: connection(), queueName, service: services.storageTransfer });
    const { requests, expected } = operations(600, 20_000);
    await queue.enqueueAll(requests);
    // A command Redis ran just before it stopped, whose answer was lost, leaves its wait held until the lock expires: keep it short.
    const short = { LOCK_MS: '2000', STALLED_MS: '1000' };
    const [a, b] = await Promise.all([startWorker(queueName, 'a', short), startWorker(queueName, 'b', short)]);
    await waitUntil(() => outcomesIn(a.out, b.out).length >= 150, '150 outcomes', 60_000);
    await redis.restart();
    const after = await queue.counts();
    // Every wait enqueued is in Redis again, pending or finished.
    expect(after.pending + after.finished).toBe(600);
    await waitUntil(() => new Set(outcomesIn(a.out, b.out).map((l) => l.name)).size >= 600, 'every outcome', 90_000);
    await expect.poll(() => queue.counts(), { timeout: 15_000 }).toMatchObject({ pending: 0, finished: 600, givenUp: 0 });
    // A handler that ran while Redis was away may have its outcome delivered again: then it is the same (checked here).
    const duplicates = checkOutcomes(outcomesIn(a.out, b.out), expected);
    expect(duplicates.size).toBeLessThanOrEqual(2 * 256);
  }, 150_000);

  it("holds the fleet's rate limit: the emulator's RPCs in any second pass it by at most one limiter window", async () => {
    const queueName = `fleet-${++seq}`;
    const limit = 40;
    await using queue = new WaitQueue<{ n: number }>({
      connection: connection(),
      queueName,
      service: services.storageTransfer,
      poll: { initialDelayMs: 100, maxDelayMs: 400 },
    });
    // 300 operations that never end, without metadata (so no batch: one GetOperation per poll): far more polls due than the limit allows.
    const tag = ++seq;
    const names = Array.from(
      { length: 300 },
      (_, n) => emulator.create({ name: `transferOperations/transferJobs-rate${tag}-${n}`, durationMs: Infinity }).name,
    );
    await queue.enqueueAll(names.map((target, n) => ({ target, data: { n } })));
    const extra = { MAX_RPS: String(limit), CONCURRENCY: '64' };
    await Promise.all([startWorker(queueName, 'a', extra), startWorker(queueName, 'b', extra)]);
    const samples: [number, number][] = [];
    const started = Date.now();
    while (Date.now() - started < 6_000) {
      samples.push([Date.now(), emulator.calls.total]);
      await new Promise((r) => setTimeout(r, 20));
    }
    // A window is read from two samples a second apart at most. One that holds a gap of over 100 ms between samples is left out:
    // this process did not run then, and the calls that came meanwhile were counted together when it ran again.
    let worst = 0;
    let windows = 0;
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length && samples[j]![0] - samples[i]![0] <= 1_000; j++) {
        if (samples[j]![0] - samples[j - 1]![0] > 100) break;
        worst = Math.max(worst, samples[j]![1] - samples[i]![1]);
        windows++;
      }
    }
    const total = samples.at(-1)![1] - samples[0]![1];
    const seconds = (samples.at(-1)![0] - samples[0]![0]) / 1_000;
    // The limiter's windows each allow a quarter of a second's share: 10 RPCs at 40 per second.
    expect(worst).toBeLessThanOrEqual(limit + limit / 4);
    expect(windows).toBeGreaterThan(0);
    // And the fleet did run at the limit, not far below it.
    expect(total / seconds).toBeGreaterThan(limit * 0.5);
    expect(total / seconds).toBeLessThanOrEqual(limit + limit / 4);
  }, 60_000);
});
