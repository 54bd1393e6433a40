// The polling loop behind a Poller: one per operation, running only while some watch waits on it.
import { Code } from '../codes.js';
import { RpcError } from '../errors.js';
import type { Operation } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import { retryDelayFromError } from '../rpc-retry-info.js';
import type { Clock } from '../clock.js';
import { MAX_TIMER_MS } from '../timers.js';
import { nextDelayMs } from './backoff.js';
import { isMalformedAnswer, isPermanentPollError } from './poll-errors.js';
import { POLL_DEFAULTS, type ResolvedPollOptions } from './poll-options.js';
import { toFraction } from './progress-estimate.js';
import { ProgressHistory } from './progress-history.js';
import type { PollingClient } from './polling-client.js';
import type { ScheduledPoll } from './poll-scheduler.js';
import type { SignalFanout } from './signal-fanout.js';
import type { Snapshot } from '../snapshot.js';
import { stateChanged, toSnapshot, type PayloadTypes } from './snapshot.js';
import type { Watch, WatchOwner } from './watch.js';

/**
 * Polls one operation for every watch on it. Between polls it holds one
 * timer and nothing else; an RPC in flight has its own AbortController so
 * that the last watch leaving ends it.
 */
export class PollLoop<R, M> implements WatchOwner<Snapshot<R, M>>, ScheduledPoll {
  readonly name: string;
  /** The last snapshot seen. */
  latest: Snapshot<R, M> | undefined;
  /** The final snapshot, once the operation is done. */
  final: Snapshot<R, M> | undefined;
  /** Polls made so far. */
  attempt = 0;
  /** The error of the last poll, while polls fail; undefined once one succeeds. */
  lastFailure: unknown = undefined;
  /** Told of each failed poll that the loop polls through, whatever its kind (UNAVAILABLE, a malformed answer, …). */
  onRetry: ((error: unknown, attempt: number) => void) | undefined;

  /** Where the loop reads the time: the client's clock. */
  readonly clock: Clock;
  /** The client's fan-out of caller's signals, for the watches. */
  readonly signals: SignalFanout;
  /** When the next poll is due, while scheduled (the scheduler sets it). */
  dueAt = 0;
  /** The loop's place in the client's scheduler; -1 when not scheduled. */
  heapIndex = -1;
  /** The scheduler's count for ties between polls due at once. */
  order = 0;
  /** The batch the scheduler holds this loop's next poll under, if any. */
  batchKey: string | undefined = undefined;

  readonly #client: PollingClient;
  readonly #types: TypeRegistry;
  readonly #payloadTypes: PayloadTypes;
  readonly #schedule: ResolvedPollOptions;
  readonly #createdAt: number;
  // Usually one or two watches: an array costs less than a Set.
  #watches: Watch<Snapshot<R, M>>[] = [];
  // Backoff counts polls from here: 1 for a loop taken up by name (its first poll is at once), reset by cancel().
  #backoffBase: number;
  #retryDelayMs: number | undefined;
  #backOffNext = false;
  #pollSoon = false;
  // Malformed answers since the last good one; maxMalformedResponses of them end the wait.
  #malformedInARow = 0;
  // Set when a batched list left this operation out: its next poll is a GetOperation of its own.
  #alone = false;
  // The age schedule counts from here: the poller's creation for an Operation a start call returned (or a cancel request);
  // for a name, the start time the profile reads from the metadata, undefined until it has read one.
  #startedAt: number | undefined;
  // What progress was seen, for pollers that can read it; null: they cannot (or a cancel made it moot).
  #progress: ProgressHistory | null | undefined;
  // Idle: neither a scheduled poll nor an RPC is pending. Sleeping: the scheduler holds its next poll. Polling: an RPC is in flight.
  #running = false;
  #rpc: AbortController | undefined;

  constructor(
    client: PollingClient,
    start: Operation | string,
    types: TypeRegistry,
    payloadTypes: PayloadTypes,
    schedule: ResolvedPollOptions,
  ) {
    this.#client = client;
    this.clock = client.polling.clock;
    this.signals = client.polling.signals;
    this.#createdAt = this.clock.now();
    this.#types = types;
    this.#payloadTypes = payloadTypes;
    this.#schedule = schedule;
    if (typeof start === 'string') {
      this.name = start;
      this.#backoffBase = 1;
    } else {
      this.name = start.name;
      this.#backoffBase = 0;
      this.#startedAt = this.#createdAt;
      this.#accept(start, false);
    }
  }

  /** Adds a watch and starts the loop if it is idle; a watch on a finished operation ends at once. */
  add(watch: Watch<Snapshot<R, M>>): void {
    const final = this.final;
    if (final) {
      queueMicrotask(() => watch.end(final.error, final));
      return;
    }
    if (!watch.arm()) return;
    this.#watches.push(watch);
    this.#start();
  }

  /** Removes a watch; with none left, the loop stops (a sleep ends, an RPC in flight is cancelled). */
  remove(watch: Watch<Snapshot<R, M>>): void {
    const i = this.#watches.indexOf(watch);
    if (i < 0) return;
    this.#watches.splice(i, 1);
    if (this.#watches.length === 0) {
      if (this.heapIndex >= 0) {
        this.#client.polling.scheduler.cancel(this);
        this.#running = false;
      }
      this.#rpc?.abort();
    }
  }

