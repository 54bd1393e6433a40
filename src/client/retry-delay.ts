// The client's retry schedule as arithmetic: the delay before a retry, from its number and the retry options.

/** The numbers a client's retry schedule is made of (see RetryOptions). */
export interface RetrySchedule {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  readonly randomize: boolean;
}

/**
 * The delay before retry number `retry + 1` (0: the first retry):
 * `initialDelayMs × multiplier^retry`, drawn between itself and twice itself
 * when `randomize`, then capped at `maxDelayMs`. A RetryInfo or Retry-After
 * the service sent is a floor over it, applied by the caller.
 *
 * @param random a number in [0, 1) to draw with. @default Math.random()
 * @returns a finite number of ms in `[0, maxDelayMs]`.
 */
export function retryDelayMs(retry: number, schedule: RetrySchedule, random = Math.random()): number {
  const grown = schedule.initialDelayMs * Math.pow(schedule.multiplier, Math.min(Math.max(0, retry), 1_000));
  const drawn = schedule.randomize ? grown * (1 + Math.min(Math.max(random, 0), 1)) : grown;
  return Math.min(Number.isFinite(drawn) ? drawn : schedule.maxDelayMs, schedule.maxDelayMs);
}
