// OperationsClient: the google.longrunning Operations RPCs, with name checks and retries; over REST here,
// with gRPC too in the subclass that `longrunning` exports (grpc-operations-client.ts).
import pRetry from 'p-retry';
import { Code } from '../codes.js';
import { MalformedResponseError, OperationNameMismatchError, RpcError } from '../errors.js';
import { nodeBuiltin } from '../node-builtins.js';
import type { Operation, OperationsPage } from '../operation.js';
import { RPC_NAMES, type OperationsMethod, type ServiceProfile, type Transport } from '../profiles/service-profile.js';
import { createRestTransport } from '../transport/rest-transport.js';
import { WireError, type AttemptOptions, type OperationsTransport } from '../transport/transport.js';
import { Poller } from '../poller/poller.js';
import { readPollerTarget, type PollerTarget } from '../poller/poller-target.js';
import { waitAll, waitAny, watchMany } from '../poller/wait-many.js';
import type { WaitOutcome, WaitTarget } from '../poller/wait-outcome.js';
import type { PollOptions } from '../poller/poll-options.js';
import { PollingState } from '../poller/polling-state.js';
import type { PayloadTypes } from '../poller/snapshot.js';
import { TypeRegistry, type TypeSource } from '../registry/type-registry.js';
import { retryDelayFromError } from '../rpc-retry-info.js';
import { linkSignals } from '../signals.js';
import { sleep } from '../timers.js';
import { checkTimeoutMs, throwIfAborted, type CallOptions } from '../call-options.js';
import { checkListRequest, checkMethod, checkName, type ListOperationsRequest } from './request-checks.js';
import { resolveClientOptions, type OperationsClientOptions, type ResolvedClientOptions } from './client-options.js';
import { retryDelayMs } from './retry-delay.js';

/** What `client.poller()` takes besides the operation. */
export interface PollerOptions extends PollOptions, PayloadTypes {
  /** Types for this poller's payloads, on top of the client's. */
  readonly types?: TypeSource | readonly TypeSource[];
}

/**
 * What `client.waitAll()`, `client.waitAny()` and `client.watch()` take:
 * the options of {@link PollerOptions}, read so.
 *
 * - `signal` and `timeoutMs` bound the whole call, with one listener and one
 *   timer for it however many targets there are; `timeoutMs` falls back to
 *   the client's `poll.timeoutMs` (by default there is no limit), and a
 *   `signal` in the client's `poll` ends the call too (each poller then
 *   listens to that one as well: pass the call its own instead).
 * - Everything else (the backoff schedule, `maxAttempts`, `useWait`, the
 *   payload types and `types`) applies to each target's poller, as
 *   `client.poller(target, options)` would apply it.
 */
export type WaitManyOptions = PollerOptions;

// Node warns past 10 listeners on one signal; elsewhere there is no limit to lift.
function unlimitedListeners(controller: AbortController): AbortController {
  nodeBuiltin('node:events')?.setMaxListeners(0, controller.signal);
  return controller;
}

const EMPTY_OPTIONS: PollerOptions = Object.freeze({});

// Most pollers pin no payload type: they share one object.
const NO_PAYLOAD_TYPES: PayloadTypes = Object.freeze({});

// The least time worth starting an attempt with: less, and it would fail on the deadline whatever the service does.
const MIN_ATTEMPT_MS = 50;

// An answer for another operation than the one asked for is not used.
function checkAnswerName(op: Operation, name: string, method: OperationsMethod): Operation {
  if (op.name !== name) throw new OperationNameMismatchError(name, op.name, { method: RPC_NAMES[method] });
  return op;
}

function shortToken(token: string): string {
  return JSON.stringify(token.length > 80 ? `${token.slice(0, 80)}…` : token);
}

/**
 * @internal How a client makes its transport from its options, on its first
 * call. The client of `longrunning/rest` makes REST transports only; the one
 * of `longrunning` adds gRPC and Application Default Credentials, each loaded
 * when first needed.
 */
