// The producer's side of durable waits: enqueue a wait per operation, count where the waits stand.
import type { JobsOptions, Queue } from 'bullmq';
import { checkName } from '../client/request-checks.js';
import { nextDelayMs } from '../poller/backoff.js';
import { resolvePollOptions } from '../poller/poll-options.js';
import { readPollerTarget } from '../poller/poller-target.js';
import type { WaitTarget } from '../poller/wait-outcome.js';
import { services } from '../profiles/catalogue.js';
import type { ServiceProfile } from '../profiles/service-profile.js';
import { bullmq } from './bullmq-peer.js';
import { waitJobId, type StoredSchedule, type WaitJobData } from './wait-job.js';
import { storedSchedule } from './wait-schedule.js';
import {
  numberOption,
  resolveConnection,
  WAIT_QUEUE_DEFAULTS,
  type DurablePollOptions,
  type EnqueueOptions,
  type WaitQueueOptions,
} from './wait-options.js';

/** Where the waits of a queue stand, as Redis counts them now. */
export interface WaitCounts {
  /** Waits not ended yet: between polls, due, being polled or handled, or waiting to be handled again. */
  readonly pending: number;
  /** Of those, the waits whose next poll (or delivery) is due and not yet taken by a worker: a backlog, when it grows. */
  readonly due: number;
  /** Of those, the waits a worker holds now (polling, or running the handler). */
  readonly active: number;
  /** Waits whose outcome was handled, as long as Redis keeps them (`keepFinishedMs`). */
  readonly finished: number;
  /** Waits given up (the handler kept failing, or the job could not be read), as long as Redis keeps them. */
  readonly givenUp: number;
}

/** One wait for {@link WaitQueue.enqueueAll}. */
export interface WaitRequest<TData> {
  /** The operation to wait on: what `client.poller()` takes (an Operation, a name, a token). */
  readonly target: WaitTarget;
  /** Your own data, handed back with the outcome: what to do when the operation ends. */
  readonly data: TData;
  /** This wait's poll options and pinned types, over the queue's `poll`. */
  readonly options?: EnqueueOptions;
}

const JOB_NAME = 'wait';
const NO_OPTIONS: EnqueueOptions = Object.freeze({});
// BullMQ's bulk add sends one pipeline: a few thousand jobs at a time keep each one small.
const BULK_SIZE = 2_000;

/**
 * Enqueues durable waits: one BullMQ job per operation, keyed by its name,
 * carrying the caller's data and the poll schedule. Workers
 * (`WaitWorker`) in any process poll them and call the handler when each
 * operation ends; nothing of a wait lives in this process once enqueued.
 *
 * @example
 * await using waits = new WaitQueue<{ userId: string }>({ connection: { host: '127.0.0.1', port: 6379 }, service: services.storageTransfer });
 * await waits.enqueue(operation, { userId: 'u-42' }, { timeoutMs: 24 * 3_600_000 });
 */
export class WaitQueue<TData = unknown> implements AsyncDisposable {
  /** The queue's name. */
  readonly queueName: string;
  /** The service the operations belong to. */
  readonly service: ServiceProfile;
  /** The BullMQ queue underneath, for what this class does not cover (inspecting or removing jobs, say). */
  readonly bullmq: Queue<WaitJobData<TData>>;

  readonly #poll: DurablePollOptions | undefined;
  readonly #jobOptions: JobsOptions;
  // Resolved schedules by the options object an enqueue was given: waits enqueued alike share one.
  readonly #schedules = new WeakMap<object, { schedule: StoredSchedule; timeoutMs: number }>();

