// The backoff schedule as arithmetic: from the attempt number or the operation's age, the options and hints to the next delay.

import { MAX_TIMER_MS } from '../timers.js';

/** The numbers the schedule is made of (see PollOptions for their meaning and defaults). */
export interface BackoffSchedule {
  readonly initialDelayMs: number;
  readonly multiplier: number;
  readonly maxDelayMs: number;
  /** The share of each delay drawn at random, 0 (none) to 1 (full jitter). */
  readonly jitter: number;
  /**
   * Set: the age-based schedule, each delay at most `lateness` × the
   * operation's age. Undefined: the attempt-based one, `initialDelayMs ×
   * multiplier^attempt`.
   */
  readonly lateness?: number | undefined;
}

/** What the last answer said about the next delay, and where the wait stands. */
export interface BackoffHints {
  /** A delay the service asked for (google.rpc.RetryInfo): the delay is no shorter, within [initialDelayMs, maxDelayMs]. */
  readonly retryDelayMs?: number | undefined;
  /** Time left before the wait's deadline; the delay never passes it. */
  readonly remainingMs?: number | undefined;
  /** A number in [0, 1) to draw the jitter with. @default Math.random() */
  readonly random?: number | undefined;
  /** How old the operation is now, in ms, for the age-based schedule (a negative age counts as 0). @default 0 */
  readonly ageMs?: number | undefined;
}

/**
 * The age-based delay before jitter: the wait until the operation is
 * `initialDelayMs` old, or `lateness` × its age, whichever is longer,
 * capped at `maxDelayMs` and MAX_TIMER_MS.
 *
 * Polling at ages that grow so (each delay at most `lateness` × the age at
 * the poll before it) sees an operation that ends at any time after the
 * first poll no later than `lateness` × its duration after its end, while
 * the number of polls grows with the logarithm of the duration. It is never
 * shorter than `lateness / (1 + lateness)` × `initialDelayMs` (the two
 * terms cross at that age), so it cannot poll in a tight loop.
 */
export function ageDelayMs(ageMs: number, schedule: BackoffSchedule): number {
  const lateness = schedule.lateness ?? 0;
  const age = Number.isFinite(ageMs) ? Math.max(0, ageMs) : ageMs > 0 ? Infinity : 0;
  const delay = Math.max(schedule.initialDelayMs - age, lateness * age);
  return Math.min(delay, schedule.maxDelayMs, MAX_TIMER_MS);
}

/** The attempt-based delay before jitter: `initialDelayMs × multiplier^attempt`, capped at `maxDelayMs` and MAX_TIMER_MS. */
export function attemptDelayMs(attempt: number, schedule: BackoffSchedule): number {
  const cap = Math.min(schedule.maxDelayMs, MAX_TIMER_MS);
  // Past the cap the power no longer matters; this also keeps it finite.
  const steps = Math.max(0, Math.floor(attempt));
  const grown = schedule.initialDelayMs * Math.pow(schedule.multiplier, Math.min(steps, 1_000));
  return Number.isFinite(grown) ? Math.min(grown, cap) : cap;
}

/**
 * The delay before the next poll. With `lateness` set, the age-based
 * delay ({@link ageDelayMs}); without, the attempt-based one, where attempt
 * 0 is the wait before the second poll ({@link attemptDelayMs}). Either is
 * then shortened by up to `jitter` of itself at random: jitter never makes a
 * wait later than the schedule allows.
 *
 * A RetryInfo delay from the service is a floor: the delay is the longer of
 * the schedule's, the RetryInfo's and `initialDelayMs` (a RetryInfo of 0 s
 * must not poll in a tight loop), no longer than `maxDelayMs`. The result
 * is always a finite integer in `[0, min(maxDelayMs, remainingMs, MAX_TIMER_MS)]`,
 * and on the age schedule at least 1 ms unless a cap is lower.
 */
export function nextDelayMs(attempt: number, schedule: BackoffSchedule, hints: BackoffHints = {}): number {
  const cap = Math.min(schedule.maxDelayMs, MAX_TIMER_MS);
  let delay = schedule.lateness === undefined ? attemptDelayMs(attempt, schedule) : ageDelayMs(hints.ageMs ?? 0, schedule);
  const random = hints.random ?? Math.random();
  delay -= delay * schedule.jitter * Math.min(Math.max(random, 0), 1);
  // A whole millisecond at least: an age schedule of tiny delays must not round down to a tight loop.
  if (schedule.lateness !== undefined) delay = Math.max(delay, 1);
  if (hints.retryDelayMs !== undefined && Number.isFinite(hints.retryDelayMs)) {
    delay = Math.max(delay, schedule.initialDelayMs, hints.retryDelayMs);
  }
  delay = Math.min(delay, cap);
  if (hints.remainingMs !== undefined) delay = Math.min(delay, Math.max(0, hints.remainingMs));
  return Math.max(0, Math.floor(delay));
}
