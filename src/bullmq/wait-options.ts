// The options of the wait queue and of its workers: the interfaces, one defaults table, and the normalisers that check them.
import type { ConnectionOptions } from 'bullmq';
import type { OperationsClient } from '../client/operations-client.js';
import type { OperationsClientOptions } from '../client/client-options.js';
import type { PollOptions } from '../poller/poll-options.js';
import type { ServiceProfile } from '../profiles/service-profile.js';
import type { DurableOutcome } from './durable-outcome.js';

/**
 * The poll schedule of a durable wait: the PollOptions that can travel in
 * Redis. A progress reader is a function and cannot: the worker's service
 * profile reads progress, unless a wait says `progress: false`. A wait never
 * long-polls (`useWait`, `waitTimeoutMs`) and has no `signal`.
 */
export type DurablePollOptions = Omit<PollOptions, 'signal' | 'useWait' | 'waitTimeoutMs' | 'progress'> & {
  /** False: the schedule does not read progress. @default the worker's service profile reads it, where it can */
  readonly progress?: false;
};

/** Where the queue lives: what the queue, its workers and its event readers share. */
export interface WaitQueueConnection {
  /** Where Redis is: BullMQ's `connection` (ioredis options, or a client instance). */
  readonly connection: ConnectionOptions;
  /** The queue's name: every producer, worker and event reader of one fleet gives the same. @default 'longrunning-waits' */
  readonly queueName?: string;
  /** The prefix of the queue's Redis keys. @default 'bull' */
  readonly prefix?: string;
}

/** What `new WaitQueue()` takes. */
export interface WaitQueueOptions extends WaitQueueConnection {
  /** The service the operations belong to: names are checked against it when enqueued. @default services.standard */
  readonly service?: ServiceProfile;
  /** The poll schedule of the waits enqueued here, over the poller's defaults; `enqueue()` may set its own. */
  readonly poll?: DurablePollOptions;
  /** How many times the handler may be called for one outcome before the wait is given up (BullMQ's `attempts`). @default 10 */
  readonly deliveryAttempts?: number;
  /** The delay before the handler is called again after it threw, doubling each time (BullMQ's exponential backoff). @default 1000 */
  readonly deliveryBackoffMs?: number;
  /**
   * How long a finished wait stays in Redis. Enqueuing its operation again
   * meanwhile is a no-op; after it, a new wait (and another outcome).
   * @default 3600000 (an hour)
   */
  readonly keepFinishedMs?: number;
  /** The most finished waits Redis keeps. @default 10000 */
  readonly keepFinishedCount?: number;
  /** How long a wait given up stays in Redis, for inspection (`queue.bullmq.getFailed()`). @default 604800000 (a week) */
  readonly keepGivenUpMs?: number;
}

/** What one `enqueue()` takes besides the target and the data. */
export interface EnqueueOptions extends DurablePollOptions {
  /** The response's type (full name or type URL); another type is an UnpackError outcome. */
  readonly responseType?: string;
  /** The metadata's type; another type is an UnpackError outcome. */
  readonly metadataType?: string;
}

/** What `new WaitWorker()` takes. */
export interface WaitWorkerOptions<TResponse = unknown, TMetadata = unknown, TData = unknown> extends WaitQueueConnection {
  /**
   * The client every poll of this worker goes through: an OperationsClient,
   * or the options to make one. Made from options, the client has
   * `retry: false` unless they say otherwise (a wait's own schedule polls
   * through transient failures, and the rate limit then bounds RPCs
   * exactly) and is closed with the worker.
   */
  readonly client: OperationsClient | OperationsClientOptions;
  /**
   * Called once per outcome, at least once: the wait is complete when it
   * returns (or its promise resolves). A throw is retried later with
   * BullMQ's backoff; after `deliveryAttempts` throws the wait is given up.
   */
  readonly handler: (outcome: DurableOutcome<TResponse, TMetadata, TData>) => unknown;
  /** How many waits the worker takes at once; their polls share the client's `maxInFlight`. @default 256 */
  readonly concurrency?: number;
  /**
   * The most RPCs per second the whole fleet may make: BullMQ's limiter,
   * kept in Redis and shared by every worker of the queue (give each the
   * same). Each poll takes one from it and makes at most one RPC, so the
   * fleet's RPCs in any second stay within it plus one limiter window
   * (a quarter of a second's worth). A batched list answers for many polls
   * in one RPC but takes one from the limit for each.
   * @default Infinity (no limit)
   */
  readonly maxRpcsPerSecond?: number;
  /** How long a worker's hold on a wait lasts without renewal: a crashed worker's waits are taken up this long after. @default 30000 */
  readonly lockDurationMs?: number;
  /** How often the worker looks for waits whose worker died. @default 30000 */
  readonly stalledIntervalMs?: number;
  /** How many times a wait may lose its worker (a crash while polling or handling) before it is given up. @default 5 */
  readonly maxStalledCount?: number;
  /**
   * On a service that lists operations by name (Storage Transfer), a wait's
   * next poll is moved earlier onto a grid of this many ms (by less than half
   * its delay), so that polls of one batch key come due together and share
   * one ListOperations. 0: never moved.
   * @default 1000
   */
  readonly batchWindowMs?: number;
  /** How long a poll that may be batched waits for others of its batch key to join it. @default 50 */
  readonly batchGatherMs?: number;
}

