// When an operation should end, from the progress seen so far, and the delay that polls just after that: arithmetic only.

import { MAX_TIMER_MS } from '../timers.js';

/** The fraction of an operation done (0 to 1), as seen at a moment. */
export interface ProgressSample {
  /** When it was seen, in ms on the poller's clock. */
  readonly atMs: number;
  /** The fraction done then, from 0 to 1. */
  readonly fraction: number;
}

/** The share of the lateness that an estimate-led poll comes after the estimated end: a tenth. */
export const PROGRESS_MARGIN_SHARE = 0.1;

/**
 * A fraction done as a progress reader gave it: a finite number clamped to
 * [0, 1]; undefined for anything else (NaN, Infinity, a string, nothing).
 */
export function toFraction(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.min(1, Math.max(0, value));
}

/**
 * When the operation ends if its progress goes on at the rate it had from
 * `from` to `to`: `to.atMs + (1 − to.fraction) / rate`, never before
 * `to.atMs`. Undefined when there is no rate to go by: no time between the
 * two, progress that did not grow, or numbers that are not finite.
 */
export function estimateEndMs(from: ProgressSample, to: ProgressSample): number | undefined {
  const dt = to.atMs - from.atMs;
  const df = to.fraction - from.fraction;
  if (!(dt > 0) || !(df > 0) || !Number.isFinite(dt) || !Number.isFinite(df)) return undefined;
  const end = to.atMs + (Math.max(0, 1 - to.fraction) * dt) / df;
  return Number.isFinite(end) ? end : undefined;
}

/** What {@link progressDelayMs} weighs. */
export interface ProgressDelayInput {
  /** Now, on the poller's clock. */
  readonly nowMs: number;
  /** When the operation started: its age counts from here. */
  readonly originMs: number;
  /** The estimated end (see {@link estimateEndMs}). */
  readonly endMs: number;
  /** How far past the estimated end to poll, as a share of the estimated duration (`endMs − originMs`). */
  readonly margin: number;
  /** How many estimates in a row proved early (polled at the estimate, not done yet). */
  readonly early: number;
  /** The schedule's own delay, which an early estimate falls back to. */
  readonly fallbackMs: number;
  /** The longest delay allowed: maxDelayMs, the time left before the deadline. @default MAX_TIMER_MS */
  readonly capMs?: number;
}

/**
 * The delay that polls just after an estimated end: at `endMs + margin ×
 * (endMs − originMs)`, and no sooner than `margin` × the age from now.
 *
 * While estimates have been right (`early` is 0) the estimate is trusted,
 * even past the schedule's delay: no poll is spent before the end is due.
 * Once one proved early, the schedule's delay bounds the wait again, and the
 * floor doubles with each early estimate in a row (`margin × age ×
 * 2^(early−1)`), so estimates that keep being early cannot poll in a tight
 * loop: after a few the schedule's delay is the shorter and takes over.
 *
 * The result is a finite integer in `[0, min(capMs, MAX_TIMER_MS)]`.
 */
export function progressDelayMs(input: ProgressDelayInput): number {
  const { nowMs, originMs, endMs, margin, early, fallbackMs } = input;
  const age = Math.max(0, nowMs - originMs);
  const target = endMs + margin * Math.max(0, endMs - originMs);
  const floor = margin * age * 2 ** Math.min(Math.max(0, early - 1), 60);
  let delay = Math.max(target - nowMs, floor);
  if (early > 0) delay = Math.min(delay, fallbackMs);
  const cap = Math.min(input.capMs ?? MAX_TIMER_MS, MAX_TIMER_MS);
  delay = Math.min(delay, cap);
  return Number.isFinite(delay) ? Math.max(0, Math.floor(delay)) : Math.max(0, Math.floor(Math.min(fallbackMs, cap)));
}
