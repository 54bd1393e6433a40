// When a durable wait polls next: the in-process poller's schedule (backoff, RetryInfo, progress), over state kept in Redis.
import type { MetadataReader } from '../profiles/service-profile.js';
import { MAX_TIMER_MS } from '../timers.js';
import { nextDelayMs } from '../poller/backoff.js';
import { POLL_DEFAULTS, type ResolvedPollOptions } from '../poller/poll-options.js';
import { toFraction } from '../poller/progress-estimate.js';
import { ProgressHistory } from '../poller/progress-history.js';
import type { PollState, StoredSchedule } from './wait-job.js';

/** The part of resolved poll options a wait carries in Redis. */
export function storedSchedule(resolved: ResolvedPollOptions): StoredSchedule {
  return {
    initialDelayMs: resolved.initialDelayMs,
    multiplier: resolved.multiplier,
    maxDelayMs: resolved.maxDelayMs,
    jitter: resolved.jitter,
    ...(resolved.lateness === undefined ? {} : { lateness: resolved.lateness }),
    ...(Number.isFinite(resolved.maxAttempts) ? { maxAttempts: resolved.maxAttempts } : {}),
    ...(resolved.progress === false ? { progress: false as const } : {}),
  };
}

/** What the poll just made brought. */
export interface PollOutcomeForSchedule {
  /** When it answered (or failed), in ms since the epoch. */
  readonly nowMs: number;
  /** True when it brought the operation's state (still running). */
  readonly answered: boolean;
  /** The state's decoded metadata, when it has some. */
  readonly metadata?: unknown;
  /** The delay a failed poll's google.rpc.RetryInfo asked for. */
  readonly retryDelayMs?: number | undefined;
}

/** What the schedule weighs besides the wait's state. */
export interface WaitScheduleContext {
  readonly schedule: StoredSchedule;
  /** When the wait was enqueued: the operation's age counts from here until its start time is known. */
  readonly enqueuedAt: number;
  /** When the wait times out; Infinity: never. */
  readonly deadline: number;
  /** The service profile's reader of the fraction done, if it has one. */
  readonly progress?: MetadataReader | undefined;
  /** The service profile's reader of the start time, if it has one. */
  readonly startTime?: MetadataReader | undefined;
  /** A number in [0, 1) to draw the jitter with. @default Math.random() */
  readonly random?: number;
}

function readNumber(read: MetadataReader | undefined, metadata: unknown): number | undefined {
  if (!read || metadata === undefined) return undefined;
  try {
    const value = read(metadata);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    // A reader that throws says nothing.
    return undefined;
  }
}

/**
 * The delay before a wait's next poll and the state to keep until then,
 * after a poll that left the operation running (`state.polls` already counts it).
 *
 * The same arithmetic as an in-process poller's: the age-based (or
 * attempt-based) backoff of `nextDelayMs`, a RetryInfo as a floor after a
 * failed poll, and, where the profile reads progress and the poll answered,
 * a poll just after the end that the rate of progress points to. The
 * operation's age counts from its start time once the profile has read one
 * from the metadata, else from the enqueue. The delay never passes the
 * deadline, `maxDelayMs` or MAX_TIMER_MS.
 */
export function nextWaitPoll(
  state: PollState,
  poll: PollOutcomeForSchedule,
  context: WaitScheduleContext,
): { readonly delayMs: number; readonly state: PollState } {
  const { schedule, deadline } = context;
  const now = poll.nowMs;
  let startedAt = state.startedAt;
  if (startedAt === undefined && poll.answered) startedAt = readNumber(context.startTime, poll.metadata);
  const origin = startedAt ?? context.enqueuedAt;
  const remainingMs = deadline - now;
  const attempt = Math.max(0, state.polls - state.base);
  const delay = nextDelayMs(attempt, schedule, {
    retryDelayMs: poll.retryDelayMs,
    remainingMs: Number.isFinite(remainingMs) ? remainingMs : undefined,
    ageMs: now - origin,
    random: context.random,
  });
  const reader = schedule.progress === false ? undefined : context.progress;
  if (!reader || !poll.answered || poll.retryDelayMs !== undefined) return { delayMs: delay, state: { ...state, startedAt } };
  const history = state.progress ? ProgressHistory.fromState(state.progress) : new ProgressHistory();
  const fraction = toFraction(readNumber(reader, poll.metadata));
  history.record({}, fraction === undefined ? undefined : { atMs: now, fraction });
  const delayMs = history.delayMs({
    nowMs: now,
    originMs: origin,
    originKnown: startedAt !== undefined,
    fallbackMs: delay,
    lateness: schedule.lateness ?? POLL_DEFAULTS.lateness,
    capMs: Math.min(schedule.maxDelayMs, Math.max(0, remainingMs), MAX_TIMER_MS),
  });
  return { delayMs, state: { ...state, startedAt, progress: history.toState() } };
}

/**
 * When a poll that may share a batched list is due: `dueAt` moved earlier
 * onto a grid of `windowMs`, so that the polls of one batch key due within a
 * window come due at the same moment and go out as one list. A poll is moved
 * only by less than half of its delay, never later.
 */
export function batchAlignedDueAt(dueAt: number, delayMs: number, windowMs: number): number {
  if (!(windowMs > 0)) return dueAt;
  const aligned = Math.floor(dueAt / windowMs) * windowMs;
  return dueAt - aligned < delayMs / 2 ? aligned : dueAt;
}
