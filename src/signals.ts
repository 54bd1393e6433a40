// Links abort signals by hand: AbortSignal.any keeps each combined signal alive as long as its sources on Node 20.

/** A signal that fires when any source fires, and the function that unlinks it from them. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Removes the listeners on the sources. Call it when the work is over. */
  dispose(): void;
}

/** Links sources (undefined ones are skipped) into one signal that carries the first reason. */
export function linkSignals(...sources: (AbortSignal | undefined)[]): LinkedSignal {
  const controller = new AbortController();
  const live = sources.filter((s): s is AbortSignal => s !== undefined);
  const fired = live.find((s) => s.aborted);
  if (fired) {
    controller.abort(fired.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const listeners = live.map((s) => {
    const onAbort = () => {
      dispose();
      controller.abort(s.reason);
    };
    s.addEventListener('abort', onAbort, { once: true });
    return () => s.removeEventListener('abort', onAbort);
  });
  const dispose = () => {
    for (const remove of listeners) remove();
  };
  return { signal: controller.signal, dispose };
}
