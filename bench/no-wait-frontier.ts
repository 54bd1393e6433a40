// Where each no-WaitOperation schedule sits on RPCs per operation against lag ÷ duration: simulated, no sockets, seconds to run.
//
//   npx tsx bench/no-wait-frontier.ts [--ops 40,10000] [--seed 1] [--latency-ms 0]
import { parseArgs } from 'node:util';
import { gaxDefaults, oursSchedule, simulate, type SimulatedSchedule, type Workload } from './no-wait-simulation.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '40,10000' },
    seed: { type: 'string', default: '1' },
    'latency-ms': { type: 'string', default: '0' },
  },
});
const counts = values.ops.split(',').map(Number);
const seed = Number(values.seed);
const latencyMs = Number(values['latency-ms']);
if (counts.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(seed) || !(latencyMs >= 0)) {
  process.stderr.write('usage: npx tsx bench/no-wait-frontier.ts [--ops N[,N…]] [--seed S] [--latency-ms L]\n');
  process.exit(2);
}

const workloads: Workload[] = counts.flatMap((count) =>
  [6_000, 20_000].map((maxMs) => ({ label: `0.2–${maxMs / 1000} s ×${count}`, count, minMs: 200, maxMs, seed, latencyMs })),
);

const schedules: SimulatedSchedule[] = [
  gaxDefaults,
  oursSchedule('old default: 500 ms ×1.5, jitter 0.2', { initialDelayMs: 500, multiplier: 1.5, jitter: 0.2 }),
  oursSchedule('default: lateness 0.4', {}),
  oursSchedule('lateness 0.3', { lateness: 0.3 }),
  oursSchedule('lateness 0.5', { lateness: 0.5 }),
  oursSchedule('lateness 0.6', { lateness: 0.6 }),
  oursSchedule('lateness 0.4, jitter 0', { jitter: 0 }),
  oursSchedule('progress-aware (default)', {}, { readable: true }),
  oursSchedule('progress-aware, 1,000 steps', {}, { readable: true, steps: 1_000 }),
];

const cell = (s: SimulatedSchedule, w: Workload) => {
  const f = simulate(s, w);
  return `${f.rpcsPerOperation.toFixed(2)} / ${f.lagOverDuration.p99.toFixed(2)}`;
};
const width = Math.max(...schedules.map((s) => s.label.length));
const col = 16;
const lines = [
  `RPCs per operation / p99 of lag ÷ duration (seed ${seed}, ${latencyMs} ms per RPC; p99 is nearest-rank: with 40 operations, the largest)`,
  `${''.padEnd(width)}  ${workloads.map((w) => w.label.padStart(col)).join('')}`,
  ...schedules.map((s) => `${s.label.padEnd(width)}  ${workloads.map((w) => cell(s, w).padStart(col)).join('')}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
