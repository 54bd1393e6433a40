import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageDelayMs, nextDelayMs, type BackoffSchedule } from '../../src/poller/backoff.js';
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

// The age-based schedule: delays on the operation's age, each at most lateness × the age.
const ageSchedule = fc.record<BackoffSchedule>({
  initialDelayMs: fc.double({ min: 1, max: 1e6, noNaN: true }),
  multiplier: fc.constant(1.5),
  maxDelayMs: fc.double({ min: 1, max: 1e13, noNaN: true }),
  jitter: fc.double({ min: 0, max: 1, noNaN: true }),
  lateness: fc.double({ min: 0.01, max: 10, noNaN: true }),
});
const draw = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** The ages at which a poller made from the start Operation polls, up to the first at or past `endMs` (no jitter). */
function pollAges(s: BackoffSchedule, endMs: number, random = () => 0): number[] {
  const ages: number[] = [];
  for (let age = 0; age < endMs;) {
    age += nextDelayMs(ages.length, s, { ageMs: age, random: random() });
    ages.push(age);
    if (ages.length > 100_000) throw new Error('too many polls');
  }
  return ages;
}

describe('nextDelayMs on the age schedule', () => {
  it('stays within [0, min(maxDelayMs, remainingMs, 2^31-1)], a whole number, for any age, hint and draw', () => {
    fc.assert(
      fc.property(
        ageSchedule,
        fc.double({ min: -1e12, max: 1e15, noNaN: true }),
        fc.option(fc.double({ min: -1e15, max: 1e15, noNaN: true }), { nil: undefined }),
        fc.option(fc.double({ min: -1e6, max: 1e12, noNaN: true }), { nil: undefined }),
        draw,
        (s, ageMs, retryDelayMs, remainingMs, random) => {
          const d = nextDelayMs(0, s, { ageMs, retryDelayMs, remainingMs, random });
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(
            Math.min(s.maxDelayMs, MAX_TIMER_MS, remainingMs === undefined ? Infinity : Math.max(0, remainingMs)),
          );
        },
      ),
    );
  });

  it('sees any end after the first poll within lateness × the duration (or maxDelayMs), with no jitter', () => {
    fc.assert(
      fc.property(
        ageSchedule,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        (s0, at, scale) => {
          // An end anywhere from the first poll to a long way past it.
          const first = Math.floor(s0.initialDelayMs);
          const endMs = first + at * first * scale;
          // A cap low enough to matter, not so low that the walk to the end takes a million polls.
          const s = { ...s0, jitter: 0, maxDelayMs: Math.max(s0.maxDelayMs, endMs / 1_000) };
          const ages = pollAges(s, endMs);
          const lag = ages.at(-1)! - endMs;
          // Whole-millisecond delays may round up to one ms of lag at most per poll, never past the bound.
          expect(lag).toBeLessThanOrEqual(Math.min(s.lateness! * endMs, s.maxDelayMs) + 1);
        },
      ),
    );
  });

  it('with jitter, never waits longer than without it: the lateness bound holds for any draw', () => {
    fc.assert(
      fc.property(ageSchedule, fc.double({ min: 0, max: 1e9, noNaN: true }), draw, (s, ageMs, random) => {
        expect(nextDelayMs(0, s, { ageMs, random })).toBeLessThanOrEqual(nextDelayMs(0, { ...s, jitter: 0 }, { ageMs }));
      }),
    );
  });

  it('polls a number of times that grows with the logarithm of the duration', () => {
    fc.assert(
      fc.property(
        // Up to 10^8 ms: no delay reaches the MAX_TIMER_MS cap.
        fc.integer({ min: 100, max: 1e4 }),
        fc.double({ min: 0.05, max: 10, noNaN: true }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        (initialDelayMs, lateness, times) => {
          const s = { initialDelayMs, multiplier: 1.5, maxDelayMs: 1e13, jitter: 0, lateness };
          // Delays are whole milliseconds, rounded down: each is at least lateness × age − 1.
          const growth = 1 + lateness * (1 - 1 / (lateness * initialDelayMs));
          const bound = 2 + Math.log(times) / Math.log(growth);
          expect(pollAges(s, initialDelayMs * times).length).toBeLessThanOrEqual(Math.ceil(bound));
        },
      ),
    );
  });

  it('never waits less than lateness / (1 + lateness) × initialDelayMs, shortened by jitter, unless a cap says so', () => {
    fc.assert(
      fc.property(ageSchedule, fc.double({ min: -1e6, max: 1e12, noNaN: true }), draw, (s, ageMs, random) => {
        const floor = (s.lateness! / (1 + s.lateness!)) * s.initialDelayMs * (1 - s.jitter * random);
        const d = nextDelayMs(0, s, { ageMs, random });
        expect(d).toBeGreaterThanOrEqual(Math.floor(Math.min(floor, s.maxDelayMs, MAX_TIMER_MS)) - 1);
      }),
    );
  });

  it('takes a RetryInfo delay as a floor: never shorter than it or than initialDelayMs, within the caps', () => {
    fc.assert(
      fc.property(
        ageSchedule,
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.double({ min: -1e6, max: 1e13, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: undefined }),
        draw,
        (s, ageMs, retryDelayMs, remainingMs, random) => {
          const d = nextDelayMs(0, s, { ageMs, retryDelayMs, remainingMs, random });
          const cap = Math.min(s.maxDelayMs, MAX_TIMER_MS, remainingMs ?? Infinity);
          expect(d).toBeGreaterThanOrEqual(Math.floor(Math.min(Math.max(retryDelayMs, s.initialDelayMs), cap)));
          expect(d).toBeGreaterThanOrEqual(Math.min(nextDelayMs(0, s, { ageMs, random, remainingMs }), Math.floor(cap)));
        },
      ),
    );
  });

  it('waits until the operation is initialDelayMs old, then lateness × its age, up to maxDelayMs', () => {
    const s = { initialDelayMs: 250, multiplier: 1.5, maxDelayMs: 30_000, jitter: 0, lateness: 0.4 };
    expect(nextDelayMs(0, s, { ageMs: 0 })).toBe(250);
    expect(nextDelayMs(0, s, { ageMs: 100 })).toBe(150);
    expect(nextDelayMs(3, s, { ageMs: 250 })).toBe(100);
    expect(nextDelayMs(0, s, { ageMs: 10_000 })).toBe(4_000);
    expect(nextDelayMs(0, s, { ageMs: 3_600_000 })).toBe(30_000);
    expect(nextDelayMs(0, s, { ageMs: -5_000 })).toBe(250);
    expect(ageDelayMs(Infinity, { ...s, maxDelayMs: Infinity })).toBe(MAX_TIMER_MS);
    expect(nextDelayMs(0, s, { ageMs: 10_000, remainingMs: 1_000 })).toBe(1_000);
    expect(nextDelayMs(0, s, { ageMs: 10_000, retryDelayMs: 9_000 })).toBe(9_000);
    expect(nextDelayMs(0, s, { ageMs: 10_000, retryDelayMs: 1_000 })).toBe(4_000);
  });
});
