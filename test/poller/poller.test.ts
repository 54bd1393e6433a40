import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Code,
  OperationCancelledError,
  OperationError,
  PollTimeoutError,
  RpcError,
  UnknownTypeError,
  defineServiceProfile,
  UnpackError,
  services,
  type OperationsClient,
  type Snapshot,
} from '../../src/index.js';
import { ManualClock, type Emulator } from '../../src/testing/index.js';
import { drive, freeRun } from '../helpers/drive-clock.js';
import { clientFor, emulatorFor, rejection, TRANSPORTS } from '../helpers/setup.js';

const require = createRequire(import.meta.url);
const transferProtos = require('@google-cloud/storage-transfer/build/protos/protos.json');

const TRANSFER_OP = 'type.googleapis.com/google.storagetransfer.v1.TransferOperation';
const TRANSFER_JOB = 'type.googleapis.com/google.storagetransfer.v1.TransferJob';
const EMPTY = 'type.googleapis.com/google.protobuf.Empty';

interface TransferOperation {
  name: string;
  projectId: string;
  status: 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'ABORTED' | 'PAUSED' | 'QUEUED';
  counters?: { bytesCopiedToSink?: string };
}
interface TransferJob {
  name: string;
  description?: string;
}

const FAST = { initialDelayMs: 20, multiplier: 1.5, maxDelayMs: 100, jitter: 0 };

function transferSpec(name: string, durationMs: number) {
  return {
    name,
    durationMs,
    metadata: ({ fraction, done }: { fraction: number; done: boolean }) => ({
      '@type': TRANSFER_OP,
      name,
      projectId: 'demo-project',
      status: done ? 'SUCCESS' : 'IN_PROGRESS',
      counters: { bytesCopiedToSink: String(Math.round(fraction * 1000)) },
    }),
    response: { '@type': TRANSFER_JOB, name: 'transferJobs/1', description: 'nightly copy' },
  };
}

