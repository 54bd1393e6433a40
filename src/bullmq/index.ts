/**
 * Durable waits on operations across a fleet of workers, kept in Redis by
 * BullMQ (an optional peer dependency): a {@link WaitQueue} enqueues waits,
 * {@link WaitWorker}s in any number of processes poll them and hand each
 * outcome to your handler once, and {@link WaitEvents} hears the outcomes.
 *
 * This file only re-exports.
 *
 * @module longrunning/bullmq
 */
export { WaitQueue } from './wait-queue.js';
export type { WaitCounts, WaitRequest } from './wait-queue.js';
export { WaitWorker } from './wait-worker.js';
export type { GivenUpEvent, OutcomeSummary, WaitWorkerEvents } from './wait-worker.js';
export { WaitEvents } from './wait-events.js';
export type { OutcomeEvent, StalledEvent, WaitEventsMap } from './wait-events.js';
export type { Delivery, DurableFailed, DurableOutcome, DurableSucceeded } from './durable-outcome.js';
export { WAIT_QUEUE_DEFAULTS } from './wait-options.js';
export type { DurablePollOptions, EnqueueOptions, WaitQueueConnection, WaitQueueOptions, WaitWorkerOptions } from './wait-options.js';
export { operationNameOf, waitJobId } from './wait-job.js';
export type { PollState, StoredEnd, StoredProgress, StoredProgressSample, StoredSchedule, WaitJobData } from './wait-job.js';
