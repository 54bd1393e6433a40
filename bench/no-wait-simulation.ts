// Waiting without WaitOperation, simulated: the polls each schedule makes and how late it sees the end, with no sockets and no timers.
import { nextDelayMs } from '../src/poller/backoff.js';
import { POLL_DEFAULTS, resolvePollOptions, type PollOptions } from '../src/poller/poll-options.js';
import { ProgressHistory } from '../src/poller/progress-history.js';
import { MAX_TIMER_MS } from '../src/timers.js';
import { percentile } from './percentiles.js';
import { seededRandom } from './seeded-random.js';

/** Operations to wait on: `count` durations, log-uniform between `minMs` and `maxMs`, drawn from `seed`. */
export interface Workload {
  readonly label: string;
  readonly count: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly seed: number;
  /** How long each GetOperation takes, there and back; the service reads the state halfway. @default 0 */
  readonly latencyMs?: number;
}

/** `count` durations in ms, log-uniform between `minMs` and `maxMs` (as many from 0.2 to 0.6 s as from 2 to 6 s), drawn from `seed`. */
export function logUniformDurations(count: number, minMs: number, maxMs: number, seed: number): number[] {
  const next = seededRandom(seed);
  const span = Math.log(maxMs / minMs);
  return Array.from({ length: count }, () => minMs * Math.exp(next() * span));
}

/** How one wait went: the GetOperations it made, and when the one that saw the end was answered (ms after the start). */
export interface SimulatedWait {
  readonly polls: number;
  readonly seenAtMs: number;
}

/** A way of polling, as a function from an operation's duration (and a source of random draws) to its wait. */
export interface SimulatedSchedule {
  readonly label: string;
  wait(durationMs: number, random: () => number, latencyMs: number): SimulatedWait;
}

/** No simulated wait makes more polls than this: a schedule that would is broken, and the simulation says so. */
const MAX_POLLS = 100_000;

/**
 * google-gax's defaults (createDefaultBackoffSettings) as its Operation
 * polls after a start call: GetOperation at once, then after 100 ms, each
 * delay ×1.3 up to 60 s, no jitter.
 */
export const gaxDefaults: SimulatedSchedule = {
  label: "google-gax's defaults",
  wait(durationMs, _random, latencyMs) {
    // t: when a poll's answer arrives; the service read the state half a round trip before.
    let t = latencyMs;
    let polls = 1;
    for (let delay = 100; t - latencyMs / 2 < durationMs; delay = Math.min(delay * 1.3, 60_000)) {
      t += delay + latencyMs;
      polls++;
    }
    return { polls, seenAtMs: t };
  },
};

/** How an operation's progress reads while it runs. */
export interface SimulatedProgress {
  /** Read the fraction done from the metadata (a reader, as the Storage Transfer profile has). @default false */
  readonly readable?: boolean;
  /** Progress comes in this many whole steps (a count of bytes, of pages): the fraction is rounded down to one. @default Infinity */
  readonly steps?: number;
}

/**
 * This package's poller with `options` (over POLL_DEFAULTS), made from the
 * Operation a start call returned, as its poll loop computes each delay:
 * `nextDelayMs` on the operation's age, then, where progress is readable,
 * the progress history's estimate. The operation's progress grows steadily
 * from 0 at its start to 1 at its end.
 */
export function oursSchedule(label: string, options: PollOptions = {}, progress: SimulatedProgress = {}): SimulatedSchedule {
  const schedule = resolvePollOptions(options);
  const steps = progress.steps ?? Infinity;
  const fractionAt = (t: number, durationMs: number) => {
    const f = Math.min(1, t / durationMs);
    return Number.isFinite(steps) ? Math.floor(f * steps) / steps : f;
  };
  return {
    label,
    wait(durationMs, random, latencyMs) {
      const history = progress.readable ? new ProgressHistory() : undefined;
      let t = 0;
      // The Operation the start call returned, with its metadata at 0%.
      history?.record({}, { atMs: 0, fraction: 0 });
      for (let attempt = 0; attempt < MAX_POLLS;) {
        const fallbackMs = nextDelayMs(attempt, schedule, { ageMs: t, random: random() });
        const delay = history
          ? history.delayMs({
              nowMs: t,
              originMs: 0,
              originKnown: true,
              fallbackMs,
              lateness: schedule.lateness ?? POLL_DEFAULTS.lateness,
              capMs: Math.min(schedule.maxDelayMs, MAX_TIMER_MS),
            })
          : fallbackMs;
        // The answer comes a round trip after the poll is sent; the service read the state halfway.
        t += delay + latencyMs;
        attempt++;
        const readAt = t - latencyMs / 2;
        if (readAt >= durationMs) return { polls: attempt, seenAtMs: t };
        history?.record({}, { atMs: t, fraction: fractionAt(readAt, durationMs) });
      }
      throw new Error(`${label}: more than ${MAX_POLLS} polls for an operation of ${durationMs} ms`);
    },
  };
}

/** What one schedule cost on one workload. */
export interface SimulationFigures {
  readonly schedule: string;
  readonly workload: string;
  readonly operations: number;
  /** GetOperations per operation, on average. */
  readonly rpcsPerOperation: number;
  /** The most GetOperations one operation took. */
  readonly maxRpcs: number;
  /** (when the end was seen − when it happened) ÷ the operation's duration: nearest-rank percentiles and the largest. */
  readonly lagOverDuration: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** Waits on every operation of the workload, one at a time, with the schedule; jitter draws come from the workload's seed. */
export function simulate(schedule: SimulatedSchedule, workload: Workload): SimulationFigures {
  const durations = logUniformDurations(workload.count, workload.minMs, workload.maxMs, workload.seed);
  const random = seededRandom(workload.seed + 1);
  let rpcs = 0;
  let maxRpcs = 0;
  const ratios: number[] = [];
  for (const durationMs of durations) {
    const { polls, seenAtMs } = schedule.wait(durationMs, random, workload.latencyMs ?? 0);
    rpcs += polls;
    maxRpcs = Math.max(maxRpcs, polls);
    ratios.push((seenAtMs - durationMs) / durationMs);
  }
  ratios.sort((a, b) => a - b);
  return {
    schedule: schedule.label,
    workload: workload.label,
    operations: durations.length,
    rpcsPerOperation: rpcs / durations.length,
    maxRpcs,
    lagOverDuration: { p50: percentile(ratios, 50), p99: percentile(ratios, 99), max: ratios.at(-1) ?? NaN },
  };
}
