// The benchmark's command line: one interface, the defaults of a full and a tiny run, and one parser.
import { parseArgs } from 'node:util';

/** The scenarios, in the order a run takes them. */
export const SCENARIOS = ['waits', 'faults', 'frontier', 'batch', 'waitAll', 'list', 'start'] as const;

/** One of {@link SCENARIOS}. */
export type ScenarioId = (typeof SCENARIOS)[number];

/** How a scenario is named on the command line (`--only wait-all,list`). */
const FLAG_NAMES: Readonly<Record<ScenarioId, string>> = {
  waits: 'waits',
  faults: 'faults',
  frontier: 'frontier',
  batch: 'batch',
  waitAll: 'wait-all',
  list: 'list',
  start: 'start',
};

/** A range of operation durations, in ms. */
export interface DurationRange {
  readonly minMs: number;
  readonly maxMs: number;
}

/** What a run measures and how long it may take. */
export interface BenchOptions {
  /** Every scenario at a small size, for CI (--tiny). */
  readonly tiny: boolean;
  /** The scenarios to run (--only), in run order. */
  readonly only: readonly ScenarioId[];
  /** Seed of every drawn duration (--seed); the fault seed is the same. */
  readonly seed: number;
  /** Where the JSON goes (--out). */
  readonly out: string;
  /** How long past the longest operation a wait may go on before it counts as lost. */
  readonly graceMs: number;
  /** waits and faults: operations per side (--ops), durations uniform over a range. */
  readonly waits: { readonly operations: number; readonly durations: DurationRange };
  /** faults: the share of calls answered UNAVAILABLE; every n-th operation fails. */
  readonly faults: { readonly unavailableRate: number; readonly failEvery: number };
  /** frontier: operations per row and range (--frontier-ops), durations log-uniform over each range, starting over arrivalMs. */
  readonly frontier: { readonly operations: number; readonly ranges: readonly DurationRange[]; readonly arrivalMs: number };
  /** start: waits started at once (--pending), how long the sitting ones are held, how many heap readings, the emulator's latency per call. */
  readonly start: { readonly waits: number; readonly holdMs: number; readonly readings: number; readonly latencyMs: number };
  /** batch: Storage Transfer operations (--batch-ops), durations uniform over a range. */
  readonly batch: { readonly operations: number; readonly durations: DurationRange };
  /** waitAll: operations (--wait-all-ops), durations log-uniform over a range. */
  readonly waitAll: { readonly operations: number; readonly durations: DurationRange };
  /** list: operations listed (--list-ops), at this page size, this many times over by each side. */
  readonly list: { readonly operations: number; readonly pageSize: number; readonly rounds: number };
}

/** The defaults of a full run (about four minutes on two cores) and of a tiny one (well under a minute). */
export const BENCH_DEFAULTS: Readonly<{ full: BenchOptions; tiny: BenchOptions }> = Object.freeze({
  full: Object.freeze({
    tiny: false,
    only: SCENARIOS,
    seed: 1,
    out: 'bench/results/latest.json',
    graceMs: 60_000,
    waits: { operations: 500, durations: { minMs: 200, maxMs: 6_000 } },
    faults: { unavailableRate: 0.2, failEvery: 10 },
    frontier: {
      operations: 500,
      arrivalMs: 2_000,
      ranges: [
        { minMs: 200, maxMs: 6_000 },
        { minMs: 200, maxMs: 20_000 },
      ],
    },
    start: { waits: 100_000, holdMs: 2_000, readings: 3, latencyMs: 5 },
    // 20–60 s scaled down by 4, so that three sides fit in a minute.
    batch: { operations: 10_000, durations: { minMs: 5_000, maxMs: 15_000 } },
    waitAll: { operations: 10_000, durations: { minMs: 200, maxMs: 6_000 } },
    list: { operations: 100_000, pageSize: 256, rounds: 3 },
  }),
  tiny: Object.freeze({
    tiny: true,
    only: SCENARIOS,
    seed: 1,
    out: 'bench/results/tiny.json',
    graceMs: 20_000,
    waits: { operations: 50, durations: { minMs: 200, maxMs: 1_000 } },
    faults: { unavailableRate: 0.2, failEvery: 10 },
    frontier: {
      operations: 40,
      arrivalMs: 400,
      ranges: [
        { minMs: 200, maxMs: 1_000 },
        { minMs: 200, maxMs: 2_000 },
      ],
    },
    start: { waits: 5_000, holdMs: 300, readings: 1, latencyMs: 5 },
    batch: { operations: 1_000, durations: { minMs: 300, maxMs: 1_000 } },
    waitAll: { operations: 1_000, durations: { minMs: 200, maxMs: 1_000 } },
    list: { operations: 5_000, pageSize: 256, rounds: 1 },
  }),
});

