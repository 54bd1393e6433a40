// Heap per pending wait: K waits that sit pending, ours against google-gax's, read after full collections.
import type { Operation as GaxOperation } from 'google-gax';
import { OperationsClient, type Operation, type Poller, type PollOptions } from '../src/index.js';
import { startEmulatorThread, type EmulatorThread } from './emulator-thread.js';
import { gaxPolling, stopGaxPolling } from './gax-waiter.js';
import { heapUsedAfterGc } from './heap.js';
import { median } from './percentiles.js';

/** What one side measured. */
export interface HeapResult {
  readonly label: string;
  readonly pending: number;
  /** The median of the readings taken while the waits were pending, less the baseline, per wait. */
  readonly bytesPerWait: number;
  /** Each reading, per wait. */
  readonly readings: readonly number[];
  /** What was still held once every wait had ended, per wait: near 0 when nothing leaks. */
  readonly bytesPerWaitAfterEnd: number;
  /** Calls the emulator received while the waits were pending. */
  readonly rpcsWhilePending: number;
  /** How long the waits were held pending, in ms. */
  readonly pendingMs: number;
}

/** How long to hold the waits and how often to read the heap meanwhile. */
export interface HeapScenarioOptions {
  readonly pending: number;
  /** How long the waits stay pending; readings are spread evenly over it. */
  readonly holdMs: number;
  readonly readings: number;
  /** How long gax may take to notice the operations were completed before its waits are stopped. */
  readonly drainMs: number;
}

/** Our waits poll with GetOperation only, and not before ten minutes: none makes an RPC while measured. */
const SITTING: PollOptions = { useWait: 'never', initialDelayMs: 600_000, maxDelayMs: 600_000 };
/**
 * WaitOperation on, as by default: the client's first maxConcurrentWaits (1,000) waits hold a
 * long-poll open, the others sit between GetOperations like SITTING.
 */
const CAPPED_LONG_POLLS: PollOptions = { initialDelayMs: 600_000, maxDelayMs: 600_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const ignore = () => {};

/** Whether `promise` settled within `ms`; the timer is cleared either way. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the heap `count` times over `holdMs` and returns the readings less `base`, per wait. */
async function readHeld(base: number, pending: number, o: HeapScenarioOptions): Promise<number[]> {
  const readings: number[] = [];
  for (let i = 0; i < o.readings; i++) {
    await sleep(o.holdMs / o.readings);
    readings.push(((await heapUsedAfterGc()) - base) / pending);
  }
  return readings;
}

/** Lets cancelled calls and resolved promises wind down before the last reading. */
const WIND_DOWN_MS = 250;

async function measureOurs(
  emulator: EmulatorThread,
  ops: readonly Operation[],
  label: string,
  poll: PollOptions,
  o: HeapScenarioOptions,
): Promise<HeapResult> {
  const client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true });
  try {
    await client.getOperation(ops[0]!.name);
    const pollers: (Poller | null)[] = new Array(ops.length).fill(null);
    const ended: (Promise<void> | null)[] = new Array(ops.length).fill(null);
    const callsBefore = (await emulator.calls()).total;
    const base = await heapUsedAfterGc();
    const started = performance.now();
    for (let i = 0; i < ops.length; i++) {
      const poller = client.poller(ops[i]!, poll);
      pollers[i] = poller;
      ended[i] = poller.result().then(ignore, ignore);
    }
    const readings = await readHeld(base, ops.length, o);
    const pendingMs = performance.now() - started;
    const rpcsWhilePending = (await emulator.calls()).total - callsBefore;
    for (const poller of pollers) poller?.stop();
    await Promise.all(ended);
    pollers.fill(null);
    ended.fill(null);
    await sleep(WIND_DOWN_MS);
    const after = ((await heapUsedAfterGc()) - base) / ops.length;
    return {
      label,
      pending: ops.length,
      bytesPerWait: median(readings),
      readings,
      bytesPerWaitAfterEnd: after,
      rpcsWhilePending,
      pendingMs,
    };
  } finally {
    client.close();
  }
}

async function measureGax(emulator: EmulatorThread, ops: readonly Operation[], o: HeapScenarioOptions): Promise<HeapResult> {
  const gax = gaxPolling(emulator.grpcEndpoint);
  try {
    await gax.client.getOperation({ name: ops[0]!.name } as Parameters<typeof gax.client.getOperation>[0]);
    const waits: (GaxOperation | null)[] = new Array(ops.length).fill(null);
    const ended: (Promise<void> | null)[] = new Array(ops.length).fill(null);
    const callsBefore = (await emulator.calls()).total;
    const base = await heapUsedAfterGc();
    const started = performance.now();
    for (let i = 0; i < ops.length; i++) {
      const wait = gax.operation(ops[i]!);
      waits[i] = wait;
      ended[i] = wait.promise().then(ignore, ignore);
    }
    const readings = await readHeld(base, ops.length, o);
    const pendingMs = performance.now() - started;
    const rpcsWhilePending = (await emulator.calls()).total - callsBefore;
    // gax has no local stop that leaves the operation alone: finish the operations and let each wait see it at its next poll.
    await emulator.complete(ops.map((op) => op.name));
    // Those that have not seen it in time lose their `complete` listener: their promises never settle, their polling ends.
    await settlesWithin(Promise.all(ended), o.drainMs);
    for (const wait of waits) if (wait) stopGaxPolling(wait);
    waits.fill(null);
    ended.fill(null);
    await sleep(WIND_DOWN_MS);
    const after = ((await heapUsedAfterGc()) - base) / ops.length;
    return {
      label: 'google-gax',
      pending: ops.length,
      bytesPerWait: median(readings),
      readings,
      bytesPerWaitAfterEnd: after,
      rpcsWhilePending,
      pendingMs,
    };
  } finally {
    gax.close();
  }
}

/** The three figures of the heap scenario. */
export interface HeapScenarioResult {
  /** Ours sitting between GetOperation polls: the figure held against the target and against gax. */
  readonly ours: HeapResult;
  /** Ours with WaitOperation on (the default): long-polls up to the client's maxConcurrentWaits, the rest sitting between GetOperations. */
  readonly oursLongPoll: HeapResult;
  /** google-gax with its default backoff, polling throughout. */
  readonly gax: HeapResult;
}

/**
 * Creates `pending` operations that run until completed, on an emulator in
 * its own thread, then holds waits on them, one kind after another: ours
 * with GetOperation only and the first poll ten minutes away (no RPC while
 * measured); ours with the default options, each wait holding a
 * WaitOperation open; google-gax's with its default backoff, so that it
 * polls throughout. Readings are of the main thread's heap only.
 */
export async function runHeapScenario(o: HeapScenarioOptions): Promise<HeapScenarioResult> {
  const emulator = await startEmulatorThread();
  try {
    const ops = await emulator.create(o.pending, { durationMs: Infinity });
    const ours = await measureOurs(emulator, ops, 'ours, GetOperation', SITTING, o);
    const oursLongPoll = await measureOurs(emulator, ops, 'ours, long-polls up to the cap', CAPPED_LONG_POLLS, o);
    const gax = await measureGax(emulator, ops, o);
    return { ours, oursLongPoll, gax };
  } finally {
    await emulator.close();
  }
}