export interface TransportMaker {
  /** The transport when the options name none. */
  readonly defaultTransport: Transport;
  /** Why a client of this entry cannot make `transport`; undefined when it can. */
  refuse(transport: Transport): string | undefined;
  make(options: ResolvedClientOptions): OperationsTransport;
}

/** @internal REST over fetch, with the credentials the options give, or none. */
export const REST_TRANSPORTS: TransportMaker = Object.freeze({
  defaultTransport: 'rest',
  refuse: (transport: Transport) =>
    transport === 'rest'
      ? undefined
      : `transport '${transport}' is not in longrunning/rest, which speaks REST only; OperationsClient from 'longrunning' speaks gRPC too`,
  make: (o: ResolvedClientOptions) =>
    createRestTransport({
      endpoint: o.endpoint,
      profile: o.service,
      auth: o.insecure ? undefined : o.auth,
      headers: o.headers,
      maxResponseBytes: o.maxResponseBytes,
    }),
});

/**
 * A client for the google.longrunning Operations RPCs of one service, over
 * REST with fetch (the default here), or a transport object. This is the
 * client of `longrunning/rest`; the one of `longrunning` extends it with
 * gRPC and Application Default Credentials, and refuses nothing.
 *
 * Every method checks its input against the service profile before any
 * network call, retries transient failures (UNAVAILABLE always,
 * DEADLINE_EXCEEDED on reads) with jittered backoff inside the call's
 * `timeoutMs`, and rejects with an {@link RpcError} whose `code` is the same
 * over gRPC and REST. An aborted `signal` rejects with the signal's reason.
 *
 * @example
 * const client = new OperationsClient({
 *   endpoint: 'https://storagetransfer.googleapis.com',
 *   service: services.storageTransfer,
 *   auth: () => accessToken,
 * });
 * const op = await client.getOperation('transferOperations/transferJobs-1-2');
 */
export class OperationsClient implements Disposable, AsyncDisposable {
  /** The service profile the client follows. */
  readonly service: ServiceProfile;
  /** The registry that decodes Any payloads. */
  readonly types: TypeRegistry;
  /** The wire protocol. */
  readonly transport: Transport;
  /** Where the client connects. */
  readonly endpoint: string;

  readonly #options: ResolvedClientOptions;
  // Every call in flight listens to it: no listener limit, or 11 pollers would print a warning.
  readonly #closing = unlimitedListeners(new AbortController());
  #wire: OperationsTransport | undefined;
  #closed = false;
  readonly #polling: PollingState;

