// The backoff schedule as arithmetic: from the attempt number, the options and hints to the next delay.

import { MAX_TIMER_MS } from '../timers.js';

/** The numbers the schedule is made of (see PollOptions for their meaning and defaults). */
export interface BackoffSchedule {
  readonly initialDelayMs: number;
  readonly multiplier: number;
  readonly maxDelayMs: number;
  /** The share of each delay drawn at random, 0 (none) to 1 (full jitter). */
  readonly jitter: number;
}

/** What the last answer said about the next delay. */
export interface BackoffHints {
  /** A delay the service asked for (google.rpc.RetryInfo); used as it is within [initialDelayMs, maxDelayMs]. */
  readonly retryDelayMs?: number | undefined;
  /** Time left before the wait's deadline; the delay never passes it. */
  readonly remainingMs?: number | undefined;
  /** A number in [0, 1) to draw the jitter with. @default Math.random() */
  readonly random?: number | undefined;
}

/**
 * The delay before poll number `attempt + 1`, where attempt 0 is the wait
 * before the second poll: `initialDelayMs × multiplier^attempt`, capped at
 * `maxDelayMs`, then shortened by up to `jitter` of itself at random.
 *
 * A RetryInfo delay from the service replaces the schedule, no shorter
 * than `initialDelayMs` (a RetryInfo of 0 s must not poll in a tight loop)
 * and no longer than `maxDelayMs`. The result is always a finite integer
 * in `[0, min(maxDelayMs, remainingMs, MAX_TIMER_MS)]`.
 */
export function nextDelayMs(attempt: number, schedule: BackoffSchedule, hints: BackoffHints = {}): number {
  const cap = Math.min(schedule.maxDelayMs, MAX_TIMER_MS);
  let delay: number;
  if (hints.retryDelayMs !== undefined && Number.isFinite(hints.retryDelayMs)) {
    delay = Math.max(schedule.initialDelayMs, hints.retryDelayMs);
  } else {
    // Past the cap the power no longer matters; this also keeps it finite.
    const steps = Math.max(0, Math.floor(attempt));
    const grown = schedule.initialDelayMs * Math.pow(schedule.multiplier, Math.min(steps, 1_000));
    delay = Number.isFinite(grown) ? grown : cap;
    delay = Math.min(delay, cap);
    const random = hints.random ?? Math.random();
    delay -= delay * schedule.jitter * Math.min(Math.max(random, 0), 1);
  }
  delay = Math.min(delay, cap);
  if (hints.remainingMs !== undefined) delay = Math.min(delay, Math.max(0, hints.remainingMs));
  return Math.max(0, Math.floor(delay));
}
