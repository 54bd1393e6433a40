// What a run measured: the JSON written to bench/results/, and the text printed at the end, one table per scenario.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BatchResult } from './batch-scenario.js';
import type { BenchOptions } from './bench-options.js';
import type { FrontierResult } from './frontier-scenario.js';
import type { ListResult } from './list-scenario.js';
import type { StartResult } from './start-scenario.js';
import { batchTable, faultsTable, frontierTable, listTable, startTable, waitAllTable, waitsTable } from './scenario-tables.js';
import { columns, fixed } from './table.js';
import type { TargetCheck } from './targets.js';
import type { WaitAllResult } from './wait-all-scenario.js';
import type { FaultsResult, WaitsResult } from './waits-and-faults.js';

/** Each scenario that ran, with its details and its `figures`: every number the run is judged by, flat. */
export interface ScenarioResults {
  readonly waits?: WaitsResult;
  readonly faults?: FaultsResult;
  readonly frontier?: FrontierResult;
  readonly batch?: BatchResult;
  readonly waitAll?: WaitAllResult;
  readonly list?: ListResult;
  readonly start?: StartResult;
}

/** Everything a run measured, as written to the JSON file. */
export interface BenchResults {
  readonly schema: 2;
  readonly finishedAt: string;
  /** The whole run, in ms. */
  readonly wallMs: number;
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly memoryGiB: number;
    readonly loadAverageAtStart: number;
    readonly loadAverageAtEnd: number;
    readonly googleGax: string;
    readonly grpcJs: string;
  };
  readonly options: BenchOptions;
  readonly scenarios: ScenarioResults;
  readonly targets: readonly TargetCheck[];
}

function targetsTable(targets: readonly TargetCheck[]): string {
  const digits = (t: TargetCheck) => (t.unit === 'RPCs' || t.unit === '×' ? 1 : 0);
  const rows = targets.map((t) => [
    `${t.scenario}: ${t.description}`,
    `${t.comparison === 'at-most' ? '<=' : '>='} ${fixed(t.limit, digits(t))} ${t.unit}`,
    `${fixed(t.measured, digits(t))} ${t.unit}`,
    t.met ? 'met' : `NOT MET, ${t.miss}`,
  ]);
  const notes = targets.filter((t) => t.note).map((t) => `  ${t.scenario}: ${t.description}: ${t.note}`);
  return ['Targets', columns(rows), ...notes].join('\n');
}

/** The text printed at the end of a run: a table per scenario that ran, then the targets. */
export function formatReport(results: BenchResults): string {
  const s = results.scenarios;
  const o = results.options;
  const tables = [
    s.waits && waitsTable(s.waits, o),
    s.faults && faultsTable(s.faults),
    s.frontier && frontierTable(s.frontier),
    s.batch && batchTable(s.batch, o),
    s.waitAll && waitAllTable(s.waitAll, o),
    s.list && listTable(s.list),
    s.start && startTable(s.start),
    results.targets.length > 0 && targetsTable(results.targets),
  ];
  return tables.filter((t): t is string => typeof t === 'string').join('\n\n');
}

/** Writes the results as JSON, creating the folder. */
export async function writeResults(path: string, results: BenchResults): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(results, null, 2) + '\n');
}
