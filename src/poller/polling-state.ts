// What the pollers of one client share: its clock, its poll defaults, what it learnt of WaitOperation, its open long-polls.
import { systemClock, type Clock } from '../clock.js';
import { resolvePollOptions, type PollOptions, type ResolvedPollOptions } from './poll-options.js';
import type { CallOptions } from '../call-options.js';
import type { Operation, OperationsPage } from '../operation.js';
import type { BatchGetRule } from '../profiles/batch-get.js';
import type { ListRequest } from '../transport/transport.js';
import { PollScheduler, type ScheduledPoll } from './poll-scheduler.js';
import { SignalFanout } from './signal-fanout.js';

/** How a client sets up the state its pollers share. */
export interface PollingStateInit {
  /** Where pollers read the time and set timers. @default the system clock */
  readonly clock?: Clock | undefined;
  /** Poll options set on the client, under each poller's own. */
  readonly pollDefaults?: PollOptions | undefined;
  /** How many WaitOperation long-polls the client's pollers may hold open at once. */
  readonly maxConcurrentWaits: number;
  /** How many other polls (GetOperation, batched lists) may be in flight at once. */
  readonly maxInFlight: number;
  /** How many malformed answers since its last good one end a poller's wait. @default 5 */
  readonly maxMalformedResponses?: number | undefined;
  /** Batched polling, where the service can list operations by name. */
  readonly batching?: BatchingInit | undefined;
}

/** What batched polling needs: the service's rule, how far ahead a poll may join a batch, and a way to list. */
export interface BatchingInit {
  readonly rule: BatchGetRule;
  /** How far ahead of its time a poll may be taken into a batch going out now, in ms. */
  readonly windowMs: number;
  /** One page of ListOperations, with the client's checks, retries and deadline. */
  listPage(request: Partial<ListRequest>, options?: CallOptions): Promise<OperationsPage>;
}

/** A poll that may be answered by a batched list: a poller's loop. */
export interface BatchablePoll extends ScheduledPoll {
  /** The operation's name. */
  readonly name: string;
  /** The list answered for it. */
  batchAnswered(op: Operation): void;
  /** The list failed, or answered without it: it polls on its own, at once. */
  batchMissed(): void;
}

const NO_OPTIONS = {};

/**
 * How long a client's pollers keep to GetOperation after the server
 * answered WaitOperation with UNIMPLEMENTED: then the next poller tries it
 * again (a server upgraded, a proxy that lost its way for a while).
 */
export const WAIT_RETRY_AFTER_MS = 5 * 60_000;

/**
 * The state one client owns and hands to each of its pollers. Nothing of it
 * lives at module level: two clients never see each other's, and closing a
 * client resets it.
 */
export class PollingState {
  /** Where pollers read the time and set their timers. */
  readonly clock: Clock;
  /** Poll options set on the client, under each poller's own. */
  readonly pollDefaults: PollOptions | undefined;
  /** How many long-polls the client's pollers may hold open at once. */
  readonly maxConcurrentWaits: number;
  /** How many malformed answers since its last good one end a poller's wait. */
  readonly maxMalformedResponses: number;
  // Until when (on the clock) WaitOperation is given up.
  #waitOffUntil = -Infinity;
  /** Long-polls open now. */
  openWaits = 0;
  /** Runs every poll of the client's pollers: one timer, a bound on RPCs in flight. */
  readonly scheduler: PollScheduler<BatchablePoll>;
  /** The service's rule for answering many polls with one list, when batching is on. */
  readonly batchRule: BatchGetRule | undefined;
  /** One abort listener per caller's signal, for all the waits that share it. */
  readonly signals = new SignalFanout();
  // Resolved schedules by the options object a poller was given (or none): pollers made alike share one,
  // which keeps a pending wait small.
  #schedules = new WeakMap<object, ResolvedPollOptions>();

  constructor(init: PollingStateInit) {
    this.clock = init.clock ?? systemClock;
    this.pollDefaults = init.pollDefaults;
    this.maxConcurrentWaits = init.maxConcurrentWaits;
    this.maxMalformedResponses = init.maxMalformedResponses ?? 5;
    const batching = init.batching;
    this.batchRule = batching?.rule;
    this.scheduler = new PollScheduler<BatchablePoll>(
      this.clock,
      init.maxInFlight,
      batching && {
        maxSize: batching.rule.maxNames,
        windowMs: batching.windowMs,
        run: (key, polls, release) => void runBatch(batching, key, polls, release),
      },
    );
  }

  /**
   * The schedule for a poller made with `options` over the client's defaults,
   * resolved once per options object.
   * @throws TypeError naming a bad option.
   */
  schedule(options: PollOptions | undefined): ResolvedPollOptions {
    const key = options ?? NO_OPTIONS;
    let schedule = this.#schedules.get(key);
    if (!schedule) this.#schedules.set(key, (schedule = resolvePollOptions(this.pollDefaults, options)));
    return schedule;
  }

  /**
   * True while WaitOperation is given up: set when the server answered it
   * with UNIMPLEMENTED (a status it sent, not one grpc-js made up), the
   * client's pollers then use GetOperation for {@link WAIT_RETRY_AFTER_MS}
   * on the clock, and try WaitOperation again after that.
   */
  get waitUnimplemented(): boolean {
    return this.clock.now() < this.#waitOffUntil;
  }

  set waitUnimplemented(value: boolean) {
    this.#waitOffUntil = value ? this.clock.now() + WAIT_RETRY_AFTER_MS : -Infinity;
  }

  /** True while a poller in 'auto' mode may open another long-poll. */
  mayLongPoll(): boolean {
    return !this.waitUnimplemented && this.openWaits < this.maxConcurrentWaits;
  }

  /** Forgets what was learnt and cached: what `client.close()` calls. */
  reset(): void {
    this.scheduler.clear();
    this.waitUnimplemented = false;
    this.openWaits = 0;
    this.#schedules = new WeakMap();
  }
}

// One ListOperations for a batch; every poll it does not answer (the list failed, or left it out) polls on its own.
async function runBatch(batching: BatchingInit, key: string, polls: readonly BatchablePoll[], release: () => void): Promise<void> {
  let page: OperationsPage;
  try {
    const request = batching.rule.request(
      key,
      polls.map((p) => p.name),
    );
    page = await batching.listPage({ name: request.name, filter: request.filter, pageSize: polls.length });
  } catch {
    release();
    for (const p of polls) p.batchMissed();
    return;
  }
  release();
  const byName = new Map<string, Operation>();
  for (const op of page.operations) byName.set(op.name, op);
  for (const p of polls) {
    const op = byName.get(p.name);
    if (op) p.batchAnswered(op);
    else p.batchMissed();
  }
}
