// A durable wait's schedule, without Redis: the same poll times as an in-process poller, job ids, job data read back, the batch grid, the limiter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code, LongrunningError, OperationsClient, services, type PollOptions, type ServiceProfile } from '../../src/index.js';
import { ManualClock, startEmulator, type OperationSpec } from '../../src/testing/index.js';
import { resolvePollOptions } from '../../src/poller/poll-options.js';
import { readState } from '../../src/bullmq/durable-outcome.js';
import { missingPeerError } from '../../src/bullmq/bullmq-peer.js';
import { operationNameOf, readWaitJob, waitJobId, type PollState } from '../../src/bullmq/wait-job.js';
import { limiterFor } from '../../src/bullmq/wait-options.js';
import { batchAlignedDueAt, nextWaitPoll, storedSchedule } from '../../src/bullmq/wait-schedule.js';

const T0 = Date.parse('2026-05-01T00:00:00Z');
const STRUCT = 'type.googleapis.com/google.protobuf.Struct';
const STRING = 'type.googleapis.com/google.protobuf.StringValue';

/** A Storage Transfer operation whose bytes are copied at a steady rate from T0. */
function transfer(durationMs: number): OperationSpec {
  return {
    durationMs,
    metadata: ({ fraction, done }) => ({
      '@type': STRUCT,
      value: {
        projectId: 'p1',
        startTime: new Date(T0).toISOString(),
        status: done ? 'SUCCESS' : 'IN_PROGRESS',
        counters: { bytesFoundFromSource: '1000000', bytesCopiedToSink: String(Math.floor(1_000_000 * fraction)) },
      },
    }),
    response: { '@type': STRING, value: 'done' },
  };
}

async function setUp(profile: ServiceProfile) {
  const clock = new ManualClock(T0);
  const emulator = await startEmulator({ listen: false, profile, clock });
  return { clock, emulator };
}

/** When an in-process poller from a name polls, in ms from its start. */
async function inProcessPollTimes(profile: ServiceProfile, spec: OperationSpec, poll: PollOptions, failFirst?: number): Promise<number[]> {
  const { clock, emulator } = await setUp(profile);
  const times: number[] = [];
  const inner = emulator.transport();
  const transport = {
    ...inner,
    get: (name: string, o: Parameters<typeof inner.get>[1]) => (times.push(clock.now() - T0), inner.get(name, o)),
  };
  const client = new OperationsClient({ transport, service: profile, clock, retry: false, poll: { ...poll, useWait: 'never' } });
  const op = emulator.create(spec);
  if (failFirst !== undefined) emulator.failNext(1, retryInfoError(failFirst));
  await clock.run(client.poller(op.name).result());
  client.close();
  await emulator.close();
  return times;
}

/** When a durable wait on the same operation polls, working its schedule out poll by poll as a worker would. */
async function durablePollTimes(profile: ServiceProfile, spec: OperationSpec, poll: PollOptions, failFirst?: number): Promise<number[]> {
  const { clock, emulator } = await setUp(profile);
  const client = new OperationsClient({ transport: emulator.transport(), service: profile, clock, retry: false });
  const op = emulator.create(spec);
  if (failFirst !== undefined) emulator.failNext(1, retryInfoError(failFirst));
  const schedule = storedSchedule(resolvePollOptions(poll));
  let state: PollState = { polls: 0, base: 1 };
  const times: number[] = [];
  for (let t = T0; times.length < 1_000;) {
    clock.advance(t - clock.now());
    times.push(t - T0);
    let answered = true;
    let metadata: unknown;
    let retryDelayMs: number | undefined;
    try {
      const got = await client.getOperation(op.name);
      if (got.done) break;
      metadata = readState(got, client.types, {}, state.polls + 1, t - T0).snapshot.metadata;
    } catch (err) {
      answered = false;
      retryDelayMs = (err as LongrunningError).findDetail('google.rpc.RetryInfo') ? failFirst : undefined;
    }
    state = { ...state, polls: state.polls + 1 };
    const next = nextWaitPoll(
      state,
      { nowMs: t, answered, metadata, retryDelayMs },
      { schedule, enqueuedAt: T0, deadline: Infinity, progress: profile.progress, startTime: profile.startTime },
    );
    state = next.state;
    t += next.delayMs;
  }
  client.close();
  await emulator.close();
  return times;
}

