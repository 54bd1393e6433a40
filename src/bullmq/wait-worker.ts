// The worker's side of durable waits: take each due wait, poll it once through one client, put it back until its next poll or deliver its outcome.
import { EventEmitter } from 'node:events';
import type { Job, Worker } from 'bullmq';
import { OperationsClient } from '../client/grpc-operations-client.js';
import { PollTimeoutError, RpcError } from '../errors.js';
import type { JsonValue } from '../operation.js';
import { isPermanentPollError } from '../poller/poll-errors.js';
import { retryDelayFromError } from '../rpc-retry-info.js';
import { bullmq } from './bullmq-peer.js';
import { readState, resultOfEnd, storedEnd, type DurableOutcome, type WaitResult } from './durable-outcome.js';
import { pollOnce } from './one-poll.js';
import { operationNameOf, readWaitJob, withPollState, type PollState, type WaitJobData } from './wait-job.js';
import { limiterFor, numberOption, resolveConnection, WAIT_QUEUE_DEFAULTS, type WaitWorkerOptions } from './wait-options.js';
import { batchAlignedDueAt, nextWaitPoll } from './wait-schedule.js';

/** A wait given up: its handler kept failing, its worker died too often, or its job could not be read. */
export interface GivenUpEvent {
  /** The BullMQ job's id. */
  readonly jobId: string;
  /** The operation's name; undefined for a job this package did not make. */
  readonly name: string | undefined;
  /** Why, as BullMQ recorded it. */
  readonly reason: string;
}

/** What a job's completion records in Redis, and what `WaitEvents` reads back: the outcome in short. */
export interface OutcomeSummary {
  /** The operation's name. */
  readonly name: string;
  /** How the wait ended, as a {@link DurableOutcome}'s `status`. */
  readonly status: 'succeeded' | 'failed';
  /** The error's google.rpc code, for a failed wait. */
  readonly code?: number;
  /** The code's name, e.g. `'PERMISSION_DENIED'`, for a failed wait. */
  readonly codeName?: string;
}

/** The listeners a worker takes, by event. */
export interface WaitWorkerEvents<TResponse, TMetadata, TData> {
  /** An outcome the handler took (it returned); the wait completes next. */
  outcome: [outcome: DurableOutcome<TResponse, TMetadata, TData>];
  /** The handler threw; the outcome is delivered again after BullMQ's backoff, unless its attempts are used up. */
  'handler-failed': [error: unknown, outcome: DurableOutcome<TResponse, TMetadata, TData>];
  /** A poll failed with a transient error (UNAVAILABLE, DEADLINE_EXCEEDED, …); the wait polls again on its schedule. */
  retry: [error: unknown, name: string];
  /** A wait given up, by this worker. */
  'given-up': [event: GivenUpEvent];
  /** A failure of the worker itself: Redis unreachable, a lock lost. The worker carries on. */
  error: [error: Error];
}

type Step<R, M, D> =
  { readonly result: WaitResult<R, M>; readonly wait?: WaitJobData<D> } | { readonly wait: WaitJobData<D>; readonly dueAt: number };

function summaryOf(outcome: DurableOutcome): OutcomeSummary {
  if (outcome.status === 'succeeded') return { name: outcome.name, status: 'succeeded' };
  return { name: outcome.name, status: 'failed', code: outcome.error.code, codeName: outcome.error.codeName };
}

/**
 * Works off the waits of a queue: takes each wait whose poll is due, polls
 * it once through one OperationsClient (so the polls of all the waits it
 * holds share the client's scheduler: spread, bounded by `maxInFlight`, and
 * batched into ListOperations on Storage Transfer), and
 *
 * - if the operation is still running, puts the wait back in Redis as
 *   delayed until its next poll, on the schedule an in-process poller
 *   follows (backoff, RetryInfo, progress); it holds nothing meanwhile;
 * - if it ended, calls the handler with the typed outcome, and only when the
 *   handler returns completes the wait. A handler that throws gets the
 *   outcome again later (BullMQ's attempts and backoff).
 *
 * Transient RPC failures are polls to make again; permanent ones (NOT_FOUND,
 * PERMISSION_DENIED, …) end the wait with a failed outcome. Run as many
 * workers, in as many processes, as the load needs: a wait is polled by one
 * at a time, and a worker that dies leaves its waits to the others once its
 * locks expire (`lockDurationMs`).
 *
 * @example
 * const worker = new WaitWorker<TransferResult, TransferOperation, { userId: string }>({
 *   connection: { host: '127.0.0.1', port: 6379 },
 *   client: { endpoint: 'storagetransfer.googleapis.com:443', service: services.storageTransfer, types: transferProtos },
 *   maxRpcsPerSecond: 50,
 *   handler: async (o) => { await notify(o.data.userId, o.name, o.status); },
 * });
 */
