import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextDelayMs, type BackoffSchedule } from '../../src/poller/backoff.js';
import { MAX_TIMER_MS } from '../../src/timers.js';

const schedule = fc.record<BackoffSchedule>({
  initialDelayMs: fc.double({ min: 0, max: 1e7, noNaN: true }),
  multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
  maxDelayMs: fc.double({ min: 0, max: 1e13, noNaN: true }),
  jitter: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('nextDelayMs', () => {
  it('stays within [0, min(maxDelayMs, 2^31-1)] for any attempt, hint and draw', () => {
    fc.assert(
      fc.property(
        schedule,
        fc.integer({ min: 0, max: 1e6 }),
        fc.option(fc.double({ min: -1e15, max: 1e15, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (s, attempt, retryDelayMs, random) => {
          const d = nextDelayMs(attempt, s, { retryDelayMs, random });
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(Math.min(s.maxDelayMs, MAX_TIMER_MS));
        },
      ),
    );
  });

  it('never lets the sum of delays pass the timeout', () => {
    fc.assert(
      fc.property(
        schedule,
        fc.integer({ min: 1, max: 1e9 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 200 }),
        (s, timeoutMs, draws) => {
          let spent = 0;
          draws.forEach((random, attempt) => {
            spent += nextDelayMs(attempt, s, { random, remainingMs: timeoutMs - spent });
            expect(spent).toBeLessThanOrEqual(timeoutMs);
          });
        },
      ),
    );
  });

  it('grows by the multiplier without jitter, up to the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        (initial, multiplier, attempt) => {
          const s = { initialDelayMs: initial, multiplier, maxDelayMs: 60_000, jitter: 0 };
          const d0 = nextDelayMs(attempt, s);
          const d1 = nextDelayMs(attempt + 1, s);
          expect(d1).toBeGreaterThanOrEqual(d0);
          expect(d0).toBe(Math.floor(Math.min(initial * multiplier ** attempt, 60_000)));
        },
      ),
    );
  });

  it('with jitter, draws no lower than (1 - jitter) of the base delay', () => {
    fc.assert(
      fc.property(
        schedule,
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (s, attempt, random) => {
          const base = nextDelayMs(attempt, { ...s, jitter: 0 });
          const d = nextDelayMs(attempt, s, { random });
          expect(d).toBeLessThanOrEqual(base);
          expect(d).toBeGreaterThanOrEqual(Math.floor(base * (1 - s.jitter)) - 1);
        },
      ),
    );
  });

  it('takes a RetryInfo delay as it is, within [initialDelayMs, maxDelayMs]', () => {
    const s = { initialDelayMs: 100, multiplier: 2, maxDelayMs: 5_000, jitter: 0.5 };
    expect(nextDelayMs(0, s, { retryDelayMs: 2_000 })).toBe(2_000);
    expect(nextDelayMs(0, s, { retryDelayMs: 0 })).toBe(100);
    expect(nextDelayMs(0, s, { retryDelayMs: 3_600_000 })).toBe(5_000);
    expect(nextDelayMs(0, { ...s, maxDelayMs: Infinity }, { retryDelayMs: 1e12 })).toBe(MAX_TIMER_MS);
  });

  it('never lets a RetryInfo delay go below initialDelayMs, whatever time is left', () => {
    fc.assert(
      fc.property(
        schedule,
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 1e9 }),
        (s, attempt, retryDelayMs, remainingMs) => {
          const d = nextDelayMs(attempt, s, { retryDelayMs, remainingMs });
          expect(d).toBeGreaterThanOrEqual(Math.floor(Math.min(s.initialDelayMs, s.maxDelayMs, MAX_TIMER_MS, remainingMs)));
        },
      ),
    );
  });

  it('never returns more than setTimeout can take', () => {
    expect(nextDelayMs(10_000, { initialDelayMs: 1, multiplier: 10, maxDelayMs: Infinity, jitter: 0 })).toBe(MAX_TIMER_MS);
  });
});
