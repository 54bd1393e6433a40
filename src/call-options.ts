// Per-call limits, and the errors a call raises before it reaches the wire.

/** Limits for one call. Every async method of this package takes them. */
export interface CallOptions {
  /** Ends the call early; the call rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * How long the call may take in all, retries of transient failures included.
   * @default the client's `timeoutMs`
   */
  readonly timeoutMs?: number | undefined;
  /** @internal The wait this call polls for: the call's span is a child of the wait's. */
  readonly traceParent?: { readonly context: object | undefined } | undefined;
}

/**
 * Checks a `timeoutMs` field: undefined, or a positive finite number.
 * @throws TypeError naming the field.
 */
export function checkTimeoutMs(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`${field} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

/** Throws the signal's reason when it has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}