export class WaitWorker<TResponse = unknown, TMetadata = unknown, TData = unknown> implements AsyncDisposable {
  /** The client every poll goes through. */
  readonly client: OperationsClient;
  /** The BullMQ worker underneath. */
  readonly bullmq: Worker<WaitJobData<TData>, OutcomeSummary>;

  readonly #ownsClient: boolean;
  readonly #handler: WaitWorkerOptions<TResponse, TMetadata, TData>['handler'];
  readonly #batchWindowMs: number;
  readonly #batchGatherMs: number;
  readonly #events = new EventEmitter();
  #closed: Promise<void> | undefined;

  /** @throws TypeError naming a bad option. */
  constructor(options: WaitWorkerOptions<TResponse, TMetadata, TData>) {
    const { connection, queueName, prefix } = resolveConnection(options, 'WaitWorker');
    const d = WAIT_QUEUE_DEFAULTS;
    if (typeof options.handler !== 'function') throw new TypeError('WaitWorker: handler must be a function');
    const concurrency = numberOption(options.concurrency, 'concurrency', d.concurrency, { min: 1, integer: true });
    const rate = numberOption(options.maxRpcsPerSecond, 'maxRpcsPerSecond', d.maxRpcsPerSecond, { infinite: true });
    if (!(rate > 0)) throw new TypeError('maxRpcsPerSecond must be a positive number or Infinity, got 0');
    const lockDuration = numberOption(options.lockDurationMs, 'lockDurationMs', d.lockDurationMs, { min: 1 });
    const stalledInterval = numberOption(options.stalledIntervalMs, 'stalledIntervalMs', d.stalledIntervalMs, { min: 1 });
    const maxStalledCount = numberOption(options.maxStalledCount, 'maxStalledCount', d.maxStalledCount, { integer: true });
    this.#batchWindowMs = numberOption(options.batchWindowMs, 'batchWindowMs', d.batchWindowMs);
    this.#batchGatherMs = numberOption(options.batchGatherMs, 'batchGatherMs', d.batchGatherMs);
    this.#handler = options.handler;
    const client = options.client;
    if (typeof client !== 'object' || client === null) throw new TypeError('WaitWorker: client must be an OperationsClient or its options');
    this.#ownsClient = !(client instanceof OperationsClient);
    this.client = client instanceof OperationsClient ? client : new OperationsClient({ retry: false, ...client });
    const limiter = limiterFor(rate);
    this.bullmq = new bullmq.Worker<WaitJobData<TData>, OutcomeSummary>(queueName, (job, token) => this.#process(job, token), {
      connection,
      prefix,
      concurrency,
      lockDuration,
      stalledInterval,
      maxStalledCount,
      ...(limiter ? { limiter } : {}),
    });
    this.bullmq.on('error', (err) => this.#emit('error', err));
    this.bullmq.on('failed', (job, err) => {
      // A job that will be retried has no finishing time yet.
      if (!job || job.finishedOn === undefined) return;
      this.#emit('given-up', { jobId: job.id ?? '', name: operationNameOf(job.id), reason: err.message });
    });
  }

  /** Resolves once the worker's Redis connections are up. */
  async waitUntilReady(): Promise<void> {
    await this.bullmq.waitUntilReady();
  }

  /** Adds a listener and returns the function that removes it. An `error` with no listener is dropped: the worker carries on. */
  on<E extends keyof WaitWorkerEvents<TResponse, TMetadata, TData>>(
    event: E,
    listener: (...args: WaitWorkerEvents<TResponse, TMetadata, TData>[E]) => void,
  ): () => void {
    this.#events.on(event, listener as (...args: unknown[]) => void);
    return () => this.off(event, listener);
  }

  /** Removes a listener. */
  off<E extends keyof WaitWorkerEvents<TResponse, TMetadata, TData>>(
    event: E,
    listener: (...args: WaitWorkerEvents<TResponse, TMetadata, TData>[E]) => void,
  ): void {
    this.#events.off(event, listener as (...args: unknown[]) => void);
  }

  // A listener that throws must not fail the wait: its error surfaces on its own, as from any EventEmitter.
  #emit(event: keyof WaitWorkerEvents<TResponse, TMetadata, TData>, ...args: unknown[]): void {
    if (this.#events.listenerCount(event) === 0) return;
    try {
      this.#events.emit(event, ...args);
    } catch (err) {
      process.nextTick(() => {
        throw err;
      });
    }
  }

