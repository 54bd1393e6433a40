import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateEndMs, progressDelayMs, toFraction, type ProgressDelayInput } from '../../src/poller/progress-estimate.js';
import { ProgressHistory } from '../../src/poller/progress-history.js';
import { MAX_TIMER_MS } from '../../src/timers.js';

const sample = fc.record({ atMs: fc.double({ min: -1e12, max: 1e12, noNaN: true }), fraction: fc.double({ min: 0, max: 1, noNaN: true }) });

describe('toFraction', () => {
  it('gives a number in [0, 1] for finite numbers and undefined for anything else', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const f = toFraction(value);
        if (typeof value === 'number' && Number.isFinite(value)) expect(f).toBe(Math.min(1, Math.max(0, value)));
        else expect(f).toBeUndefined();
      }),
    );
    expect(toFraction(Infinity)).toBeUndefined();
    expect(toFraction(-0.5)).toBe(0);
  });
});

describe('estimateEndMs', () => {
  it('is never before the latest sample, and undefined when progress did not grow or no time passed', () => {
    fc.assert(
      fc.property(sample, sample, (from, to) => {
        const end = estimateEndMs(from, to);
        if (!(to.atMs > from.atMs) || !(to.fraction > from.fraction)) expect(end).toBeUndefined();
        else if (end !== undefined) {
          expect(Number.isFinite(end)).toBe(true);
          expect(end).toBeGreaterThanOrEqual(to.atMs);
        }
      }),
    );
  });

  it('finds the end of steady progress from any two samples of it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (startMs, durationMs, a, b) => {
          fc.pre(Math.abs(a - b) > 1e-3);
          const at = (f: number) => ({ atMs: startMs + f * durationMs, fraction: f });
          const [first, second] = a < b ? [at(a), at(b)] : [at(b), at(a)];
          const end = estimateEndMs(first, second)!;
          // Within the rounding of the numbers it was worked from.
          expect(Math.abs(end - (startMs + durationMs))).toBeLessThanOrEqual(1e-6 * (Math.abs(startMs) + durationMs));
        },
      ),
    );
  });
});

const delayInput = fc.record<ProgressDelayInput>({
  nowMs: fc.double({ min: 0, max: 1e12, noNaN: true }),
  originMs: fc.double({ min: -1e12, max: 1e12, noNaN: true }),
  endMs: fc.double({ min: -1e12, max: 1e13, noNaN: true }),
  margin: fc.double({ min: 0, max: 1, noNaN: true }),
  early: fc.integer({ min: 0, max: 100 }),
  fallbackMs: fc.integer({ min: 0, max: MAX_TIMER_MS }),
  capMs: fc.double({ min: 0, max: 1e13, noNaN: true }),
});

describe('progressDelayMs', () => {
  it('is a whole number of ms, never negative, never past the cap or MAX_TIMER_MS', () => {
    fc.assert(
      fc.property(delayInput, (input) => {
        const d = progressDelayMs(input);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(input.capMs!, MAX_TIMER_MS));
      }),
    );
  });

  it('polls no sooner than the estimated end plus the margin, unless a cap or an early estimate says so', () => {
    fc.assert(
      fc.property(delayInput, (input) => {
        const d = progressDelayMs({ ...input, early: 0 });
        const target = input.endMs + input.margin * Math.max(0, input.endMs - input.originMs);
        expect(d).toBeGreaterThanOrEqual(Math.floor(Math.min(target - input.nowMs, input.capMs!, MAX_TIMER_MS)));
      }),
    );
  });

  it('after an early estimate, waits no longer than the schedule would, and no less than margin × age × 2^(early−1)', () => {
    fc.assert(
      fc.property(delayInput, fc.integer({ min: 1, max: 50 }), (input, early) => {
        const d = progressDelayMs({ ...input, early });
        const cap = Math.min(input.capMs!, MAX_TIMER_MS);
        expect(d).toBeLessThanOrEqual(Math.max(input.fallbackMs, 0));
        const floor = input.margin * Math.max(0, input.nowMs - input.originMs) * 2 ** (early - 1);
        expect(d).toBeGreaterThanOrEqual(Math.floor(Math.min(floor, input.fallbackMs, cap)));
      }),
    );
  });

  it('cannot poll in a tight loop on estimates that keep saying "now": the schedule takes over within a few polls', () => {
    const margin = 0.04;
    let now = 10_000;
    const gaps: number[] = [];
    for (let early = 1; early <= 12; early++) {
      const fallbackMs = Math.floor(0.4 * now);
      const d = progressDelayMs({ nowMs: now, originMs: 0, endMs: now, margin, early, fallbackMs });
      gaps.push(d / now);
      now += d;
    }
    // 4%, 8%, 16%, 32% of the age, then the schedule's 40%.
    expect(gaps.slice(0, 4).map((g) => Math.round(g * 100))).toEqual([4, 8, 16, 32]);
    expect(gaps.slice(4).every((g) => Math.abs(g - 0.4) < 0.001)).toBe(true);
  });
});

describe('ProgressHistory', () => {
  const context = { nowMs: 1_000, originMs: 0, originKnown: true, fallbackMs: 400, lateness: 0.4, capMs: 30_000 };

  it('polls just after the end that steady progress points to, from the start when only one sample is in', () => {
    const history = new ProgressHistory();
    history.record('a', { atMs: 1_000, fraction: 0.1 });
    // 10% in 1 s: the end at 10 s, polled 4% of 10 s after.
    expect(history.delayMs(context)).toBe(9_400);
  });

  it('falls back to the schedule when progress is unknown, did not grow, or the start is not known', () => {
    const history = new ProgressHistory();
    history.record('a', undefined);
    expect(history.delayMs(context)).toBe(400);
    const guess = new ProgressHistory();
    guess.record('a', { atMs: 1_000, fraction: 0.1 });
    expect(guess.delayMs({ ...context, originKnown: false })).toBe(400);
    guess.record('b', { atMs: 2_000, fraction: 0.1 });
    expect(guess.delayMs({ ...context, nowMs: 2_000 })).toBe(400);
    guess.record('c', { atMs: 3_000, fraction: 0.3 });
    // From the first sample: 20% in 2 s, 70% to go, 7 s; 4% of the 10 s past the end.
    expect(guess.delayMs({ ...context, nowMs: 3_000 })).toBe(7_400);
  });

  it('counts an estimate early when the poll it led to was not done, once per state', () => {
    const history = new ProgressHistory();
    history.record('a', { atMs: 1_000, fraction: 0.1 });
    history.delayMs(context);
    history.record('b', { atMs: 10_400, fraction: 0.9 });
    history.record('b', { atMs: 10_400, fraction: 0.9 });
    expect(history.early).toBe(1);
    // The new estimate is bounded by the schedule from now on; it says 1.6 s, and is early again.
    expect(history.delayMs({ ...context, nowMs: 10_400, fallbackMs: 4_160 })).toBe(1_638);
    history.record('c', { atMs: 12_038, fraction: 0.9 });
    expect(history.early).toBe(2);
    // Progress that did not grow leaves it to the schedule, and a delay the schedule chose is no test of an estimate.
    expect(history.delayMs({ ...context, nowMs: 12_038, fallbackMs: 4_800 })).toBe(4_800);
    history.record('d', { atMs: 16_838, fraction: 0.95 });
    expect(history.early).toBe(2);
    expect(history.delayMs({ ...context, nowMs: 16_838, fallbackMs: 10 })).toBe(10);
    history.record('e', { atMs: 15_410, fraction: 0.96 });
    expect(history.early).toBe(2);
  });
});
