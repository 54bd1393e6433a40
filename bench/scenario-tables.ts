// One plain text table per scenario, with ours/gax ratios where both sides ran and the target beside the figure it bounds.
import type { BatchResult } from './batch-scenario.js';
import type { BenchOptions } from './bench-options.js';
import { rangeLabel, type FrontierResult } from './frontier-scenario.js';
import type { ListResult } from './list-scenario.js';
import type { StartResult } from './start-scenario.js';
import { columns, count, fixed, ratio, seconds } from './table.js';
import { TARGETS } from './targets.js';
import type { WaitAllResult } from './wait-all-scenario.js';
import type { WaitScenarioResult } from './wait-scenario.js';
import type { FaultsResult, WaitsResult } from './waits-and-faults.js';

const outcome = (r: { correct: number; operations: number }) => `${r.correct}/${r.operations}`;
const range = (r: { minMs: number; maxMs: number }) => `${seconds(r.minMs)} to ${seconds(r.maxMs)}`;

export function waitsTable(w: WaitsResult, o: BenchOptions): string {
  const { oursWait, oursGet, gax } = w;
  const per = (p: 'p50' | 'p95' | 'p99', target = '') => [
    `lag ${p} (ms)`,
    fixed(oursWait.lagMs[p], 1),
    fixed(oursGet.lagMs[p], 1),
    fixed(gax.lagMs[p], 1),
    ratio(oursWait.lagMs[p] / gax.lagMs[p]),
    ratio(oursGet.lagMs[p] / gax.lagMs[p]),
    target,
  ];
  const busy = (r: WaitScenarioResult) => `${(r.eventLoopBusy * 100).toFixed(1)}%`;
  return [
    `Waits: ${count(oursWait.operations)} operations of ${range(o.waits.durations)}, uniform (seed ${o.seed}), all waited on at once, gRPC on 127.0.0.1, emulator in this thread`,
    columns([
      ['', 'ours Wait', 'ours Get', 'gax', 'Wait/gax', 'Get/gax', 'target'],
      [
        'RPCs per operation',
        fixed(oursWait.rpcsPerOperation, 2),
        fixed(oursGet.rpcsPerOperation, 2),
        fixed(gax.rpcsPerOperation, 2),
        ratio(oursWait.rpcsPerOperation / gax.rpcsPerOperation),
        ratio(oursGet.rpcsPerOperation / gax.rpcsPerOperation),
        `Wait <= ${TARGETS.rpcsPerOperationWithWait}`,
      ],
      per('p50'),
      per('p95'),
      per('p99', `Wait <= ${TARGETS.lagP99WithWaitMs}`),
      ['correct outcomes', outcome(oursWait), outcome(oursGet), outcome(gax)],
      ['event loop busy', busy(oursWait), busy(oursGet), busy(gax)],
    ]),
  ].join('\n');
}

export function faultsTable(f: FaultsResult): string {
  const runs = [f.oursWait, f.oursGet];
  return [
    `Faults, ours only: ${Math.round(f.unavailableRate * 100)}% of calls UNAVAILABLE (seed ${f.seed}), emulator restarted at ${seconds(f.restartAtMs)} unless all waits ended before, every ${f.failEvery}th operation fails with ABORTED; both at once`,
    columns([
      ['', 'correct', 'wrong', 'failed', 'lost', 'restarts', 'RPCs/op', 'lag p99 (ms)', 'target'],
      ...runs.map((r) => [
        r.label,
        outcome(r),
        String(r.wrong),
        String(r.failed),
        String(r.lost),
        String(r.restarts),
        fixed(r.rpcsPerOperation, 2),
        fixed(r.lagMs.p99, 1),
        'wrong + failed + lost = 0',
      ]),
      ...runs.flatMap((r) => r.failureSamples.map((sample) => [`  ${r.label}: ${sample}`])),
    ]),
  ].join('\n');
}

