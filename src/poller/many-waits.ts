// One call's waits on many operations: a poller per name, one deadline and one abort listener for them all.
import { deadlineTimer } from '../clock.js';
import { LongrunningError, PollTimeoutError, RpcError } from '../errors.js';
import { resolvePollOptions, type PollOptions } from './poll-options.js';
import type { Poller } from './poller.js';
import type { PollingState } from './polling-state.js';
import type { WaitError, WaitOutcome, WaitTarget } from './wait-outcome.js';

/** How many waits start in one turn of the event loop. */
const START_CHUNK = 2_000;

/** What waiting on many operations needs of a client. */
export interface ManyWaitsSource<O extends PollOptions> {
  /** The state the client's pollers share: its clock and poll defaults. */
  readonly polling: PollingState;
  /**
   * Checks `options` and returns the function that makes a poller with
   * them, its types resolved once for the call.
   * @throws TypeError naming a bad option; the function it returns throws
   *   as `client.poller()` does for a bad target.
   */
  pollerFactory<R, M>(options: O): (target: WaitTarget) => Poller<R, M>;
}

/** Where a call's outcomes go. Each method is called from the waits' own callbacks, never from {@link ManyWaits.start}. */
export interface OutcomeSink<R, M> {
  /** One outcome; every listed target gets exactly one, unless the call stops first. */
  outcome(outcome: WaitOutcome<R, M>): void;
  /** Every target has had its outcome. */
  end(): void;
  /** The call's signal fired: the waits are stopped and no more outcomes come. */
  abort(reason: unknown): void;
}

/** The waits on one name: one poller, however many times the name was listed. */
interface NameWait<R, M> {
  readonly poller: Poller<R, M>;
  /** Where the name was first listed. */
  readonly index: number;
  /** Where it was listed again, if it was: most names are listed once, and carry no array. */
  more: number[] | undefined;
  ended: boolean;
}

function asWaitError<R, M>(error: unknown): WaitError<R, M> {
  // Anything else reaching here would be a defect upstream: it still becomes an outcome, with its cause kept.
  return error instanceof LongrunningError ? (error as WaitError<R, M>) : RpcError.from(error);
}

/**
 * The waits of one `waitAll`, `waitAny` or `watch` call. Made with
 * {@link prepare}, which checks everything before any RPC; started once
 * with {@link start}; {@link stop} ends what is still pending.
 *
 * Costs per target: its poller, one small record, and the promise of its
 * `result()`. The call adds one listener to its signal and one timer for
 * its `timeoutMs`, whatever the number of targets: the pollers themselves
 * wait with neither (their options are the caller's without `signal` and
 * `timeoutMs`).
 */
export class ManyWaits<R, M> {
  /** How many targets were listed (duplicates included). */
  readonly size: number;
  readonly #waits: NameWait<R, M>[];
  readonly #polling: PollingState;
  // The caller's signal, and the one in the client's poll defaults if it set one: at most two.
  readonly #signals: readonly AbortSignal[];
  readonly #timeoutMs: number;
  #pending: number;
  #sink: OutcomeSink<R, M> | undefined;
  #clearDeadline: (() => void) | undefined;
  // The turn that starts the next chunk of waits, while some are not started yet.
  #nextChunk: ReturnType<typeof setTimeout> | undefined;
  #over = false;

  private constructor(waits: NameWait<R, M>[], size: number, polling: PollingState, signals: AbortSignal[], timeoutMs: number) {
    this.#waits = waits;
    this.size = size;
    this.#polling = polling;
    this.#signals = signals;
    this.#timeoutMs = timeoutMs;
    this.#pending = waits.length;
  }

  /**
   * Checks the targets and the options, and makes one poller per name;
   * nothing is sent yet.
   *
   * `options.signal` and `options.timeoutMs` (over the client's `poll`
   * defaults) bound the call; the other options go to every poller.
   *
   * @throws TypeError when `targets` is not an array, for a bad option
   *   (naming it) or a token of no use here; RpcError INVALID_ARGUMENT for a
   *   name the service profile refuses, as `client.poller()` throws.
   */
  static prepare<R, M, O extends PollOptions>(source: ManyWaitsSource<O>, targets: unknown, options: O): ManyWaits<R, M> {
    if (!Array.isArray(targets)) throw new TypeError('targets must be an array of operations, operation names or resume tokens');
    const call = resolvePollOptions(source.polling.pollDefaults, options);
    // Each poller waits without a deadline or a signal of its own: the call holds the only ones.
    const make = source.pollerFactory<R, M>({ ...options, signal: undefined, timeoutMs: Infinity });
    const waits: NameWait<R, M>[] = [];
    const byName = new Map<string, NameWait<R, M>>();
    for (let index = 0; index < targets.length; index++) {
      const poller = make(targets[index] as WaitTarget);
      const same = byName.get(poller.name);
      if (same) {
        (same.more ??= []).push(index);
        continue;
      }
      const wait: NameWait<R, M> = { poller, index, more: undefined, ended: false };
      byName.set(poller.name, wait);
      waits.push(wait);
    }
    // A signal in the client's poll defaults reaches each poller (options cannot take it off them); the call
    // hears it first, and stops them all, so that it ends the call as the caller's own would.
    const signals = [call.signal, source.polling.pollDefaults?.signal].filter((s, i, all): s is AbortSignal => !!s && all.indexOf(s) === i);
    return new ManyWaits(waits, targets.length, source.polling, signals, call.timeoutMs);
  }

