// Timer limits and abortable sleeps, shared by the client, the poller, the emulator and the CLI.

/** setTimeout turns any delay above this into 1 ms; no delay here ever passes it. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** How a {@link sleep} behaves. */
export interface SleepOptions {
  /** Ends the sleep early: it rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Lets the process exit while the sleep is pending.
   * @default false
   */
  readonly unref?: boolean;
}

/**
 * Resolves after `ms` (at once for 0 or less), or rejects with the signal's
 * reason when it fires first. A delay past {@link MAX_TIMER_MS} is reached in
 * steps. Either way no timer and no abort listener is left behind.
 */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  const { signal, unref = false } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const end = Date.now() + ms;
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const arm = (left: number) => {
      timer = setTimeout(tick, Math.min(left, MAX_TIMER_MS));
      if (unref) (timer as { unref?: () => void }).unref?.();
    };
    const tick = () => {
      const left = end - Date.now();
      if (left > 0) return arm(left);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    arm(ms);
  });
}

/** Never resolves; rejects with the signal's reason when it fires (at once if it has). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
