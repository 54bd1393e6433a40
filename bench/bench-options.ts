// The benchmark's command line: one interface, the defaults for a full and a quick run, and one parser.
import { parseArgs } from 'node:util';

/** What a run measures and how long it may take. */
export interface BenchOptions {
  /** Operations per wait scenario (--ops). */
  readonly operations: number;
  /** Waits held pending in the heap scenario (--pending). */
  readonly pending: number;
  /** Seed of the operation durations (--seed); the fault seed is derived from it. */
  readonly seed: number;
  /** A short run with fewer operations and waits (--quick). */
  readonly quick: boolean;
  /** Run the wait and fault scenarios at the same time instead of one after another. */
  readonly concurrent: boolean;
  /** The shortest and longest operation, in ms. */
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
  /** How long past the longest operation a wait may go on before it counts as lost. */
  readonly graceMs: number;
  /** How long the heap scenario holds its waits, how many readings it takes, and how long gax may take to wind down. */
  readonly holdMs: number;
  readonly heapReadings: number;
  readonly drainMs: number;
  /** The share of calls answered UNAVAILABLE in the fault scenario. */
  readonly unavailableRate: number;
  /** Where the JSON goes (--out). */
  readonly out: string;
}

const SHARED = {
  seed: 1,
  minDurationMs: 200,
  maxDurationMs: 6_000,
  graceMs: 30_000,
  heapReadings: 3,
  unavailableRate: 0.2,
  out: 'bench/results/latest.json',
} as const;

/** The defaults of a full run (under two minutes) and of a quick one (about twenty seconds). */
export const BENCH_DEFAULTS: Readonly<{ full: BenchOptions; quick: BenchOptions }> = Object.freeze({
  full: Object.freeze({ ...SHARED, operations: 500, pending: 10_000, quick: false, concurrent: false, holdMs: 4_000, drainMs: 15_000 }),
  quick: Object.freeze({ ...SHARED, operations: 100, pending: 2_000, quick: true, concurrent: true, holdMs: 1_500, drainMs: 10_000 }),
});

export const USAGE = `Usage: npx tsx bench/poll-cost.ts [options]
       node --expose-gc --import tsx bench/poll-cost.ts [options]

Measures RPCs per operation, detection lag and heap per pending wait of this
SDK's poller against google-gax's LRO polling, on an embedded emulator over
gRPC on 127.0.0.1, and checks that no outcome is lost under faults.

Options:
  --ops N          operations per wait scenario (default 500; quick 100)
  --pending K      waits held pending in the heap scenario (default 10000; quick 2000)
  --seed S         seed of the durations and faults (default 1)
  --quick          a short run, about 20 s: fewer operations, scenarios at the same time
  --concurrent     run the wait and fault scenarios at the same time (default with --quick)
  --sequential     run them one after another (default without --quick)
  --out PATH       where to write the JSON (default bench/results/latest.json)
  -h, --help       print this and exit`;

function wholeNumber(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new TypeError(`${flag} must be a whole number of at least ${min}, got '${value}'`);
  return n;
}

/**
 * Reads the command line over the defaults of a full or a quick run.
 * @returns undefined when help was asked for.
 * @throws TypeError naming the flag that is wrong.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        ops: { type: 'string' },
        pending: { type: 'string' },
        seed: { type: 'string' },
        quick: { type: 'boolean', default: false },
        concurrent: { type: 'boolean', default: false },
        sequential: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (cause) {
    throw new TypeError((cause as Error).message, { cause });
  }
  const v = parsed.values;
  if (v.help) return undefined;
  if (v.concurrent && v.sequential) throw new TypeError('--concurrent and --sequential exclude each other');
  const d = v.quick ? BENCH_DEFAULTS.quick : BENCH_DEFAULTS.full;
  if (v.out !== undefined && v.out.trim() === '') throw new TypeError('--out must be a path');
  return {
    ...d,
    operations: wholeNumber(v.ops, '--ops', d.operations, 1),
    pending: wholeNumber(v.pending, '--pending', d.pending, 1),
    seed: wholeNumber(v.seed, '--seed', d.seed, 0),
    concurrent: v.concurrent ? true : v.sequential ? false : d.concurrent,
    out: v.out ?? d.out,
  };
}
