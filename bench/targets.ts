// The figures the project holds itself to, and whether a run met them.
import type { HeapResult } from './heap-scenario.js';
import type { WaitScenarioResult } from './wait-scenario.js';

/** One target and what the run measured against it. */
export interface TargetCheck {
  readonly id: 'rpcs-per-operation' | 'lag-p99' | 'heap-per-wait' | 'heap-per-wait-default' | 'no-outcome-lost';
  readonly description: string;
  /** The limit, in `unit`; the measured figure must be at or below it. */
  readonly limit: number;
  readonly measured: number;
  readonly unit: string;
  readonly met: boolean;
  /** Why the check is only indicative, when it is. */
  readonly note?: string;
}

/** The targets the project holds itself to. */
export const TARGETS = Object.freeze({
  /** RPCs per operation where the service has WaitOperation. */
  rpcsPerOperation: 1.5,
  /** p99 detection lag in ms where the service has WaitOperation. */
  lagP99Ms: 50,
  /** Heap per pending wait, in bytes (2 KiB)... */
  heapBytesPerWait: 2_048,
  /** ...with this many waits pending. */
  heapAtPending: 100_000,
});

/** Checks a run's figures against {@link TARGETS}. */
export function checkTargets(
  waitWithWait: WaitScenarioResult,
  heap: HeapResult,
  heapDefault: HeapResult,
  faultRuns: readonly WaitScenarioResult[],
): TargetCheck[] {
  const notRight = faultRuns.reduce((sum, r) => sum + r.lost + r.wrong + r.failed, 0);
  const unrestarted = faultRuns.filter((r) => r.restarts === 0).length;
  const heapNote =
    heap.pending < TARGETS.heapAtPending
      ? `measured with ${heap.pending.toLocaleString('en-US')} pending; the target is stated at ${TARGETS.heapAtPending.toLocaleString('en-US')} (--pending ${TARGETS.heapAtPending})`
      : undefined;
  return [
    {
      id: 'rpcs-per-operation',
      description: 'RPCs per operation, with WaitOperation',
      limit: TARGETS.rpcsPerOperation,
      measured: waitWithWait.rpcsPerOperation,
      unit: 'RPCs',
      met: waitWithWait.rpcsPerOperation <= TARGETS.rpcsPerOperation,
    },
    {
      id: 'lag-p99',
      description: 'p99 detection lag, with WaitOperation',
      limit: TARGETS.lagP99Ms,
      measured: waitWithWait.lagMs.p99,
      unit: 'ms',
      met: waitWithWait.lagMs.p99 <= TARGETS.lagP99Ms,
    },
    {
      id: 'heap-per-wait',
      description: 'heap per pending wait (GetOperation, sitting)',
      limit: TARGETS.heapBytesPerWait,
      measured: heap.bytesPerWait,
      unit: 'bytes',
      met: heap.bytesPerWait <= TARGETS.heapBytesPerWait,
      ...(heapNote ? { note: heapNote } : {}),
    },
    {
      id: 'heap-per-wait-default',
      description: 'heap per pending wait (WaitOperation on: long-polls up to the cap)',
      limit: TARGETS.heapBytesPerWait,
      measured: heapDefault.bytesPerWait,
      unit: 'bytes',
      met: heapDefault.bytesPerWait <= TARGETS.heapBytesPerWait,
      ...(heapNote ? { note: heapNote } : {}),
    },
    {
      id: 'no-outcome-lost',
      description: 'outcomes lost, wrong or failed under UNAVAILABLE faults and a restart',
      limit: 0,
      measured: notRight,
      unit: 'outcomes',
      met: notRight === 0,
      ...(unrestarted > 0
        ? { note: `${unrestarted} fault run(s) ended before the restart: use longer operations (the default durations)` }
        : {}),
    },
  ];
}