for (const transport of TRANSPORTS) {
  describe(`Poller over ${transport}`, () => {
    // The emulator's operations and the client's pollers share one clock that moves only when a test
    // drives it: poll counts, delays and deadlines come out the same on a loaded machine as on an idle one.
    const clock = new ManualClock();
    let emulator: Emulator;
    let client: OperationsClient;
    let seq = 0;
    const nextName = () => `transferOperations/transferJobs-1-${transport}-${++seq}`;
    const run = <T>(work: Promise<T>, idleTimers = 1) => drive(clock, work, { idleTimers });
    const loneClient = () => clientFor(emulator, transport, { types: transferProtos, poll: FAST, retry: false, clock });

    beforeAll(async () => {
      emulator = await emulatorFor(services.storageTransfer, { types: [transferProtos], clock });
      client = clientFor(emulator, transport, { types: transferProtos, poll: FAST, retry: { initialDelayMs: 10, maxDelayMs: 40 }, clock });
    });
    afterAll(async () => {
      client.close();
      await emulator.close();
    });

    it('resolves `await poller` with the typed response', async () => {
      const op = emulator.create(transferSpec(nextName(), 250));
      emulator.resetCalls();
      const poller = client.poller<TransferJob, TransferOperation>(op);
      const response = await run(poller.result());
      expect(emulator.calls.total).toBe(poller.latest!.attempt);
      expect(response).toEqual({ name: 'transferJobs/1', description: 'nightly copy' });
      expect(poller.latest?.done).toBe(true);
      expect(poller.latest?.metadata?.status).toBe('SUCCESS');
    });

    it('iterates snapshots with typed metadata (enums as names, int64 as strings), the last one done', async () => {
      const op = emulator.create(transferSpec(nextName(), 400));
      const seen: Snapshot<TransferJob, TransferOperation>[] = [];
      emulator.resetCalls();
      await run(
        (async () => {
          for await (const s of client.poller<TransferJob, TransferOperation>(op.name)) seen.push(s);
        })(),
      );
      expect(emulator.calls.total).toBe(seen.at(-1)!.attempt);
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.at(-1)?.done).toBe(true);
      expect(seen.at(-1)?.response?.name).toBe('transferJobs/1');
      expect(seen.slice(0, -1).every((s) => !s.done)).toBe(true);
      expect(seen[0]?.metadata?.status).toBe('IN_PROGRESS');
      expect(typeof seen[0]?.metadata?.counters?.bytesCopiedToSink).toBe('string');
      expect(seen.at(-1)?.metadata?.counters?.bytesCopiedToSink).toBe('1000');
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.attempt).toBeGreaterThan(seen[i - 1]!.attempt);
    });

    it('emits progress and done to listeners alone', async () => {
      const op = emulator.create(transferSpec(nextName(), 300));
      const callsBefore = emulator.calls.total;
      const poller = client.poller<TransferJob, TransferOperation>(op.name);
      const progress: number[] = [];
      const done = await run(
        new Promise<{ response: TransferJob | undefined; snapshot: Snapshot<TransferJob, TransferOperation> }>((resolve, reject) => {
          poller.on('progress', (s) => progress.push(Number(s.metadata?.counters?.bytesCopiedToSink ?? 0)));
          poller.on('done', (response, snapshot) => resolve({ response, snapshot }));
          poller.on('error', reject);
        }),
      );
      expect(done.response?.description).toBe('nightly copy');
      expect(done.snapshot.done).toBe(true);
      expect(emulator.calls.total - callsBefore).toBe(done.snapshot.attempt);
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress.at(-1)).toBe(1000);
    });

    it('serves every consumer from one loop: RPCs equal polls', async () => {
      const op = emulator.create(transferSpec(nextName(), 500));
      emulator.resetCalls();
      const poller = client.poller<TransferJob, TransferOperation>(op.name);
      const events: string[] = [];
      poller.on('progress', () => events.push('progress'));
      poller.on('done', () => events.push('done'));
      const iterated = (async () => {
        let n = 0;
        for await (const _ of poller) n++;
        return n;
      })();
      const [a, b, n] = await run(Promise.all([poller.result(), poller.result(), iterated]));
      expect(a).toEqual(b);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(events.at(-1)).toBe('done');
      const polls = poller.latest!.attempt;
      expect(emulator.calls.total).toBe(polls);

      // The same operation awaited alone costs as many polls: on one clock, exactly as many.
      const alone = emulator.create(transferSpec(nextName(), 500));
      emulator.resetCalls();
      await run(client.poller(alone.name).result());
      expect(Math.abs(emulator.calls.total - polls)).toBeLessThanOrEqual(2);
      expect(emulator.calls.total).toBe(polls);
    });

    it('rejects with OperationError carrying the decoded details', async () => {
      const op = emulator.create({
        name: nextName(),
        durationMs: 100,
        error: {
          code: Code.PERMISSION_DENIED,
          message: 'the sink bucket refused us',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'BUCKET_DENIED',
              domain: 'storagetransfer.test',
              metadata: { bucket: 'b1' },
            },
            { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'docs', url: 'https://example.test/help' }] },
          ],
        },
      });
      const err = await rejection(run(client.poller(op.name).result()));
      expect(err).toBeInstanceOf(OperationError);
      expect(err).not.toBeInstanceOf(OperationCancelledError);
      const e = err as OperationError;
      expect(e.code).toBe(Code.PERMISSION_DENIED);
      expect(e.rawMessage).toBe('the sink bucket refused us');
      expect(e.operationName).toBe(op.name);
      expect(e.findDetail('google.rpc.ErrorInfo')).toEqual({
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'BUCKET_DENIED',
        domain: 'storagetransfer.test',
        metadata: { bucket: 'b1' },
      });
      expect(e.findDetail('google.rpc.Help')).toMatchObject({ links: [{ url: 'https://example.test/help' }] });
    });

    it('cancel ends the wait with OperationCancelledError', async () => {
      const op = emulator.create(transferSpec(nextName(), 60_000));
      const poller = client.poller(op.name);
      const outcome = rejection(poller.result());
      await clock.untilPending(1); // the first poll is in: the wait sits until its next one
      await poller.cancel();
      const err = await run(outcome);
      expect(err).toBeInstanceOf(OperationCancelledError);
      expect(err).toBeInstanceOf(OperationError);
      expect((err as OperationCancelledError).code).toBe(Code.CANCELLED);
    });

    it('resolves undefined for an operation done with neither result, and for Empty', async () => {
      const none = emulator.create({ name: nextName(), durationMs: 50 });
      expect(await run(client.poller(none.name).result())).toBeUndefined();
      const empty = emulator.create({ name: nextName(), response: { '@type': EMPTY } });
      const poller = client.poller(empty.name);
      expect(await run(poller.result())).toBeUndefined();
      expect(poller.latest?.operation.response?.typeUrl).toBe(EMPTY);
    });

    it('rejects an unknown response type with UnknownTypeError, the operation kept', async () => {
      const op = emulator.create({
        name: nextName(),
        response: { typeUrl: 'type.googleapis.com/acme.v1.Mystery', value: new Uint8Array([8, 1]) },
      });
      const err = await rejection(client.poller(op.name).result());
      expect(err).toBeInstanceOf(UnknownTypeError);
      const e = err as UnknownTypeError;
      expect(e.typeUrl).toBe('type.googleapis.com/acme.v1.Mystery');
      expect(e.message).toContain(op.name);
      expect(e.registered).toContain('google.storagetransfer.v1.TransferJob');
      expect(e.operation?.name).toBe(op.name);
    });

    it('rejects a response of another type than the one pinned', async () => {
      const op = emulator.create(transferSpec(nextName(), 0));
      const err = await rejection(client.poller(op.name, { responseType: 'google.storagetransfer.v1.TransferOperation' }).result());
      expect(err).toBeInstanceOf(UnpackError);
      expect((err as UnpackError).operation?.name).toBe(op.name);
    });

    it('times out with PollTimeoutError carrying the latest snapshot, then goes on', async () => {
      const op = emulator.create(transferSpec(nextName(), 700));
      const poller = client.poller<TransferJob, TransferOperation>(op.name);
      const startedAt = clock.now();
      // Idle, the wait holds two timers: its next poll and its deadline.
      const err = await rejection(run(poller.result({ timeoutMs: 150 }), 2));
      expect(err).toBeInstanceOf(PollTimeoutError);
      expect((err as PollTimeoutError).code).toBe(Code.DEADLINE_EXCEEDED);
      expect(clock.now() - startedAt).toBe(150);
      const latest = (err as PollTimeoutError<TransferJob, TransferOperation>).latest;
      expect(latest?.done).toBe(false);
      expect(latest?.metadata?.status).toBe('IN_PROGRESS');
      expect((await run(poller.result()))?.name).toBe('transferJobs/1');
    });

    it('stops after maxAttempts with PollTimeoutError', async () => {
      const op = emulator.create(transferSpec(nextName(), 60_000));
      emulator.resetCalls();
      const err = await rejection(run(client.poller(op.name, { useWait: 'never' }).result({ maxAttempts: 3 })));
      expect(err).toBeInstanceOf(PollTimeoutError);
      expect(emulator.calls.total).toBe(3);
    });

    it('aborts in the middle of a sleep with the signal reason, leaving no timer', async () => {
      const op = emulator.create(transferSpec(nextName(), 60_000));
      const poller = client.poller(op, { initialDelayMs: 10_000, useWait: 'never' });
      const controller = new AbortController();
      const before = clock.pending;
      const pending = rejection(poller.result({ signal: controller.signal }));
      await clock.untilPending(before + 1); // asleep until its first poll, 10 s away
      const reason = new Error('enough');
      controller.abort(reason);
      // It ends with the clock standing still: the sleep did not have to run out.
      expect(await pending).toBe(reason);
      expect(clock.pending).toBe(before);
      expect(emulator.peek(op.name)?.done).toBe(false);
    });

    it('survives a storm of UNAVAILABLE answers', async () => {
      const op = emulator.create(transferSpec(nextName(), 400));
      emulator.setFaults({ unavailableRate: 0.5, seed: 7 });
      try {
        const response = await run(client.poller<TransferJob>(op.name).result({ timeoutMs: 15_000 }), 2);
        expect(response?.name).toBe('transferJobs/1');
      } finally {
        emulator.clearFaults();
      }
    });

    it("tells 'retry' listeners of each failed poll it polls through", async () => {
      using lone = loneClient();
      const op = emulator.create(transferSpec(nextName(), 0));
      emulator.failNext(2, { code: Code.UNAVAILABLE, message: 'restarting' });
      const poller = lone.poller(op.name, { useWait: 'never' });
      const retries: [number, number][] = [];
      poller.on('retry', (err, attempt) => retries.push([(err as RpcError).code, attempt]));
      await run(poller.result());
      expect(retries).toEqual([
        [Code.UNAVAILABLE, 1],
        [Code.UNAVAILABLE, 2],
      ]);
    });

    it('survives a storm of UNAVAILABLE answers with the client not retrying: the poller polls through', async () => {
      using lone = loneClient();
      const op = emulator.create(transferSpec(nextName(), 300));
      emulator.setFaults({ unavailableRate: 0.5, seed: 11 });
      try {
        const poller = lone.poller<TransferJob>(op.name, { useWait: 'never' });
        let retries = 0;
        poller.on('retry', () => retries++);
        // The operation ends only as the clock moves: it cannot finish before the storm has been met.
        expect((await run(poller.result({ timeoutMs: 15_000 }), 2))?.name).toBe('transferJobs/1');
        expect(retries).toBeGreaterThan(0);
      } finally {
        emulator.clearFaults();
      }
    });

    it('stops polling for a consumer that leaves the loop', async () => {
      const op = emulator.create(transferSpec(nextName(), 60_000));
      const before = clock.pending;
      for await (const s of client.poller(op.name, { useWait: 'never' })) {
        expect(s.done).toBe(false);
        break;
      }
      emulator.resetCalls();
      expect(clock.pending).toBe(before);
      await clock.tick(300);
      expect(emulator.calls.total).toBe(0);
    });

    it('fails fast on PERMISSION_DENIED and NOT_FOUND', async () => {
      const op = emulator.create(transferSpec(nextName(), 60_000));
      emulator.failNext(1, { code: Code.PERMISSION_DENIED, message: 'no access' });
      const started = clock.now();
      // No drive: the wait ends on its first poll, with no backoff or retry in between.
      const err = await rejection(client.poller(op.name).result());
      expect(err).toBeInstanceOf(RpcError);
      expect((err as RpcError).code).toBe(Code.PERMISSION_DENIED);
      expect(clock.now()).toBe(started);
      expect(emulator.calls.total).toBeGreaterThan(0);
      const missing = await rejection(client.poller('transferOperations/transferJobs-none').result());
      expect(missing).toMatchObject({ code: Code.NOT_FOUND });
    });

    it('honours RetryInfo on an RPC error', async () => {
      using lone = loneClient();
      const op = emulator.create(transferSpec(nextName(), 0));
      emulator.failNext(1, {
        code: Code.UNAVAILABLE,
        message: 'busy',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.6s' }],
      });
      const started = clock.now();
      const poller = lone.poller(op.name, { maxDelayMs: 5_000 });
      await run(poller.result());
      expect(clock.now() - started).toBeGreaterThanOrEqual(600);
      expect(poller.latest?.attempt).toBe(2);
    });

    it('resumes from a token in another client', async () => {
      const op = emulator.create(transferSpec(nextName(), 200));
      const token = JSON.stringify(client.poller(op.name, { responseType: TRANSFER_JOB }));
      using other = clientFor(emulator, transport, { types: transferProtos, poll: FAST, clock });
      const resumed = other.poller<TransferJob>(token);
      expect(resumed.name).toBe(op.name);
      expect((await run(resumed.result()))?.name).toBe('transferJobs/1');
      expect(() => other.poller({ v: 1, name: op.name, service: 'standard' })).toThrow(TypeError);
    });

    it('an error with no listener for it does not crash, events alone do not reject', async () => {
      const op = emulator.create({ name: nextName(), error: { code: Code.INTERNAL, message: 'x' } });
      const poller = client.poller(op.name);
      const progress: Snapshot[] = [];
      poller.on('progress', (s) => progress.push(s));
      await new Promise((r) => setTimeout(r, 200));
      await expect(poller.result()).rejects.toBeInstanceOf(OperationError);
      expect(progress.at(-1)?.error).toBeInstanceOf(OperationError);
    });
  });
}

