// Fault injection: a queue of scripted failures, and seeded random unavailability, hangs and latency.
import { Code } from '../codes.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import { RPC_NAMES, type OperationsMethod } from '../profiles/service-profile.js';
import { EmulatorCallError, retryInfo } from './call-error.js';
import { packPayload, type PayloadSpec } from './payloads.js';

/** Random faults, drawn per call from a seeded generator so that runs repeat. */
export interface FaultOptions {
  /** The share of calls, 0 to 1, answered UNAVAILABLE. @default 0 */
  unavailableRate?: number;
  /** When set, injected UNAVAILABLE errors carry a google.rpc.RetryInfo with this delay. */
  retryDelayMs?: number;
  /** Milliseconds added before every answer. @default 0 */
  latencyMs?: number;
  /**
   * With it, each answer's added latency is drawn at random (seeded) from
   * `latencyMs` up to this. @default `latencyMs`: the same latency every time
   */
  maxLatencyMs?: number;
  /** The share of calls, 0 to 1, never answered (until the client gives up, or close()). @default 0 */
  hangRate?: number;
  /** The methods the faults hit. @default all five */
  methods?: OperationsMethod[];
  /** The seed of the generator; the same seed and call sequence give the same faults. @default 1 */
  seed?: number;
}

/** A scripted failure for `failNext`. */
export interface FailNextError {
  /** A google.rpc code from 1 to 16. */
  code: number;
  /** @default 'emulator: injected failure' */
  message?: string;
  /** Detail payloads (RetryInfo, ErrorInfo, …). */
  details?: PayloadSpec[];
  /** The methods whose calls it hits. @default all five */
  methods?: OperationsMethod[];
}

/** What happens to one call before it is handled. */
export interface FaultDecision {
  /** Milliseconds to wait before answering (or failing). */
  readonly latencyMs: number;
  /** Fail with this error, hang, or go on to the handler. */
  readonly outcome: { readonly kind: 'pass' } | { readonly kind: 'hang' } | { readonly kind: 'fail'; readonly error: EmulatorCallError };
}

/**
 * A small, fast PRNG (mulberry32): the same seed gives the same sequence of
 * numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface NormalizedFaults {
  readonly unavailableRate: number;
  readonly retryDelayMs: number | undefined;
  readonly latencyMs: number;
  readonly maxLatencyMs: number;
  readonly hangRate: number;
  readonly methods: ReadonlySet<OperationsMethod>;
  readonly seed: number;
}

const ALL_METHODS = Object.keys(RPC_NAMES) as OperationsMethod[];

/** The faults in force when none are set. */
const NO_FAULTS: Readonly<NormalizedFaults> = Object.freeze({
  unavailableRate: 0,
  retryDelayMs: undefined,
  latencyMs: 0,
  maxLatencyMs: 0,
  hangRate: 0,
  methods: new Set(ALL_METHODS),
  seed: 1,
});

function methodSet(methods: unknown, field: string): Set<OperationsMethod> {
  if (methods === undefined) return new Set(ALL_METHODS);
  if (!Array.isArray(methods) || methods.some((m) => !ALL_METHODS.includes(m))) {
    throw new TypeError(`${field} must be an array of ${ALL_METHODS.join(', ')}`);
  }
  return new Set(methods as OperationsMethod[]);
}

function rate(value: unknown, field: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new TypeError(`setFaults: ${field} must be a number from 0 to 1`);
  return value;
}

function milliseconds(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`${field} must be a finite number >= 0`);
  return value;
}

/**
 * Merges fault options over the defaults.
 * @throws TypeError naming the option that is out of range.
 */
