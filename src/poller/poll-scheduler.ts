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
  /**
   * Runs the poll. It must call `release` once, when its RPC has ended, or
   * at once for an RPC that does not count against the bound (a long-poll,
   * which has a bound of its own).
   */
  fire(release: () => void): void;
}

/**
 * Runs polls when they are due, at most `maxInFlight` at a time. Those due
 * beyond the bound wait their turn, the one due longest first, so a burst of
 * thousands of due polls goes out `maxInFlight` at a time and nothing
 * starves. It holds one clock timer, for the earliest due poll, and only
 * while a slot is free for it.
 *
 * Scheduling, rescheduling and cancelling cost O(log n).
 */
export class PollScheduler {
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #heap: ScheduledPoll[] = [];
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

  constructor(clock: Clock, maxInFlight: number) {
    this.#clock = clock;
    this.#maxInFlight = maxInFlight;
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

  /** Schedules a poll (again) for `dueAt`; a poll already scheduled moves. */
  schedule(poll: ScheduledPoll, dueAt: number): void {
    poll.order = this.#order++;
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
  cancel(poll: ScheduledPoll): void {
    const i = poll.heapIndex;
    if (i < 0) return;
    poll.heapIndex = -1;
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
    for (const p of this.#heap) p.heapIndex = -1;
    this.#heap.length = 0;
    this.#disarm();
  }

  // Runs what is due while slots are free, then sets the one timer for the next due poll.
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      const now = this.#clock.now();
      while (this.#inFlight < this.#maxInFlight && this.#heap.length > 0 && this.#heap[0]!.dueAt <= now) {
        const poll = this.#take();
        this.#inFlight++;
        if (this.#inFlight > this.#maxSeen) this.#maxSeen = this.#inFlight;
        poll.fire(onceOnly(this.#release));
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

  #take(): ScheduledPoll {
    const top = this.#heap[0]!;
    this.cancel(top);
    return top;
  }

  #less(a: ScheduledPoll, b: ScheduledPoll): boolean {
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
