// Numbers and times read out of decoded metadata (in either form the registry gives), for the profiles' progress and start-time readers.

/** `value[name]` when `value` is an object; undefined otherwise. */
export function fieldOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * A count as both decoded forms write it: an int64 as a decimal string, an
 * int32 as a number. Undefined for anything else, a negative count included.
 */
export function countOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `done ÷ total` for two counts (see {@link countOf}); undefined when either is missing or the total is 0. */
export function fractionOf(done: unknown, total: unknown): number | undefined {
  const d = countOf(done);
  const t = countOf(total);
  return d === undefined || t === undefined || t === 0 ? undefined : Math.min(1, d / t);
}

/**
 * A google.protobuf.Timestamp in ms since the epoch, from its object form
 * (`{ seconds, nanos }`, `seconds` a decimal string or a number, `nanos`
 * absent at 0) or its JSON form (RFC 3339); undefined for anything else,
 * an object without `seconds` included (no start time is at the epoch).
 */
export function timestampOf(value: unknown): number | undefined {
  if (typeof value === 'object' && value !== null) {
    if (!('seconds' in value)) return undefined;
    const { seconds, nanos = 0 } = value as { seconds: unknown; nanos?: unknown };
    const s = typeof seconds === 'string' && /^-?\d+$/.test(seconds) ? Number(seconds) : seconds;
    if (typeof s !== 'number' || !Number.isFinite(s) || typeof nanos !== 'number' || !Number.isFinite(nanos)) return undefined;
    return s * 1000 + Math.floor(nanos / 1e6);
  }
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
