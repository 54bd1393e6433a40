// The figures the project holds itself to, and whether a run met them, with how far off a miss is.
import type { BatchResult } from './batch-scenario.js';
import type { StartReading, StartResult } from './start-scenario.js';
import type { WaitScenarioResult } from './wait-scenario.js';

/** One target and what the run measured against it. */
export interface TargetCheck {
  readonly scenario: 'waits' | 'faults' | 'start' | 'batch';
  readonly id: string;
  readonly description: string;
  /** Whether the figure must stay at or below the limit, or reach at least it. */
  readonly comparison: 'at-most' | 'at-least';
  readonly limit: number;
  readonly measured: number;
  readonly unit: string;
  readonly met: boolean;
  /** For a miss: how far off, in words ("over by 35 ms, 1.7× the limit"). */
  readonly miss?: string;
  /** Why the check is only indicative, when it is. */
  readonly note?: string;
}

/** The targets the project holds itself to. */
export const TARGETS = Object.freeze({
  /** RPCs per operation where the service has WaitOperation. */
  rpcsPerOperationWithWait: 1.5,
  /** p99 detection lag in ms where the service has WaitOperation. */
  lagP99WithWaitMs: 50,
  /** Event-loop delay while 100,000 waits start: p99 and max, in ms. */
  eventLoopDelayP99Ms: 20,
  eventLoopDelayMaxMs: 200,
  /** Heap per pending wait, in bytes (2 KiB)... */
  heapBytesPerWait: 2_048,
  /** ...with this many waits pending; the event-loop targets are stated at this scale too. */
  atPending: 100_000,
  /** How many times fewer RPCs per second batched polling makes than one GetOperation loop per operation. */
  batchRpcReduction: 50,
});

function check(c: Omit<TargetCheck, 'met' | 'miss'>): TargetCheck {
  const met = c.comparison === 'at-most' ? c.measured <= c.limit : c.measured >= c.limit;
  if (met) return { ...c, met };
  const by = Math.abs(c.measured - c.limit);
  const amount = `${by.toFixed(by < 10 ? 2 : 0)} ${c.unit}`;
  const miss =
    c.comparison === 'at-most'
      ? `over by ${amount}${c.limit > 0 ? ` (${(c.measured / c.limit).toFixed(2)} times the limit)` : ''}`
      : `short by ${amount} (${((c.measured / c.limit) * 100).toFixed(0)}% of the target)`;
  return { ...c, met, miss };
}

function startChecks(start: StartResult): TargetCheck[] {
  const note =
    start.waits < TARGETS.atPending
      ? `measured with ${start.waits.toLocaleString('en-US')} waits; the target is stated at ${TARGETS.atPending.toLocaleString('en-US')}`
      : undefined;
  const out: TargetCheck[] = [];
  const each = (key: string, r: StartReading, heapOnly: boolean) => {
    out.push(
      check({
        scenario: 'start',
        id: `heap-per-wait:${key}`,
        description: `heap per pending wait, ${r.label}`,
        comparison: 'at-most',
        limit: TARGETS.heapBytesPerWait,
        measured: r.bytesPerWait,
        unit: 'bytes',
        ...(note ? { note } : {}),
      }),
    );
    if (heapOnly) return;
    out.push(
      check({
        scenario: 'start',
        id: `event-loop-delay-p99:${key}`,
        description: `event-loop delay p99, ${r.label}`,
        comparison: 'at-most',
        limit: TARGETS.eventLoopDelayP99Ms,
        measured: r.eventLoopDelayP99Ms,
        unit: 'ms',
        ...(note ? { note } : {}),
      }),
      check({
        scenario: 'start',
        id: `event-loop-delay-max:${key}`,
        description: `event-loop delay max, ${r.label}`,
        comparison: 'at-most',
        limit: TARGETS.eventLoopDelayMaxMs,
        measured: r.eventLoopDelayMaxMs,
        unit: 'ms',
        ...(note ? { note } : {}),
      }),
    );
  };
  each('sitting', start.oursSitting, false);
  each('long-polls', start.oursLongPolls, true);
  each('at-once', start.oursAtOnce, false);
  return out;
}

function batchChecks(batch: BatchResult): TargetCheck[] {
  const { batched } = batch;
  return (['unbatched', 'gax'] as const).flatMap((key) => {
    const other = batch[key];
    return [
      check({
        scenario: 'batch',
        id: `fewer-rpcs-per-second:${key}`,
        description: `times fewer RPCs per second than ${other.label}`,
        comparison: 'at-least',
        limit: TARGETS.batchRpcReduction,
        measured: other.rpcsPerSecond / batched.rpcsPerSecond,
        unit: '×',
      }),
      check({
        scenario: 'batch',
        id: `lag-p99-no-worse:${key}`,
        description: `p99 lag batched, no worse than ${other.label}'s`,
        comparison: 'at-most',
        limit: other.lagMs.p99,
        measured: batched.lagMs.p99,
        unit: 'ms',
      }),
    ];
  });
}

/** What the checks read: any scenario that did not run is left out. */
export interface TargetInputs {
  readonly waitWithWait?: WaitScenarioResult | undefined;
  readonly faultRuns?: readonly WaitScenarioResult[] | undefined;
  readonly start?: StartResult | undefined;
  readonly batch?: BatchResult | undefined;
}

/** Checks a run's figures against {@link TARGETS}. */
export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const out: TargetCheck[] = [];
  const wait = inputs.waitWithWait;
  if (wait) {
    out.push(
      check({
        scenario: 'waits',
        id: 'rpcs-per-operation',
        description: 'RPCs per operation, with WaitOperation',
        comparison: 'at-most',
        limit: TARGETS.rpcsPerOperationWithWait,
        measured: wait.rpcsPerOperation,
        unit: 'RPCs',
      }),
      check({
        scenario: 'waits',
        id: 'lag-p99',
        description: 'p99 detection lag, with WaitOperation',
        comparison: 'at-most',
        limit: TARGETS.lagP99WithWaitMs,
        measured: wait.lagMs.p99,
        unit: 'ms',
      }),
    );
  }
  const faults = inputs.faultRuns;
  if (faults) {
    const notRight = faults.reduce((sum, r) => sum + r.lost + r.wrong + r.failed, 0);
    const unrestarted = faults.filter((r) => r.restarts === 0).length;
    out.push(
      check({
        scenario: 'faults',
        id: 'no-outcome-lost',
        description: 'outcomes lost, wrong or failed under UNAVAILABLE faults and a restart',
        comparison: 'at-most',
        limit: 0,
        measured: notRight,
        unit: 'outcomes',
        ...(unrestarted > 0 ? { note: `${unrestarted} fault run(s) ended before the restart: use longer operations` } : {}),
      }),
    );
  }
  if (inputs.start) out.push(...startChecks(inputs.start));
  if (inputs.batch) out.push(...batchChecks(inputs.batch));
  return out;
}