  /** @throws TypeError naming a bad option, and for `transport: 'grpc'`, which this client does not make. */
  constructor(options: OperationsClientOptions) {
    const maker = this.transportMaker();
    this.#options = resolveClientOptions(options, maker.defaultTransport);
    const refused = this.#options.wire ? undefined : maker.refuse(this.#options.transport);
    if (refused !== undefined) throw new TypeError(refused);
    this.service = this.#options.service;
    this.types = this.#options.types;
    this.transport = this.#options.transport;
    this.endpoint = this.#options.endpoint;
    this.#polling = new PollingState({
      clock: this.#options.clock,
      pollDefaults: this.#options.poll,
      maxConcurrentWaits: this.#options.maxConcurrentWaits,
      maxInFlight: this.#options.maxInFlight,
      maxMalformedResponses: this.#options.maxMalformedResponses,
      batching:
        this.service.batchGet && this.#options.batchWindowMs > 0 && this.service.supports('list', this.transport)
          ? {
              rule: this.service.batchGet,
              windowMs: this.#options.batchWindowMs,
              listPage: (request, options) => this.listOperationsPage(request, options),
            }
          : undefined,
    });
  }

  /** @internal The state this client's pollers share: its clock, its defaults, what it learnt of WaitOperation. */
  get polling(): PollingState {
    return this.#polling;
  }

  /** @internal Which transports this client makes, and how: REST here; the client of `longrunning` adds gRPC. */
  protected transportMaker(): TransportMaker {
    return REST_TRANSPORTS;
  }

  /** The client's default limit for one call, in ms. */
  get timeoutMs(): number {
    return this.#options.timeoutMs;
  }

  #transportInstance(): OperationsTransport {
    if (this.#closed) throw new RpcError(Code.FAILED_PRECONDITION, 'the client is closed');
    if (this.#wire) return this.#wire;
    const o = this.#options;
    this.#wire = o.wire ?? this.transportMaker().make(o);
    return this.#wire;
  }

  #toError(err: unknown, method: OperationsMethod): unknown {
    if (err instanceof RpcError) return err;
    const rpc = RPC_NAMES[method];
    if (err instanceof WireError) {
      const { code, details } = err.status;
      let message = err.status.message;
      if (code === Code.UNIMPLEMENTED)
        message = `${rpc} is not implemented by the service at ${this.endpoint} (${this.service.title})${message ? `: ${message}` : ''}`;
      return new RpcError(code, message, { method: rpc, details: this.types.unpackDetails(details), cause: err.cause ?? err });
    }
    return RpcError.from(err, rpc);
  }

  // Checks the method and the request first (no network call for bad input), then runs attempts under one deadline.
  async #call<R, T>(
    method: OperationsMethod,
    options: CallOptions | undefined,
    prepare: () => R,
    attempt: (wire: OperationsTransport, request: R, o: AttemptOptions) => Promise<T>,
    graceMs = 0,
  ): Promise<T> {
    throwIfAborted(options?.signal);
    const timeoutMs = checkTimeoutMs(options?.timeoutMs, 'timeoutMs') ?? this.#options.timeoutMs;
    checkMethod(this.service, this.transport, method);
    const request = prepare();
    const wire = this.#transportInstance();
    const deadline = Date.now() + timeoutMs + graceMs;
    // close() ends calls in flight too.
    const linked = linkSignals(options?.signal, this.#closing.signal);
    const signal = linked.signal;
    const fail = (err: unknown): unknown => {
      if (options?.signal?.aborted) return options.signal.reason;
      if (this.#closing.signal.aborted)
        return new RpcError(Code.FAILED_PRECONDITION, 'the client was closed during the call', { method: RPC_NAMES[method] });
      return this.#toError(err, method);
    };
    let lastError: unknown;
    const once = async (): Promise<T> => {
      // A retry with no time left would fail with a deadline of its own making: report what made it a retry instead.
      if (lastError !== undefined && deadline - Date.now() < MIN_ATTEMPT_MS) throw lastError;
      try {
        return await attempt(wire, request, { signal, deadline });
      } catch (err) {
        throw (lastError = fail(err));
      }
    };
    const retry = this.#options.retry;
    try {
      if (!retry || retry.retries === 0) return await once();
      const transient = (err: unknown) =>
        err instanceof RpcError &&
        (err.code === Code.UNAVAILABLE || (err.code === Code.DEADLINE_EXCEEDED && (method === 'get' || method === 'list')));
      // p-retry counts and stops; the delays are this package's (p-retry's own are 0): the backoff, with the
      // service's RetryInfo (or Retry-After) as a floor, and only for a retry that still has time to be answered.
      return await pRetry(once, {
        retries: retry.retries,
        minTimeout: 0,
        factor: 1,
        maxRetryTime: timeoutMs + graceMs,
        signal,
        shouldRetry: async ({ error, retriesConsumed }) => {
          if (!transient(error)) return false;
          const delay = Math.max(retryDelayMs(retriesConsumed, retry), retryDelayFromError(error) ?? 0);
          // The attempt after a wait gets at least as long to answer as the wait lasted (and never under MIN_ATTEMPT_MS).
          if (Date.now() + delay + Math.max(delay, MIN_ATTEMPT_MS) > deadline) return false;
          await sleep(delay, { signal });
          return true;
        },
      });
    } catch (err) {
      throw fail(err);
    } finally {
      linked.dispose();
    }
  }

  /**
   * Gets the latest state of an operation.
   * @throws RpcError: INVALID_ARGUMENT for a name the profile refuses, NOT_FOUND, PERMISSION_DENIED, …
   * @throws MalformedResponseError for an answer that cannot be read; OperationNameMismatchError for one about another operation.
   * @throws ResponseTooLargeError for an answer over the client's `maxResponseBytes`.
   */
  getOperation(name: string, options?: CallOptions): Promise<Operation> {
    return this.#call(
      'get',
      options,
      () => checkName(this.service, 'get', name),
      async (wire, n, o) => checkAnswerName(await wire.get(n, o), n, 'get'),
    );
  }

  /**
   * Lists one page of operations.
   * @throws RpcError INVALID_ARGUMENT for a bad name, a page size over the profile's limit or a filter it refuses; UNIMPLEMENTED where the service has no List.
   */
  listOperationsPage(request: ListOperationsRequest = {}, options?: CallOptions): Promise<OperationsPage> {
    return this.#call(
      'list',
      options,
      () => checkListRequest(this.service, request),
      (wire, r, o) => wire.list(r, o),
    );
  }

  /**
   * Every operation that matches, across pages. While the loop works through
   * one page, the next is already on its way (one page ahead, no more), so a
   * long listing waits on the network about once instead of once a page.
   * Leaving the loop early cancels that call and fetches nothing more. Each
   * page is one call, with the call options applied to it.
   *
   * @throws RpcError as {@link listOperationsPage} does.
   * @throws MalformedResponseError (INTERNAL, `field` `'nextPageToken'`) when the service hands out a page token
   *   it gave before (the pages would go round for ever), or more empty pages in a row than the client's
   *   `maxEmptyPages`, each with a next token.
   */
  async *listOperations(request: ListOperationsRequest = {}, options?: CallOptions): AsyncGenerator<Operation, void, undefined> {
    // Every token handed out so far: one seen again means the listing goes round in a cycle.
    const seen = new Set<string>();
    if (request.pageToken) seen.add(request.pageToken);
    const maxEmptyPages = this.#options.maxEmptyPages;
    let emptyInARow = 0;
    // Ends the page fetched ahead when the loop is left early.
    const ahead = new AbortController();
    const linked = linkSignals(options?.signal, ahead.signal);
    const pageOptions: CallOptions = { ...options, signal: linked.signal };
    const fetch = (pageToken: string) => {
      const page = this.listOperationsPage({ ...request, pageToken }, pageOptions);
      // A page fetched ahead and never read must not surface as an unhandled rejection.
      page.catch(() => {});
      return page;
    };
    let next: Promise<OperationsPage> | undefined = fetch(request.pageToken ?? '');
    try {
      while (next) {
        const page: OperationsPage = await next;
        next = undefined;
        const token = page.nextPageToken;
        emptyInARow = page.operations.length === 0 ? emptyInARow + 1 : 0;
        if (token) {
          if (seen.has(token)) {
            throw new MalformedResponseError(
              `ListOperations handed out page token ${shortToken(token)} a second time: the pages go round`,
              {
                method: RPC_NAMES.list,
                field: 'nextPageToken',
              },
            );
          }
          if (emptyInARow >= maxEmptyPages) {
            throw new MalformedResponseError(
              `ListOperations gave ${emptyInARow} empty pages in a row, each with a next page token (maxEmptyPages)`,
              { method: RPC_NAMES.list, field: 'nextPageToken' },
            );
          }
          seen.add(token);
          next = fetch(token);
        }
        yield* page.operations;
      }
    } finally {
      if (next) ahead.abort(new DOMException('the listing was left', 'AbortError'));
      linked.dispose();
    }
  }

  /**
   * Asks the service to cancel an operation. Cancellation is best effort:
   * get the operation to learn whether it ended (with code 1, CANCELLED) or
   * finished anyway. A finished operation is left as it is.
   */
  cancelOperation(name: string, options?: CallOptions): Promise<void> {
    return this.#call(
      'cancel',
      options,
      () => checkName(this.service, 'cancel', name),
      (wire, n, o) => wire.cancel(n, o),
    );
  }

  /** Deletes an operation's record; the client is no longer interested in it. It does not cancel it. */
  deleteOperation(name: string, options?: CallOptions): Promise<void> {
    return this.#call(
      'delete',
      options,
      () => checkName(this.service, 'delete', name),
      (wire, n, o) => wire.delete(n, o),
    );
  }

  /**
   * Waits on the server until the operation is done or `timeoutMs` passes,
   * and returns its state then, done or not. The call's own deadline is
   * `timeoutMs` plus one second for the answer to travel.
   * @throws RpcError UNIMPLEMENTED where the service has no WaitOperation (all but `services.standard` over gRPC).
   * @throws MalformedResponseError, OperationNameMismatchError, ResponseTooLargeError as {@link getOperation}.
   */
  waitOperation(name: string, options?: CallOptions): Promise<Operation> {
    const waitMs = checkTimeoutMs(options?.timeoutMs, 'timeoutMs') ?? this.#options.timeoutMs;
    return this.#call(
      'wait',
      { ...options, timeoutMs: waitMs },
      () => checkName(this.service, 'wait', name),
      // A retry late in the call still sends a positive timeout: 0 would read as 'wait until done'.
      async (wire, n, o) =>
        checkAnswerName(await wire.wait(n, Math.max(1, Math.min(waitMs, o.deadline - 1_000 - Date.now())), o), n, 'wait'),
      1_000,
    );
  }

  /**
   * A poller for an operation: from the operation a start call returned
   * (this package's Operation, a generated client's `IOperation`, or the
   * gax `LROperation` its start call gives), from its name (an operation
   * started elsewhere), or from a token that `poller.toJSON()` gave (as an
   * object or its JSON text). See {@link PollerTarget}.
   *
   * @example
   * const [operation] = await transferClient.runTransferJob({ jobName, projectId }); // a gax LROperation
   * const poller = client.poller<protos.google.protobuf.IEmpty, protos.google.storagetransfer.v1.ITransferOperation>(operation);
   * for await (const s of poller) console.log(s.metadata?.status, s.metadata?.startTime?.seconds);
   * @throws RpcError INVALID_ARGUMENT for a name the profile refuses; TypeError for an operation without a name,
   *   a token of another service or bad options.
   */
  poller<TResponse = unknown, TMetadata = unknown>(
    target: PollerTarget<TResponse, TMetadata>,
    options: PollerOptions = EMPTY_OPTIONS,
  ): Poller<TResponse, TMetadata> {
    return this.pollerFactory<TResponse, TMetadata>(options)(target);
  }

  /**
   * @internal Checks poller options once and returns the function that makes
   * pollers with them: the extra `types` become one registry for all of them.
   * @throws TypeError naming a bad option; the function throws as {@link poller} does for a bad target.
   */
  pollerFactory<TResponse, TMetadata>(options: PollerOptions): (target: PollerTarget) => Poller<TResponse, TMetadata> {
    if (typeof options !== 'object' || options === null) throw new TypeError('poller options must be an object');
    const pinned: PayloadTypes =
      options.responseType === undefined && options.metadataType === undefined
        ? NO_PAYLOAD_TYPES
        : { responseType: options.responseType, metadataType: options.metadataType };
    // The options go on as they are (the poll fields are read from them): pollers that share an options object share its schedule.
    const pollOptions = options === EMPTY_OPTIONS ? undefined : options;
    this.#polling.schedule(pollOptions);
    const extra = options.types;
    const types = extra === undefined ? this.types : new TypeRegistry(...(Array.isArray(extra) ? extra : [extra]), this.types);
    return (target) => {
      const { start, payloadTypes } = readPollerTarget(target, this.service.id, pinned);
      checkName(this.service, 'get', typeof start === 'string' ? start : start.name);
      return new Poller<TResponse, TMetadata>(this, start, types, payloadTypes, pollOptions);
    };
  }

  /**
   * Waits on every target (an Operation, a name or a resume token, as
   * {@link poller} takes) and resolves with one outcome per target, in
   * input order: `outcomes[i]` is the outcome of `targets[i]`. One
   * operation's failure is its outcome (`status: 'failed'`), never a
   * rejection; the call rejects only for bad input or with the signal's reason.
   *
   * - A name listed twice is polled by one poller and gets an outcome per listing.
   * - After `timeoutMs`, each target still running gets a `PollTimeoutError`
   *   outcome carrying its latest snapshot, and the call resolves: nothing is lost.
   * - When `signal` fires, every wait stops and the call rejects with its reason.
   * - An empty list resolves to `[]`.
   * - The input is checked before any RPC: the promise rejects with a
   *   TypeError for a list that is not an array or a bad option, and with
   *   the RpcError INVALID_ARGUMENT that `client.poller()` throws for a name
   *   the service refuses.
   *
   * However many targets, the call holds one listener on `signal` and one
   * timer for `timeoutMs`; each poller holds its own sleep between polls.
   *
   * @example
   * const outcomes = await client.waitAll(names, { timeoutMs: 30 * 60_000 });
   * const failed = outcomes.filter((o) => o.status === 'failed');
   */
  waitAll<TResponse = unknown, TMetadata = unknown>(
    targets: readonly WaitTarget<TResponse, TMetadata>[],
    options: WaitManyOptions = EMPTY_OPTIONS,
  ): Promise<WaitOutcome<TResponse, TMetadata>[]> {
    return waitAll<TResponse, TMetadata, PollerOptions>(this, targets, options);
  }

  /**
   * Waits until the first target's wait ends, with success or failure,
   * resolves with its outcome and stops the other waits (no RPC for them
   * after it). The operations go on.
   *
   * - When `timeoutMs` passes first, it resolves with a `PollTimeoutError`
   *   outcome for the first target still running, in input order.
   * - When `signal` fires, it rejects with its reason.
   * - An empty list rejects with a TypeError; other input as {@link waitAll}.
   *
   * @example
   * const first = await client.waitAny([exportOp, importOp]);
   * if (first.status === 'succeeded') console.log(first.name, 'finished first');
   */
  waitAny<TResponse = unknown, TMetadata = unknown>(
    targets: readonly WaitTarget<TResponse, TMetadata>[],
    options: WaitManyOptions = EMPTY_OPTIONS,
  ): Promise<WaitOutcome<TResponse, TMetadata>> {
    return waitAny<TResponse, TMetadata, PollerOptions>(this, targets, options);
  }

  /**
   * Yields each target's outcome as its wait ends, so the first to finish
   * comes first; each listed target's once, duplicates included, then the
   * loop ends.
   *
   * - The waits start with the loop (the first `next()`); leaving it early
   *   (break, return, a throw) stops the waits still pending.
   * - After `timeoutMs`, every target still running yields a
   *   `PollTimeoutError` outcome, then the loop ends.
   * - When `signal` fires, the loop throws its reason and every wait stops.
   * - An empty list yields nothing. Bad input (as for {@link waitAll})
   *   throws from the first `next()`, before any RPC.
   *
   * @example
   * for await (const o of client.watch(names, { signal })) {
   *   console.log(o.name, o.status);
   * }
   */
  watch<TResponse = unknown, TMetadata = unknown>(
    targets: readonly WaitTarget<TResponse, TMetadata>[],
    options: WaitManyOptions = EMPTY_OPTIONS,
  ): AsyncGenerator<WaitOutcome<TResponse, TMetadata>, void, undefined> {
    return watchMany<TResponse, TMetadata, PollerOptions>(this, targets, options);
  }

  /**
   * Closes the connection. Calls in flight, and calls after it, reject with
   * FAILED_PRECONDITION; so do the waits of this client's pollers. Safe to
   * call twice.
   */
  close(): void {
    this.#closed = true;
    this.#closing.abort(new RpcError(Code.FAILED_PRECONDITION, 'the client is closed'));
    this.#wire?.close();
    this.#wire = undefined;
    this.#polling.reset();
  }

  /** Closes the client at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Closes the client at the end of an `await using` block. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
