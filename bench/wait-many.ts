// Many waits started at once and followed to their end: how late each noticed its operation's end, and whether it got the right outcome.
import { setMaxListeners } from 'node:events';
import type { Operation } from '../src/index.js';
import type { Waiter, WaitOutcome } from './waiter.js';

/** An operation to wait on, with when it is scripted to end and what it ends with. */
export interface TimedOperation {
  readonly op: Operation;
  readonly durationMs: number;
  /** Its scripted end on this thread's clock (performance.now()). */
  readonly endsAt: number;
  /** The response it ends with: a Duration of this many seconds; or, with `failsWith`, none. */
  readonly seconds: number;
  /** The google.rpc code it fails with, when it is scripted to fail. */
  readonly failsWith?: number;
}

/** How the waits went. */
export interface WaitManyResult {
  readonly operations: number;
  /** Ended with the operation's own response, or its own error. */
  readonly correct: number;
  /** Ended with another response, none, or an error the operation did not have. */
  readonly wrong: number;
  /** Rejected with an error that is not the operation's (an RPC error, a timeout). */
  readonly failed: number;
  /** Not settled by the deadline. */
  readonly lost: number;
  /** A few of the unexpected outcomes and errors, for the reader. */
  readonly failureSamples: readonly string[];
  /** Per correct outcome: from its scripted end to its wait settling, in ms. */
  readonly lagsMs: readonly number[];
  /** Per correct outcome: its lag divided by its duration. */
  readonly lagRatios: readonly number[];
  /** How long the synchronous loop that started the waits took, in ms. */
  readonly startLoopMs: number;
  /** When the waits were started and when the last one settled, on this thread's clock. */
  readonly startedAt: number;
  readonly lastSettledAt: number;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}: ${error.message}`;
  return String(error);
}

function isRight(t: TimedOperation, outcome: WaitOutcome): boolean {
  if (t.failsWith !== undefined) return 'operationErrorCode' in outcome && outcome.operationErrorCode === t.failsWith;
  return 'seconds' in outcome && outcome.seconds === t.seconds;
}

/**
 * Starts one wait per operation in one synchronous loop, all on one signal,
 * and follows them to their end. Every wait ends: by its outcome, or at the
 * deadline (`deadlineMs` from the start), when the signal fires and the
 * waits still pending count as lost.
 */
export async function waitMany(waiter: Waiter, timed: readonly TimedOperation[], deadlineMs: number): Promise<WaitManyResult> {
  const deadline = new AbortController();
  setMaxListeners(0, deadline.signal);
  const lost = new Error('the wait outlived the scenario deadline');
  const timer = setTimeout(() => deadline.abort(lost), deadlineMs);
  let correct = 0;
  let wrong = 0;
  let failed = 0;
  let lostCount = 0;
  let lastSettledAt = 0;
  const lagsMs: number[] = [];
  const lagRatios: number[] = [];
  const failureSamples: string[] = [];
  const sample = (line: string) => void (failureSamples.length < 5 && failureSamples.push(line));
  try {
    const startedAt = performance.now();
    const waits: Promise<void>[] = new Array(timed.length);
    for (let i = 0; i < timed.length; i++) {
      const t = timed[i]!;
      waits[i] = waiter.wait(t.op, deadline.signal).then(
        (outcome) => {
          const at = (lastSettledAt = performance.now());
          if (isRight(t, outcome)) {
            correct++;
            const lag = Math.max(0, at - t.endsAt);
            lagsMs.push(lag);
            lagRatios.push(lag / Math.max(1, t.durationMs));
          } else {
            wrong++;
            sample(`operation ${i}: ended with ${JSON.stringify(outcome)}`);
          }
        },
        (error: unknown) => {
          lastSettledAt = performance.now();
          if (error === lost) lostCount++;
          else {
            failed++;
            sample(`operation ${i}: ${describeError(error)}`);
          }
        },
      );
    }
    const startLoopMs = performance.now() - startedAt;
    await Promise.all(waits);
    return {
      operations: timed.length,
      correct,
      wrong,
      failed,
      lost: lostCount,
      failureSamples,
      lagsMs,
      lagRatios,
      startLoopMs,
      startedAt,
      lastSettledAt,
    };
  } finally {
    clearTimeout(timer);
    deadline.abort(lost);
  }
}

/** The operations a remote emulator just created, with their scripted ends, answering Durations of their index in seconds. */
export function timedOperations(
  operations: readonly Operation[],
  createdAt: readonly number[],
  durationsMs: readonly number[],
): TimedOperation[] {
  return operations.map((op, i) => ({ op, durationMs: durationsMs[i]!, endsAt: createdAt[i]! + durationsMs[i]!, seconds: i }));
}
