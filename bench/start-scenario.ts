// Starting K waits at once: event-loop delay, the time of the start loop, heap per pending wait, RPCs in flight; ours against google-gax's.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createBackoffSettings, type Operation as GaxOperation } from 'google-gax';
import { OperationsClient, type Operation, type PollerOptions } from '../src/index.js';
import type { EmulatorThread, RemoteEmulator } from './emulator-thread.js';
import { gaxPolling, stopGaxPolling } from './gax-waiter.js';
import { heapUsedAfterGc } from './heap.js';
import { median } from './percentiles.js';

/** One way of starting the waits, as measured. */
export interface StartReading {
  readonly label: string;
  readonly waits: number;
  /** The synchronous loop that started every wait, in ms, and per wait in µs. */
  readonly startLoopMs: number;
  readonly startUsPerWait: number;
  /** The event loop's delay from just before the loop until the readings (monitorEventLoopDelay, 1 ms resolution), in ms. */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** From the start of the loop until every wait's first poll was answered (0 where none polls), in ms. */
  readonly firstPollsMs: number;
  /** (heapUsed while pending − heapUsed before) ÷ waits, after full collections: the median of the readings. */
  readonly bytesPerWait: number;
  readonly readings: readonly number[];
  /** Calls the emulator received from the start to the readings, and the most it had in flight at once. */
  readonly rpcs: number;
  readonly rpcsInFlightMax: number;
  /** How long ending every wait took (one abort of the shared signal), in ms; undefined where the waits cannot be ended so. */
  readonly stopMs: number | undefined;
}

export interface StartResult {
  readonly waits: number;
  readonly latencyMs: number;
  /** Ours, GetOperation only, first poll 10 minutes away: no RPC at all. */
  readonly oursSitting: StartReading;
  /** Ours with WaitOperation on, as by default: the first maxConcurrentWaits (1,000) hold a long-poll, the rest sit. */
  readonly oursLongPolls: StartReading;
  /** Ours from operation names, so the first poll of every wait is due at once; the next one 10 minutes away. */
  readonly oursAtOnce: StartReading;
  /** google-gax: its Operation polls at once, whatever its backoff; the next poll 10 minutes away. */
  readonly gax: StartReading;
  readonly figures: Readonly<Record<string, number>>;
}

export interface StartOptions {
  readonly waits: number;
  readonly holdMs: number;
  readonly readings: number;
  /** Milliseconds the emulator takes to answer each call, so that calls in flight are there to count. */
  readonly latencyMs: number;
}

const TEN_MINUTES = 600_000;
/** GetOperation only, and not before ten minutes. */
const SITTING: PollerOptions = { useWait: 'never', initialDelayMs: TEN_MINUTES, maxDelayMs: TEN_MINUTES };
/** WaitOperation on (the default): long-polls up to the cap, the others sitting as SITTING. */
const LONG_POLLS: PollerOptions = { initialDelayMs: TEN_MINUTES, maxDelayMs: TEN_MINUTES };
/** Waits until the first polls are answered, at most this long. */
const FIRST_POLLS_LIMIT_MS = 120_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const ignore = () => {};

/** The event loop's delay, sampled every millisecond from now until `stop()`. */
function watchEventLoop() {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
    },
  };
}

/** Polls the emulator's counters until `count` calls have been answered. */
async function untilAnswered(emulator: RemoteEmulator, count: number): Promise<void> {
  const limit = performance.now() + FIRST_POLLS_LIMIT_MS;
  for (;;) {
    const calls = await emulator.calls();
    if (calls.total - calls.inFlight >= count || performance.now() > limit) return;
    await sleep(50);
  }
}

interface Started {
  /** Ends every wait; undefined where the library has no way to. */
  stop?(): Promise<void>;
}

/**
 * One reading: the baseline heap, the event-loop watch (given a few ms to
 * take its first sample, so that the loop's own blocking is seen), the
 * synchronous start loop, then either a hold or the first polls, then the
 * heap readings.
 */
async function measure(
  label: string,
  emulator: RemoteEmulator,
  waits: number,
  firstPollsAtOnce: boolean,
  o: StartOptions,
  start: () => Started,
): Promise<StartReading> {
  await emulator.resetCalls();
  const base = await heapUsedAfterGc();
  const loop = watchEventLoop();
  await sleep(20);
  const began = performance.now();
  const started = start();
  const startLoopMs = performance.now() - began;
  if (firstPollsAtOnce) await untilAnswered(emulator, waits);
  const firstPollsMs = firstPollsAtOnce ? performance.now() - began : 0;
  if (!firstPollsAtOnce) await sleep(o.holdMs);
  const delay = loop.stop();
  const calls = await emulator.calls();
  const readings: number[] = [];
  for (let i = 0; i < o.readings; i++) {
    if (i > 0) await sleep(o.holdMs / o.readings);
    readings.push(((await heapUsedAfterGc()) - base) / waits);
  }
  let stopMs: number | undefined;
  if (started.stop) {
    const t = performance.now();
    await started.stop();
    stopMs = performance.now() - t;
  }
  return {
    label,
    waits,
    startLoopMs,
    startUsPerWait: (startLoopMs * 1000) / waits,
    eventLoopDelayP99Ms: delay.p99Ms,
    eventLoopDelayMaxMs: delay.maxMs,
    firstPollsMs,
    bytesPerWait: median(readings),
    readings,
    rpcs: calls.total,
    rpcsInFlightMax: calls.maxInFlight,
    stopMs,
  };
}