  /** @throws TypeError naming a bad option. */
  constructor(options: WaitQueueOptions) {
    const { connection, queueName, prefix } = resolveConnection(options, 'WaitQueue');
    const d = WAIT_QUEUE_DEFAULTS;
    this.service = options.service ?? services.standard;
    if (typeof this.service?.namePattern !== 'function') throw new TypeError('WaitQueue: service must be a ServiceProfile');
    this.#poll = options.poll;
    this.#schedule(NO_OPTIONS);
    const attempts = numberOption(options.deliveryAttempts, 'deliveryAttempts', d.deliveryAttempts, { min: 1, integer: true });
    const backoffMs = numberOption(options.deliveryBackoffMs, 'deliveryBackoffMs', d.deliveryBackoffMs);
    const keepFinishedMs = numberOption(options.keepFinishedMs, 'keepFinishedMs', d.keepFinishedMs);
    const keepFinishedCount = numberOption(options.keepFinishedCount, 'keepFinishedCount', d.keepFinishedCount, { integer: true });
    const keepGivenUpMs = numberOption(options.keepGivenUpMs, 'keepGivenUpMs', d.keepGivenUpMs);
    this.#jobOptions = {
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
      // BullMQ keeps finished jobs by age in seconds.
      removeOnComplete: { age: Math.ceil(keepFinishedMs / 1_000), count: keepFinishedCount },
      removeOnFail: { age: Math.ceil(keepGivenUpMs / 1_000) },
    };
    this.queueName = queueName;
    this.bullmq = new bullmq.Queue<WaitJobData<TData>>(queueName, { connection, prefix });
  }

  // The queue's schedule under an enqueue's options, resolved once per options object.
  #schedule(options: EnqueueOptions): { schedule: StoredSchedule; timeoutMs: number } {
    let resolved = this.#schedules.get(options);
    if (resolved) return resolved;
    for (const layer of [this.#poll, options]) {
      const progress = (layer as { progress?: unknown } | undefined)?.progress;
      if (progress !== undefined && progress !== false)
        throw new TypeError('progress: a durable wait takes only false; the worker reads progress with its service profile');
    }
    const all = resolvePollOptions(this.#poll, options);
    resolved = { schedule: storedSchedule(all), timeoutMs: all.timeoutMs };
    this.#schedules.set(options, resolved);
    return resolved;
  }

  #job(target: WaitTarget, data: TData, options: EnqueueOptions, now: number): { data: WaitJobData<TData>; opts: JobsOptions } {
    if (typeof options !== 'object' || options === null) throw new TypeError('enqueue options must be an object');
    const { schedule, timeoutMs } = this.#schedule(options);
    const { start, payloadTypes } = readPollerTarget(target, this.service.id, {
      responseType: options.responseType,
      metadataType: options.metadataType,
    });
    const name = checkName(this.service, 'get', typeof start === 'string' ? start : start.name);
    const deadline = Number.isFinite(timeoutMs) ? now + timeoutMs : undefined;
    // From a name the first poll is at once; from the Operation a start call returned, when it is initialDelayMs old (as in-process).
    const fromOperation = typeof start !== 'string' && !start.done;
    const delay = fromOperation ? nextDelayMs(0, schedule, { ageMs: 0, remainingMs: timeoutMs }) : 0;
    const job: WaitJobData<TData> = {
      v: 1,
      name,
      service: this.service.id,
      data,
      enqueuedAt: now,
      ...(deadline === undefined ? {} : { deadline }),
      ...(payloadTypes.responseType === undefined ? {} : { responseType: payloadTypes.responseType }),
      ...(payloadTypes.metadataType === undefined ? {} : { metadataType: payloadTypes.metadataType }),
      schedule,
      poll: fromOperation ? { polls: 0, base: 0, startedAt: now } : { polls: 0, base: 1 },
    };
    return { data: job, opts: { ...this.#jobOptions, jobId: waitJobId(name), delay } };
  }

  /**
   * Enqueues the wait on one operation (its name, the Operation a start
   * call returned, or a poller's resume token) and resolves with the wait's
   * job id. A wait on an operation that already has one (pending, or
   * finished and still kept) is that wait: nothing is added, and its data
   * and schedule stay those first given.
   *
   * Its schedule is the queue's `poll` under these options; `timeoutMs`
   * counts from now and ends the wait with a PollTimeoutError outcome.
   *
   * @throws RpcError INVALID_ARGUMENT for a name the service refuses; TypeError for a bad option or target, before anything reaches Redis.
   */
  async enqueue(target: WaitTarget, data: TData, options: EnqueueOptions = NO_OPTIONS): Promise<string> {
    const job = this.#job(target, data, options, Date.now());
    await this.bullmq.add(JOB_NAME, job.data, job.opts);
    return job.opts.jobId!;
  }

  /**
   * Enqueues many waits in bulk (a few thousand per Redis round trip), as
   * {@link enqueue} does each; resolves with their job ids, in order. Every
   * request is checked before any is sent.
   */
  async enqueueAll(requests: readonly WaitRequest<TData>[]): Promise<string[]> {
    if (!Array.isArray(requests)) throw new TypeError('enqueueAll: expected an array of { target, data, options }');
    const now = Date.now();
    const jobs = requests.map((r) => this.#job(r.target, r.data, r.options ?? NO_OPTIONS, now));
    for (let i = 0; i < jobs.length; i += BULK_SIZE) {
      await this.bullmq.addBulk(jobs.slice(i, i + BULK_SIZE).map((j) => ({ name: JOB_NAME, data: j.data, opts: j.opts })));
    }
    return jobs.map((j) => j.opts.jobId!);
  }

  /** Where the waits stand now (see {@link WaitCounts}). */
  async counts(): Promise<WaitCounts> {
    const [c, overdue] = await Promise.all([
      this.bullmq.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'),
      this.bullmq.getDelayedCount(Date.now() + 1),
    ]);
    const n = (k: string) => c[k] ?? 0;
    return {
      pending: n('waiting') + n('prioritized') + n('delayed') + n('active'),
      due: n('waiting') + n('prioritized') + overdue,
      active: n('active'),
      finished: n('completed'),
      givenUp: n('failed'),
    };
  }

  /** Closes the queue's Redis connection; the waits stay in Redis. Safe to call twice. */
  async close(): Promise<void> {
    await this.bullmq.close();
  }

  /** Closes the queue at the end of an `await using` block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
