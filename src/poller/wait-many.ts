// Waiting on many operations at once, three ways: all outcomes in input order, the first one, or each as it ends.
import { ManyWaits, type ManyWaitsSource } from './many-waits.js';
import type { PollOptions } from './poll-options.js';
import type { WaitOutcome } from './wait-outcome.js';

/**
 * Waits on every target and resolves with one outcome per target, in input
 * order (`outcomes[i].index === i`). An operation's failure is an outcome,
 * never a rejection; the call rejects only for bad input (before any RPC)
 * or with the signal's reason.
 */
export async function waitAll<R, M, O extends PollOptions>(
  source: ManyWaitsSource<O>,
  targets: unknown,
  options: O,
): Promise<WaitOutcome<R, M>[]> {
  const waits = ManyWaits.prepare<R, M, O>(source, targets, options);
  return new Promise((resolve, reject) => {
    const outcomes = new Array<WaitOutcome<R, M>>(waits.size);
    waits.start({
      outcome: (o) => void (outcomes[o.index] = o),
      end: () => resolve(outcomes),
      abort: reject,
    });
  });
}

/**
 * Waits until the first target's wait ends, with success or not, resolves
 * with its outcome and stops the other waits.
 * @throws TypeError for an empty list: there would be nothing to resolve with.
 */
export async function waitAny<R, M, O extends PollOptions>(
  source: ManyWaitsSource<O>,
  targets: unknown,
  options: O,
): Promise<WaitOutcome<R, M>> {
  const waits = ManyWaits.prepare<R, M, O>(source, targets, options);
  if (waits.size === 0) throw new TypeError('waitAny needs at least one target');
  return new Promise((resolve, reject) => {
    waits.start({
      outcome: (o) => {
        waits.stop();
        resolve(o);
      },
      end: () => {},
      abort: reject,
    });
  });
}

// A queue read from the front by an index: shift() on a queue of thousands would make the whole call quadratic.
class OutcomeQueue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}

/**
 * Yields each target's outcome as its wait ends. The waits start with the
 * first `next()`; leaving the loop (break, return, a throw) stops the rest.
 * When the signal fires, the next `next()` throws its reason: outcomes that
 * had arrived but were not yet taken are dropped with the rest.
 */
export async function* watchMany<R, M, O extends PollOptions>(
  source: ManyWaitsSource<O>,
  targets: unknown,
  options: O,
): AsyncGenerator<WaitOutcome<R, M>, void, undefined> {
  const waits = ManyWaits.prepare<R, M, O>(source, targets, options);
  const queue = new OutcomeQueue<WaitOutcome<R, M>>();
  let ended = false;
  let aborted: { reason: unknown } | undefined;
  let wake: (() => void) | undefined;
  waits.start({
    outcome: (o) => {
      queue.push(o);
      wake?.();
    },
    end: () => {
      ended = true;
      wake?.();
    },
    abort: (reason) => {
      aborted = { reason };
      wake?.();
    },
  });
  try {
    for (;;) {
      if (aborted) throw aborted.reason;
      if (queue.length > 0) {
        yield queue.shift()!;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    waits.stop();
  }
}
