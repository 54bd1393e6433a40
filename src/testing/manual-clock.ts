// A clock that moves only when told to: timing logic (backoff, deadlines, schedules) tested without waiting.
import type { Clock, ClockTimer } from '../clock.js';

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** Lets promise chains started by a timer run to their next await on I/O or on another timer. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A {@link Clock} whose time moves only by {@link advance} or {@link tick}.
 * Hand it to a client (`new OperationsClient({ clock })`) and to the
 * emulator (`startEmulator({ clock })`), and a test of a schedule that spans
 * hours runs in milliseconds, the same way every time.
 *
 * @example
 * const clock = new ManualClock();
 * const poller = client.poller(op.name, { initialDelayMs: 1000 });
 * const done = poller.result();
 * await clock.tick(1000); // the first backoff delay passes: one poll
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: PendingTimer[] = [];
  #waiters: (() => void)[] = [];

  /** @param startMs the time it starts at, in ms since the epoch. @default 0 */
  constructor(startMs = 0) {
    this.#now = startMs;
  }

  /** The clock's time. */
  now(): number {
    return this.#now;
  }

  /** Sets a timer due `ms` from the clock's now. */
  setTimeout(callback: () => void, ms: number): ClockTimer {
    const timer: PendingTimer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), callback };
    this.#timers.push(timer);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
    return timer.id;
  }

  /** Cancels a pending timer. */
  clearTimeout(timer: ClockTimer): void {
    const i = this.#timers.findIndex((t) => t.id === timer);
    if (i >= 0) this.#timers.splice(i, 1);
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.#timers.length;
  }

  /** When the next timer is due, or undefined when none is pending. */
  get nextAt(): number | undefined {
    let at: number | undefined;
    for (const t of this.#timers) if (at === undefined || t.at < at) at = t.at;
    return at;
  }

  /**
   * Moves the time on by `ms`, firing the timers that come due in order
   * (each at its own time), synchronously. Timers they set that fall within
   * the step fire too.
   */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (let t = this.#takeDue(end); t; t = this.#takeDue(end)) {
      this.#now = Math.max(this.#now, t.at);
      t.callback();
    }
    this.#now = end;
  }

  /**
   * Moves the time on by `ms` like {@link advance}, but lets the event loop
   * turn after each timer, so that what a timer started (an RPC on a real
   * socket, a promise chain) can set the next timer before time moves on.
   */
  async tick(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    for (let t = this.#takeDue(end); t; t = this.#takeDue(end)) {
      this.#now = Math.max(this.#now, t.at);
      t.callback();
      await settle();
    }
    this.#now = end;
  }

  /** Moves to the next pending timer and fires it (with what falls due at the same time). False when none is pending. */
  async tickToNext(): Promise<boolean> {
    const at = this.nextAt;
    if (at === undefined) return false;
    await this.tick(Math.max(0, at - this.#now));
    return true;
  }

  /**
   * Settles with `work`, moving the clock from one due timer to the next
   * each time the code under test waits on its timers alone: when
   * `idleTimers` timers are pending (1 for one poller between polls, plus
   * one per wait with a `timeoutMs`, its deadline). A timer therefore never
   * fires while an RPC is still on its way. Bounded by `maxSteps`.
   *
   * @throws Error when `work` has not settled after `maxSteps` steps.
   */
  async run<T>(work: Promise<T>, options: { readonly idleTimers?: number; readonly maxSteps?: number } = {}): Promise<T> {
    const { idleTimers = 1, maxSteps = 10_000 } = options;
    let settled = false;
    const ended = work.then(
      () => void (settled = true),
      () => void (settled = true),
    );
    for (let step = 0; !settled; step++) {
      if (step >= maxSteps) throw new Error(`ManualClock.run: not settled after ${maxSteps} clock steps`);
      await Promise.race([this.untilPending(idleTimers), ended]);
      if (settled) break;
      await this.tickToNext();
    }
    return work;
  }

  /** Resolves when at least `count` timers are pending (at once if they are): use it to wait for work on real I/O to reach its next sleep. */
  async untilPending(count = 1): Promise<void> {
    while (this.#timers.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #takeDue(end: number): PendingTimer | undefined {
    let best = -1;
    for (let i = 0; i < this.#timers.length; i++) {
      const t = this.#timers[i]!;
      if (t.at <= end && (best < 0 || t.at < this.#timers[best]!.at)) best = i;
    }
    return best < 0 ? undefined : this.#timers.splice(best, 1)[0];
  }
}
