// What a dashboard hears of a whole fleet's waits, from any process: each outcome, each wait given up, each wait whose worker died.
import { EventEmitter } from 'node:events';
import type { QueueEvents } from 'bullmq';
import { bullmq } from './bullmq-peer.js';
import { operationNameOf } from './wait-job.js';
import { resolveConnection, type WaitQueueConnection } from './wait-options.js';
import type { GivenUpEvent, OutcomeSummary } from './wait-worker.js';

/** An outcome some worker of the fleet handled. */
export interface OutcomeEvent extends OutcomeSummary {
  /** The BullMQ job's id. */
  readonly jobId: string;
}

/** A wait whose worker stopped answering (it died, or lost Redis): another takes it up. */
export interface StalledEvent {
  /** The BullMQ job's id. */
  readonly jobId: string;
  /** The operation's name; undefined when the job could not be read. */
  readonly name: string | undefined;
}

/** The listeners {@link WaitEvents} takes, by event. */
export interface WaitEventsMap {
  /** A wait completed: its handler took the outcome. */
  outcome: [event: OutcomeEvent];
  /** A wait given up: its handler kept failing, its worker died too often, or its job could not be read. */
  'given-up': [event: GivenUpEvent];
  /** A wait's worker stopped answering; the wait is taken up again. */
  stalled: [event: StalledEvent];
  /** The connection failed; it reconnects by itself. */
  error: [error: Error];
}

function readSummary(returnvalue: unknown): OutcomeSummary | undefined {
  let value = returnvalue;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const v = value as Partial<OutcomeSummary> | null;
  return v && typeof v.name === 'string' && (v.status === 'succeeded' || v.status === 'failed') ? (v as OutcomeSummary) : undefined;
}

/**
 * Hears what happens to the waits of one queue, whichever worker or process
 * handles them, from BullMQ's event stream in Redis: one connection, however
 * many workers. Events that happen while it is not connected are not heard
 * (the stream keeps the last 10,000 or so): for counts, ask `WaitQueue.counts()`.
 *
 * @example
 * await using events = new WaitEvents({ connection });
 * events.on('outcome', (e) => metrics.increment(`waits.${e.status}`));
 * events.on('given-up', (e) => alert(e.name, e.reason));
 */
export class WaitEvents implements AsyncDisposable {
  /** The BullMQ QueueEvents underneath. */
  readonly bullmq: QueueEvents;
  readonly #events = new EventEmitter();

  /** @throws TypeError naming a bad option. */
  constructor(options: WaitQueueConnection) {
    const { connection, queueName, prefix } = resolveConnection(options, 'WaitEvents');
    this.bullmq = new bullmq.QueueEvents(queueName, { connection, prefix });
    this.bullmq.on('completed', ({ jobId, returnvalue }) => {
      const summary = readSummary(returnvalue);
      if (summary) this.#emit('outcome', { ...summary, jobId });
    });
    this.bullmq.on('failed', ({ jobId, failedReason }) =>
      this.#emit('given-up', { jobId, name: operationNameOf(jobId), reason: failedReason }),
    );
    this.bullmq.on('stalled', ({ jobId }) => this.#emit('stalled', { jobId, name: operationNameOf(jobId) }));
    this.bullmq.on('error', (err) => this.#emit('error', err));
  }

  /** Resolves once the connection is up: events from then on are heard. */
  async waitUntilReady(): Promise<void> {
    await this.bullmq.waitUntilReady();
  }

  /** Adds a listener and returns the function that removes it. An `error` with no listener is dropped. */
  on<E extends keyof WaitEventsMap>(event: E, listener: (...args: WaitEventsMap[E]) => void): () => void {
    this.#events.on(event, listener as (...args: unknown[]) => void);
    return () => this.off(event, listener);
  }

  /** Removes a listener. */
  off<E extends keyof WaitEventsMap>(event: E, listener: (...args: WaitEventsMap[E]) => void): void {
    this.#events.off(event, listener as (...args: unknown[]) => void);
  }

  #emit(event: keyof WaitEventsMap, ...args: unknown[]): void {
    if (this.#events.listenerCount(event) === 0) return;
    try {
      this.#events.emit(event, ...args);
    } catch (err) {
      process.nextTick(() => {
        throw err;
      });
    }
  }

  /** Closes the connection. Safe to call twice. */
  async close(): Promise<void> {
    await this.bullmq.close();
  }

  /** Closes at the end of an `await using` block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
