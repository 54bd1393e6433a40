// google.protobuf.Duration in both of its forms, the proto3 JSON string ('1.5s') and the message ({ seconds, nanos }), as milliseconds.

const DURATION_JSON = /^(-?\d+(?:\.\d{1,9})?)s$/;

/**
 * The milliseconds of a Duration in its JSON form (`'1.5s'`, `'-0.25s'`);
 * undefined for anything else.
 */
export function durationJsonToMs(value: unknown): number | undefined {
  const m = typeof value === 'string' ? DURATION_JSON.exec(value) : null;
  return m ? Number(m[1]) * 1000 : undefined;
}

/** A Duration's JSON form: `'0.25s'`, `'3s'` (milliseconds, to three decimals of a second). */
export function msToDurationJson(ms: number): string {
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

/**
 * The milliseconds of a Duration message (seconds may be a number, a
 * decimal string or Long-like); undefined for no message, NaN for fields
 * that are not numbers.
 */
export function durationMessageToMs(d: { seconds?: unknown; nanos?: unknown } | null | undefined): number | undefined {
  if (!d) return undefined;
  return Number(d.seconds ?? 0) * 1000 + Number(d.nanos ?? 0) / 1e6;
}

/** A Duration message for a number of milliseconds (not negative). */
export function msToDurationMessage(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}
