// The waits scenario (ours with WaitOperation, ours with GetOperation, gax) and the faults scenario (ours under UNAVAILABLE and a restart).
import type { BenchOptions } from './bench-options.js';
import { gaxWaiter } from './gax-waiter.js';
import { ourWaiter } from './our-waiter.js';
import { uniformDurations } from './seeded-random.js';
import { runWaitScenario, type WaitScenarioResult } from './wait-scenario.js';

export interface WaitsResult {
  readonly oursWait: WaitScenarioResult;
  readonly oursGet: WaitScenarioResult;
  readonly gax: WaitScenarioResult;
  readonly figures: Readonly<Record<string, number>>;
}

export interface FaultsResult {
  readonly unavailableRate: number;
  readonly seed: number;
  readonly restartAtMs: number;
  readonly failEvery: number;
  readonly oursWait: WaitScenarioResult;
  readonly oursGet: WaitScenarioResult;
  readonly figures: Readonly<Record<string, number>>;
}

const WAIT = { label: 'ours, WaitOperation', poll: { useWait: 'auto' } } as const;
const GET = { label: 'ours, GetOperation', poll: { useWait: 'never' } } as const;

function durations(o: BenchOptions): number[] {
  const { operations, durations: d } = o.waits;
  return uniformDurations(operations, d.minMs, d.maxMs, o.seed);
}

/** Ours with WaitOperation, ours with GetOperation, then gax, one after another, each on a fresh emulator in this thread. */
export async function runWaits(o: BenchOptions): Promise<WaitsResult> {
  const durationsMs = durations(o);
  const graceMs = o.graceMs;
  const oursWait = await runWaitScenario({ waiter: (e) => ourWaiter(e, WAIT), durationsMs, graceMs });
  const oursGet = await runWaitScenario({ waiter: (e) => ourWaiter(e, GET), durationsMs, graceMs });
  const gax = await runWaitScenario({ waiter: (e) => gaxWaiter(e), durationsMs, graceMs });
  const figures: Record<string, number> = {};
  for (const [key, r] of Object.entries({ oursWait, oursGet, gax })) {
    figures[`${key}.rpcsPerOperation`] = r.rpcsPerOperation;
    figures[`${key}.lagP50Ms`] = r.lagMs.p50;
    figures[`${key}.lagP95Ms`] = r.lagMs.p95;
    figures[`${key}.lagP99Ms`] = r.lagMs.p99;
    figures[`${key}.correct`] = r.correct;
    figures[`${key}.eventLoopBusy`] = r.eventLoopBusy;
  }
  for (const key of ['oursWait', 'oursGet'] as const) {
    figures[`${key}.rpcsPerOperationOursOverGax`] = figures[`${key}.rpcsPerOperation`]! / gax.rpcsPerOperation;
    figures[`${key}.lagP99OursOverGax`] = figures[`${key}.lagP99Ms`]! / gax.lagMs.p99;
  }
  return { oursWait, oursGet, gax, figures };
}

/**
 * Ours with WaitOperation and with GetOperation at the same time, each on
 * its own emulator answering a share of calls UNAVAILABLE and restarting
 * once halfway through the longest duration; every n-th operation fails.
 */
export async function runFaults(o: BenchOptions): Promise<FaultsResult> {
  const durationsMs = durations(o);
  const restartAtMs = Math.round(o.waits.durations.maxMs / 2);
  const faults = { unavailableRate: o.faults.unavailableRate, seed: o.seed, restartAtMs };
  const common = { durationsMs, graceMs: o.graceMs, failEvery: o.faults.failEvery, faults };
  const [oursWait, oursGet] = await Promise.all([
    runWaitScenario({ ...common, waiter: (e) => ourWaiter(e, WAIT) }),
    runWaitScenario({ ...common, waiter: (e) => ourWaiter(e, GET) }),
  ]);
  const figures: Record<string, number> = {};
  for (const [key, r] of Object.entries({ oursWait, oursGet })) {
    figures[`${key}.correct`] = r.correct;
    figures[`${key}.notRight`] = r.wrong + r.failed + r.lost;
    figures[`${key}.restarts`] = r.restarts;
    figures[`${key}.rpcsPerOperation`] = r.rpcsPerOperation;
    figures[`${key}.lagP99Ms`] = r.lagMs.p99;
  }
  return { ...faults, failEvery: o.faults.failEvery, oursWait, oursGet, figures };
}
