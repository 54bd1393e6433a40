// One consumer's wait on a poll loop: its deadline, its attempt budget, its signal, and how to tell it the outcome.
import { PollTimeoutError } from '../errors.js';
import { deadlineTimer, type Clock } from '../clock.js';
import type { Snapshot } from '../snapshot.js';
import type { WaitLimits } from './poll-options.js';
import type { SignalFanout } from './signal-fanout.js';

/** How a watch hears of snapshots and of the end. */
export interface WatchHandlers<S extends Snapshot> {
  /** A poll changed the state (the final snapshot included). */
  onSnapshot?(snapshot: S): void;
  /** The wait is over: `error` undefined for success, the snapshot when the operation is done. */
  onEnd(error: unknown, snapshot?: S): void;
  /** The wait's span, for the spans of the polls made for it. */
  readonly traceParent?: { readonly context: object | undefined } | undefined;
}

/** What a watch needs of the loop it waits on. */
export interface WatchOwner<S extends Snapshot> {
  readonly name: string;
  readonly clock: Clock;
  readonly signals: SignalFanout;
  readonly attempt: number;
  readonly latest: S | undefined;
  /** The error of the last poll, while polls fail: a timeout gives it as its cause. */
  readonly lastFailure?: unknown;
  remove(watch: Watch<S>): void;
}

/**
 * A consumer's interest in an operation's outcome. It ends once: when the
 * operation is done, when the loop fails, at its deadline (PollTimeoutError)
 * or when its signal fires (the signal's reason). Ending removes its timer
 * and its abort listener. Kept small: a pending wait costs little memory.
 */
export class Watch<S extends Snapshot> {
  readonly deadline: number;
  readonly firstAttempt: number;
  readonly maxAttempts: number;
  readonly wantsProgress: boolean;
  readonly #owner: WatchOwner<S>;
  readonly #handlers: WatchHandlers<S>;
  readonly #signal: AbortSignal | undefined;
  readonly #timeoutMs: number;
  #clearTimer: (() => void) | undefined;
  #ended = false;

  constructor(owner: WatchOwner<S>, options: WaitLimits, wantsProgress: boolean, handlers: WatchHandlers<S>) {
    this.#owner = owner;
    this.#handlers = handlers;
    this.#signal = options.signal;
    this.#timeoutMs = options.timeoutMs;
    this.deadline = owner.clock.now() + options.timeoutMs;
    this.firstAttempt = owner.attempt;
    this.maxAttempts = options.maxAttempts;
    this.wantsProgress = wantsProgress;
  }

  /** The wait's span, where its consumer has one: the parent of the polls' spans. */
  get traceParent(): { readonly context: object | undefined } | undefined {
    return this.#handlers.traceParent;
  }

  /** Starts the deadline timer and listens to the signal; false when the signal has already fired (the watch then ends soon). */
  arm(): boolean {
    const signal = this.#signal;
    if (signal?.aborted) {
      queueMicrotask(() => this.end(signal.reason));
      return false;
    }
    // The watch is its own listener object (no closure per wait), and a signal many waits share carries one listener for all.
    if (signal) this.#owner.signals.add(signal, this);
    if (this.#timeoutMs !== Infinity) this.#clearTimer = deadlineTimer(this.#owner.clock, this.#timeoutMs, () => this.end(this.#timeout()));
    return true;
  }

  /** Called by the signal. */
  handleEvent(): void {
    this.end(this.#signal!.reason);
  }

  /** True once polls since the watch began reach its budget. */
  outOfAttempts(attempt: number): boolean {
    return attempt - this.firstAttempt >= this.maxAttempts;
  }

  /** Ends the watch for running out of attempts. */
  endOutOfAttempts(): void {
    this.end(
      new PollTimeoutError(
        this.#owner.name,
        `operation ${this.#owner.name} was not done after ${this.maxAttempts} polls`,
        this.#owner.latest,
        this.#owner.lastFailure,
      ),
    );
  }

  #timeout(): PollTimeoutError {
    return new PollTimeoutError(
      this.#owner.name,
      `operation ${this.#owner.name} was not done after ${this.#timeoutMs} ms`,
      this.#owner.latest,
      this.#owner.lastFailure,
    );
  }

  /** Passes on a snapshot, unless the watch has ended. */
  snapshot(snapshot: S): void {
    if (!this.#ended) this.#handlers.onSnapshot?.(snapshot);
  }

  /** Stops listening and leaves the loop, without telling the consumer. */
  detach(): void {
    this.#clearTimer?.();
    this.#clearTimer = undefined;
    if (this.#signal) this.#owner.signals.remove(this.#signal, this);
    this.#owner.remove(this);
  }

  /** Ends the watch (once) and tells the consumer. */
  end(error: unknown, snapshot?: S): void {
    if (this.#ended) return;
    this.#ended = true;
    this.detach();
    this.#handlers.onEnd(error, snapshot);
  }
}