  /** Ends every watch with an error. */
  endAll(error: unknown): void {
    const watches = this.#watches.slice();
    for (const w of watches) w.detach();
    for (const w of watches) w.end(error);
  }

  /** Polls again now and restarts the backoff (after a cancel request). */
  pollSoon(): void {
    this.#backoffBase = this.attempt;
    this.#startedAt = this.clock.now();
    this.#progress = null;
    this.#pollSoon = true;
    if (this.heapIndex >= 0) this.#next();
  }

  #start(): void {
    if (this.#running || this.#watches.length === 0 || this.final) return;
    this.#running = true;
    this.#next();
  }

  // Hands the next poll to the client's scheduler: at once, or after the backoff delay. A sitting wait holds no timer of its own.
  #next(): void {
    if (this.final || this.#watches.length === 0) {
      this.#running = false;
      return;
    }
    const useWait = this.#useWait();
    let delay: number;
    if (this.#pollSoon || (this.attempt === 0 && this.#backoffBase === 1)) delay = 0;
    // Long-polls follow each other at once: the server does the waiting.
    else if (useWait && !this.#backOffNext) delay = 0;
    else delay = this.#backoff(this.#remainingMs());
    this.#pollSoon = false;
    this.#client.polling.scheduler.schedule(this, this.clock.now() + Math.min(delay, MAX_TIMER_MS), useWait ? undefined : this.#batchKey());
  }

  // The batch this loop's next GetOperation may share a list in, if the service lists by name and the metadata says under what.
  #batchKey(): string | undefined {
    const rule = this.#client.polling.batchRule;
    if (!rule || this.#alone) {
      this.#alone = false;
      return undefined;
    }
    const latest = this.latest;
    // The decoded metadata, or else the JSON a REST answer carried (when its type is not registered).
    const metadata = latest?.metadata ?? latest?.operation.metadata?.json;
    return rule.keyOf(this.name, metadata);
  }

  /** A batched list answered for this operation: the same as a GetOperation that brought it. */
  batchAnswered(op: Operation): void {
    if (this.#watches.length === 0 || this.final) {
      this.#running = false;
      return;
    }
    this.#backOffNext = false;
    this.attempt++;
    this.#accept(op, true);
    this.#next();
  }

  /** A batched list failed or left this operation out: it is polled on its own, at once. */
  batchMissed(): void {
    if (this.#watches.length === 0 || this.final) {
      this.#running = false;
      return;
    }
    this.#alone = true;
    this.#pollSoon = true;
    this.#next();
  }

