// The Poller: waits on one long-running operation, answered as a promise, an async iterator and events.
import type { Operation } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import { resolveWaitLimits, type PollOptions, type ResolvedPollOptions } from './poll-options.js';
import { PollLoop } from './poll-loop.js';
import type { PollingClient } from './polling-client.js';
import { Listeners } from './listeners.js';
import type { Snapshot } from '../snapshot.js';
import type { PayloadTypes } from './snapshot.js';
import { Watch, type WatchHandlers } from './watch.js';

/** The listeners a poller takes, by event. */
export interface PollerEvents<TResponse, TMetadata> {
  /** After each poll that changed the state, the final one included. */
  progress: [snapshot: Snapshot<TResponse, TMetadata>];
  /** The operation finished with success (the response is undefined when it has none). */
  done: [response: TResponse | undefined, snapshot: Snapshot<TResponse, TMetadata>];
  /** The wait ended badly: OperationError, RpcError, PollTimeoutError, UnpackError or the signal's reason. */
  error: [error: unknown];
  /** A poll failed with a transient error (UNAVAILABLE, DEADLINE_EXCEEDED, …); polling goes on. */
  retry: [error: unknown, attempt: number];
}

/** A token that {@link Poller.toJSON} gives and `client.poller(token)` takes back, in this process or another. */
export interface ResumeToken {
  /** The token format's version. */
  readonly v: 1;
  /** The operation's name. */
  readonly name: string;
  /** The service profile's id; a client of another profile refuses the token. */
  readonly service: string;
  /** The pinned response type, if the poller had one. */
  readonly responseType?: string;
  /** The pinned metadata type, if the poller had one. */
  readonly metadataType?: string;
}

