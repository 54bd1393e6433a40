// One run of N operations waited on at once: RPCs per operation, detection lag, and whether each outcome came back right.
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { EmulatorCalls } from '../src/testing/index.js';
import { startEmulator } from '../src/testing/index.js';
import { summarize, type Summary } from './percentiles.js';
import type { Waiter } from './waiter.js';

/** Faults to inject while the waits run. */
export interface ScenarioFaults {
  /** The share of calls answered UNAVAILABLE. */
  readonly unavailableRate: number;
  /** The fault generator's seed. */
  readonly seed: number;
  /** When to restart the emulator, in ms after the operations are created; undefined: no restart. */
  readonly restartAtMs?: number;
}

/** How to run a scenario. */
export interface WaitScenarioOptions {
  /** Makes the waiter under test, given the emulator's gRPC endpoint. */
  readonly waiter: (endpoint: string) => Waiter;
  /** One operation per entry, running this long. */
  readonly durationsMs: readonly number[];
  /** How long past the longest operation a wait may take before it counts as lost. */
  readonly graceMs: number;
  /** Every n-th operation ends with an ABORTED error instead of a response; undefined: none does. */
  readonly failEvery?: number;
  readonly faults?: ScenarioFaults;
}

/** What a scenario measured. */
export interface WaitScenarioResult {
  readonly label: string;
  readonly operations: number;
  /** Ended with the operation's own response, or its own error. */
  readonly correct: number;
  /** Ended with another response, none, or an error the operation did not have. */
  readonly wrong: number;
  /** Rejected with an error that is not the operation's (an RPC error, a timeout). */
  readonly failed: number;
  /** Not settled by the deadline. */
  readonly lost: number;
  /** How many times the emulator was restarted while the waits ran. */
  readonly restarts: number;
  /** A few of the unexpected outcomes and errors, for the reader. */
  readonly failureSamples: readonly string[];
  /** Calls the emulator received during the waits, faulted ones included. */
  readonly calls: EmulatorCalls;
  readonly rpcsPerOperation: number;
  /** From each operation's scripted end (creation + durationMs) to its wait settling, over the correct outcomes. */
  readonly lagMs: Summary;
  /** The share of the run the event loop was busy (client and emulator share it). */
  readonly eventLoopBusy: number;
  readonly wallMs: number;
}

/** google.rpc ABORTED: the code of the operations scripted to fail. */
const ABORTED = 10;

const DURATION_TYPE = 'type.googleapis.com/google.protobuf.Duration';

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}: ${error.message}`;
  return String(error);
}

/**
 * Starts an emulator, creates one operation per duration (operation i
 * answers a Duration of i seconds, or fails with ABORTED when `failEvery`
 * picks it), waits on all of them at once and counts.
 *
 * Every wait ends: by its outcome, or by the deadline (the longest
 * duration plus `graceMs`), after which it is stopped and counted lost.
 */
export async function runWaitScenario(options: WaitScenarioOptions): Promise<WaitScenarioResult> {
  const emulator = await startEmulator();
  const waiter = options.waiter(emulator.grpcEndpoint);
  const deadline = new AbortController();
  // Every wait listens to the one deadline signal.
  setMaxListeners(0, deadline.signal);
  const lost = new Error('the wait outlived the scenario deadline');
  try {
    await waiter.warmUp(emulator.create({ durationMs: 0 }).name);
    if (options.faults) emulator.setFaults({ unavailableRate: options.faults.unavailableRate, seed: options.faults.seed });
    emulator.resetCalls();

    const { durationsMs, failEvery } = options;
    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    const operations = durationsMs.map((durationMs, i) => {
      const fails = failEvery !== undefined && i % failEvery === failEvery - 1;
      const createdBefore = performance.now();
      const op = emulator.create(
        fails
          ? { durationMs, error: { code: ABORTED, message: `operation ${i} was scripted to fail` } }
          : { durationMs, response: { '@type': DURATION_TYPE, value: `${i}s` } },
      );
      return { op, fails, endsAt: createdBefore + durationMs };
    });

    const longest = Math.max(0, ...durationsMs);
    const deadlineTimer = setTimeout(() => deadline.abort(lost), longest + options.graceMs);
    const restartAtMs = options.faults?.restartAtMs;
    let restart: Promise<void> | undefined;
    let restarts = 0;
    const restartTimer =
      restartAtMs === undefined
        ? undefined
        : setTimeout(() => {
            restarts++;
            restart = emulator.restart();
          }, restartAtMs);

    let correct = 0;
    let wrong = 0;
    let failed = 0;
    let lostCount = 0;
    const lags: number[] = [];
    const failureSamples: string[] = [];
    await Promise.all(
      operations.map(({ op, fails, endsAt }, i) =>
        waiter.wait(op, deadline.signal).then(
          (outcome) => {
            const at = performance.now();
            const right = fails
              ? 'operationErrorCode' in outcome && outcome.operationErrorCode === ABORTED
              : 'seconds' in outcome && outcome.seconds === i;
            if (right) {
              correct++;
              lags.push(at - endsAt);
            } else {
              wrong++;
              if (failureSamples.length < 5) failureSamples.push(`operation ${i}: ended with ${JSON.stringify(outcome)}`);
            }
          },
          (error: unknown) => {
            if (error === lost) {
              lostCount++;
            } else {
              failed++;
              if (failureSamples.length < 5) failureSamples.push(`operation ${i}: ${describeError(error)}`);
            }
          },
        ),
      ),
    );
    const wallMs = performance.now() - started;
    clearTimeout(deadlineTimer);
    clearTimeout(restartTimer);
    await restart;
    const calls = emulator.calls;
    return {
      label: waiter.label,
      operations: operations.length,
      correct,
      wrong,
      failed,
      lost: lostCount,
      restarts,
      failureSamples,
      calls,
      rpcsPerOperation: calls.total / operations.length,
      lagMs: summarize(lags),
      eventLoopBusy: performance.eventLoopUtilization(elu).utilization,
      wallMs,
    };
  } finally {
    deadline.abort(lost);
    waiter.close();
    await emulator.close();
  }
}
