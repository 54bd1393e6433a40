// What the pollers of one client share: its clock, its poll defaults, what it learnt of WaitOperation, its open long-polls.
import { systemClock, type Clock } from '../clock.js';
import { resolvePollOptions, type PollOptions, type ResolvedPollOptions } from './poll-options.js';
import { PollScheduler } from './poll-scheduler.js';
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
}

const NO_OPTIONS = {};

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
  /** Set when the server answered WaitOperation with UNIMPLEMENTED: the client's pollers use GetOperation from then on. */
  waitUnimplemented = false;
  /** Long-polls open now. */
  openWaits = 0;
  /** Runs every poll of the client's pollers: one timer, a bound on RPCs in flight. */
  readonly scheduler: PollScheduler;
  /** One abort listener per caller's signal, for all the waits that share it. */
  readonly signals = new SignalFanout();
  // Resolved schedules by the options object a poller was given (or none): pollers made alike share one,
  // which keeps a pending wait small.
  #schedules = new WeakMap<object, ResolvedPollOptions>();

  constructor(init: PollingStateInit) {
    this.clock = init.clock ?? systemClock;
    this.pollDefaults = init.pollDefaults;
    this.maxConcurrentWaits = init.maxConcurrentWaits;
    this.scheduler = new PollScheduler(this.clock, init.maxInFlight);
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