  async #process(job: Job<WaitJobData<TData>, OutcomeSummary>, token: string | undefined): Promise<OutcomeSummary> {
    let wait: WaitJobData<TData>;
    try {
      wait = readWaitJob<TData>(job.data);
    } catch (err) {
      throw new bullmq.UnrecoverableError((err as Error).message);
    }
    const service = this.client.service.id;
    if (wait.service !== service)
      throw new bullmq.UnrecoverableError(`the wait is for service '${wait.service}', this worker polls '${service}'`);
    const step: Step<TResponse, TMetadata, TData> = wait.poll.end
      ? { result: resultOfEnd<TResponse, TMetadata>(wait.name, wait.poll.end) }
      : await this.#pollStep(wait);
    if ('dueAt' in step) {
      await job.updateData(step.wait);
      await job.moveToDelayed(step.dueAt, token);
      throw new bullmq.DelayedError();
    }
    // An end that another poll would not give again is kept first, so that a redelivery brings the same outcome.
    if (step.wait) await job.updateData(step.wait);
    const outcome = {
      ...step.result,
      data: wait.data,
      jobId: job.id ?? '',
      attempt: job.attemptsMade + 1,
      enqueuedAt: wait.enqueuedAt,
    } as DurableOutcome<TResponse, TMetadata, TData>;
    try {
      await this.#handler(outcome);
    } catch (err) {
      this.#emit('handler-failed', err, outcome);
      throw err instanceof Error ? err : new Error(`the handler threw ${String(err)}`, { cause: err });
    }
    this.#emit('outcome', outcome);
    return summaryOf(outcome);
  }

  // One poll, and what follows from it: an outcome, or the wait back in Redis until its next poll.
  async #pollStep(wait: WaitJobData<TData>): Promise<Step<TResponse, TMetadata, TData>> {
    const client = this.client;
    const rule = client.polling.batchRule;
    const before = wait.poll;
    const answer = await pollOnce(client, wait.name, {
      batchKey: before.alone ? undefined : before.batchKey,
      gatherMs: this.#batchGatherMs,
    });
    const now = Date.now();
    let poll: PollState = { ...before, alone: undefined };
    if (answer.kind === 'missed') return { wait: withPollState(wait, { ...poll, alone: true }), dueAt: now };
    poll = { ...poll, polls: poll.polls + 1 };
    let metadata: unknown;
    let retryDelayMs: number | undefined;
    let latest;
    if (answer.kind === 'answered') {
      const op = answer.operation;
      const payloadTypes = { responseType: wait.responseType, metadataType: wait.metadataType };
      const { snapshot, result } = readState<TResponse, TMetadata>(
        op,
        client.types,
        payloadTypes,
        poll.polls,
        now - wait.enqueuedAt,
        // The form the client's poll options ask for, as its own pollers would give.
        client.polling.schedule(undefined).format,
      );
      if (result) return { result };
      latest = snapshot;
      metadata = snapshot.metadata;
      if (rule) {
        // The decoded metadata, or else the JSON a REST answer carried (when its type is not registered), as in-process.
        const raw = metadata ?? op.metadata?.json;
        poll = { ...poll, batchKey: rule.keyOf(wait.name, raw === undefined ? undefined : (raw as JsonValue)) };
      }
    } else if (isPermanentPollError(answer.error)) {
      const error = RpcError.from(answer.error, 'GetOperation');
      return { result: { status: 'failed', name: wait.name, error }, wait: withPollState(wait, { ...poll, end: storedEnd(error) }) };
    } else {
      retryDelayMs = retryDelayFromError(answer.error);
      this.#emit('retry', answer.error, wait.name);
    }
    const { maxAttempts } = wait.schedule;
    const deadline = wait.deadline ?? Infinity;
    if ((maxAttempts !== undefined && poll.polls >= maxAttempts) || now >= deadline) {
      const message =
        now >= deadline
          ? `operation ${wait.name} was not done after ${deadline - wait.enqueuedAt} ms`
          : `operation ${wait.name} was not done after ${maxAttempts} polls`;
      const error = new PollTimeoutError<TResponse, TMetadata>(wait.name, message, latest);
      return {
        result: { status: 'failed', name: wait.name, error, snapshot: latest },
        wait: withPollState(wait, { ...poll, end: storedEnd(error) }),
      };
    }
    const next = nextWaitPoll(
      poll,
      { nowMs: now, answered: answer.kind === 'answered', metadata, retryDelayMs },
      {
        schedule: wait.schedule,
        enqueuedAt: wait.enqueuedAt,
        deadline,
        progress: client.service.progress,
        startTime: client.service.startTime,
      },
    );
    let dueAt = now + next.delayMs;
    if (rule && next.state.batchKey !== undefined) dueAt = batchAlignedDueAt(dueAt, next.delayMs, this.#batchWindowMs);
    return { wait: withPollState(wait, next.state), dueAt };
  }

  /**
   * Stops taking waits, lets those it holds finish their poll or handler,
   * then closes its Redis connections (and the client, if the worker made
   * it). The waits stay in Redis for the other workers. Safe to call twice.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.bullmq.close();
      if (this.#ownsClient) this.client.close();
    })();
    return this.#closed;
  }

  /** Closes the worker at the end of an `await using` block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
