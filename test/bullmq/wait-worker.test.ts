// Durable waits against a real redis-server and the emulator over gRPC, one worker in this process: outcomes, failures of each kind, counts and events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Code,
  OperationCancelledError,
  OperationError,
  PollTimeoutError,
  RpcError,
  services,
  type OperationsClientOptions,
} from '../../src/index.js';
import type { Emulator, OperationSpec } from '../../src/testing/index.js';
import {
  WaitEvents,
  WaitQueue,
  WaitWorker,
  waitJobId,
  type DurableOutcome,
  type WaitQueueOptions,
  type WaitWorkerOptions,
} from '../../src/bullmq/index.js';
import { redisAvailable, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { emulatorFor, waitUntil } from '../helpers/setup.js';

const STRING = 'type.googleapis.com/google.protobuf.StringValue';
const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const FAST = { initialDelayMs: 50, maxDelayMs: 300 } as const;

type Data = { n: number };
type Outcome = DurableOutcome<string, unknown, Data>;

describe.skipIf(!redisAvailable())('durable waits, one worker, against Redis', () => {
  let redis: RedisServer;
  let emulator: Emulator;
  let seq = 0;
  beforeAll(async () => {
    [redis, emulator] = await Promise.all([startRedis(), emulatorFor(services.standard)]);
  });
  afterAll(async () => {
    await emulator?.close();
    await redis?.stop();
  });

  /** A queue, its events and a worker of its own; `handler` sees every delivery, `outcomes` those it took. */
  async function fleet(
    options: {
      queue?: Partial<WaitQueueOptions>;
      worker?: Partial<WaitWorkerOptions<string, unknown, Data>>;
      client?: Partial<OperationsClientOptions>;
      handler?: (o: Outcome) => unknown;
      on?: Emulator;
    } = {},
  ) {
    const connection = { host: '127.0.0.1', port: redis.port };
    const queueName = `waits-${++seq}`;
    const target = options.on ?? emulator;
    const queue = new WaitQueue<Data>({ connection, queueName, poll: FAST, service: target.profile, ...options.queue });
    const events = new WaitEvents({ connection, queueName });
    await events.waitUntilReady();
    const outcomes: Outcome[] = [];
    const delivered: Outcome[] = [];
    const start = () => {
      const worker = new WaitWorker<string, unknown, Data>({
        connection,
        queueName,
        client: { endpoint: target.grpcEndpoint, insecure: true, service: target.profile, ...options.client },
        handler: async (o) => {
          delivered.push(o);
          await options.handler?.(o);
          outcomes.push(o);
        },
        ...options.worker,
      });
      return worker;
    };
    const workers: WaitWorker<string, unknown, Data>[] = [];
    return {
      queue,
      events,
      outcomes,
      delivered,
      start: () => {
        const w = start();
        workers.push(w);
        return w;
      },
      async [Symbol.asyncDispose]() {
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all([queue.close(), events.close()]);
      },
    };
  }

  const done = (value: string): OperationSpec => ({ response: { '@type': STRING, value } });

  it('enqueuing the same operation twice is one wait and one outcome; the counts follow it from pending to finished', async () => {
    await using f = await fleet();
    const heard: string[] = [];
    f.events.on('outcome', (e) => heard.push(`${e.name} ${e.status}`));
    const op = emulator.create({ durationMs: 400, response: { '@type': STRING, value: 'once' } });
    const first = await f.queue.enqueue(op.name, { n: 1 });
    const second = await f.queue.enqueue(op, { n: 2 });
    expect(second).toBe(first);
    expect(first).toBe(waitJobId(op.name));
    expect(await f.queue.counts()).toEqual({ pending: 1, due: 1, active: 0, finished: 0, givenUp: 0 });
    f.start();
    await waitUntil(() => f.outcomes.length === 1 && heard.length === 1, 'the outcome');
    const [o] = f.outcomes;
    expect(o).toMatchObject({ status: 'succeeded', name: op.name, response: 'once', data: { n: 1 }, attempt: 1, jobId: first });
    await expect.poll(() => f.queue.counts(), { timeout: 10_000 }).toEqual({ pending: 0, due: 0, active: 0, finished: 1, givenUp: 0 });
    expect(f.delivered).toHaveLength(1);
    expect(heard).toEqual([`${op.name} succeeded`]);
    // Enqueued again while the finished wait is kept: still the same wait, no second outcome.
    await f.queue.enqueue(op.name, { n: 3 });
    expect((await f.queue.counts()).pending).toBe(0);
  });

  it('hands the handler typed outcomes: the response decoded, an OperationError with its details, a cancel, NOT_FOUND', async () => {
    await using f = await fleet();
    const succeeded = emulator.create({ durationMs: 300, ...done('fine') });
    const failed = emulator.create({
      durationMs: 200,
      error: {
        code: Code.FAILED_PRECONDITION,
        message: 'source bucket gone',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'BUCKET_GONE', domain: 'example.com' }],
      },
    });
    const cancelled = emulator.create({ durationMs: 100, error: { code: Code.CANCELLED, message: 'cancelled' } });
    const names = [succeeded.name, failed.name, cancelled.name, 'operations/never-started'];
    await f.queue.enqueueAll(names.map((name, n) => ({ target: name, data: { n } })));
    f.start();
    await waitUntil(() => f.outcomes.length === 4, 'four outcomes');
    const by = new Map(f.outcomes.map((o) => [o.name, o]));
    expect(by.get(succeeded.name)).toMatchObject({ status: 'succeeded', response: 'fine', data: { n: 0 } });
    const f1 = by.get(failed.name)!;
    expect(f1.status).toBe('failed');
    if (f1.status !== 'failed') return;
    expect(f1.error).toBeInstanceOf(OperationError);
    expect(f1.error.code).toBe(Code.FAILED_PRECONDITION);
    expect(f1.error.details).toEqual([expect.objectContaining({ reason: 'BUCKET_GONE' })]);
    expect(f1.snapshot?.done).toBe(true);
    const c = by.get(cancelled.name)!;
    expect(c.status === 'failed' && c.error).toBeInstanceOf(OperationCancelledError);
    const missing = by.get('operations/never-started')!;
    expect(missing.status === 'failed' && missing.error).toBeInstanceOf(RpcError);
    expect(missing.status === 'failed' && missing.error.code).toBe(Code.NOT_FOUND);
    expect(missing.status === 'failed' && missing.snapshot).toBeUndefined();
    expect((await f.queue.counts()).givenUp).toBe(0);
  });

  it('ends a wait on PERMISSION_DENIED with a failed outcome, not a failed job', async () => {
    const own = await emulatorFor(services.standard);
    try {
      await using f = await fleet({ on: own });
      const op = own.create({ durationMs: 5_000 });
      own.failNext(1, { code: Code.PERMISSION_DENIED, message: 'no access to the project' });
      await f.queue.enqueue(op.name, { n: 0 });
      f.start();
      await waitUntil(() => f.outcomes.length === 1, 'the outcome');
      const [o] = f.outcomes;
      expect(o!.status === 'failed' && o!.error).toBeInstanceOf(RpcError);
      expect(o!.status === 'failed' && o!.error.code).toBe(Code.PERMISSION_DENIED);
      await expect.poll(() => f.queue.counts(), { timeout: 10_000 }).toMatchObject({ pending: 0, finished: 1, givenUp: 0 });
    } finally {
      await own.close();
    }
  });

  it('polls through transient failures, never failing the job, and waits at least what a RetryInfo asks', async () => {
    const own = await emulatorFor(services.standard);
    try {
      await using f = await fleet({ on: own, queue: { poll: { initialDelayMs: 50, maxDelayMs: 5_000 } } });
      const op = own.create(done('after all'));
      own.failNext(3, { code: Code.UNAVAILABLE, message: 'restarting' });
      own.failNext(1, {
        code: Code.UNAVAILABLE,
        message: 'slow down',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.500s' }],
      });
      await f.queue.enqueue(op.name, { n: 0 });
      const retries: number[] = [];
      const worker = f.start();
      worker.on('retry', (err) => {
        expect(err).toBeInstanceOf(RpcError);
        retries.push(Date.now());
      });
      await waitUntil(() => f.outcomes.length === 1, 'the outcome');
      const outcomeAt = Date.now();
      expect(f.outcomes[0]).toMatchObject({ status: 'succeeded', response: 'after all', attempt: 1 });
      expect(retries).toHaveLength(4);
      // The last failure asked for 1.5 s: no poll came sooner.
      expect(outcomeAt - retries[3]!).toBeGreaterThanOrEqual(1_500);
      expect(own.calls.byMethod.get).toBe(5);
      expect((await f.queue.counts()).givenUp).toBe(0);
    } finally {
      await own.close();
    }
  });

  it("delivers an outcome again, with BullMQ's backoff, while the handler throws; the attempt counts up", async () => {
    let throws = 2;
    await using f = await fleet({
      queue: { deliveryBackoffMs: 100 },
      handler: () => {
        if (throws-- > 0) throw new Error('the database is down');
      },
    });
    const op = emulator.create(done('eventually'));
    await f.queue.enqueue(op.name, { n: 7 });
    const failures: unknown[] = [];
    f.start().on('handler-failed', (err) => failures.push(err));
    await waitUntil(() => f.outcomes.length === 1, 'the outcome');
    expect(f.delivered.map((o) => o.attempt)).toEqual([1, 2, 3]);
    for (const o of f.delivered) expect(o).toMatchObject({ status: 'succeeded', name: op.name, response: 'eventually', data: { n: 7 } });
    expect(failures).toHaveLength(2);
    await expect.poll(() => f.queue.counts(), { timeout: 10_000 }).toMatchObject({ pending: 0, finished: 1, givenUp: 0 });
  });

  it('gives a wait up when its handler keeps throwing: the worker and WaitEvents say so, the counts too', async () => {
    await using f = await fleet({
      queue: { deliveryAttempts: 3, deliveryBackoffMs: 20 },
      handler: () => {
        throw new Error('always');
      },
    });
    const fleetWide: string[] = [];
    f.events.on('given-up', (e) => fleetWide.push(`${e.name}: ${e.reason}`));
    const op = emulator.create(done('unheard'));
    await f.queue.enqueue(op.name, { n: 0 });
    const local: string[] = [];
    f.start().on('given-up', (e) => local.push(`${e.name}: ${e.reason}`));
    await waitUntil(() => local.length === 1 && fleetWide.length === 1, 'the wait given up');
    expect(f.delivered).toHaveLength(3);
    expect(local).toEqual([`${op.name}: always`]);
    expect(fleetWide).toEqual(local);
    expect(await f.queue.counts()).toMatchObject({ pending: 0, givenUp: 1 });
  });

  it('ends a wait past its timeoutMs with a PollTimeoutError that carries the latest state, and delivers the same again', async () => {
    let throws = 1;
    await using f = await fleet({
      queue: { deliveryBackoffMs: 50 },
      handler: () => {
        if (throws-- > 0) throw new Error('once');
      },
    });
    const op = emulator.create({ durationMs: Infinity, metadata: { '@type': STRUCT, value: { step: 'copying' } } });
    await f.queue.enqueue(op.name, { n: 0 }, { timeoutMs: 600 });
    f.start();
    await waitUntil(() => f.delivered.length === 1, 'the first delivery');
    // The operation ends before the timeout is delivered again: the redelivery is still the timeout.
    emulator.complete(op.name, { response: { '@type': STRING, value: 'late' } });
    await waitUntil(() => f.outcomes.length === 1, 'the outcome');
    const [first, again] = f.delivered;
    expect(first!.status === 'failed' && first!.error).toBeInstanceOf(PollTimeoutError);
    expect(first!.status === 'failed' && (first!.error as PollTimeoutError).latest?.metadata).toEqual({ step: 'copying' });
    expect(again!.status === 'failed' && again!.error).toBeInstanceOf(PollTimeoutError);
    expect(again!.status === 'failed' && again!.error.code).toBe(Code.DEADLINE_EXCEEDED);
    expect(Date.now() - again!.enqueuedAt).toBeGreaterThanOrEqual(600);
  });

  it('gives up a wait enqueued for another service than the worker polls', async () => {
    await using f = await fleet({ queue: { service: services.storageTransfer } });
    await f.queue.enqueue('transferOperations/transferJobs-1-2', { n: 0 });
    const local: string[] = [];
    f.start().on('given-up', (e) => local.push(e.reason));
    await waitUntil(() => local.length === 1, 'the wait given up');
    expect(local[0]).toMatch(/storage-transfer/);
    expect(f.delivered).toHaveLength(0);
  });

  it('refuses, before Redis, a name the service refuses and options it cannot keep', async () => {
    await using f = await fleet();
    await expect(f.queue.enqueue('operations/../x', { n: 0 })).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
    await expect(f.queue.enqueue('operations/x', { n: 0 }, { maxDelayMs: -1 })).rejects.toThrow(/maxDelayMs/);
    await expect(f.queue.enqueue('operations/x', { n: 0 }, { progress: (() => 1) as unknown as false })).rejects.toThrow(/progress/);
    expect(() => new WaitWorker({ connection: {}, client: {}, handler: () => {}, maxRpcsPerSecond: 0 })).toThrow(/maxRpcsPerSecond/);
    expect(() => new WaitQueue({ connection: {}, queueName: 'a:b' })).toThrow(/queueName/);
    expect((await f.queue.counts()).pending).toBe(0);
  });

  it('polls through one client: its maxInFlight bounds the RPCs, and on Storage Transfer one list answers for many waits', async () => {
    const transfer = await emulatorFor(services.storageTransfer);
    try {
      await using f = await fleet({ on: transfer, client: { maxInFlight: 4 } });
      const ops = Array.from({ length: 300 }, (_, i) =>
        transfer.create({
          projectId: 'p1',
          durationMs: 1_000 + (i % 10) * 100,
          metadata: { '@type': STRUCT, value: { projectId: 'p1', status: 'IN_PROGRESS' } },
          response: { '@type': STRING, value: `t${i}` },
        }),
      );
      await f.queue.enqueueAll(ops.map((op, n) => ({ target: op.name, data: { n } })));
      f.start();
      await waitUntil(() => f.outcomes.length === 300, '300 outcomes', 30_000);
      expect(new Set(f.outcomes.map((o) => o.name)).size).toBe(300);
      for (const o of f.outcomes) expect(o).toMatchObject({ status: 'succeeded', response: `t${o.data.n}` });
      // Each wait's first poll is a GetOperation (its project is not known yet); lists answer for the later ones, many at a time.
      const polls = f.outcomes.reduce((sum, o) => sum + (o.snapshot?.attempt ?? 0), 0);
      expect(transfer.calls.byMethod.get).toBeGreaterThanOrEqual(300);
      expect(transfer.calls.byMethod.list).toBeGreaterThan(0);
      expect(transfer.calls.total * 2).toBeLessThan(polls);
      expect(transfer.calls.maxInFlight).toBeLessThanOrEqual(4);
    } finally {
      await transfer.close();
    }
  });

  it('closes without losing a wait: those it held are finished or put back, another worker ends them all', async () => {
    await using f = await fleet();
    const ops = Array.from({ length: 40 }, (_, i) => emulator.create({ durationMs: 1_500 + i * 10, ...done(`c${i}`) }));
    await f.queue.enqueueAll(ops.map((op, n) => ({ target: op.name, data: { n } })));
    const before = emulator.calls.byMethod.get;
    const first = f.start();
    await waitUntil(() => emulator.calls.byMethod.get > before + 60, 'some polls');
    await first.close();
    const counts = await f.queue.counts();
    expect(counts.active).toBe(0);
    expect(counts.pending + counts.finished).toBe(40);
    f.start();
    await waitUntil(() => f.outcomes.length === 40, 'every outcome', 15_000);
    expect(new Set(f.outcomes.map((o) => o.name)).size).toBe(40);
  });
});