export function frontierTable(f: FrontierResult): string {
  const gax = f.rows.find((r) => r.gax);
  const rows: string[][] = [
    ['', 'durations', 'RPCs/op', 'lag/dur p50', 'lag/dur p99', 'lag p99 (ms)', 'correct', 'RPCs/op ours/gax', 'lag/dur p99 ours/gax'],
  ];
  for (const row of f.rows) {
    row.cells.forEach((cell, i) => {
      const theirs = gax?.cells[i];
      const vs = (mine: number, other: number | undefined) => (row.gax || other === undefined ? '' : ratio(mine / other));
      rows.push([
        i === 0 ? row.name : '',
        rangeLabel(cell.range),
        fixed(cell.rpcsPerOperation, 2),
        fixed(cell.lagRatio.p50, 2),
        fixed(cell.lagRatio.p99, 2),
        fixed(cell.lagMs.p99, 0),
        outcome(cell),
        vs(cell.rpcsPerOperation, theirs?.rpcsPerOperation),
        vs(cell.lagRatio.p99, theirs?.lagRatio.p99),
      ]);
    });
  }
  return [
    `Frontier without WaitOperation (useWait 'never'): ${count(f.operationsPerCell)} operations per row and range arriving over ${seconds(f.arrivalMs)}, durations log-uniform (seed ${f.seed}); every row at the same time, each on its own emulator in one worker thread`,
    columns(rows),
    '  lag: from the scripted end of the operation to its wait settling; lag/dur: that lag divided by its duration',
  ].join('\n');
}

export function batchTable(b: BatchResult, o: BenchOptions): string {
  const { batched, unbatched, gax } = b;
  const sides = [batched, unbatched, gax];
  const line = (name: string, pick: (s: typeof batched) => number, digits: number, target = '') => [
    name,
    ...sides.map((s) => fixed(pick(s), digits)),
    ratio(pick(batched) / pick(unbatched)),
    ratio(pick(batched) / pick(gax)),
    target,
  ];
  return [
    `Batched polling: ${count(b.operations)} Storage Transfer operations of one project, ${range(b.durations)} uniform (seed ${o.seed}), waited on at once; one side after another on one emulator in a worker thread`,
    columns([
      ['', 'ours batched', 'ours batchWindowMs 0', 'gax', 'batched/unbatched', 'batched/gax', 'target'],
      line('RPCs', (s) => s.rpcs, 0),
      line('  of which ListOperations', (s) => s.lists, 0),
      line('RPCs per second, mean', (s) => s.rpcsPerSecond, 1, `>= ${TARGETS.batchRpcReduction}x fewer than either`),
      line('RPCs per second, peak (1 s)', (s) => s.peakRpcsPerSecond, 1),
      line('lag p50 (ms)', (s) => s.lagMs.p50, 0),
      line('lag p99 (ms)', (s) => s.lagMs.p99, 0, 'batched no worse than either'),
      ['correct outcomes', ...sides.map(outcome)],
      ['time to settle all', ...sides.map((s) => seconds(s.wallMs))],
    ]),
  ].join('\n');
}

export function waitAllTable(w: WaitAllResult, o: BenchOptions): string {
  const { ours, gax } = w;
  const line = (name: string, pick: (s: typeof ours) => number, digits: number) => [
    name,
    fixed(pick(ours), digits),
    fixed(pick(gax), digits),
    ratio(pick(ours) / pick(gax)),
  ];
  return [
    `waitAll: ${count(w.operations)} operations of ${range(w.durations)}, log-uniform (seed ${o.seed}), as one wait: ours Promise.all(targets.map((t) => client.poller(t).result())) until client.waitAll lands; gax Promise.all of operation().promise()`,
    columns([
      ['', 'ours', 'gax', 'ours/gax'],
      line('time to settle all (s)', (s) => s.settleMs / 1000, 2),
      line('  after the last scripted end (ms)', (s) => s.tailMs, 0),
      line('  of which the start loop (ms)', (s) => s.startLoopMs, 0),
      line('RPCs', (s) => s.rpcs, 0),
      line('RPCs per operation', (s) => s.rpcsPerOperation, 2),
      line('  of which WaitOperation', (s) => s.waitOperations, 0),
      ['every response its own', ours.allRight ? 'yes' : 'NO', gax.allRight ? 'yes' : 'NO'],
    ]),
  ].join('\n');
}