/** Settles a result() promise: the handlers of the watch most waits are, as one small object. */
class Settle<R> implements WatchHandlers<Snapshot<R, unknown>> {
  constructor(
    readonly resolve: (value: R | undefined) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  onEnd(error: unknown, snapshot?: Snapshot<R, unknown>): void {
    if (error === undefined) this.resolve(snapshot?.response);
    else this.reject(error);
  }
}

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
export class Poller<TResponse = unknown, TMetadata = unknown>
  implements PromiseLike<TResponse | undefined>, AsyncIterable<Snapshot<TResponse, TMetadata>>, Disposable, AsyncDisposable
{
  /** The operation's name. */
  readonly name: string;

  readonly #client: PollingClient;
  readonly #payloadTypes: PayloadTypes;
  readonly #schedule: ResolvedPollOptions;
  readonly #loop: PollLoop<TResponse, TMetadata>;
  // Made on the first listener: most pollers are only awaited.
  #events: Listeners<PollerEvents<TResponse, TMetadata>> | undefined;
  #eventsWatch: Watch<Snapshot<TResponse, TMetadata>> | undefined;

  /** @internal Use `client.poller(...)`. */
  constructor(client: PollingClient, start: Operation | string, types: TypeRegistry, payloadTypes: PayloadTypes, options?: PollOptions) {
    this.#client = client;
    this.#payloadTypes = payloadTypes;
    this.#schedule = client.polling.schedule(options);
    this.#loop = new PollLoop<TResponse, TMetadata>(client, start, types, payloadTypes, this.#schedule);
    this.name = this.#loop.name;
  }

  /** The last snapshot seen; undefined before the first poll of a poller made from a name. */
  get latest(): Snapshot<TResponse, TMetadata> | undefined {
    return this.#loop.latest;
  }

  /** True once the operation is known to be done. */
  get done(): boolean {
    return this.#loop.final !== undefined;
  }

  /**
   * Waits for the operation to finish and gives its unpacked response
   * (undefined for an operation done with no result or an Empty one).
   * The backoff schedule is the poller's; a wait sets its own limits.
   *
   * @throws OperationError (OperationCancelledError for code 1) when it failed.
   * @throws PollTimeoutError after `timeoutMs` or `maxAttempts`; waiting again goes on.
   * @throws RpcError for a permanent RPC failure (NOT_FOUND, PERMISSION_DENIED, …).
   * @throws UnpackError when the response cannot be unpacked.
   * @throws the signal's reason when `signal` fires.
   */
  result(options?: Pick<PollOptions, 'signal' | 'timeoutMs' | 'maxAttempts'>): Promise<TResponse | undefined> {
    return new Promise((resolve, reject) => this.#watch(options, false, new Settle(resolve, reject)));
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
  async *snapshots(
    options?: Pick<PollOptions, 'signal' | 'timeoutMs' | 'maxAttempts'>,
  ): AsyncGenerator<Snapshot<TResponse, TMetadata>, void, undefined> {
    const queue: Snapshot<TResponse, TMetadata>[] = [];
    let ended: { error: unknown } | undefined;
    let notify: (() => void) | undefined;
    const latest = this.#loop.latest;
    if (latest && !this.#loop.final) queue.push(latest);
    const watch = this.#watch(options, true, {
      onSnapshot: (s) => {
        queue.push(s);
        notify?.();
      },
      onEnd: (error, snapshot) => {
        if (snapshot && queue[queue.length - 1] !== snapshot) queue.push(snapshot);
        // A failed operation ends the loop through its last snapshot's `error`, not by throwing.
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
      watch.detach();
    }
  }

  /** `for await (const snapshot of poller)`: {@link snapshots} with the poller's options. */
  [Symbol.asyncIterator](): AsyncIterator<Snapshot<TResponse, TMetadata>> {
    return this.snapshots();
  }

  /**
   * Adds a listener and returns the function that removes it. The first
   * `progress`, `done` or `error` listener starts the wait (with the
   * poller's options); a `done` or `error` listener added after the end is
   * called once, at once. `retry` listens in without starting the wait.
   *
   * @example
   * const unsubscribe = poller.on('progress', (s) => render(s.metadata));
   * // later: stop listening (with no listener left, events no longer keep the loop running)
   * unsubscribe();
   */
  on<E extends keyof PollerEvents<TResponse, TMetadata>>(
    event: E,
    listener: (...args: PollerEvents<TResponse, TMetadata>[E]) => void,
  ): () => void {
    this.#listen(event, listener);
    return () => this.off(event, listener);
  }

  #listen<E extends keyof PollerEvents<TResponse, TMetadata>>(
    event: E,
    listener: (...args: PollerEvents<TResponse, TMetadata>[E]) => void,
  ): void {
    if (!this.#events) {
      this.#events = new Listeners();
      this.#loop.onRetry = (error, attempt) => this.#emit('retry', error, attempt);
    }
    this.#events.add(event, listener);
    const final = this.#loop.final;
    // 'retry' listens in; it does not make the loop run.
    if (event === 'retry') return;
    if (final) {
      if (event === 'done' && !final.error) queueMicrotask(() => (listener as (...a: unknown[]) => void)(final.response, final));
      if (event === 'error' && final.error) queueMicrotask(() => (listener as (e: unknown) => void)(final.error));
      return;
    }
    this.#eventsWatch ??= this.#watch(undefined, true, {
      onSnapshot: (s) => this.#emit('progress', s),
      onEnd: (error, snapshot) => {
        this.#eventsWatch = undefined;
        if (error === undefined) this.#emit('done', snapshot?.response, snapshot!);
        else if (this.#events!.count('error') > 0) this.#emit('error', error);
      },
    });
  }

  /** Removes a listener; when none is left, events no longer keep the loop running. */
  off<E extends keyof PollerEvents<TResponse, TMetadata>>(
    event: E,
    listener: (...args: PollerEvents<TResponse, TMetadata>[E]) => void,
  ): void {
    const events = this.#events;
    if (!events) return;
    events.remove(event, listener);
    if (this.#eventsWatch && (['progress', 'done', 'error'] as const).every((e) => events.count(e) === 0)) {
      this.#eventsWatch.detach();
      this.#eventsWatch = undefined;
    }
  }

  // A listener that throws must not keep other consumers from hearing the outcome: Listeners calls
  // the rest, and the error surfaces on its own, as an uncaught exception.
  #emit<E extends keyof PollerEvents<TResponse, TMetadata>>(event: E, ...args: PollerEvents<TResponse, TMetadata>[E]): void {
    this.#events?.emit(event, ...args);
  }

  /**
   * Asks the service to cancel the operation (CancelOperation), then polls
   * again soon. The waits go on until the service reports the end: usually
   * an OperationCancelledError, or the result if it finished first.
   */
  async cancel(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<void> {
    await this.#client.cancelOperation(this.name, options);
    this.#loop.pollSoon();
  }

  /**
   * Stops waiting here: every pending wait rejects with an AbortError and
   * the loop stops. The operation goes on; waiting again starts over.
   */
  stop(): void {
    this.#eventsWatch = undefined;
    this.#loop.endAll(new DOMException('the poller was stopped', 'AbortError'));
  }

  /** Stops waiting here, as {@link stop}: for `using poller = client.poller(...)`. */
  [Symbol.dispose](): void {
    this.stop();
  }

  /** Stops waiting here, as {@link stop}: for `await using poller = client.poller(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.stop();
  }

  /** A small token from which `client.poller(token)` makes this poller again, in any process. */
  toJSON(): ResumeToken {
    const token: { -readonly [K in keyof ResumeToken]: ResumeToken[K] } = { v: 1, name: this.name, service: this.#client.service.id };
    if (this.#payloadTypes.responseType) token.responseType = this.#payloadTypes.responseType;
    if (this.#payloadTypes.metadataType) token.metadataType = this.#payloadTypes.metadataType;
    return token;
  }

  #watch(
    overrides: Pick<PollOptions, 'signal' | 'timeoutMs' | 'maxAttempts'> | undefined,
    wantsProgress: boolean,
    handlers: WatchHandlers<Snapshot<TResponse, TMetadata>>,
  ): Watch<Snapshot<TResponse, TMetadata>> {
    const options = overrides === undefined ? this.#schedule : resolveWaitLimits(this.#schedule, overrides);
    const watch = new Watch(this.#loop, options, wantsProgress, handlers);
    this.#loop.add(watch);
    return watch;
  }
}
