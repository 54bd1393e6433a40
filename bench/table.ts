// Plain text tables for the terminal: columns, and numbers written the same way in every table.

const en = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A number with `digits` decimals and thousands separators; '-' for NaN or an infinity. */
export function fixed(n: number | undefined, digits = 0): string {
  return n !== undefined && Number.isFinite(n) ? en(n, digits) : '-';
}

/** A ratio with two significant digits at least: 0.0047 stays readable. */
export function ratio(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  return n >= 0.1 ? n.toFixed(2) : n.toPrecision(2);
}

/** Milliseconds as seconds with one decimal. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A whole count with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Lays rows out in columns: the first left-aligned, the others right-aligned; a row of one cell is written as it is. */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) if (row.length > 1) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row.length === 1
        ? row[0]!
        : row
            .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
            .join('   ')
            .trimEnd(),
    )
    .join('\n');
}