  /**
   * Starts every wait. Outcomes go to `sink` as they come, each target's
   * once; at the end, `sink.end()`. A call with no targets ends at once
   * (on a microtask).
   * @throws the signal's reason when it has already fired (nothing is started then).
   */
  start(sink: OutcomeSink<R, M>): void {
    if (this.#sink || this.#over) throw new Error('ManyWaits: started twice');
    for (const signal of this.#signals) signal.throwIfAborted();
    this.#sink = sink;
    if (this.#pending === 0) {
      queueMicrotask(() => this.#finish());
      return;
    }
    // One listener for the whole call, however many targets share the signal.
    for (const signal of this.#signals) signal.addEventListener('abort', this, { once: true });
    if (this.#timeoutMs !== Infinity) this.#clearDeadline = deadlineTimer(this.#polling.clock, this.#timeoutMs, () => this.#timeout());
    this.#startFrom(0);
  }

  // Starts the waits a chunk per turn of the event loop: 100,000 targets never hold the loop for the whole start.
  #startFrom(first: number): void {
    this.#nextChunk = undefined;
    const waits = this.#waits;
    const end = Math.min(first + START_CHUNK, waits.length);
    for (let i = first; i < end && !this.#over; i++) {
      const wait = waits[i]!;
      wait.poller.result().then(
        (response) => this.#succeeded(wait, response),
        (error: unknown) => this.#failed(wait, asWaitError<R, M>(error)),
      );
    }
    if (end < waits.length && !this.#over) this.#nextChunk = setTimeout(() => this.#startFrom(end), 0);
  }

  /**
   * Stops every wait still pending (their pollers stop: a sleep ends, an
   * RPC in flight is cancelled) and removes the call's timer and listener.
   * No outcome comes after it. The operations go on. Safe to call twice.
   */
  stop(): void {
    if (this.#over) return;
    this.#over = true;
    this.#release();
    for (const wait of this.#waits) {
      if (wait.ended) continue;
      wait.ended = true;
      wait.poller.stop();
    }
  }

  /** Called by a signal. */
  handleEvent(event: Event): void {
    if (this.#over) return;
    const reason: unknown = (event.target as AbortSignal).reason;
    this.stop();
    this.#sink!.abort(reason);
  }

  #release(): void {
    this.#clearDeadline?.();
    this.#clearDeadline = undefined;
    if (this.#nextChunk !== undefined) clearTimeout(this.#nextChunk);
    this.#nextChunk = undefined;
    for (const signal of this.#signals) signal.removeEventListener('abort', this);
  }

  #succeeded(wait: NameWait<R, M>, response: R | undefined): void {
    if (wait.ended) return;
    wait.ended = true;
    const snapshot = wait.poller.latest!;
    const name = wait.poller.name;
    this.#deliver(wait, (index) => ({ status: 'succeeded', index, name, response, snapshot }));
  }

  #failed(wait: NameWait<R, M>, error: WaitError<R, M>): void {
    // Our own stop() ends a poller with an AbortError: that wait has had its outcome, or never will.
    if (wait.ended) return;
    wait.ended = true;
    const snapshot = wait.poller.latest;
    const name = wait.poller.name;
    this.#deliver(wait, (index) => ({ status: 'failed', index, name, error, snapshot }));
  }

  // The call's deadline: every wait still pending ends with a PollTimeoutError, in the order the targets were listed.
  #timeout(): void {
    this.#clearDeadline = undefined;
    for (const wait of this.#waits) {
      if (this.#over) return;
      if (wait.ended) continue;
      wait.ended = true;
      const { name, latest } = wait.poller;
      wait.poller.stop();
      const error = new PollTimeoutError<R, M>(name, `operation ${name} was not done after ${this.#timeoutMs} ms`, latest);
      this.#deliver(wait, (index) => ({ status: 'failed', index, name, error, snapshot: latest }));
    }
  }

  #deliver(wait: NameWait<R, M>, outcome: (index: number) => WaitOutcome<R, M>): void {
    const sink = this.#sink!;
    sink.outcome(outcome(wait.index));
    if (wait.more) {
      for (const index of wait.more) {
        // A sink may stop the call on any outcome (waitAny does, on the first).
        if (this.#over) return;
        sink.outcome(outcome(index));
      }
    }
    if (this.#over) return;
    if (--this.#pending === 0) this.#finish();
  }

  #finish(): void {
    if (this.#over) return;
    this.#over = true;
    this.#release();
    this.#sink!.end();
  }
}