/** The defaults of {@link WaitQueueOptions} and {@link WaitWorkerOptions}. */
export const WAIT_QUEUE_DEFAULTS = Object.freeze({
  /** See {@link WaitQueueConnection.queueName}. */
  queueName: 'longrunning-waits',
  /** See {@link WaitQueueConnection.prefix}. */
  prefix: 'bull',
  /** See {@link WaitQueueOptions.deliveryAttempts}. */
  deliveryAttempts: 10,
  /** See {@link WaitQueueOptions.deliveryBackoffMs}. */
  deliveryBackoffMs: 1_000,
  /** See {@link WaitQueueOptions.keepFinishedMs}. */
  keepFinishedMs: 3_600_000,
  /** See {@link WaitQueueOptions.keepFinishedCount}. */
  keepFinishedCount: 10_000,
  /** See {@link WaitQueueOptions.keepGivenUpMs}. */
  keepGivenUpMs: 7 * 24 * 3_600_000,
  /** See {@link WaitWorkerOptions.concurrency}. */
  concurrency: 256,
  /** See {@link WaitWorkerOptions.maxRpcsPerSecond}. */
  maxRpcsPerSecond: Infinity,
  /** See {@link WaitWorkerOptions.lockDurationMs}. */
  lockDurationMs: 30_000,
  /** See {@link WaitWorkerOptions.stalledIntervalMs}. */
  stalledIntervalMs: 30_000,
  /** See {@link WaitWorkerOptions.maxStalledCount}. */
  maxStalledCount: 5,
  /** See {@link WaitWorkerOptions.batchWindowMs}. */
  batchWindowMs: 1_000,
  /** See {@link WaitWorkerOptions.batchGatherMs}. */
  batchGatherMs: 50,
});

/**
 * Checks a number option: undefined gives the fallback.
 * @throws TypeError naming the field.
 */
export function numberOption(
  value: unknown,
  field: string,
  fallback: number,
  { min = 0, integer = false, infinite = false }: { min?: number; integer?: boolean; infinite?: boolean } = {},
): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    value >= min &&
    (Number.isFinite(value) ? !integer || Number.isInteger(value) : infinite && value === Infinity);
  if (!ok) {
    throw new TypeError(
      `${field} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}${infinite ? ' or Infinity' : ''}, got ${String(value)}`,
    );
  }
  return value as number;
}

/** The queue's name and prefix, checked. */
export interface ResolvedConnection {
  readonly connection: ConnectionOptions;
  readonly queueName: string;
  readonly prefix: string;
}

/**
 * Checks where the queue lives.
 * @throws TypeError naming the field that is wrong.
 */
export function resolveConnection(options: WaitQueueConnection, what: string): ResolvedConnection {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${what}: options must be an object`);
  const { connection, queueName = WAIT_QUEUE_DEFAULTS.queueName, prefix = WAIT_QUEUE_DEFAULTS.prefix } = options;
  if (typeof connection !== 'object' || connection === null)
    throw new TypeError(`${what}: connection must be BullMQ connection options or a client`);
  if (typeof queueName !== 'string' || queueName === '' || queueName.includes(':'))
    throw new TypeError(`${what}: queueName must be a non-empty string without ':'`);
  if (typeof prefix !== 'string' || prefix === '') throw new TypeError(`${what}: prefix must be a non-empty string`);
  return { connection, queueName, prefix };
}

/**
 * How BullMQ's limiter is set for a rate: windows of a quarter of a second
 * (longer for rates under 4 per second), each allowing its share. The RPCs
 * of any one second then pass the rate by at most one window's share.
 */
export function limiterFor(maxRpcsPerSecond: number): { max: number; duration: number } | undefined {
  if (maxRpcsPerSecond === Infinity) return undefined;
  const max = Math.max(1, Math.floor(maxRpcsPerSecond / 4));
  return { max, duration: Math.ceil((1_000 * max) / maxRpcsPerSecond) };
}
