// The Poller: one polling loop per operation, answered as a promise, an async iterator and events.
import { EventEmitter } from 'node:events';
import { Code } from '../codes.js';
import { PollTimeoutError, RpcError } from '../errors.js';
import type { Operation } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import { nextDelayMs } from './backoff.js';
import { resolvePollOptions, type PollOptions, type ResolvedPollOptions } from './poll-options.js';
import type { PollingClient } from './polling-client.js';
import { toSnapshot, stateChanged, type PayloadTypes, type Snapshot } from './snapshot.js';
import { deadlineTimer, pause } from '../timers.js';
import { linkSignals } from '../signals.js';
import { isPermanentPollError } from './poll-errors.js';
import { retryDelayFromError } from '../rpc-retry-info.js';

/** The listeners a poller takes, by event. */
export interface PollerEvents<TResponse, TMetadata> {
  /** After each poll that changed the state, the final one included. */
  progress: [snapshot: Snapshot<TResponse, TMetadata>];
  /** The operation finished with success (the response is undefined when it has none). */
  done: [response: TResponse | undefined, snapshot: Snapshot<TResponse, TMetadata>];
  /** The wait ended badly: OperationError, RpcError, PollTimeoutError, UnpackError or the signal's reason. */
  error: [error: unknown];
}

/** A token that {@link Poller.toJSON} gives and `client.poller(token)` takes back, in this process or another. */
export interface ResumeToken {
  readonly v: 1;
  readonly name: string;
  /** The service profile's id. */
  readonly service: string;
  readonly responseType?: string;
  readonly metadataType?: string;
}

/** One consumer's interest in the outcome: its limits and how to tell it. */
interface Watch<R, M> {
  readonly deadline: number;
  readonly firstAttempt: number;
  readonly maxAttempts: number;
  readonly wantsProgress: boolean;
  onSnapshot?(snapshot: Snapshot<R, M>): void;
  onEnd(error: unknown, snapshot?: Snapshot<R, M>): void;
  dispose(): void;
}

type Final<R, M> = { snapshot: Snapshot<R, M> };

// Clients whose server answered WaitOperation with UNIMPLEMENTED: their pollers use GetOperation from then on.
const clientsWithoutWait = new WeakSet<PollingClient>();

/**
 * Waits on one long-running operation. Get one from `client.poller(...)`.
 *
 * - Awaitable: `await poller` gives the unpacked response, or rejects with
 *   an OperationError (OperationCancelledError for code 1).
 * - Iterable: `for await (const s of poller)` yields each changed snapshot,
 *   the last one done (a failed operation's snapshot carries `error`; the
 *   loop then ends). RPC failures and timeouts throw.
 * - Events: `progress`, `done`, `error`; an `error` is emitted only to its
 *   own listeners, so events alone never leave a rejection unhandled.
 *
 * However many consumers there are, one loop polls: awaiting and iterating
 * at once makes no more RPCs than either alone. The loop runs only while
 * someone waits, and every timer is cleared when the last wait ends.
 */
export class Poller<TResponse = unknown, TMetadata = unknown> implements PromiseLike<TResponse | undefined>, AsyncIterable<Snapshot<TResponse, TMetadata>> {
  /** The operation's name. */
  readonly name: string;

  readonly #client: PollingClient;
  readonly #types: TypeRegistry;
  readonly #payloadTypes: PayloadTypes;
  readonly #options: PollOptions | undefined;
  readonly #schedule: ResolvedPollOptions;
  readonly #events = new EventEmitter<{ progress: [Snapshot<TResponse, TMetadata>]; done: [TResponse | undefined, Snapshot<TResponse, TMetadata>]; error: [unknown] }>();
  readonly #watches = new Set<Watch<TResponse, TMetadata>>();
  readonly #createdAt = Date.now();
  #latest: Snapshot<TResponse, TMetadata> | undefined;
  #final: Final<TResponse, TMetadata> | undefined;
  #attempt = 0;
  #backoffBase: number;
  #retryDelayMs: number | undefined;
  #backOffNext = false;
  #loop: AbortController | undefined;
  #wake: AbortController | undefined;
  #pollSoon = false;
  #eventsWatch: Watch<TResponse, TMetadata> | undefined;

  /** @internal Use `client.poller(...)`. */
  constructor(client: PollingClient, start: Operation | string, types: TypeRegistry, payloadTypes: PayloadTypes, options?: PollOptions) {
    this.#client = client;
    this.#types = types;
    this.#payloadTypes = payloadTypes;
    this.#options = options;
    this.#schedule = resolvePollOptions(client.pollDefaults, options);
    if (typeof start === 'string') {
      this.name = start;
      // Taken up by name: poll at once, then back off.
      this.#backoffBase = 1;
    } else {
      this.name = start.name;
      this.#backoffBase = 0;
      this.#accept(start, false);
    }
  }

