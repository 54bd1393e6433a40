// Failed polls during a wait, as lro tells them: when they start, when a new code appears, and when the service answers again.
import { codeName, RpcError } from '../index.js';
import { rpcMessage } from './context.js';

/** One failed poll, as shown. */
interface FailedPoll {
  /** The RPC, e.g. `GetOperation`. */
  readonly method: string;
  /** The code's name, e.g. `UNAVAILABLE`. */
  readonly code: string;
  readonly message: string;
}

function describePoll(error: unknown): FailedPoll {
  if (error instanceof RpcError) {
    const message =
      rpcMessage(error.rawMessage)
        .replace(/\s*\n\s*/g, ' ')
        .trim() || 'no message';
    return { method: error.method ?? 'the poll', code: codeName(error.code), message };
  }
  return { method: 'the poll', code: 'UNKNOWN', message: error instanceof Error ? error.message : String(error) };
}

/**
 * A wait's failed polls. The poller polls through transient failures
 * (UNAVAILABLE, DEADLINE_EXCEEDED, …) for as long as the wait lasts, which
 * without --timeout is for ever; this keeps the story short: one line when
 * polls start failing, one for each new code among the failures (a dead
 * server gives UNAVAILABLE and DEADLINE_EXCEEDED by turns: each is told
 * once), one when the service answers again.
 */
export class PollFailures {
  // Failed polls since the last answer.
  #streak = 0;
  #lastFailedAttempt = 0;
  // The run's first failure, usually its cause: as the run goes on, a wait's own deadline may add DEADLINE_EXCEEDED.
  #first: FailedPoll | undefined;
  #last: FailedPoll | undefined;
  // The codes told in this run of failures.
  readonly #told = new Set<string>();

  /** Failed polls since the service last answered. */
  get streak(): number {
    return this.#streak;
  }

  /** The number of the last poll that failed (the poller's count); 0 when none has. */
  get lastFailedAttempt(): number {
    return this.#lastFailedAttempt;
  }

  /**
   * A poll failed (the poller's 'retry' event). Returns the line to tell,
   * `GetOperation failed (UNAVAILABLE: …); retrying`, for the first failure
   * of a run and for a code not told yet in it; undefined otherwise.
   */
  failed(error: unknown, attempt: number): string | undefined {
    const poll = describePoll(error);
    if (this.#streak === 0) this.#first = poll;
    this.#streak++;
    this.#lastFailedAttempt = Math.max(this.#lastFailedAttempt, attempt);
    this.#last = poll;
    if (this.#told.has(poll.code)) return undefined;
    this.#told.add(poll.code);
    return `${poll.method} failed (${poll.code}: ${poll.message}); retrying`;
  }

  /**
   * The poller's latest answer came from poll number `attempt`. Returns
   * `reachable again` when that answer ends a run of failures.
   */
  answered(attempt: number): string | undefined {
    if (this.#streak === 0 || attempt <= this.#lastFailedAttempt) return undefined;
    this.#streak = 0;
    this.#told.clear();
    return 'reachable again';
  }

  /** For the live line while polls fail, short enough to leave room: `UNAVAILABLE, retrying (3 failed)`. */
  get problem(): string | undefined {
    const last = this.#last;
    if (this.#streak === 0 || !last) return undefined;
    return `${last.code}, retrying (${this.#streak} failed)`;
  }

  /** For a timeout while polls fail, with the run's first error: `the last 3 polls failed: UNAVAILABLE: …`. */
  get summary(): string | undefined {
    const first = this.#first;
    if (this.#streak === 0 || !first) return undefined;
    const polls = this.#streak === 1 ? 'the last poll' : `the last ${this.#streak} polls`;
    return `${polls} failed: ${first.code}: ${first.message}`;
  }
}
