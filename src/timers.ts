// Timers that never hold a process after a wait ends and never turn a long delay into 1 ms.

/** setTimeout turns any delay above this into 1 ms; no delay here ever passes it. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves after `ms`, or at once when the signal fires (it never rejects).
 * The timer and the abort listener are removed either way.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.min(ms, MAX_TIMER_MS));
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Calls `fn` after `ms`, which may be larger than setTimeout takes (it is
 * reached in steps) or Infinity (never). Returns the function that clears it.
 */
export function deadlineTimer(ms: number, fn: () => void): () => void {
  if (ms === Infinity) return () => {};
  const end = Date.now() + ms;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = end - Date.now();
    if (left <= 0) return fn();
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
  };
  timer = setTimeout(arm, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
  return () => clearTimeout(timer);
}
