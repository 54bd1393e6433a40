// The Poller's options: one interface, one defaults table, one normaliser.
import { checkPayloadFormat, type PayloadFormat } from '../registry/type-registry.js';
import { MAX_TIMER_MS } from '../timers.js';

/**
 * Reads the fraction of an operation done, from 0 to 1, from its decoded
 * metadata (the snapshot's `metadata`; the reader is not called when there
 * is none, or when its type is not registered). Undefined, or a value that
 * is not a finite number, means "unknown"; a reader that throws counts as
 * unknown too. Values are clamped to [0, 1].
 */
export type ProgressReader = (metadata: unknown) => number | undefined;

/** How a poller waits. Set on the client (`poll`), per poller, and per wait. */
export interface PollOptions {
  /**
   * How late the end may be noticed, as a share of the operation's age: the
   * one knob of the schedule. Each delay is at most `lateness` × the age at
   * the poll, so an operation that ends at any moment after the first poll
   * is seen done no later than `lateness` × its duration after its end, and
   * the polls grow only with the logarithm of the duration. With 0.4, a 6 s
   * operation is seen done within 2.4 s of its end, in about 11
   * GetOperations (google-gax's defaults take 13); over operations of 0.2
   * to 6 s and of 0.2 to 20 s it makes fewer RPCs than google-gax's
   * defaults at a lower p99 of lag ÷ duration (see the README). Lower it to
   * see ends sooner for more RPCs, raise it for fewer.
   *
   * The age counts from the poller's creation for the Operation a start
   * call returned; for a name, from the start time in the metadata when the
   * service profile can read one, else from the poller's creation (after
   * `cancel()`, from the cancel). `initialDelayMs` is the age of the first
   * poll, `maxDelayMs` caps every delay, jitter only shortens them and a
   * RetryInfo is a floor.
   *
   * Giving `multiplier` (in a later layer than the last that gives
   * `lateness`) chooses the attempt-based schedule instead; a layer that
   * gives both follows `lateness`.
   * @default 0.4
   */
  readonly lateness?: number;
  /**
   * The age of the first poll, and so the delay before the first
   * GetOperation after a start call (a poller made from a name polls at
   * once, then waits until the operation is this old, or `lateness` × its
   * age if that is longer). 220 ms, shortened by jitter to 198–220 ms, comes
   * as the shortest operations of interest (0.2 s) end, without google-gax's
   * polls at 0 and 100 ms. With `multiplier`, the first delay of that
   * schedule. Must be positive.
   * @default 220
   */
  readonly initialDelayMs?: number;
  /**
   * The attempt-based schedule, as google-gax and Python's api-core have it:
   * each delay is `initialDelayMs × multiplier^n`. Giving it (without
   * `lateness` in the same or a later layer) chooses that schedule; the
   * default schedule follows `lateness` and does not read it.
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
   * The share of each delay drawn at random (0 to 1): 0.1 shortens each
   * delay by up to a tenth, which spreads pollers started together for
   * about 7% more polls (0.2 costs twice that). It only ever shortens a
   * delay, so the lateness bound holds whatever the draw.
   * @default 0.1
   */
  readonly jitter?: number;
  /**
   * Reads the fraction done from the metadata, for progress-aware polling:
   * from the rate of progress seen so far the poller estimates when the
   * operation will end and polls just after (a tenth of `lateness`, as a
   * share of the duration, past the estimated end), so a steadily
   * progressing operation costs two or three GetOperations whatever its
   * length. While progress is unknown or not growing, it follows the
   * schedule; once an estimate proves early, the schedule bounds the delays
   * again. `false` ignores progress, the profile's reader too.
   * @default the service profile's reader (Storage Transfer: bytes copied of bytes found), if it has one
   */
  readonly progress?: ProgressReader | false;
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
  /**
   * The form of the snapshots' `metadata` and `response` (and so of what
   * the progress reader reads). `'object'`: the object the payload type's
   * generated `I*` interface describes, so that typing a poller with
   * `@google-cloud/*` types is true to the values (a Timestamp is
   * `{ seconds: '1767225600', nanos: 250000000 }`, an int64 a decimal string, an
   * enum its name, bytes a Uint8Array). `'json'`: proto3 JSON, as REST
   * carries it (a Timestamp is `'2026-01-01T00:00:00.250Z'`, a Duration
   * `'1.500s'`, a Struct its plain JSON object). The form is the same over
   * gRPC and REST.
   * @default 'object'
   */
  readonly format?: PayloadFormat;
}

/** The defaults of {@link PollOptions}. */
export const POLL_DEFAULTS = Object.freeze({
  /** See {@link PollOptions.lateness}. */
  lateness: 0.4,
  /** See {@link PollOptions.initialDelayMs}. */
  initialDelayMs: 220,
  /** See {@link PollOptions.multiplier}: read only when an options layer gives it. */
  multiplier: 1.5,
  /** See {@link PollOptions.maxDelayMs}. */
  maxDelayMs: 30_000,
  /** See {@link PollOptions.jitter}. */
  jitter: 0.1,
  /** See {@link PollOptions.timeoutMs}: no limit. */
  timeoutMs: Infinity,
  /** See {@link PollOptions.maxAttempts}: no limit. */
  maxAttempts: Infinity,
  /** See {@link PollOptions.useWait}. */
  useWait: 'auto' as 'auto' | 'always' | 'never',
  /** See {@link PollOptions.waitTimeoutMs}. */
  waitTimeoutMs: 60_000,
  /** See {@link PollOptions.progress}: undefined means the profile's reader. */
  progress: undefined as ProgressReader | false | undefined,
  /** See {@link PollOptions.format}: the objects of the generated `I*` interfaces. */
  format: 'object' as PayloadFormat,
});

const POLL_OPTION_KEYS = [
  'lateness',
  'initialDelayMs',
  'multiplier',
  'maxDelayMs',
  'jitter',
  'timeoutMs',
  'maxAttempts',
  'signal',
  'useWait',
  'waitTimeoutMs',
  'progress',
  'format',
] as const;

/** PollOptions with every field filled. */
export type ResolvedPollOptions = Required<Omit<PollOptions, 'signal' | 'lateness' | 'progress'>> & {
  readonly signal: AbortSignal | undefined;
  /** Undefined: the attempt-based schedule, chosen by giving `multiplier`. */
  readonly lateness: number | undefined;
  /** Undefined: the service profile's reader, if any; false: none. */
  readonly progress: ProgressReader | false | undefined;
};

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
  // Which way the delays grow: the last layer that says wins, and lateness wins within a layer.
  let byAttempt = false;
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (typeof layer !== 'object' || layer === null) throw new TypeError('poll options must be an object');
    for (const k of POLL_OPTION_KEYS) {
      const v = (layer as Record<string, unknown>)[k];
      if (v !== undefined) merged[k] = v;
    }
    if (layer.lateness !== undefined) byAttempt = false;
    else if (layer.multiplier !== undefined) byAttempt = true;
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
  const lateness = positive(o.lateness, 'lateness', d.lateness);
  const progress = o.progress;
  if (progress !== undefined && progress !== false && typeof progress !== 'function')
    throw new TypeError(`progress must be a function or false, got ${String(progress)}`);
  const signal = o.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  return {
    lateness: byAttempt ? undefined : lateness,
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
    progress,
    format: checkPayloadFormat(o.format),
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
