// Durations on the command line ('500ms', '1.5m', '1h30m') and in what lro prints ('1m 05s').

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d)/y;

/**
 * Reads a duration: one or more number-and-unit parts (`ms`, `s`, `m`, `h`,
 * `d`), largest first or not, e.g. `500ms`, `1s`, `1.5m`, `2h`, `1h30m`.
 * Returns milliseconds, rounded to a whole number.
 *
 * @returns undefined for text that is not a duration: empty, a bare number
 *   (`90`: seconds or minutes?), an unknown unit, or a negative sign.
 */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== at) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/**
 * A short human form of a duration: `850ms`, `4.2s`, `1m 05s`, `2h 03m`.
 * Negative and non-finite inputs read as `0ms` and `∞`.
 */
export function formatDuration(ms: number): string {
  if (ms === Infinity) return '∞';
  if (!(ms > 0)) return '0ms';
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(ms / 1_000);
  if (totalSeconds < 3_600) return `${Math.floor(totalSeconds / 60)}m ${String(totalSeconds % 60).padStart(2, '0')}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 24 * 60) return `${Math.floor(totalMinutes / 60)}h ${String(totalMinutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(totalMinutes / 1_440)}d ${String(Math.floor(totalMinutes / 60) % 24).padStart(2, '0')}h`;
}