  /** The last snapshot seen; undefined before the first poll of a poller made from a name. */
  get latest(): Snapshot<TResponse, TMetadata> | undefined {
    return this.#latest;
  }

  /** True once the operation is known to be done. */
  get done(): boolean {
    return this.#final !== undefined;
  }

  /**
   * Waits for the operation to finish and gives its unpacked response
   * (undefined for an operation done with no result or an Empty one).
   *
   * @throws OperationError (OperationCancelledError for code 1) when it failed.
   * @throws PollTimeoutError after `timeoutMs` or `maxAttempts`; waiting again goes on.
   * @throws RpcError for a permanent RPC failure (NOT_FOUND, PERMISSION_DENIED, …).
   * @throws UnpackError when the response cannot be unpacked.
   * @throws the signal's reason when `signal` fires.
   */
  result(options?: Pick<PollOptions, 'signal' | 'timeoutMs' | 'maxAttempts'>): Promise<TResponse | undefined> {
    return new Promise((resolve, reject) => {
      this.#watch(options, false, {
        onEnd: (error, snapshot) => (error === undefined ? resolve(snapshot?.response) : reject(error)),
      });
    });
  }

  /** Makes `await poller` work: the same as {@link result} with the poller's options. */
  then<A = TResponse | undefined, B = never>(
    onfulfilled?: ((value: TResponse | undefined) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.result().then(onfulfilled, onrejected);
  }

  /** The same as `poller.result().catch(...)`. */
  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<TResponse | undefined | B> {
    return this.result().catch(onrejected);
  }

  /** The same as `poller.result().finally(...)`. */
  finally(onfinally?: (() => void) | null): Promise<TResponse | undefined> {
    return this.result().finally(onfinally);
  }

  /**
   * The snapshots, as they change, until the operation is done. Starts with
   * the latest snapshot when there is one. Leaving the loop ends this
   * consumer's interest (the operation goes on).
   */
  async *snapshots(options?: Pick<PollOptions, 'signal' | 'timeoutMs' | 'maxAttempts'>): AsyncGenerator<Snapshot<TResponse, TMetadata>, void, undefined> {
    const queue: Snapshot<TResponse, TMetadata>[] = [];
    let ended: { error: unknown } | undefined;
    let notify: (() => void) | undefined;
    if (this.#latest && !this.#final) queue.push(this.#latest);
    const watch = this.#watch(options, true, {
      onSnapshot: (s) => {
        queue.push(s);
        notify?.();
      },
      onEnd: (error, snapshot) => {
        if (snapshot && queue[queue.length - 1] !== snapshot) queue.push(snapshot);
        ended = { error: snapshot?.error === error ? undefined : error };
        notify?.();
      },
    });
    try {
      for (;;) {
        while (queue.length) yield queue.shift()!;
        if (ended) {
          if (ended.error !== undefined) throw ended.error;
          return;
        }
        await new Promise<void>((resolve) => (notify = resolve));
        notify = undefined;
      }
    } finally {
      watch.dispose();
    }
  }

  /** `for await (const snapshot of poller)`: {@link snapshots} with the poller's options. */
  [Symbol.asyncIterator](): AsyncIterator<Snapshot<TResponse, TMetadata>> {
    return this.snapshots();
  }

  /**
   * Adds a listener. The first listener starts the wait (with the poller's
   * options); a `done` or `error` listener added after the end is called
   * once, at once.
   */
  on<E extends keyof PollerEvents<TResponse, TMetadata>>(event: E, listener: (...args: PollerEvents<TResponse, TMetadata>[E]) => void): this {
    this.#events.on(event, listener as never);
    if (this.#final) {
      const { snapshot } = this.#final;
      if (event === 'done' && !snapshot.error) queueMicrotask(() => (listener as (...a: unknown[]) => void)(snapshot.response, snapshot));
      if (event === 'error' && snapshot.error) queueMicrotask(() => (listener as (e: unknown) => void)(snapshot.error));
      return this;
    }
    this.#eventsWatch ??= this.#watch(undefined, true, {
      onSnapshot: (s) => this.#emit('progress', s),
      onEnd: (error, snapshot) => {
        this.#eventsWatch = undefined;
        if (error !== undefined) {
          if (this.#events.listenerCount('error') > 0) this.#emit('error', error);
        } else {
          this.#emit('done', snapshot?.response, snapshot!);
        }
      },
    });
    return this;
  }

  // A listener that throws must not keep other consumers from hearing the outcome: its error
  // surfaces on its own, as an uncaught exception, as it would from any EventEmitter.
  #emit<E extends 'progress' | 'done' | 'error'>(event: E, ...args: unknown[]): void {
    try {
      (this.#events.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
    } catch (err) {
      process.nextTick(() => {
        throw err;
      });
    }
  }

  /** Removes a listener; when none is left, events no longer keep the loop running. */
  off<E extends keyof PollerEvents<TResponse, TMetadata>>(event: E, listener: (...args: PollerEvents<TResponse, TMetadata>[E]) => void): this {
    this.#events.off(event, listener as never);
    if (this.#eventsWatch && ['progress', 'done', 'error'].every((e) => this.#events.listenerCount(e as 'done') === 0)) {
      this.#eventsWatch.dispose();
      this.#eventsWatch = undefined;
    }
    return this;
  }

  /**
   * Asks the service to cancel the operation (CancelOperation), then polls
   * again soon. The waits go on until the service reports the end: usually
   * an OperationCancelledError, or the result if it finished first.
   */
  async cancel(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<void> {
    await this.#client.cancelOperation(this.name, options);
    this.#backoffBase = this.#attempt;
    this.#pollSoon = true;
    this.#wake?.abort();
  }

  /**
   * Stops waiting here: every pending wait rejects with an AbortError and
   * the loop stops. The operation goes on; waiting again starts over.
   */
  stop(): void {
    const reason = new DOMException('the poller was stopped', 'AbortError');
    for (const w of [...this.#watches]) {
      w.dispose();
      w.onEnd(reason);
    }
  }

  /** A small token from which `client.poller(token)` makes this poller again, in any process. */
  toJSON(): ResumeToken {
    const token: { -readonly [K in keyof ResumeToken]: ResumeToken[K] } = { v: 1, name: this.name, service: this.#client.service.id };
    if (this.#payloadTypes.responseType) token.responseType = this.#payloadTypes.responseType;
    if (this.#payloadTypes.metadataType) token.metadataType = this.#payloadTypes.metadataType;
    return token;
  }

  #watch(
    overrides: PollOptions | undefined,
    wantsProgress: boolean,
    handlers: Pick<Watch<TResponse, TMetadata>, 'onSnapshot' | 'onEnd'>,
  ): Watch<TResponse, TMetadata> {
    const options: ResolvedPollOptions = resolvePollOptions(this.#client.pollDefaults, this.#options, overrides);
    const { signal } = options;
    let clearTimer = () => {};
    let settled = false;
    const onAbort = () => end(signal!.reason);
    const watch: Watch<TResponse, TMetadata> = {
      deadline: Date.now() + options.timeoutMs,
      firstAttempt: this.#attempt,
      maxAttempts: options.maxAttempts,
      wantsProgress,
      onSnapshot: handlers.onSnapshot,
      onEnd: (error, snapshot) => {
        if (settled) return;
        settled = true;
        handlers.onEnd(error, snapshot);
      },
      dispose: () => {
        clearTimer();
        signal?.removeEventListener('abort', onAbort);
        this.#watches.delete(watch);
        if (this.#watches.size === 0) this.#loop?.abort();
      },
    };
    const end = (error: unknown) => {
      watch.dispose();
      watch.onEnd(error);
    };
    if (this.#final) {
      const { snapshot } = this.#final;
      queueMicrotask(() => watch.onEnd(snapshot.error, snapshot));
      return watch;
    }
    if (signal?.aborted) {
      queueMicrotask(() => watch.onEnd(signal.reason));
      return watch;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    clearTimer = deadlineTimer(options.timeoutMs, () =>
      end(new PollTimeoutError(this.name, `operation ${this.name} was not done after ${options.timeoutMs} ms`, this.#latest)),
    );
    this.#watches.add(watch);
    this.#startLoop();
    return watch;
  }

  #startLoop(): void {
    if (this.#loop || this.#watches.size === 0 || this.#final) return;
    const loop = new AbortController();
    this.#loop = loop;
    void this.#run(loop.signal)
      .catch((err: unknown) => this.#endWatches(err))
      .finally(() => {
      if (this.#loop === loop) this.#loop = undefined;
      // A watch may have come while the loop was winding down.
      this.#startLoop();
    });
  }

  #useWait(): boolean {
    const mode = this.#schedule.useWait;
    if (mode === 'never' || (mode === 'auto' && clientsWithoutWait.has(this.#client))) return false;
    return mode === 'always' || this.#client.service.supports('wait', this.#client.transport);
  }

  #remainingMs(): number {
    let latest = 0;
    for (const w of this.#watches) latest = Math.max(latest, w.deadline);
    return latest - Date.now();
  }

  #wantsProgress(): boolean {
    for (const w of this.#watches) if (w.wantsProgress) return true;
    return false;
  }

  #backoff(remainingMs: number): number {
    const retryDelayMs = this.#retryDelayMs;
    this.#retryDelayMs = undefined;
    return nextDelayMs(Math.max(0, this.#attempt - this.#backoffBase), this.#schedule, { retryDelayMs, remainingMs });
  }

  async #run(stop: AbortSignal): Promise<void> {
    while (!stop.aborted && !this.#final && this.#watches.size > 0) {
      const useWait = this.#useWait();
      let delay: number;
      if (this.#pollSoon || (this.#attempt === 0 && this.#backoffBase === 1)) delay = 0;
      // Long-polls follow each other at once: the server does the waiting.
      else if (useWait && !this.#backOffNext) delay = 0;
      else delay = this.#backoff(this.#remainingMs());
      this.#pollSoon = false;
      if (delay > 0) {
        const wake = new AbortController();
        this.#wake = wake;
        const linked = linkSignals(stop, wake.signal);
        await pause(delay, linked.signal);
        linked.dispose();
        this.#wake = undefined;
      }
      if (stop.aborted || this.#watches.size === 0) return;
      await this.#pollOnce(useWait && this.#useWait(), stop);
    }
  }

  async #pollOnce(useWait: boolean, stop: AbortSignal): Promise<void> {
    const remaining = this.#remainingMs();
    const callTimeout = Math.max(1, Math.min(remaining, this.#client.timeoutMs));
    let op: Operation;
    const started = Date.now();
    try {
      if (useWait) {
        const o = this.#schedule;
        const chunk = this.#wantsProgress() ? Math.max(o.initialDelayMs, this.#backoff(remaining)) : o.waitTimeoutMs;
        const waitMs = Math.max(1, Math.min(chunk, remaining));
        op = await this.#client.waitOperation(this.name, { timeoutMs: waitMs, signal: stop });
        // A server that answers long before the wait's end, not done, must not turn the loop into a busy one.
        this.#backOffNext = !op.done && Date.now() - started < waitMs / 2;
      } else {
        op = await this.#client.getOperation(this.name, { timeoutMs: callTimeout, signal: stop });
      }
    } catch (err) {
      if (stop.aborted) return;
      if (useWait && err instanceof RpcError && err.code === Code.UNIMPLEMENTED && this.#schedule.useWait === 'auto') {
        clientsWithoutWait.add(this.#client);
        this.#pollSoon = true;
        return;
      }
      this.#attempt++;
      if (isPermanentPollError(err)) {
        this.#endWatches(err);
        return;
      }
      this.#retryDelayMs = retryDelayFromError(err);
      // A failed long-poll must not be followed by another at once: back off.
      this.#backOffNext = true;
      this.#checkAttempts();
      return;
    }
    this.#attempt++;
    this.#accept(op, true);
  }

  #accept(op: Operation, notify: boolean): void {
    let snapshot: Snapshot<TResponse, TMetadata>;
    try {
      snapshot = toSnapshot<TResponse, TMetadata>(op, this.#types, this.#payloadTypes, this.#attempt, Date.now() - this.#createdAt);
    } catch (err) {
      if (op.done) this.#latest = { name: op.name, done: true, operation: op, attempt: this.#attempt, elapsedMs: Date.now() - this.#createdAt };
      this.#endWatches(err);
      return;
    }
    const changed = stateChanged(this.#latest?.operation, op);
    this.#latest = snapshot;
    if (op.done) {
      this.#final = { snapshot };
      const watches = [...this.#watches];
      for (const w of watches) w.dispose();
      for (const w of watches) {
        if (notify && changed) w.onSnapshot?.(snapshot);
        w.onEnd(snapshot.error, snapshot);
      }
      return;
    }
    if (notify && changed) for (const w of [...this.#watches]) w.onSnapshot?.(snapshot);
    this.#checkAttempts();
  }

  #checkAttempts(): void {
    for (const w of [...this.#watches]) {
      if (this.#attempt - w.firstAttempt >= w.maxAttempts) {
        w.dispose();
        w.onEnd(new PollTimeoutError(this.name, `operation ${this.name} was not done after ${w.maxAttempts} polls`, this.#latest));
      }
    }
  }

  #endWatches(error: unknown): void {
    const watches = [...this.#watches];
    for (const w of watches) w.dispose();
    for (const w of watches) w.onEnd(error);
  }
}
