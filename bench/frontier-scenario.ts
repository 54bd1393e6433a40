// The no-WaitOperation frontier: RPCs per operation against how late each wait notices the end, one row per way of waiting.
import { services } from '../src/index.js';
import type { DurationRange } from './bench-options.js';
import type { EmulatorThread } from './emulator-thread.js';
import { FRONTIER_ROWS, isGaxRow, rowKey, type FrontierRow } from './frontier-rows.js';
import { gaxWaiter } from './gax-waiter.js';
import { storageTransferTypes } from './operation-recipes.js';
import { ourWaiter } from './our-waiter.js';
import { summarize, type Summary } from './percentiles.js';
import { logUniformDurations } from './seeded-random.js';
import type { Waiter } from './waiter.js';
import { timedOperations, waitMany } from './wait-many.js';

/** One row over one range of durations. */
export interface FrontierCell {
  readonly range: DurationRange;
  readonly operations: number;
  readonly correct: number;
  /** Wrong, failed or lost: any of them makes the cell's figures suspect. */
  readonly notRight: number;
  readonly rpcsPerOperation: number;
  readonly lagMs: Summary;
  /** Lag divided by the operation's duration. */
  readonly lagRatio: Summary;
  readonly wallMs: number;
}

/** One row of the table: a way of waiting, over every range. */
export interface FrontierRowResult {
  readonly name: string;
  readonly key: string;
  readonly gax: boolean;
  readonly cells: readonly FrontierCell[];
}

export interface FrontierResult {
  readonly operationsPerCell: number;
  readonly arrivalMs: number;
  readonly ranges: readonly DurationRange[];
  readonly seed: number;
  readonly rows: readonly FrontierRowResult[];
  readonly figures: Readonly<Record<string, number>>;
}

export interface FrontierOptions {
  readonly operations: number;
  readonly ranges: readonly DurationRange[];
  readonly seed: number;
  readonly graceMs: number;
  /** The time over which each row's operations start, in groups. */
  readonly arrivalMs: number;
  /** @default FRONTIER_ROWS */
  readonly rows?: readonly FrontierRow[];
}

/** The label of a range in tables and JSON keys: '0.2–6 s', '0.2-6s'. */
export function rangeLabel(r: DurationRange, ascii = false): string {
  const s = (ms: number) => String(ms / 1000);
  return ascii ? `${s(r.minMs)}-${s(r.maxMs)}s` : `${s(r.minMs)}–${s(r.maxMs)} s`;
}

/** Each row's operations start in this many groups, evenly over arrivalMs. */
const ARRIVAL_GROUPS = 20;

function waiterFor(row: FrontierRow, endpoint: string): Waiter {
  if (isGaxRow(row)) return gaxWaiter(endpoint, { ...row.gax, label: row.name });
  const transfer = row.operations === 'transfer';
  return ourWaiter(endpoint, {
    label: row.name,
    poll: { ...row.poll, useWait: 'never' },
    client: {
      ...(transfer ? { service: services.storageTransfer, types: [storageTransferTypes()], batchWindowMs: 0 } : {}),
      ...row.client,
    },
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function runCell(thread: EmulatorThread, row: FrontierRow, range: DurationRange, o: FrontierOptions): Promise<FrontierCell> {
  const transfer = !isGaxRow(row) && row.operations === 'transfer';
  const emulator = await thread.start(transfer ? 'storage-transfer' : 'standard');
  const waiter = waiterFor(row, emulator.grpcEndpoint);
  const recipe = transfer ? ({ kind: 'transfer', projectId: 'bench-project', progress: true } as const) : ({ kind: 'duration' } as const);
  try {
    const durationsMs = logUniformDurations(o.operations, range.minMs, range.maxMs, o.seed);
    const warm = await emulator.create(recipe, [0]);
    await waiter.warmUp(warm.operations[0]!.name);
    await emulator.resetCalls();
    // The operations arrive in groups spread over arrivalMs, as work does, rather than in one burst of first polls.
    const size = Math.ceil(durationsMs.length / ARRIVAL_GROUPS);
    const groups = Array.from({ length: Math.ceil(durationsMs.length / size) }, (_, k) => durationsMs.slice(k * size, (k + 1) * size));
    const began = performance.now();
    const waited = await Promise.all(
      groups.map(async (group, k) => {
        await sleep((k * o.arrivalMs) / groups.length);
        const made = await emulator.create(recipe, group);
        return waitMany(waiter, timedOperations(made.operations, made.createdAt, group), range.maxMs + o.graceMs);
      }),
    );
    const calls = await emulator.calls();
    const all = <T>(pick: (w: (typeof waited)[number]) => readonly T[]) => waited.flatMap(pick);
    const sum = (pick: (w: (typeof waited)[number]) => number) => waited.reduce((n, w) => n + pick(w), 0);
    return {
      range,
      operations: durationsMs.length,
      correct: sum((w) => w.correct),
      notRight: sum((w) => w.wrong + w.failed + w.lost),
      rpcsPerOperation: calls.total / durationsMs.length,
      lagMs: summarize(all((w) => w.lagsMs)),
      lagRatio: summarize(all((w) => w.lagRatios)),
      wallMs: Math.max(...waited.map((w) => w.lastSettledAt)) - began,
    };
  } finally {
    waiter.close();
    await emulator.stop();
  }
}

function figuresOf(rows: readonly FrontierRowResult[], ranges: readonly DurationRange[]): Record<string, number> {
  const figures: Record<string, number> = {};
  const gax = rows.find((r) => r.gax);
  for (const row of rows) {
    row.cells.forEach((cell, i) => {
      const at = `${row.key}.${rangeLabel(ranges[i]!, true)}`;
      figures[`${at}.rpcsPerOperation`] = cell.rpcsPerOperation;
      figures[`${at}.lagRatioP50`] = cell.lagRatio.p50;
      figures[`${at}.lagRatioP99`] = cell.lagRatio.p99;
      figures[`${at}.lagP99Ms`] = cell.lagMs.p99;
      figures[`${at}.correct`] = cell.correct;
      const theirs = gax?.cells[i];
      if (theirs && !row.gax) {
        figures[`${at}.rpcsPerOperationOursOverGax`] = cell.rpcsPerOperation / theirs.rpcsPerOperation;
        figures[`${at}.lagRatioP99OursOverGax`] = cell.lagRatio.p99 / theirs.lagRatio.p99;
      }
    });
  }
  return figures;
}

/**
 * Every row over every range at the same time, each (row, range) on an
 * emulator of its own in `thread`: the same seeded durations for every row
 * of a range, all waited on at once with useWait 'never'.
 */
export async function runFrontier(thread: EmulatorThread, o: FrontierOptions): Promise<FrontierResult> {
  const rows = o.rows ?? FRONTIER_ROWS;
  const measured = await Promise.all(
    rows.map(async (row) => ({
      name: row.name,
      key: rowKey(row),
      gax: isGaxRow(row),
      cells: await Promise.all(o.ranges.map((range) => runCell(thread, row, range, o))),
    })),
  );
  return {
    operationsPerCell: o.operations,
    arrivalMs: o.arrivalMs,
    ranges: o.ranges,
    seed: o.seed,
    rows: measured,
    figures: figuresOf(measured, o.ranges),
  };
}
