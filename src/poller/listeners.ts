// Listeners by event: the part of an EventEmitter the Poller uses, in plain JavaScript, so the poller runs where Node's events do not.

/**
 * Listeners by event name, called in the order they were added. The same
 * listener added twice is called twice; removing it removes the last one
 * added, as an EventEmitter does. Unlike an EventEmitter, `error` is no
 * special event, there is no listener limit to warn about, and a listener
 * that throws does not keep the next ones from being called.
 */
export class Listeners<Events extends { [E in keyof Events]: unknown[] }> {
  readonly #byEvent: { [E in keyof Events]?: ((...args: Events[E]) => void)[] } = Object.create(null);

  add<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): void {
    (this.#byEvent[event] ??= []).push(listener);
  }

  remove<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): void {
    const list = this.#byEvent[event];
    const at = list ? list.lastIndexOf(listener) : -1;
    if (at >= 0) list!.splice(at, 1);
  }

  count(event: keyof Events): number {
    return this.#byEvent[event]?.length ?? 0;
  }

  /**
   * Calls the event's listeners, as they were when the emit began. An error
   * a listener throws is thrown again on a timer of its own, after the
   * other listeners and the promises they settle have run: an uncaught
   * exception, as it would be from any event listener.
   */
  emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    const list = this.#byEvent[event];
    if (!list) return;
    for (const listener of [...list]) {
      try {
        listener(...args);
      } catch (err) {
        setTimeout(() => {
          throw err;
        }, 0);
      }
    }
  }
}
