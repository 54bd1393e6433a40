// Batched polling of Storage Transfer operations: RPCs per second and lag of one ListOperations per batch, against one GetOperation loop per operation.
import { services } from '../src/index.js';
import type { DurationRange } from './bench-options.js';
import type { EmulatorThread, RemoteEmulator } from './emulator-thread.js';
import { gaxWaiter } from './gax-waiter.js';
import { storageTransferTypes, type OperationRecipe } from './operation-recipes.js';
import { ourWaiter } from './our-waiter.js';
import { summarize, type Summary } from './percentiles.js';
import { uniformDurations } from './seeded-random.js';
import type { Waiter } from './waiter.js';
import { timedOperations, waitMany } from './wait-many.js';

/** One side, as measured. */
export interface BatchSide {
  readonly label: string;
  readonly operations: number;
  readonly correct: number;
  readonly notRight: number;
  readonly rpcs: number;
  readonly gets: number;
  readonly lists: number;
  /** RPCs ÷ the time from the first wait's start to the last one settling. */
  readonly rpcsPerSecond: number;
  /** The most RPCs in one of the 1-second windows the emulator's counters were read in. */
  readonly peakRpcsPerSecond: number;
  readonly lagMs: Summary;
  readonly wallMs: number;
}

export interface BatchResult {
  readonly operations: number;
  readonly durations: DurationRange;
  /** Ours with the default client: batching on (batchWindowMs 1000), up to 256 operations per ListOperations. */
  readonly batched: BatchSide;
  /** Ours with batchWindowMs 0: one GetOperation loop per operation, the same schedule otherwise. */
  readonly unbatched: BatchSide;
  /** google-gax's default waiter, decoding TransferOperation metadata as Storage Transfer's generated client does. */
  readonly gax: BatchSide;
  readonly figures: Readonly<Record<string, number>>;
}

export interface BatchOptions {
  readonly operations: number;
  readonly durations: DurationRange;
  readonly seed: number;
  readonly graceMs: number;
}

const PROJECT = 'bench-project';
const RECIPE: OperationRecipe = { kind: 'transfer', projectId: PROJECT, progress: true };

/** Reads the emulator's call count every second while `running`, and returns the largest rise in one window. */
function watchRate(emulator: RemoteEmulator) {
  let peak = 0;
  let last = 0;
  let live = true;
  const sampling = (async () => {
    let before = performance.now();
    while (live) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const { total } = await emulator.calls();
      const now = performance.now();
      peak = Math.max(peak, ((total - last) * 1000) / (now - before));
      last = total;
      before = now;
    }
  })();
  return {
    async stop(): Promise<number> {
      live = false;
      await sampling;
      return peak;
    },
  };
}

async function runSide(emulator: RemoteEmulator, waiter: Waiter, o: BatchOptions): Promise<BatchSide> {
  try {
    const warm = await emulator.create(RECIPE, [0]);
    await waiter.warmUp(warm.operations[0]!.name);
    const durationsMs = uniformDurations(o.operations, o.durations.minMs, o.durations.maxMs, o.seed);
    const made = await emulator.create(RECIPE, durationsMs);
    await emulator.resetCalls();
    const rate = watchRate(emulator);
    const waited = await waitMany(waiter, timedOperations(made.operations, made.createdAt, durationsMs), o.durations.maxMs + o.graceMs);
    const peak = await rate.stop();
    const calls = await emulator.calls();
    const wallMs = waited.lastSettledAt - waited.startedAt;
    return {
      label: waiter.label,
      operations: waited.operations,
      correct: waited.correct,
      notRight: waited.wrong + waited.failed + waited.lost,
      rpcs: calls.total,
      gets: calls.byMethod.get,
      lists: calls.byMethod.list,
      rpcsPerSecond: (calls.total * 1000) / wallMs,
      peakRpcsPerSecond: peak,
      lagMs: summarize(waited.lagsMs),
      wallMs,
    };
  } finally {
    waiter.close();
  }
}

function figuresOf(r: Omit<BatchResult, 'figures'>): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const key of ['batched', 'unbatched', 'gax'] as const) {
    const s = r[key];
    figures[`${key}.rpcs`] = s.rpcs;
    figures[`${key}.rpcsPerSecond`] = s.rpcsPerSecond;
    figures[`${key}.peakRpcsPerSecond`] = s.peakRpcsPerSecond;
    figures[`${key}.lagP50Ms`] = s.lagMs.p50;
    figures[`${key}.lagP99Ms`] = s.lagMs.p99;
    figures[`${key}.correct`] = s.correct;
  }
  figures['fewerRpcsPerSecondThanUnbatched'] = r.unbatched.rpcsPerSecond / r.batched.rpcsPerSecond;
  figures['fewerRpcsPerSecondThanGax'] = r.gax.rpcsPerSecond / r.batched.rpcsPerSecond;
  figures['lagP99BatchedOverUnbatched'] = r.batched.lagMs.p99 / r.unbatched.lagMs.p99;
  figures['lagP99BatchedOverGax'] = r.batched.lagMs.p99 / r.gax.lagMs.p99;
  return figures;
}

/**
 * N Storage Transfer operations of one project (TransferOperation metadata
 * with its projectId, progress growing), waited on at once, three times
 * over on one emulator, one side after another with fresh operations of
 * the same durations: ours batched, ours unbatched, gax.
 */
export async function runBatch(thread: EmulatorThread, o: BatchOptions): Promise<BatchResult> {
  const emulator = await thread.start('storage-transfer');
  const transfer = { service: services.storageTransfer, types: [storageTransferTypes()] };
  try {
    const endpoint = emulator.grpcEndpoint;
    const batched = await runSide(emulator, ourWaiter(endpoint, { label: 'ours, batched (default client)', client: transfer }), o);
    const unbatched = await runSide(
      emulator,
      ourWaiter(endpoint, { label: 'ours, batchWindowMs 0', client: { ...transfer, batchWindowMs: 0 } }),
      o,
    );
    const gax = await runSide(emulator, gaxWaiter(endpoint, { metadata: 'transfer' }), o);
    const result = { operations: o.operations, durations: o.durations, batched, unbatched, gax };
    return { ...result, figures: figuresOf(result) };
  } finally {
    await emulator.stop();
  }
}
