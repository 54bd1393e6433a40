// Moves a ManualClock on while a wait runs over real sockets: a tick only when the work is idle on its timers.
import type { ManualClock } from '../../src/testing/index.js';

/** How {@link drive} decides that the work is idle. */
export interface DriveOptions {
  /**
   * How many timers are pending when the work sits between polls: 1 for one
   * poller (its next poll), plus one per wait with a `timeoutMs` (its
   * deadline). The clock moves only once that many are pending, so a timer
   * never fires while an RPC it does not belong to is still on the wire.
   * @default 1
   */
  readonly idleTimers?: number;
  /** A bound on clock steps, so a test that loops fails instead of hanging. @default 10000 */
  readonly maxSteps?: number;
}

/**
 * Settles with `work`, moving `clock` from one due timer to the next each
 * time the work waits on its timers alone.
 */
export function drive<T>(clock: ManualClock, work: Promise<T>, options: DriveOptions = {}): Promise<T> {
  return clock.run(work, options);
}

/**
 * Settles with `work`, moving `clock` on by `stepMs` every real millisecond or
 * so: for many waits at once, where counting their timers would not tell when
 * all of them are idle. Bounded by `maxSteps`.
 */
export async function freeRun<T>(clock: ManualClock, work: Promise<T>, stepMs = 10, maxSteps = 20_000): Promise<T> {
  let settled = false;
  const ended = work.then(
    () => void (settled = true),
    () => void (settled = true),
  );
  for (let step = 0; !settled; step++) {
    if (step >= maxSteps) throw new Error(`freeRun: still not settled after ${maxSteps} steps of ${stepMs} ms`);
    await clock.tick(stepMs);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 1))]);
  }
  return work;
}

/**
 * Settles with `work`, moving `clock` to its next timer whenever `isIdle()`
 * says nothing is on its way (for a client: `client.polling.scheduler.inFlight
 * === 0`), so a deadline never fires while a poll is still in flight.
 */
export async function driveWhenIdle<T>(clock: ManualClock, work: Promise<T>, isIdle: () => boolean, maxSteps = 100_000): Promise<T> {
  let settled = false;
  work.then(
    () => void (settled = true),
    () => void (settled = true),
  );
  for (let step = 0; !settled; step++) {
    if (step >= maxSteps) throw new Error(`driveWhenIdle: still not settled after ${maxSteps} steps`);
    if (clock.pending > 0 && isIdle()) await clock.tickToNext();
    else await new Promise((resolve) => setImmediate(resolve));
  }
  return work;
}
