// One scheduler per client: every poller hands it its next poll; it keeps one timer, bounds the RPCs in flight, oldest due first.
import type { Clock, ClockTimer } from '../clock.js';

/** A poll the scheduler can run: a poller's loop. */
export interface ScheduledPoll {
  /** When it is due, on the scheduler's clock. Set by the scheduler. */
  dueAt: number;
  /** Its place in the scheduler's heap, -1 when not scheduled. Set by the scheduler. */
  heapIndex: number;
  /** When it was scheduled, as a count: polls due at the same time go out in the order they were scheduled. Set by the scheduler. */
  order: number;
  /** The batch it may share a list in, while scheduled; undefined: polled on its own. Set by the scheduler. */
  batchKey: string | undefined;
  /**
   * Runs the poll. It must call `release` once, when its RPC has ended, or
   * at once for an RPC that does not count against the bound (a long-poll,
   * which has a bound of its own).
   */
  fire(release: () => void): void;
}

/** How polls due together are answered by one call. */
export interface PollBatching<P extends ScheduledPoll> {
  /** The most polls one batch may carry. */
  readonly maxSize: number;
  /** How far ahead of its time a poll may be taken into a batch that goes out now, in ms. */
  readonly windowMs: number;
  /** Runs one batch; it must call `release` once, when its call has ended. */
  run(key: string, polls: readonly P[], release: () => void): void;
}

/**
 * Runs polls when they are due, at most `maxInFlight` at a time. Those due
 * beyond the bound wait their turn, the one due longest first, so a burst of
 * thousands of due polls goes out `maxInFlight` at a time and nothing
 * starves. It holds one clock timer, for the earliest due poll, and only
 * while a slot is free for it.
 *
 * With batching, a due poll that has a batch key takes along the others of
 * its key due within the window (the earliest first, up to the batch size)
 * and they go out as one call, which holds one slot.
 *
 * Scheduling, rescheduling and cancelling cost O(log n).
 */
export class PollScheduler<P extends ScheduledPoll = ScheduledPoll> {
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #batching: PollBatching<P> | undefined;
  readonly #heap: P[] = [];
  readonly #byKey = new Map<string, Set<P>>();
  #batches = 0;
  #inFlight = 0;
  #maxSeen = 0;
  #timer: ClockTimer | undefined;
  #timerAt = Infinity;
  #pumping = false;
  #order = 0;
  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    this.#pump();
  };
  readonly #release = (): void => {
    this.#inFlight--;
    this.#pump();
  };

  constructor(clock: Clock, maxInFlight: number, batching?: PollBatching<P>) {
    this.#clock = clock;
    this.#maxInFlight = maxInFlight;
    this.#batching = batching;
  }

  /** Batches sent so far. */
  get batches(): number {
    return this.#batches;
  }

  /** Polls running now (their RPC in flight). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most polls that ran at once since the scheduler was made. */
  get maxInFlightSeen(): number {
    return this.#maxSeen;
  }

  /** Polls waiting: not due yet, or due and waiting for a slot. */
  get queued(): number {
    return this.#heap.length;
  }

  /**
   * Schedules a poll (again) for `dueAt`; a poll already scheduled moves.
   * With a `batchKey` (and batching on), it may go out in one call with
   * others of the same key.
   */
  schedule(poll: P, dueAt: number, batchKey?: string): void {
    poll.order = this.#order++;
    this.#setKey(poll, this.#batching ? batchKey : undefined);
    if (poll.heapIndex >= 0) {
      poll.dueAt = dueAt;
      this.#siftUp(poll.heapIndex);
      this.#siftDown(poll.heapIndex);
    } else {
      poll.dueAt = dueAt;
      poll.heapIndex = this.#heap.length;
      this.#heap.push(poll);
      this.#siftUp(poll.heapIndex);
    }
    this.#pump();
  }

  /** Takes a poll out of the schedule; one not scheduled is ignored. */
  cancel(poll: P): void {
    const i = poll.heapIndex;
    if (i < 0) return;
    poll.heapIndex = -1;
    this.#setKey(poll, undefined);
    const last = this.#heap.pop()!;
    if (i < this.#heap.length) {
      this.#heap[i] = last;
      last.heapIndex = i;
      this.#siftUp(i);
      this.#siftDown(last.heapIndex);
    }
    if (this.#heap.length === 0) this.#disarm();
  }

  /** Drops every scheduled poll and the timer (the client is closing). */
  clear(): void {
    for (const p of this.#heap) {
      p.heapIndex = -1;
      p.batchKey = undefined;
    }
    this.#heap.length = 0;
    this.#byKey.clear();
    this.#disarm();
  }

  // Runs what is due while slots are free, then sets the one timer for the next due poll.
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      const now = this.#clock.now();
      while (this.#inFlight < this.#maxInFlight && this.#heap.length > 0 && this.#heap[0]!.dueAt <= now) {
        const poll = this.#heap[0]!;
        const key = poll.batchKey;
        const batch = key === undefined ? undefined : this.#batchFor(key, now);
        this.#inFlight++;
        if (this.#inFlight > this.#maxSeen) this.#maxSeen = this.#inFlight;
        if (batch) {
          for (const p of batch) this.cancel(p);
          this.#batches++;
          this.#batching!.run(key!, batch, onceOnly(this.#release));
        } else {
          this.cancel(poll);
          poll.fire(onceOnly(this.#release));
        }
      }
      const next = this.#heap[0];
      if (!next || this.#inFlight >= this.#maxInFlight) this.#disarm();
      else if (next.dueAt !== this.#timerAt) {
        this.#disarm();
        this.#timerAt = next.dueAt;
        this.#timer = this.#clock.setTimeout(this.#onTimer, Math.max(0, next.dueAt - now));
      }
    } finally {
      this.#pumping = false;
    }
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  // The polls of a key that go out with the one due now: those due within the window, earliest first. Undefined for a batch of one.
  #batchFor(key: string, now: number): P[] | undefined {
    const batching = this.#batching!;
    const group = this.#byKey.get(key);
    if (!group || group.size < 2) return undefined;
    const limit = now + batching.windowMs;
    const within: P[] = [];
    for (const p of group) if (p.dueAt <= limit) within.push(p);
    if (within.length < 2) return undefined;
    if (within.length > batching.maxSize) within.sort((a, b) => (this.#less(a, b) ? -1 : 1)).length = batching.maxSize;
    return within;
  }

  #setKey(poll: P, key: string | undefined): void {
    const old = poll.batchKey;
    if (old === key) return;
    if (old !== undefined) {
      const group = this.#byKey.get(old);
      group?.delete(poll);
      if (group?.size === 0) this.#byKey.delete(old);
    }
    poll.batchKey = key;
    if (key !== undefined) {
      let group = this.#byKey.get(key);
      if (!group) this.#byKey.set(key, (group = new Set()));
      group.add(poll);
    }
  }

  #less(a: P, b: P): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.order < b.order);
  }

  #siftUp(i: number): void {
    const heap = this.#heap;
    const item = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      heap[i]!.heapIndex = i;
      i = parent;
    }
    heap[i] = item;
    item.heapIndex = i;
  }

  #siftDown(i: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const item = heap[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.#less(heap[right]!, heap[left]!) ? right : left;
      if (!this.#less(heap[child]!, item)) break;
      heap[i] = heap[child]!;
      heap[i]!.heapIndex = i;
      i = child;
    }
    heap[i] = item;
    item.heapIndex = i;
  }
}

// A release that counts once however often it is called: a slot is never freed twice.
function onceOnly(release: () => void): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}
