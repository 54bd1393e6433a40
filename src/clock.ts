// Time as the poller sees it: the current time and one-shot timers, injectable so that timing is testable.
import { MAX_TIMER_MS } from './timers.js';

/** An opaque handle to a timer set on a {@link Clock}. */
export type ClockTimer = unknown;

/**
 * Where the poller reads the time and sets its timers. The default is the
 * system clock; tests hand in a clock they move by hand (`ManualClock` from
 * `longrunning/testing`), so that timing is checked without waiting.
 */
export interface Clock {
  /** The current time, in ms since the epoch. */
  now(): number;
  /** Calls `callback` once, `ms` from now. A delay over 2³¹−1 ms may fire early; callers re-arm. */
  setTimeout(callback: () => void, ms: number): ClockTimer;
  /** Cancels a timer; a timer that already fired, or undefined, is ignored. */
  clearTimeout(timer: ClockTimer): void;
}

/** The system clock: `Date.now` and the global timers (delays clamped to what setTimeout takes). */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number): ClockTimer => globalThis.setTimeout(callback, Math.min(Math.max(ms, 0), MAX_TIMER_MS)),
  clearTimeout: (timer: ClockTimer): void => globalThis.clearTimeout(timer as ReturnType<typeof globalThis.setTimeout>),
});

/**
 * Calls `fn` after `ms` on the clock, which may be larger than setTimeout
 * takes (it is reached in steps) or Infinity (never). Returns the function
 * that clears it.
 */
export function deadlineTimer(clock: Clock, ms: number, fn: () => void): () => void {
  if (ms === Infinity) return () => {};
  const end = clock.now() + ms;
  let timer: ClockTimer;
  const arm = () => {
    const left = end - clock.now();
    if (left <= 0) return fn();
    timer = clock.setTimeout(arm, Math.min(left, MAX_TIMER_MS));
  };
  timer = clock.setTimeout(arm, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
  return () => clock.clearTimeout(timer);
}
