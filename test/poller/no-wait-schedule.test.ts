// The default schedule against google-gax's defaults, where every wait is GetOperation polling: a seeded simulation, no sockets.
import { describe, expect, it } from 'vitest';
import { gaxDefaults, oursSchedule, simulate, type Workload } from '../../bench/no-wait-simulation.js';

const workloads = (count: number, seed: number): Workload[] => [
  { label: `0.2–6 s ×${count}`, count, minMs: 200, maxMs: 6_000, seed },
  { label: `0.2–20 s ×${count}`, count, minMs: 200, maxMs: 20_000, seed },
];

// 40 operations, as the poll-cost bench waits on (its p99 is then the largest), and 2,000 for a p99 that is one.
const cases = [...workloads(40, 1), ...workloads(2_000, 2), ...workloads(40, 1).map((w) => ({ ...w, latencyMs: 2 }))];

describe('the default schedule, with no WaitOperation', () => {
  it.each(cases.map((w) => [`${w.label}${w.latencyMs ? `, ${w.latencyMs} ms per RPC` : ''}`, w] as const))(
    'makes fewer RPCs than google-gax’s defaults at a p99 of lag ÷ duration no worse: %s',
    (_, workload) => {
      const gax = simulate(gaxDefaults, workload);
      const ours = simulate(oursSchedule('default'), workload);
      expect(ours.rpcsPerOperation).toBeLessThan(gax.rpcsPerOperation);
      expect(ours.lagOverDuration.p99).toBeLessThanOrEqual(gax.lagOverDuration.p99);
      // The knob's promise, jitter and all: never later than lateness × the duration.
      expect(ours.lagOverDuration.max).toBeLessThanOrEqual(0.4 + 0.02);
    },
  );

  it('is no longer the old default, which saved RPCs at a lag of well over the duration', () => {
    const [short] = workloads(40, 1);
    const old = simulate(oursSchedule('old', { initialDelayMs: 500, multiplier: 1.5, jitter: 0.2 }), short!);
    expect(old.lagOverDuration.p99).toBeGreaterThan(1);
  });

  it('trades RPCs for lag along one knob: a lower lateness polls more and sees ends sooner', () => {
    const [, long] = workloads(2_000, 2);
    const figures = [0.2, 0.3, 0.4, 0.6, 1].map((lateness) => simulate(oursSchedule(`lateness ${lateness}`, { lateness }), long!));
    for (let i = 1; i < figures.length; i++) {
      expect(figures[i]!.rpcsPerOperation).toBeLessThan(figures[i - 1]!.rpcsPerOperation);
      expect(figures[i]!.lagOverDuration.p99).toBeGreaterThan(figures[i - 1]!.lagOverDuration.p99);
    }
  });
});

describe('progress-aware polling, with no WaitOperation', () => {
  it.each(cases.map((w) => [`${w.label}${w.latencyMs ? `, ${w.latencyMs} ms per RPC` : ''}`, w] as const))(
    'takes at most 3 RPCs per steadily progressing operation at a p99 of lag ÷ duration of 0.1 or less: %s',
    (_, workload) => {
      const aware = simulate(oursSchedule('progress-aware', {}, { readable: true }), workload);
      expect(aware.maxRpcs).toBeLessThanOrEqual(3);
      expect(aware.lagOverDuration.p99).toBeLessThanOrEqual(0.1);
    },
  );

  it('stays within 3 RPCs when progress comes in coarse steps (a thousand), at a p99 of lag ÷ duration under 0.15', () => {
    for (const workload of workloads(2_000, 2)) {
      const aware = simulate(oursSchedule('progress-aware', {}, { readable: true, steps: 1_000 }), workload);
      expect(aware.maxRpcs).toBeLessThanOrEqual(3);
      expect(aware.lagOverDuration.p99).toBeLessThan(0.15);
    }
  });
});
