// Progress-aware polling end to end: the in-memory emulator on a ManualClock, Storage Transfer operations whose counters grow.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { OperationsClient, services, type OperationsClientOptions } from '../../src/index.js';
import { ManualClock, startEmulator, type Emulator } from '../../src/testing/index.js';

const require = createRequire(import.meta.url);
const transferProtos = require('@google-cloud/storage-transfer/build/protos/protos.json');

const TRANSFER_OP = 'type.googleapis.com/google.storagetransfer.v1.TransferOperation';
const EMPTY = 'type.googleapis.com/google.protobuf.Empty';
const TOTAL_BYTES = 3 * 2 ** 30;

/** A transfer that copies its bytes at a steady rate; `shape` maps the time's fraction to the bytes' fraction. */
function transfer(durationMs: number, startTime: string, shape: (fraction: number) => number = (f) => f) {
  return {
    durationMs,
    metadata: ({ fraction, done }: { fraction: number; done: boolean }) => ({
      '@type': TRANSFER_OP,
      projectId: 'demo-project',
      startTime,
      status: done ? 'SUCCESS' : 'IN_PROGRESS',
      counters: {
        bytesFoundFromSource: String(TOTAL_BYTES),
        bytesCopiedToSink: String(Math.floor(TOTAL_BYTES * (done ? 1 : shape(fraction)))),
      },
    }),
    response: { '@type': EMPTY },
  };
}

async function setUp(clientOptions: Partial<OperationsClientOptions> = {}) {
  const clock = new ManualClock(Date.parse('2026-03-01T00:00:00Z'));
  const emulator = await startEmulator({ listen: false, profile: services.storageTransfer, types: [transferProtos], clock });
  const client = new OperationsClient({
    transport: emulator.transport(),
    service: emulator.profile,
    types: transferProtos,
    clock,
    ...clientOptions,
  });
  return { clock, emulator, client, [Symbol.asyncDispose]: async () => (client.close(), emulator.close()) };
}

/** Waits on one operation from the Operation its start returned; gives the GetOperations it cost and how late it saw the end. */
async function waitOn(
  { clock, emulator, client }: { clock: ManualClock; emulator: Emulator; client: OperationsClient },
  spec: ReturnType<typeof transfer>,
) {
  const op = emulator.create(spec);
  const before = emulator.calls.byMethod.get ?? 0;
  const started = clock.now();
  await clock.run(client.poller(op).result());
  return { polls: (emulator.calls.byMethod.get ?? 0) - before, lateness: (clock.now() - started - spec.durationMs) / spec.durationMs };
}

describe('progress-aware polling', () => {
  it('costs at most 3 GetOperations per steady Storage Transfer operation, seeing the end within a tenth of its duration', async () => {
    await using env = await setUp();
    for (const durationMs of [300, 1_000, 2_500, 6_000, 13_000, 20_000, 29_000]) {
      const start = new Date(env.clock.now()).toISOString();
      const { polls, lateness } = await waitOn(env, transfer(durationMs, start));
      expect(polls, `${durationMs} ms`).toBeLessThanOrEqual(3);
      expect(lateness, `${durationMs} ms`).toBeLessThanOrEqual(0.1);
      expect(lateness).toBeGreaterThanOrEqual(0);
    }
    // maxDelayMs (30 s) caps the delays an estimate leads to as well: 90 s takes a poll per 30 s.
    const long = await waitOn(env, transfer(90_000, new Date(env.clock.now()).toISOString()));
    expect(long.polls).toBe(4);
    expect(env.clock.pending).toBe(0);
  });

  it('reads the start time from the metadata for a poller made from a name, and polls near the end from the first answer', async () => {
    await using env = await setUp();
    const { clock, emulator, client } = env;
    const op = emulator.create(transfer(40_000, new Date(clock.now()).toISOString()));
    // Taken up 10 s into the transfer, by name: the first poll at once finds it a quarter done.
    await clock.tick(10_000);
    emulator.resetCalls();
    await clock.run(client.poller(op.name).result());
    expect(emulator.calls.byMethod.get).toBe(2);
    expect(clock.now() - Date.parse('2026-03-01T00:00:00Z')).toBeGreaterThanOrEqual(40_000);
    expect(clock.now() - Date.parse('2026-03-01T00:00:00Z')).toBeLessThanOrEqual(44_000);
  });

  it('follows the age schedule when progress cannot be read: no metadata types, or progress: false', async () => {
    for (const options of [{ types: undefined }, { poll: { progress: false as const } }]) {
      await using env = await setUp(options);
      const { polls, lateness } = await waitOn(env, transfer(20_000, new Date(env.clock.now()).toISOString()));
      expect(polls).toBeGreaterThan(3);
      expect(lateness).toBeLessThanOrEqual(0.4);
    }
  });

  it('takes a progress reader from the options over the profile’s', async () => {
    let calls = 0;
    await using env = await setUp({
      poll: {
        progress: (metadata) => {
          calls++;
          const counters = (metadata as { counters?: { bytesCopiedToSink?: string } }).counters;
          return Number(counters?.bytesCopiedToSink ?? NaN) / TOTAL_BYTES;
        },
      },
    });
    const { polls } = await waitOn(env, transfer(8_000, new Date(env.clock.now()).toISOString()));
    expect(polls).toBeLessThanOrEqual(3);
    expect(calls).toBeGreaterThan(0);
  });

  it('never polls in a tight loop when estimates keep coming early: progress that races ahead, then crawls', async () => {
    // 90% in the first tenth of the time, then the last 10% over the remaining nine tenths.
    const shape = (f: number) => (f < 0.1 ? 9 * f : 0.9 + ((f - 0.1) * 0.1) / 0.9);
    const waitWith = async (progress: false | undefined) => {
      await using env = await setUp({ poll: { jitter: 0, progress } });
      const { clock, emulator, client } = env;
      const start = clock.now();
      const op = emulator.create(transfer(60_000, new Date(start).toISOString(), shape));
      const pollTimes: number[] = [];
      const poller = client.poller(op);
      poller.on('progress', () => pollTimes.push(clock.now() - start));
      await clock.run(poller.result());
      return { polls: emulator.calls.byMethod.get!, pollTimes, lateness: (clock.now() - start - 60_000) / 60_000 };
    };
    const ageOnly = await waitWith(false);
    const aware = await waitWith(undefined);
    // The early estimates cost a poll or two over the age schedule, never a flurry.
    expect(aware.polls).toBeLessThanOrEqual(ageOnly.polls + 2);
    for (let i = 1; i < aware.pollTimes.length; i++) {
      // Each wait is at least the margin (a tenth of the lateness, 4%) of the operation's age, whatever the estimates said.
      expect(aware.pollTimes[i]! - aware.pollTimes[i - 1]!).toBeGreaterThanOrEqual(Math.floor(0.04 * aware.pollTimes[i - 1]!));
    }
    expect(aware.lateness).toBeLessThanOrEqual(0.4);
  });
});
