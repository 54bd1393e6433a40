// The rows of the frontier table: named ways of waiting without WaitOperation. Adding a row is adding a line here.
import type { OperationsClientOptions, PollerOptions } from '../src/index.js';
import type { GaxPollingOptions } from './gax-waiter.js';

/** One of our ways of waiting: poll options, on plain or on Storage Transfer operations. */
export interface OurFrontierRow {
  /** How the table names it; also its key in the JSON (lower-cased, dashes). */
  readonly name: string;
  /** Given to every `client.poller()` of the row; `useWait: 'never'` is set over it. */
  readonly poll: PollerOptions;
  /**
   * `plain`: standard operations that report nothing while they run.
   * `transfer`: Storage Transfer operations whose metadata progress grows
   * steadily (bytesCopiedToSink from 0 to bytesFoundFromSource over the
   * operation's duration), polled one GetOperation loop per operation
   * (`batchWindowMs: 0`) so that RPCs per operation compare with the rest.
   * @default 'plain'
   */
  readonly operations?: 'plain' | 'transfer';
  /** Client options on top of those of the operations' kind. */
  readonly client?: Partial<OperationsClientOptions>;
}

/** google-gax's way of waiting, with its default backoff unless `gax` says otherwise. */
export interface GaxFrontierRow {
  readonly name: string;
  readonly gax: GaxPollingOptions;
}

/** A row of the frontier table. */
export type FrontierRow = OurFrontierRow | GaxFrontierRow;

/**
 * The rows, in table order. Each is a schedule measured on the same
 * operations (the same seeded durations) as every other row.
 *
 * Today the schedule is raw numbers. Once PollOptions has its lateness
 * knob (how late, as a fraction of the operation's age, a wait may notice
 * the end), the rows become settings of it, one line each:
 *   { name: 'ours, lateness 0.1', poll: { lateness: 0.1 } },
 */
export const FRONTIER_ROWS: readonly FrontierRow[] = [
  { name: 'ours, defaults (500 ms ×1.5 to 30 s)', poll: {} },
  { name: 'ours, 250 ms ×1.3 to 30 s', poll: { initialDelayMs: 250, multiplier: 1.3 } },
  { name: 'ours, 1 s ×2 to 60 s', poll: { initialDelayMs: 1_000, multiplier: 2, maxDelayMs: 60_000 } },
  { name: 'ours, defaults, Storage Transfer', poll: {}, operations: 'transfer' },
  // ── PROGRESS-AWARE ROW ───────────────────────────────────────────────────────────────────────────────
  // When PollOptions has `progress: (metadata) => number | undefined` and the Storage Transfer profile reads
  // bytesCopiedToSink / bytesFoundFromSource, put the progress-aware row here, on the same operations as the
  // row above (their progress grows steadily), so that the two read side by side:
  //   { name: 'ours, progress-aware, Storage Transfer', poll: { lateness: 0.1 }, operations: 'transfer' },
  // (with `progress` given in `poll` if the profile does not supply it). If the profile makes every
  // Storage Transfer wait progress-aware by default, the row above becomes that row; keep a `progress`
  // that returns undefined for a row that measures the schedule without it.
  // ──────────────────────────────────────────────────────────────────────────────────────────────────────
  { name: 'google-gax, default', gax: {} },
];

/** Whether a row is google-gax's. */
export function isGaxRow(row: FrontierRow): row is GaxFrontierRow {
  return 'gax' in row;
}

/** A row's key in the JSON: its name lower-cased, runs of other characters as one dash. */
export function rowKey(row: FrontierRow): string {
  return row.name
    .toLowerCase()
    .replace(/×/g, 'x')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-|-$/g, '');
}