async function measureOurs(
  label: string,
  emulator: RemoteEmulator,
  ops: readonly Operation[],
  poll: PollerOptions,
  byName: boolean,
  o: StartOptions,
): Promise<StartReading> {
  const client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true });
  try {
    await client.getOperation(ops[0]!.name);
    let ended: Promise<void>[] = [];
    const controller = new AbortController();
    return await measure(label, emulator, ops.length, byName, o, () => {
      const signal = controller.signal;
      ended = new Array(ops.length);
      // The loop under test: one poller and one result() per operation, every wait on the one signal.
      for (let i = 0; i < ops.length; i++)
        ended[i] = client
          .poller(byName ? ops[i]!.name : ops[i]!, poll)
          .result({ signal })
          .then(ignore, ignore);
      return {
        async stop() {
          controller.abort();
          await Promise.all(ended);
          ended = [];
        },
      };
    });
  } finally {
    client.close();
  }
}

async function measureGax(emulator: RemoteEmulator, ops: readonly Operation[], o: StartOptions): Promise<StartReading> {
  // gax has no way to put its first poll off: its Operation polls as soon as promise() listens. The next poll is ten minutes away.
  const gax = gaxPolling(emulator.grpcEndpoint, { backoff: createBackoffSettings(TEN_MINUTES, 1.3, TEN_MINUTES, null, null, null, null) });
  try {
    await gax.client.getOperation({ name: ops[0]!.name } as Parameters<typeof gax.client.getOperation>[0]);
    const held: GaxOperation[] = [];
    // One heap reading: every full collection of gax's heap (some 1.3 GB at 100,000 waits) takes seconds.
    const reading = await measure('google-gax', emulator, ops.length, true, { ...o, readings: 1 }, () => {
      // gax's Operation takes no AbortSignal: there is no signal to share.
      for (let i = 0; i < ops.length; i++) {
        const wait = gax.operation(ops[i]!);
        held.push(wait);
        wait.promise().then(ignore, ignore);
      }
      return {};
    });
    // Without a local stop, taking the `complete` listeners away is what ends gax's polling (at its next poll, ten minutes on).
    for (const wait of held) stopGaxPolling(wait);
    return reading;
  } finally {
    gax.close();
  }
}

function figuresOf(r: Omit<StartResult, 'figures'>): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const key of ['oursSitting', 'oursLongPolls', 'oursAtOnce', 'gax'] as const) {
    const x = r[key];
    figures[`${key}.startLoopMs`] = x.startLoopMs;
    figures[`${key}.startUsPerWait`] = x.startUsPerWait;
    figures[`${key}.eventLoopDelayP99Ms`] = x.eventLoopDelayP99Ms;
    figures[`${key}.eventLoopDelayMaxMs`] = x.eventLoopDelayMaxMs;
    figures[`${key}.bytesPerWait`] = x.bytesPerWait;
    figures[`${key}.rpcs`] = x.rpcs;
    figures[`${key}.rpcsInFlightMax`] = x.rpcsInFlightMax;
    figures[`${key}.firstPollsMs`] = x.firstPollsMs;
  }
  const g = r.gax;
  figures['oursAtOnce.startLoopOursOverGax'] = r.oursAtOnce.startLoopMs / g.startLoopMs;
  figures['oursAtOnce.bytesPerWaitOursOverGax'] = r.oursAtOnce.bytesPerWait / g.bytesPerWait;
  figures['oursAtOnce.eventLoopDelayMaxOursOverGax'] = r.oursAtOnce.eventLoopDelayMaxMs / g.eventLoopDelayMaxMs;
  figures['oursAtOnce.rpcsInFlightMaxOursOverGax'] = r.oursAtOnce.rpcsInFlightMax / g.rpcsInFlightMax;
  return figures;
}

/**
 * Creates `waits` operations that never end on an emulator of `thread`
 * (answering every call after `latencyMs`), then starts that many waits on
 * them four ways, one after another: ours sitting, ours with long-polls,
 * ours polling at once, gax. gax goes last: its waits cannot be ended here
 * and hold their heap until the process exits.
 */
export async function runStart(thread: EmulatorThread, o: StartOptions): Promise<StartResult> {
  const emulator = await thread.start('standard');
  try {
    const { operations } = await emulator.create({ kind: 'duration' }, new Array<number>(o.waits).fill(Infinity));
    await emulator.setFaults({ latencyMs: o.latencyMs });
    const oursSitting = await measureOurs('ours, first poll in 10 min', emulator, operations, SITTING, false, o);
    const oursLongPolls = await measureOurs('ours, WaitOperation on', emulator, operations, LONG_POLLS, false, o);
    const oursAtOnce = await measureOurs('ours, first poll at once', emulator, operations, SITTING, true, o);
    const gax = await measureGax(emulator, operations, o);
    const result = { waits: o.waits, latencyMs: o.latencyMs, oursSitting, oursLongPolls, oursAtOnce, gax };
    return { ...result, figures: figuresOf(result) };
  } finally {
    await emulator.stop();
  }
}