  /** The scheduler's call: polls now. A long-poll frees its slot at once (maxConcurrentWaits bounds those). */
  fire(release: () => void): void {
    if (this.#watches.length === 0 || this.final) {
      release();
      this.#running = false;
      return;
    }
    const useWait = this.#useWait();
    if (useWait) release();
    this.#pollOnce(useWait).then(
      () => {
        release();
        this.#next();
      },
      (err: unknown) => {
        release();
        this.endAll(err);
        this.#next();
      },
    );
  }

  #useWait(): boolean {
    const mode = this.#schedule.useWait;
    if (mode === 'never' || (mode === 'auto' && !this.#client.polling.mayLongPoll())) return false;
    return mode === 'always' || this.#client.service.supports('wait', this.#client.transport);
  }

  #remainingMs(): number {
    let latest = 0;
    for (const w of this.#watches) latest = Math.max(latest, w.deadline);
    return latest - this.clock.now();
  }

  #wantsProgress(): boolean {
    for (const w of this.#watches) if (w.wantsProgress) return true;
    return false;
  }

  // The next delay: the schedule on the operation's age (or the attempt count), then, where progress can be read, just after
  // the end it predicts. A poll that failed brought no new state: the schedule alone decides.
  #backoff(remainingMs: number): number {
    const retryDelayMs = this.#retryDelayMs;
    this.#retryDelayMs = undefined;
    const now = this.clock.now();
    const schedule = this.#schedule;
    const origin = this.#ageOrigin();
    const attempt = Math.max(0, this.attempt - this.#backoffBase);
    const delay = nextDelayMs(attempt, schedule, { retryDelayMs, remainingMs, ageMs: now - origin });
    const latest = this.latest;
    const progress = this.#progressHistory();
    if (!progress || !latest || retryDelayMs !== undefined || latest.attempt !== this.attempt) return delay;
    progress.record(latest, this.#readProgress(latest));
    return progress.delayMs({
      nowMs: now,
      originMs: origin,
      originKnown: this.#startedAt !== undefined,
      fallbackMs: delay,
      lateness: schedule.lateness ?? POLL_DEFAULTS.lateness,
      capMs: Math.min(schedule.maxDelayMs, Math.max(0, remainingMs), MAX_TIMER_MS),
    });
  }

  #ageOrigin(): number {
    if (this.#startedAt !== undefined) return this.#startedAt;
    const read = this.#client.service.startTime;
    const metadata = this.latest?.metadata;
    if (read && metadata !== undefined) {
      try {
        const at = read(metadata);
        if (typeof at === 'number' && Number.isFinite(at)) return (this.#startedAt = at);
      } catch {
        // A start time that cannot be read is no start time.
      }
    }
    return this.#createdAt;
  }

  // The caller's progress reader, else the profile's; none with `progress: false`.
  #progressReader(): ((metadata: unknown) => number | undefined) | undefined {
    const option = this.#schedule.progress;
    return option === false ? undefined : (option ?? this.#client.service.progress);
  }

  #progressHistory(): ProgressHistory | null {
    if (this.#progress === undefined) this.#progress = this.#progressReader() ? new ProgressHistory() : null;
    return this.#progress;
  }

  #readProgress(snapshot: Snapshot<R, M>): { atMs: number; fraction: number } | undefined {
    const read = this.#progressReader();
    let fraction: number | undefined;
    try {
      fraction = read && snapshot.metadata !== undefined ? toFraction(read(snapshot.metadata)) : undefined;
    } catch {
      // A reader that throws says nothing of the progress.
    }
    return fraction === undefined ? undefined : { atMs: this.#createdAt + snapshot.elapsedMs, fraction };
  }

  async #pollOnce(useWait: boolean): Promise<void> {
    const remaining = this.#remainingMs();
    const rpc = new AbortController();
    this.#rpc = rpc;
    let op: Operation;
    const started = this.clock.now();
    try {
      if (useWait) {
        const chunk = this.#wantsProgress()
          ? Math.max(this.#schedule.initialDelayMs, this.#backoff(remaining))
          : this.#schedule.waitTimeoutMs;
        const waitMs = Math.max(1, Math.min(chunk, remaining));
        const polling = this.#client.polling;
        polling.openWaits++;
        try {
          op = await this.#client.waitOperation(this.name, { timeoutMs: waitMs, signal: rpc.signal });
        } finally {
          polling.openWaits--;
        }
        // A server that answers long before the wait's end, not done, must not turn the loop into a busy one.
        this.#backOffNext = !op.done && this.clock.now() - started < waitMs / 2;
      } else {
        op = await this.#client.getOperation(this.name, {
          timeoutMs: Math.max(1, Math.min(remaining, this.#client.timeoutMs)),
          signal: rpc.signal,
        });
      }
    } catch (err) {
      if (rpc.signal.aborted) return;
      this.lastFailure = err;
      if (useWait && err instanceof RpcError && err.code === Code.UNIMPLEMENTED && this.#schedule.useWait === 'auto') {
        // Given up for a while (the client's pollers use GetOperation), and polled again at once that way.
        this.#client.polling.waitUnimplemented = true;
        this.#pollSoon = true;
        this.onRetry?.(err, this.attempt);
        return;
      }
      this.attempt++;
      const malformed = isMalformedAnswer(err) ? ++this.#malformedInARow : this.#malformedInARow;
      if (isPermanentPollError(err) || malformed >= this.#client.polling.maxMalformedResponses) {
        this.endAll(err);
        return;
      }
      this.#retryDelayMs = retryDelayFromError(err);
      // No failure is followed by a poll at once, whatever its kind: the next one waits out the backoff.
      this.#backOffNext = true;
      this.onRetry?.(err, this.attempt);
      this.#checkAttempts();
      return;
    } finally {
      if (this.#rpc === rpc) this.#rpc = undefined;
    }
    this.#malformedInARow = 0;
    this.lastFailure = undefined;
    this.attempt++;
    this.#accept(op, true);
  }

  #accept(op: Operation, notify: boolean): void {
    let snapshot: Snapshot<R, M>;
    const elapsedMs = this.clock.now() - this.#createdAt;
    const previous = this.latest;
    const changed = stateChanged(previous?.operation, op);
    if (!changed && previous && !op.done) {
      // Nothing moved: keep what was decoded rather than decode the same metadata on every poll.
      snapshot = { ...previous, operation: op, attempt: this.attempt, elapsedMs };
    } else {
      try {
        snapshot = toSnapshot<R, M>(op, this.#types, this.#payloadTypes, this.attempt, elapsedMs, this.#schedule.format);
      } catch (err) {
        if (op.done) this.latest = { name: op.name, done: true, operation: op, attempt: this.attempt, elapsedMs };
        this.endAll(err);
        return;
      }
    }
    this.latest = snapshot;
    if (op.done) {
      this.final = snapshot;
      const watches = this.#watches.slice();
      for (const w of watches) w.detach();
      for (const w of watches) {
        if (notify && changed) w.snapshot(snapshot);
        w.end(snapshot.error, snapshot);
      }
      return;
    }
    if (notify && changed) for (const w of this.#watches.slice()) w.snapshot(snapshot);
    this.#checkAttempts();
  }

  #checkAttempts(): void {
    for (const w of this.#watches.slice()) if (w.outOfAttempts(this.attempt)) w.endOutOfAttempts();
  }
}