function retryInfoError(ms: number) {
  return {
    code: Code.UNAVAILABLE,
    message: 'busy',
    details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${ms / 1_000}s` }],
  };
}

describe("a durable wait's schedule", () => {
  const cases: [string, ServiceProfile, OperationSpec, PollOptions][] = [
    ['the age schedule (standard)', services.standard, { durationMs: 47_000 }, { jitter: 0 }],
    [
      'the attempt schedule',
      services.standard,
      { durationMs: 20_000 },
      { jitter: 0, multiplier: 2, initialDelayMs: 100, maxDelayMs: 5_000 },
    ],
    ['progress-aware polling (Storage Transfer)', services.storageTransfer, transfer(40_000), { jitter: 0 }],
    ['progress-aware polling of a short transfer', services.storageTransfer, transfer(1_300), { jitter: 0 }],
  ];
  for (const [what, profile, spec, poll] of cases) {
    it(`polls at the same times as an in-process poller: ${what}`, async () => {
      const inProcess = await inProcessPollTimes(profile, spec, poll);
      const durable = await durablePollTimes(profile, spec, poll);
      expect(inProcess.length).toBeGreaterThan(1);
      expect(durable).toEqual(inProcess);
    });
  }

  it("takes a RetryInfo's delay as a floor after a failed poll, as in-process", async () => {
    const spec = transfer(30_000);
    const inProcess = await inProcessPollTimes(services.storageTransfer, spec, { jitter: 0 }, 7_000);
    const durable = await durablePollTimes(services.storageTransfer, spec, { jitter: 0 }, 7_000);
    expect(durable).toEqual(inProcess);
    expect(durable[1]! - durable[0]!).toBeGreaterThanOrEqual(7_000);
  });

  it('never passes the deadline, maxDelayMs or the timer limit', () => {
    const schedule = storedSchedule(resolvePollOptions({ maxDelayMs: 60_000 }));
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.option(fc.nat(10 ** 9)),
        (polls, age, left, retry) => {
          const now = T0 + age;
          const { delayMs } = nextWaitPoll(
            { polls: polls + 1, base: 1 },
            { nowMs: now, answered: retry === null, retryDelayMs: retry ?? undefined },
            { schedule, enqueuedAt: T0, deadline: now + left },
          );
          expect(Number.isInteger(delayMs)).toBe(true);
          expect(delayMs).toBeGreaterThanOrEqual(0);
          expect(delayMs).toBeLessThanOrEqual(Math.min(60_000, left));
        },
      ),
    );
  });
});

describe("a wait's job id", () => {
  it('stands for its name alone, holds no colon, is never an integer, and gives the name back', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const id = waitJobId(a);
        expect(id).not.toContain(':');
        expect(`${parseInt(id, 10)}`).not.toBe(id);
        expect(operationNameOf(id)).toBe(a);
        if (a !== b) expect(waitJobId(b)).not.toBe(id);
      }),
    );
    expect(waitJobId('projects/p/locations/l/operations/a:b%3A')).toBe('lro/projects/p/locations/l/operations/a%3Ab%253A');
    expect(waitJobId('123')).toBe('lro/123');
    expect(operationNameOf('not-a-wait')).toBeUndefined();
  });
});

describe("a wait's job data", () => {
  const good = {
    v: 1,
    name: 'operations/x',
    service: 'standard',
    data: { any: 'thing' },
    enqueuedAt: T0,
    schedule: { initialDelayMs: 220, multiplier: 1.5, maxDelayMs: 30_000, jitter: 0.1, lateness: 0.4 },
    poll: { polls: 2, base: 1, progress: { early: 0, estimated: false, latest: { atMs: T0, fraction: 0.5 } } },
  };

  it('reads back what was written', () => {
    expect(readWaitJob(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  it('names the field that is wrong in data from elsewhere', () => {
    expect(() => readWaitJob(null)).toThrow(TypeError);
    expect(() => readWaitJob({ ...good, v: 2 })).toThrow(/version 2/);
    expect(() => readWaitJob({ ...good, name: 7 })).toThrow(/\bname\b/);
    expect(() => readWaitJob({ ...good, schedule: { ...good.schedule, jitter: 3 } })).toThrow(/schedule\.jitter/);
    expect(() => readWaitJob({ ...good, poll: { ...good.poll, base: 4 } })).toThrow(/poll\.base/);
    expect(() => readWaitJob({ ...good, poll: { ...good.poll, progress: { early: -1, estimated: false } } })).toThrow(/poll\.progress/);
    expect(() => readWaitJob({ ...good, poll: { ...good.poll, end: { kind: 'rpc', message: 'x' } } })).toThrow(/poll\.end/);
  });
});

describe('the batch grid', () => {
  it('moves a poll earlier only, by less than half its delay, onto the grid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.nat(10 ** 7), fc.integer({ min: 1, max: 10_000 }), (now, delay, window) => {
        const due = now + delay;
        const aligned = batchAlignedDueAt(due, delay, window);
        expect(aligned).toBeLessThanOrEqual(due);
        expect(due - aligned).toBeLessThan(Math.max(delay / 2, Number.MIN_VALUE) + (aligned === due ? 1 : 0));
        if (aligned !== due) expect(aligned % window).toBe(0);
      }),
    );
    expect(batchAlignedDueAt(12_345, 5_000, 0)).toBe(12_345);
  });
});

describe('the fleet limiter', () => {
  it('never allows more than the rate, and a window holds at most a quarter of a second of it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), (rate) => {
        const { max, duration } = limiterFor(rate)!;
        expect(max).toBeGreaterThanOrEqual(1);
        expect(Number.isInteger(duration)).toBe(true);
        expect((max * 1_000) / duration).toBeLessThanOrEqual(rate * (1 + 1e-9));
        if (rate >= 4) expect(max).toBeLessThanOrEqual(rate / 4);
      }),
    );
    expect(limiterFor(Infinity)).toBeUndefined();
  });
});

describe('bullmq missing', () => {
  it('turns "cannot find bullmq" into one error that says what to install, and leaves other failures as they are', () => {
    const notFound = Object.assign(
      new Error("Cannot find package 'bullmq' imported from /app/node_modules/longrunning/dist/bullmq/bullmq-peer.js"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );
    const err = missingPeerError(notFound) as LongrunningError;
    expect(err).toBeInstanceOf(LongrunningError);
    expect(err.code).toBe(Code.FAILED_PRECONDITION);
    expect(err.message).toContain('npm install bullmq ioredis');
    expect(err.cause).toBe(notFound);
    const other = Object.assign(new Error("Cannot find package 'msgpackr' imported from /app/node_modules/bullmq/dist/cjs/index.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(missingPeerError(other)).toBe(other);
    const broken = new SyntaxError('Unexpected token');
    expect(missingPeerError(broken)).toBe(broken);
  });
});
