// One abort listener per caller's signal, however many waits share it: adding and removing a wait is O(1).

/** What a wait gives to be told that its signal fired. */
export interface AbortListener {
  handleEvent(): void;
}

interface Fanout {
  readonly listeners: Set<AbortListener>;
  readonly onAbort: () => void;
}

/**
 * Fans one signal's abort out to the waits that share it. An AbortSignal's
 * own addEventListener checks every listener already there, so 100,000
 * waits on one signal would cost O(n²) and print MaxListenersExceededWarning;
 * here the signal carries one listener, added with the first wait and removed
 * with the last.
 */
export class SignalFanout {
  readonly #bySignal = new WeakMap<AbortSignal, Fanout>();

  /** Tells `listener` when `signal` fires. The caller checks `signal.aborted` first. */
  add(signal: AbortSignal, listener: AbortListener): void {
    let fanout = this.#bySignal.get(signal);
    if (!fanout) {
      const listeners = new Set<AbortListener>();
      const onAbort = () => {
        this.#bySignal.delete(signal);
        for (const l of [...listeners]) l.handleEvent();
      };
      fanout = { listeners, onAbort };
      this.#bySignal.set(signal, fanout);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    fanout.listeners.add(listener);
  }

  /** Stops telling `listener`; the signal's own listener goes with the last one. */
  remove(signal: AbortSignal, listener: AbortListener): void {
    const fanout = this.#bySignal.get(signal);
    if (!fanout) return;
    fanout.listeners.delete(listener);
    if (fanout.listeners.size === 0) {
      this.#bySignal.delete(signal);
      signal.removeEventListener('abort', fanout.onAbort);
    }
  }
}
