// The five Operations RPCs over the store, the same for gRPC and REST: name checks, NOT_FOUND, cancel, delete and waits.
import { systemClock, type Clock, type ClockTimer } from '../clock.js';
import { MAX_TIMER_MS } from '../timers.js';
import type { Operation } from '../operation.js';
import type { OperationsMethod } from '../profiles/service-profile.js';
import { EmulatorCallError, invalidArgument, operationNotFound } from './call-error.js';
import { listOperations, type ListResult } from './operation-listing.js';
import type { OperationStore, StoredOperation } from './operation-store.js';
import type { ListRequest } from '../transport/transport.js';

/**
 * Serves the RPCs. Methods throw {@link EmulatorCallError}; the transports
 * check first that the profile offers the method over them.
 */
export class OperationsService {
  /**
   * @param store the operations served.
   * @param clock sets WaitOperation's timers; it should read the same time as the store.
   */
  constructor(
    readonly store: OperationStore,
    readonly clock: Clock = systemClock,
  ) {}

  #checkName(method: OperationsMethod, name: unknown): string {
    const { profile, types } = this.store;
    const text = typeof name === 'string' ? name : '';
    const why = profile.namePattern(method).explain(text);
    if (why) throw invalidArgument(types, 'name', `name '${text}' is not a valid ${profile.title} operation name: ${why}`);
    return text;
  }

  #find(method: OperationsMethod, name: unknown): StoredOperation {
    const checked = this.#checkName(method, name);
    const op = this.store.find(checked);
    if (!op) throw operationNotFound(this.store.types, checked);
    return op;
  }

  #read(op: StoredOperation): Operation {
    try {
      return this.store.read(op)!;
    } catch (e) {
      throw EmulatorCallError.from(e);
    }
  }

  /** GetOperation: the current state. */
  get(name: string): Operation {
    return this.#read(this.#find('get', name));
  }

  /** ListOperations: one page (see {@link listOperations}). */
  list(request: ListRequest): ListResult {
    try {
      return listOperations(this.store, request);
    } catch (e) {
      throw EmulatorCallError.from(e);
    }
  }

  /** CancelOperation: a running operation ends with code 1; a finished one is left as it is. */
  cancel(name: string): void {
    this.store.cancel(this.#find('cancel', name).name);
  }

  /** DeleteOperation: removes the operation. */
  delete(name: string): void {
    this.store.delete(this.#find('delete', name).name);
  }

  /**
   * WaitOperation: resolves with the operation once it is done, or with its
   * running state once `timeoutMs` has passed (0 or undefined: no timeout
   * of its own, the call's deadline bounds it). Rejects with NOT_FOUND if
   * the operation is deleted meanwhile, and with the signal's reason when
   * the call is ended; no timer or listener outlives the call.
   */
  wait(name: string, timeoutMs: number | undefined, signal: AbortSignal): Promise<Operation> {
    const op = this.#find('wait', name);
    if (timeoutMs !== undefined && !(timeoutMs >= 0)) throw invalidArgument(this.store.types, 'timeout', 'timeout must not be negative');
    const store = this.store;
    const giveUpAt = timeoutMs ? store.now() + timeoutMs : Infinity;
    if (store.isDone(op)) return Promise.resolve(this.#read(op));
    return new Promise<Operation>((resolve, reject) => {
      let timer: ClockTimer | undefined;
      const clock = this.clock;
      const finish = () => {
        if (timer !== undefined) clock.clearTimeout(timer);
        unwatch();
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        finish();
        reject(signal.reason);
      };
      const check = () => {
        const current = store.find(op.name);
        if (current !== op) {
          finish();
          reject(operationNotFound(store.types, op.name));
          return;
        }
        const now = store.now();
        if (store.isDone(op) || now >= giveUpAt) {
          finish();
          try {
            resolve(this.#read(op));
          } catch (e) {
            reject(e);
          }
          return;
        }
        const ms = Math.min(store.msUntilDone(op), giveUpAt - now);
        if (timer !== undefined) clock.clearTimeout(timer);
        timer = ms === Infinity ? undefined : clock.setTimeout(check, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(ms))));
        (timer as { unref?: () => void } | undefined)?.unref?.();
      };
      const unwatch = store.watch(op.name, check);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      check();
    });
  }
}
