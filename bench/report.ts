// The run's figures as a plain text table for the terminal, and as JSON for bench/results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BenchOptions } from './bench-options.js';
import type { HeapScenarioResult } from './heap-scenario.js';
import type { TargetCheck } from './targets.js';
import type { WaitScenarioResult } from './wait-scenario.js';

/** Everything a run measured, as written to the JSON file. */
export interface BenchResults {
  readonly schema: 1;
  readonly finishedAt: string;
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly loadAverageAtStart: number;
    readonly googleGax: string;
    readonly grpcJs: string;
  };
  readonly options: BenchOptions;
  readonly waits: { readonly oursWait: WaitScenarioResult; readonly oursGet: WaitScenarioResult; readonly gax: WaitScenarioResult };
  readonly heap: HeapScenarioResult;
  readonly faults: {
    readonly restartAtMs: number;
    readonly seed: number;
    readonly oursWait: WaitScenarioResult;
    readonly oursGet: WaitScenarioResult;
  };
  /** ours / gax for each figure. */
  readonly ratios: Readonly<Record<string, number>>;
  readonly targets: readonly TargetCheck[];
}

/** ours / gax for the figures of the table. */
export function ratios(waits: BenchResults['waits'], heap: BenchResults['heap']): Record<string, number> {
  const { oursWait, oursGet, gax } = waits;
  const r = (a: number, b: number) => a / b;
  return {
    rpcsPerOperationWait: r(oursWait.rpcsPerOperation, gax.rpcsPerOperation),
    rpcsPerOperationGet: r(oursGet.rpcsPerOperation, gax.rpcsPerOperation),
    lagP50Wait: r(oursWait.lagMs.p50, gax.lagMs.p50),
    lagP95Wait: r(oursWait.lagMs.p95, gax.lagMs.p95),
    lagP99Wait: r(oursWait.lagMs.p99, gax.lagMs.p99),
    lagP50Get: r(oursGet.lagMs.p50, gax.lagMs.p50),
    lagP95Get: r(oursGet.lagMs.p95, gax.lagMs.p95),
    lagP99Get: r(oursGet.lagMs.p99, gax.lagMs.p99),
    heapBytesPerWait: r(heap.ours.bytesPerWait, heap.gax.bytesPerWait),
    heapBytesPerWaitLongPoll: r(heap.oursLongPoll.bytesPerWait, heap.gax.bytesPerWait),
  };
}

const en = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function fixed(n: number, digits: number): string {
  return Number.isFinite(n) ? en(n, digits) : '-';
}

/** A ratio with two significant digits at least: 0.0047 stays readable. */
function ratio(n: number): string {
  if (!Number.isFinite(n)) return '-';
  return n >= 0.1 ? n.toFixed(2) : n.toPrecision(2);
}

const outcome = (r: WaitScenarioResult) => `${r.correct}/${r.operations}`;

/** Lays rows out in columns: the first left-aligned, the others right-aligned. */
function columns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

