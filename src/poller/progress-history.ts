// What one poll loop has seen of an operation's progress, and the delay it leads to: the state behind progress-aware polling.

import { estimateEndMs, progressDelayMs, PROGRESS_MARGIN_SHARE, type ProgressSample } from './progress-estimate.js';

/** What {@link ProgressHistory.delayMs} needs besides the samples. */
export interface ProgressDelayContext {
  /** Now, on the poller's clock. */
  readonly nowMs: number;
  /** When the operation started, as far as the poller knows. */
  readonly originMs: number;
  /** Whether `originMs` is the operation's real start (its progress was 0 then), not a guess. */
  readonly originKnown: boolean;
  /** The schedule's delay, used when progress says nothing. */
  readonly fallbackMs: number;
  /** The poller's lateness: estimate-led polls come a tenth of it (as a share of the duration) after the estimated end. */
  readonly lateness: number;
  /** The longest delay allowed (maxDelayMs, the deadline). */
  readonly capMs: number;
}

/** What a {@link ProgressHistory} holds, as plain JSON: to keep it between polls made by different processes. */
export interface ProgressHistoryState {
  readonly first?: ProgressSample | undefined;
  readonly previous?: ProgressSample | undefined;
  readonly latest?: ProgressSample | undefined;
  /** How many estimates in a row proved early. */
  readonly early: number;
  /** Whether the last delay given polls at an estimated end. */
  readonly estimated: boolean;
}

/**
 * The progress samples of one operation: the first, the one before the
 * latest and the latest, and how many estimates in a row came early. Made
 * only for pollers that can read progress; a few numbers in all.
 */
export class ProgressHistory {
  #first: ProgressSample | undefined;
  #previous: ProgressSample | undefined;
  #latest: ProgressSample | undefined;
  #seen: unknown;
  #early = 0;
  // The delay last given polls at an estimated end: if the next state is not done, the estimate was early.
  #estimated = false;

  /** How many estimates in a row proved early. */
  get early(): number {
    return this.#early;
  }

  /** A history that goes on from a state {@link toState} gave (in this process or another). */
  static fromState(state: ProgressHistoryState): ProgressHistory {
    const history = new ProgressHistory();
    history.#first = state.first;
    history.#previous = state.previous;
    history.#latest = state.latest;
    history.#early = state.early;
    history.#estimated = state.estimated;
    return history;
  }

  /** What the history holds, as plain JSON; the next {@link record} takes any state after it. */
  toState(): ProgressHistoryState {
    return { first: this.#first, previous: this.#previous, latest: this.#latest, early: this.#early, estimated: this.#estimated };
  }

  /**
   * Takes in the state seen in one poll, once per `key` (the snapshot: a
   * second call for the same one changes nothing). `sample` is undefined
   * when this state's progress cannot be read. Called only for states that
   * are not done, so a pending estimate that gets here was early.
   */
  record(key: unknown, sample: ProgressSample | undefined): void {
    if (key === this.#seen) return;
    this.#seen = key;
    if (this.#estimated) this.#early++;
    this.#estimated = false;
    if (sample === undefined) {
      this.#latest = undefined;
      return;
    }
    this.#previous = this.#latest;
    this.#latest = sample;
    this.#first ??= sample;
  }

  /**
   * The delay before the next poll: just after the end estimated from the
   * rate since the first sample (or since the start, when it is known and
   * only one sample has been seen), or `fallbackMs` when progress is
   * unknown, did not grow since the poll before, or gives no rate.
   */
  delayMs(context: ProgressDelayContext): number {
    const latest = this.#latest;
    this.#estimated = false;
    if (latest === undefined) return context.fallbackMs;
    if (this.#previous !== undefined && latest.fraction <= this.#previous.fraction) return context.fallbackMs;
    const from = this.#first !== latest ? this.#first : context.originKnown ? { atMs: context.originMs, fraction: 0 } : undefined;
    const endMs = from === undefined ? undefined : estimateEndMs(from, latest);
    if (endMs === undefined) return context.fallbackMs;
    const margin = context.lateness * PROGRESS_MARGIN_SHARE;
    const delay = progressDelayMs({
      nowMs: context.nowMs,
      originMs: context.originMs,
      endMs,
      margin,
      early: this.#early,
      fallbackMs: context.fallbackMs,
      capMs: context.capMs,
    });
    // A poll that the cap or the schedule brought before the estimated end is not the estimate's test.
    this.#estimated = context.nowMs + delay >= endMs;
    return delay;
  }
}