export function listTable(l: ListResult): string {
  const sides = [l.ours, l.oursPrefetch, l.gax];
  return [
    `Listing ${count(l.operations)} Storage Transfer operations at page size ${l.pageSize} with transferOperationsFilter({ projectId }), emulator in a worker thread; ${l.rounds} round(s) of each side in turn, the median round`,
    columns([
      ['', 'ours', 'ours, page ahead', 'gax', 'ours/gax', 'page ahead/ours'],
      [
        'operations per second',
        ...sides.map((s) => fixed(s.operationsPerSecond, 0)),
        ratio(l.ours.operationsPerSecond / l.gax.operationsPerSecond),
        ratio(l.oursPrefetch.operationsPerSecond / l.ours.operationsPerSecond),
      ],
      ['time (s)', ...sides.map((s) => fixed(s.ms / 1000, 2))],
      ['operations listed', ...sides.map((s) => count(s.listed))],
      ['pages', ...sides.map((s) => count(s.pages))],
    ]),
    "  page ahead: the bench's own loop over client.listOperationsPage, asking for the next page before handing out this one",
  ].join('\n');
}

export function startTable(s: StartResult): string {
  const readings = [s.oursSitting, s.oursLongPolls, s.oursAtOnce, s.gax];
  const line = (name: string, pick: (r: typeof s.gax) => number | undefined, digits: number, target = '') => {
    const a = pick(s.oursAtOnce);
    const g = pick(s.gax);
    return [name, ...readings.map((r) => fixed(pick(r), digits)), a !== undefined && g !== undefined ? ratio(a / g) : '', target];
  };
  return [
    `Starting ${count(s.waits)} waits: one synchronous loop of client.poller(op).result({ signal }), every wait on one AbortSignal (gax's Operation takes no signal: none); operations that never end, emulator in a worker thread answering each call after ${s.latencyMs} ms`,
    columns([
      ['', 'ours, first poll 10 min', 'ours, WaitOperation on', 'ours, first poll at once', 'gax (polls at once)', 'at once/gax', 'target'],
      line('start loop (ms)', (r) => r.startLoopMs, 0),
      line('  per wait (µs)', (r) => r.startUsPerWait, 1),
      line('event-loop delay p99 (ms)', (r) => r.eventLoopDelayP99Ms, 1, `<= ${TARGETS.eventLoopDelayP99Ms}`),
      line('event-loop delay max (ms)', (r) => r.eventLoopDelayMaxMs, 0, `<= ${TARGETS.eventLoopDelayMaxMs}`),
      line('heap per pending wait (bytes)', (r) => r.bytesPerWait, 0, `<= ${count(TARGETS.heapBytesPerWait)}`),
      line('RPCs', (r) => r.rpcs, 0),
      line('RPCs in flight, max', (r) => r.rpcsInFlightMax, 0),
      line('first polls answered after (s)', (r) => (r.firstPollsMs > 0 ? r.firstPollsMs / 1000 : undefined), 1),
      line('ending every wait (ms)', (r) => r.stopMs, 0),
    ]),
    '  event-loop delay: monitorEventLoopDelay at 1 ms resolution, from just before the loop to the heap readings (after the first polls where they are at once)',
    '  first poll 10 min: GetOperation only; WaitOperation on: the default, 1,000 long-polls open (maxConcurrentWaits), the rest sitting; at once: from names, the next poll 10 min on',
    "  gax: the first GetOperation goes out as promise() listens, whatever the backoff (here 10 min after it); its waits cannot be ended, so 'ending' has no figure",
  ].join('\n');
}