/** The table printed at the end of a run. */
export function formatReport(results: BenchResults): string {
  const { options: o, waits, heap, faults, targets } = results;
  const q = results.ratios;
  const { oursWait, oursGet, gax } = waits;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const out: string[] = [];

  out.push(
    `Waits: ${o.operations} operations of ${seconds(o.minDurationMs)} to ${seconds(o.maxDurationMs)} (seed ${o.seed}), all waited on at once, gRPC on 127.0.0.1${o.concurrent ? ', scenarios run concurrently' : ''}`,
  );
  const lagRows = (['p50', 'p95', 'p99'] as const).map((p) => {
    const key = p.toUpperCase();
    return [
      `lag ${p} (ms)`,
      fixed(oursWait.lagMs[p], 1),
      fixed(oursGet.lagMs[p], 1),
      fixed(gax.lagMs[p], 1),
      ratio(q[`lag${key}Wait`]!),
      ratio(q[`lag${key}Get`]!),
    ];
  });
  const busy = (r: WaitScenarioResult) => (o.concurrent ? 'shared' : `${(r.eventLoopBusy * 100).toFixed(1)}%`);
  out.push(
    columns([
      ['', 'ours Wait', 'ours Get', 'gax', 'Wait/gax', 'Get/gax'],
      [
        'RPCs per operation',
        fixed(oursWait.rpcsPerOperation, 2),
        fixed(oursGet.rpcsPerOperation, 2),
        fixed(gax.rpcsPerOperation, 2),
        ratio(q.rpcsPerOperationWait!),
        ratio(q.rpcsPerOperationGet!),
      ],
      ...lagRows,
      ['correct outcomes', outcome(oursWait), outcome(oursGet), outcome(gax)],
      ['event loop busy', busy(oursWait), busy(oursGet), busy(gax)],
    ]),
  );
  out.push('');

  const { ours, oursLongPoll: longPoll } = heap;
  const count = (n: number) => n.toLocaleString('en-US');
  out.push(
    `Heap per pending wait: ${count(ours.pending)} waits pending${longPoll.pending < ours.pending ? ` (${count(longPoll.pending)} for ours default)` : ''}; main thread heap, emulator on its own thread`,
  );
  out.push(
    columns([
      ['', 'ours Get', 'ours default', 'gax', 'Get/gax', 'default/gax'],
      [
        'bytes per wait',
        fixed(ours.bytesPerWait, 0),
        fixed(longPoll.bytesPerWait, 0),
        fixed(heap.gax.bytesPerWait, 0),
        ratio(q.heapBytesPerWait!),
        ratio(q.heapBytesPerWaitLongPoll!),
      ],
      [
        'bytes per wait left after the end',
        fixed(ours.bytesPerWaitAfterEnd, 0),
        fixed(longPoll.bytesPerWaitAfterEnd, 0),
        fixed(heap.gax.bytesPerWaitAfterEnd, 0),
      ],
      ['RPCs while pending', count(ours.rpcsWhilePending), count(longPoll.rpcsWhilePending), count(heap.gax.rpcsWhilePending)],
      ['held for', seconds(ours.pendingMs), seconds(longPoll.pendingMs), seconds(heap.gax.pendingMs)],
    ]),
  );
  out.push(
    '  ours Get: GetOperation only, first poll 10 min away; ours default: WaitOperation on, as by default: long-polls up to maxConcurrentWaits (1,000), the rest sitting between GetOperations; gax: default backoff',
  );
  out.push('');

  out.push(
    `Faults, ours only: ${Math.round(o.unavailableRate * 100)}% of calls UNAVAILABLE (seed ${faults.seed}), emulator restarted at ${seconds(faults.restartAtMs)} unless all waits ended before, every 10th operation fails with ABORTED`,
  );
  out.push(
    columns([
      ['', 'correct', 'wrong', 'failed', 'lost', 'restarts', 'RPCs/op', 'lag p99 (ms)'],
      ...[faults.oursWait, faults.oursGet].map((r) => [
        r.label,
        outcome(r),
        String(r.wrong),
        String(r.failed),
        String(r.lost),
        String(r.restarts),
        fixed(r.rpcsPerOperation, 2),
        fixed(r.lagMs.p99, 1),
      ]),
    ]),
  );
  for (const r of [faults.oursWait, faults.oursGet]) for (const sample of r.failureSamples) out.push(`  ${r.label}: ${sample}`);
  out.push('');

  out.push('Targets');
  out.push(
    columns(
      targets.map((t) => [
        t.description,
        `<= ${en(t.limit, t.unit === 'RPCs' ? 1 : 0)} ${t.unit}`,
        `${fixed(t.measured, t.unit === 'RPCs' ? 2 : t.unit === 'ms' ? 1 : 0)} ${t.unit}`,
        t.met ? 'met' : 'NOT MET',
      ]),
    ),
  );
  for (const t of targets) if (t.note) out.push(`  ${t.description}: ${t.note}`);
  return out.join('\n');
}

/** Writes the results as JSON, creating the folder. */
export async function writeResults(path: string, results: BenchResults): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(results, null, 2) + '\n');
}