export function normalizeFaults(faults: FaultOptions): NormalizedFaults {
  if (typeof faults !== 'object' || faults === null) throw new TypeError('setFaults: expected a FaultOptions object');
  const seed = faults.seed ?? NO_FAULTS.seed;
  if (!Number.isInteger(seed)) throw new TypeError('setFaults: seed must be an integer');
  const latencyMs = milliseconds(faults.latencyMs, 'setFaults: latencyMs') ?? 0;
  const maxLatencyMs = milliseconds(faults.maxLatencyMs, 'setFaults: maxLatencyMs') ?? latencyMs;
  if (maxLatencyMs < latencyMs) throw new TypeError('setFaults: maxLatencyMs must not be below latencyMs');
  return {
    unavailableRate: rate(faults.unavailableRate, 'unavailableRate'),
    retryDelayMs: milliseconds(faults.retryDelayMs, 'setFaults: retryDelayMs'),
    latencyMs,
    maxLatencyMs,
    hangRate: rate(faults.hangRate, 'hangRate'),
    methods: methodSet(faults.methods, 'setFaults: methods'),
    seed,
  };
}

interface QueuedFailure {
  remaining: number;
  readonly error: EmulatorCallError;
  readonly methods: ReadonlySet<OperationsMethod>;
}

/**
 * Decides, call by call, whether a fault hits it. Scripted failures come
 * first; then the random draws, hang before unavailable, each only when its
 * rate is above 0, so a seed gives the same outcomes for the same calls.
 */
export class FaultInjector {
  #faults: NormalizedFaults = NO_FAULTS;
  #random = mulberry32(NO_FAULTS.seed);
  readonly #queue: QueuedFailure[] = [];

  constructor(private readonly types: TypeRegistry) {}

  /** Replaces the random faults and restarts the generator from the seed. The failNext queue stays. */
  set(faults: FaultOptions): void {
    this.#faults = normalizeFaults(faults);
    this.#random = mulberry32(this.#faults.seed);
  }

  /** Removes the random faults and empties the failNext queue. */
  clear(): void {
    this.#faults = NO_FAULTS;
    this.#random = mulberry32(NO_FAULTS.seed);
    this.#queue.length = 0;
  }

  /**
   * Makes the next `count` calls of the given methods fail with the error.
   * Queued failures are used in the order they were added.
   * @throws TypeError for a bad count, code or method, or a detail that cannot be packed.
   */
  failNext(count: number, error: FailNextError): void {
    if (!Number.isInteger(count) || count < 0) throw new TypeError('failNext: count must be an integer >= 0');
    if (typeof error !== 'object' || error === null)
      throw new TypeError('failNext: expected an error { code, message?, details?, methods? }');
    if (!Number.isInteger(error.code) || error.code < 1 || error.code > 16)
      throw new TypeError('failNext: code must be a google.rpc code from 1 to 16');
    const methods = methodSet(error.methods, 'failNext: methods');
    const details = (error.details ?? []).map((d, i) => packPayload(this.types, d, `failNext: details[${i}]`));
    if (count === 0) return;
    const failure = new EmulatorCallError(error.code, error.message ?? 'emulator: injected failure', details);
    this.#queue.push({ remaining: count, error: failure, methods });
  }

  /** The fault, if any, for a call of `method` received now. */
  decide(method: OperationsMethod): FaultDecision {
    const f = this.#faults;
    let latencyMs = f.methods.has(method) ? f.latencyMs : 0;
    if (latencyMs < f.maxLatencyMs && f.methods.has(method)) latencyMs += this.#random() * (f.maxLatencyMs - f.latencyMs);
    const queued = this.#queue.findIndex((q) => q.methods.has(method));
    if (queued >= 0) {
      const q = this.#queue[queued]!;
      if (--q.remaining === 0) this.#queue.splice(queued, 1);
      return { latencyMs, outcome: { kind: 'fail', error: q.error } };
    }
    if (!f.methods.has(method)) return { latencyMs, outcome: { kind: 'pass' } };
    if (f.hangRate > 0 && this.#random() < f.hangRate) return { latencyMs, outcome: { kind: 'hang' } };
    if (f.unavailableRate > 0 && this.#random() < f.unavailableRate) {
      const details = f.retryDelayMs === undefined ? [] : [retryInfo(this.types, f.retryDelayMs)];
      return {
        latencyMs,
        outcome: { kind: 'fail', error: new EmulatorCallError(Code.UNAVAILABLE, 'emulator: injected UNAVAILABLE', details) },
      };
    }
    return { latencyMs, outcome: { kind: 'pass' } };
  }
}
