// The Poller's options: one interface, one defaults table, one normaliser.
import { MAX_TIMER_MS } from '../timers.js';

/** How a poller waits. Set on the client (`poll`), per poller, and per wait. */
export interface PollOptions {
  /**
   * The delay before the second GetOperation. 500 ms catches short
   * operations within half a second without the 100 ms flurry of google-gax.
   * @default 500
   */
  readonly initialDelayMs?: number;
  /**
   * How much each delay grows. 1.5, as Python's api-core: a 6 s operation
   * costs about 5 polls (google-gax's ×1.3 from 100 ms costs 11).
   * @default 1.5
   */
  readonly multiplier?: number;
  /**
   * The longest delay between polls. 30 s keeps the lag on long operations
   * within half a minute at two RPCs a minute.
   * @default 30000
   */
  readonly maxDelayMs?: number;
  /**
   * The share of each delay drawn at random (0 to 1): 0.2 shortens each
   * delay by up to a fifth, which spreads pollers started together without
   * halving the average delay as full jitter does.
   * @default 0.2
   */
  readonly jitter?: number;
  /**
   * How long one wait may last in all. Operations run from seconds to days,
   * so there is no limit unless you set one; a wait that times out rejects
   * with PollTimeoutError and can be taken up again.
   * @default Infinity
   */
  readonly timeoutMs?: number;
  /** How many polls one wait may make. @default Infinity */
  readonly maxAttempts?: number;
  /** Ends the wait; it rejects with the signal's reason. The operation goes on. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Long-poll with WaitOperation where the service has it ('auto'), always
   * ('always': UNIMPLEMENTED is then an error), or never.
   * @default 'auto'
   */
  readonly useWait?: 'auto' | 'always' | 'never';
  /**
   * The longest single WaitOperation when no one watches progress. While
   * progress is watched, each WaitOperation lasts one backoff delay instead,
   * so metadata keeps coming.
   * @default 60000
   */
  readonly waitTimeoutMs?: number;
}

/** The defaults of {@link PollOptions}. */
export const POLL_DEFAULTS = Object.freeze({
  initialDelayMs: 500,
  multiplier: 1.5,
  maxDelayMs: 30_000,
  jitter: 0.2,
  timeoutMs: Infinity,
  maxAttempts: Infinity,
  useWait: 'auto' as 'auto' | 'always' | 'never',
  waitTimeoutMs: 60_000,
});

const POLL_OPTION_KEYS = [
  'initialDelayMs',
  'multiplier',
  'maxDelayMs',
  'jitter',
  'timeoutMs',
  'maxAttempts',
  'signal',
  'useWait',
  'waitTimeoutMs',
] as const;

/** PollOptions with every field filled. */
export type ResolvedPollOptions = Required<Omit<PollOptions, 'signal'>> & { readonly signal: AbortSignal | undefined };

function positive(value: unknown, field: string, fallback: number, { zero = false, infinite = false, max = Infinity } = {}): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (zero ? value >= 0 : value > 0) &&
    (infinite || Number.isFinite(value)) &&
    value <= max;
  if (!ok) {
    throw new TypeError(
      `${field} must be a ${zero ? 'non-negative' : 'positive'} number${infinite ? ' or Infinity' : ''}${max < Infinity ? ` at most ${max}` : ''}, got ${String(value)}`,
    );
  }
  return value as number;
}

/**
 * Merges layers of options (client, poller, wait: later wins) over the
 * defaults and checks every field.
 * @throws TypeError naming the first bad field.
 */
export function resolvePollOptions(...layers: (PollOptions | undefined)[]): ResolvedPollOptions {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (typeof layer !== 'object' || layer === null) throw new TypeError('poll options must be an object');
    for (const k of POLL_OPTION_KEYS) {
      const v = (layer as Record<string, unknown>)[k];
      if (v !== undefined) merged[k] = v;
    }
  }
  const o = merged as PollOptions;
  const d = POLL_DEFAULTS;
  const useWait = o.useWait ?? d.useWait;
  if (useWait !== 'auto' && useWait !== 'always' && useWait !== 'never')
    throw new TypeError(`useWait must be 'auto', 'always' or 'never', got ${String(useWait)}`);
  const maxAttempts = positive(o.maxAttempts, 'maxAttempts', d.maxAttempts, { infinite: true });
  if (Number.isFinite(maxAttempts) && !Number.isInteger(maxAttempts))
    throw new TypeError(`maxAttempts must be a whole number, got ${maxAttempts}`);
  const jitter = o.jitter ?? d.jitter;
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1))
    throw new TypeError(`jitter must be a number from 0 to 1, got ${String(jitter)}`);
  const multiplier = positive(o.multiplier, 'multiplier', d.multiplier);
  if (multiplier < 1) throw new TypeError(`multiplier must be at least 1, got ${multiplier}`);
  const signal = o.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  return {
    // Zero delays would poll in a tight loop: both must be positive.
    initialDelayMs: positive(o.initialDelayMs, 'initialDelayMs', d.initialDelayMs, { max: MAX_TIMER_MS }),
    multiplier,
    maxDelayMs: positive(o.maxDelayMs, 'maxDelayMs', d.maxDelayMs, { max: MAX_TIMER_MS }),
    jitter,
    timeoutMs: positive(o.timeoutMs, 'timeoutMs', d.timeoutMs, { infinite: true }),
    maxAttempts,
    signal,
    useWait,
    waitTimeoutMs: positive(o.waitTimeoutMs, 'waitTimeoutMs', d.waitTimeoutMs, { max: MAX_TIMER_MS }),
  };
}

/** The limits of one wait: the part of the options a single `result()` or `snapshots()` may set. */
export type WaitLimits = Pick<ResolvedPollOptions, 'signal' | 'timeoutMs' | 'maxAttempts'>;

/**
 * The limits of one wait: `overrides` over the poller's resolved options,
 * checked as {@link resolvePollOptions} checks them, without resolving the
 * whole schedule again (a wait is started often, the schedule is made once).
 * @throws TypeError naming the first bad field.
 */
export function resolveWaitLimits(
  base: ResolvedPollOptions,
  overrides: Pick<PollOptions, 'signal' | 'timeoutMs' | 'maxAttempts'>,
): WaitLimits {
  if (typeof overrides !== 'object' || overrides === null) throw new TypeError('poll options must be an object');
  const { signal = base.signal, timeoutMs, maxAttempts } = overrides;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  const attempts = positive(maxAttempts, 'maxAttempts', base.maxAttempts, { infinite: true });
  if (Number.isFinite(attempts) && !Number.isInteger(attempts)) throw new TypeError(`maxAttempts must be a whole number, got ${attempts}`);
  return { signal, timeoutMs: positive(timeoutMs, 'timeoutMs', base.timeoutMs, { infinite: true }), maxAttempts: attempts };
}