export const USAGE = `Usage: npm run bench -- [options]
       node --expose-gc --import tsx bench/main.ts [options]

Waits on google.longrunning operations with this SDK and with google-gax,
side by side in the same run, against the embedded emulator over gRPC on
127.0.0.1, and prints one table per scenario: waits, faults, frontier,
batch, wait-all, list, start (see bench/README.md).

Options:
  --tiny             every scenario at a small size, well under a minute (for CI)
  --only LIST        run only these scenarios, comma-separated (e.g. frontier,list)
  --ops N            operations per side in waits and faults (default 500; tiny 50)
  --frontier-ops N   operations per row and duration range in frontier (default 500; tiny 40)
  --pending K        waits started at once in start (default 100000; tiny 5000)
  --batch-ops N      Storage Transfer operations in batch (default 10000; tiny 1000)
  --wait-all-ops N   operations in wait-all (default 10000; tiny 1000)
  --list-ops N       operations listed in list (default 100000; tiny 5000)
  --seed S           seed of the durations and faults (default 1)
  --out PATH         where to write the JSON (default bench/results/latest.json; tiny: bench/results/tiny.json)
  -h, --help         print this and exit`;

function wholeNumber(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new TypeError(`${flag} must be a whole number of at least ${min}, got '${value}'`);
  return n;
}

function scenarioList(value: string | undefined): readonly ScenarioId[] {
  if (value === undefined) return SCENARIOS;
  const byFlag = new Map(SCENARIOS.map((id) => [FLAG_NAMES[id], id]));
  const asked = new Set<ScenarioId>();
  for (const name of value.split(',').map((s) => s.trim())) {
    const id = byFlag.get(name);
    if (!id) throw new TypeError(`--only: no scenario '${name}'; expected ${SCENARIOS.map((s) => FLAG_NAMES[s]).join(', ')}`);
    asked.add(id);
  }
  return SCENARIOS.filter((id) => asked.has(id));
}

/**
 * Reads the command line over the defaults of a full or a tiny run.
 * @returns undefined when help was asked for.
 * @throws TypeError naming the flag that is wrong.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        tiny: { type: 'boolean', default: false },
        only: { type: 'string' },
        ops: { type: 'string' },
        'frontier-ops': { type: 'string' },
        pending: { type: 'string' },
        'batch-ops': { type: 'string' },
        'wait-all-ops': { type: 'string' },
        'list-ops': { type: 'string' },
        seed: { type: 'string' },
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
  const d = v.tiny ? BENCH_DEFAULTS.tiny : BENCH_DEFAULTS.full;
  if (v.out !== undefined && v.out.trim() === '') throw new TypeError('--out must be a path');
  return {
    ...d,
    only: scenarioList(v.only),
    seed: wholeNumber(v.seed, '--seed', d.seed, 0),
    out: v.out ?? d.out,
    waits: { ...d.waits, operations: wholeNumber(v.ops, '--ops', d.waits.operations, 1) },
    frontier: { ...d.frontier, operations: wholeNumber(v['frontier-ops'], '--frontier-ops', d.frontier.operations, 1) },
    start: { ...d.start, waits: wholeNumber(v.pending, '--pending', d.start.waits, 1) },
    batch: { ...d.batch, operations: wholeNumber(v['batch-ops'], '--batch-ops', d.batch.operations, 1) },
    waitAll: { ...d.waitAll, operations: wholeNumber(v['wait-all-ops'], '--wait-all-ops', d.waitAll.operations, 1) },
    list: { ...d.list, operations: wholeNumber(v['list-ops'], '--list-ops', d.list.operations, 1) },
  };
}