describe('WaitOperation', () => {
  const clock = new ManualClock();
  const run = <T>(work: Promise<T>, idleTimers = 1) => drive(clock, work, { idleTimers });
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await emulatorFor(services.standard, { clock });
  });
  afterAll(() => emulator.close());

  it('long-polls with WaitOperation over gRPC: one RPC for the whole wait', async () => {
    using client = clientFor(emulator, 'grpc', { poll: FAST, clock });
    const op = emulator.create({ durationMs: 600, response: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1s' } });
    emulator.resetCalls();
    const started = clock.now();
    // While the long-poll is open, the one timer pending is the server's: it answers when the operation ends.
    expect(await run(client.poller(op.name).result())).toEqual({ seconds: '1' });
    expect(emulator.calls.byMethod.wait).toBe(1);
    expect(emulator.calls.byMethod.get).toBe(0);
    // The answer came when the operation ended, not at the end of the 60 s long-poll.
    expect(clock.now() - started).toBe(600);
  });

  it('falls back to GetOperation when the server answers UNIMPLEMENTED', async () => {
    // A server without WaitOperation, and a client that believes it has one.
    const noWait = defineServiceProfile({ id: 'no-wait', methods: { get: { http: 'GET /v1/{name=operations/**}' } } });
    const server = await emulatorFor(noWait, { clock });
    try {
      using client = clientFor(server, 'grpc', { service: services.standard, poll: FAST, clock });
      const op = server.create({ durationMs: 200 });
      await run(client.poller(op.name).result());
      expect(server.calls.byMethod.wait).toBe(1);
      expect(server.calls.byMethod.get).toBeGreaterThan(0);
      // What the client learnt is its own: another client tries WaitOperation again.
      using fresh = clientFor(server, 'grpc', { service: services.standard, poll: FAST, clock });
      await run(fresh.poller(server.create({ durationMs: 100 }).name).result());
      expect(server.calls.byMethod.wait).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('backs off between failed long-polls instead of looping', async () => {
    using client = clientFor(emulator, 'grpc', { poll: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0 }, retry: false, clock });
    const op = emulator.create({ durationMs: 60_000 });
    emulator.setFaults({ unavailableRate: 1 });
    emulator.resetCalls();
    try {
      const err = await rejection(run(client.poller(op.name).result({ timeoutMs: 1_000 }), 2));
      expect(err).toBeInstanceOf(PollTimeoutError);
      // 50, 75, 112, 168, 200, 200… ms apart: a dozen calls at most, not thousands.
      expect(emulator.calls.total).toBeGreaterThanOrEqual(3);
      expect(emulator.calls.total).toBeLessThanOrEqual(12);
    } finally {
      emulator.clearFaults();
    }
  });

  it('starts long-polling at once for a poller made from an Operation', async () => {
    using client = clientFor(emulator, 'grpc', { clock });
    const op = emulator.create({ durationMs: 150 });
    emulator.resetCalls();
    const started = clock.now();
    const done = client.poller(op).result();
    // The long-poll opens with the clock standing still: no backoff delay before it.
    await vi.waitFor(() => expect(emulator.calls.byMethod.wait).toBe(1), { timeout: 10_000 });
    expect(clock.now()).toBe(started);
    await run(done);
    expect(clock.now() - started).toBe(150);
  });

  it('holds at most maxConcurrentWaits long-polls open; the other pollers use GetOperation', async () => {
    using client = clientFor(emulator, 'grpc', { poll: FAST, maxConcurrentWaits: 2, clock });
    const ops = Array.from({ length: 6 }, () =>
      emulator.create({ durationMs: 400, response: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1s' } }),
    );
    emulator.resetCalls();
    const results = await freeRun(clock, Promise.all(ops.map((op) => client.poller(op.name).result())));
    expect(results).toEqual(ops.map(() => ({ seconds: '1' })));
    expect(emulator.calls.byMethod.wait).toBeGreaterThanOrEqual(2);
    expect(emulator.calls.byMethod.get).toBeGreaterThan(0);
    using none = clientFor(emulator, 'grpc', { poll: FAST, maxConcurrentWaits: 0, clock });
    emulator.resetCalls();
    await run(none.poller(emulator.create({ durationMs: 100 }).name).result());
    expect(emulator.calls.byMethod.wait).toBe(0);
  });

  it('uses GetOperation over REST, where WaitOperation has no binding', async () => {
    using client = clientFor(emulator, 'rest', { poll: FAST, clock });
    const op = emulator.create({ durationMs: 200 });
    emulator.resetCalls();
    await run(client.poller(op.name).result());
    expect(emulator.calls.byMethod.wait).toBe(0);
    expect(emulator.calls.byMethod.get).toBeGreaterThan(0);
  });
});
