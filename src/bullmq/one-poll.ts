// One poll of one operation, handed to a client's scheduler: spread and bounded with the client's other polls, batched where the service lists by name.
import { Code } from '../codes.js';
import { RpcError } from '../errors.js';
import type { Operation } from '../operation.js';
import type { OperationsClient } from '../client/operations-client.js';
import type { BatchablePoll } from '../poller/polling-state.js';

/** What one poll brought. */
export type PollAnswer =
  /** The operation's state, from a GetOperation or a batched list. */
  | { readonly kind: 'answered'; readonly operation: Operation }
  /** The GetOperation failed. */
  | { readonly kind: 'failed'; readonly error: unknown }
  /** A batched list failed or left the operation out: poll it again on its own. */
  | { readonly kind: 'missed' };

/** How {@link pollOnce} runs. */
export interface PollOnceOptions {
  /** The batch the poll may share a list in; undefined: a GetOperation of its own. */
  readonly batchKey?: string | undefined;
  /** How long a poll with a batch key waits in the scheduler for others of its key to join it. */
  readonly gatherMs: number;
  /** Ends the poll: it answers 'failed' with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

// Scheduled on the client's PollScheduler like a poller's loop; answers once.
class OnePoll implements BatchablePoll {
  dueAt = 0;
  heapIndex = -1;
  order = 0;
  batchKey: string | undefined = undefined;
  #settle: ((answer: PollAnswer) => void) | undefined;
  readonly #rpc = new AbortController();

  constructor(
    readonly name: string,
    readonly client: OperationsClient,
    settle: (answer: PollAnswer) => void,
  ) {
    this.#settle = settle;
  }

  answer(answer: PollAnswer): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(answer);
  }

  abort(reason: unknown): void {
    this.client.polling.scheduler.cancel(this);
    this.#rpc.abort(reason);
    this.answer({ kind: 'failed', error: reason });
  }

  fire(release: () => void): void {
    if (!this.#settle) return release();
    this.client.getOperation(this.name, { signal: this.#rpc.signal }).then(
      (operation) => {
        release();
        this.answer({ kind: 'answered', operation });
      },
      (error: unknown) => {
        release();
        this.answer({ kind: 'failed', error });
      },
    );
  }

  batchAnswered(operation: Operation): void {
    this.answer({ kind: 'answered', operation });
  }

  batchMissed(): void {
    this.answer({ kind: 'missed' });
  }
}

/**
 * Polls an operation once through the client's scheduler, so that the polls
 * of many waits share its bound on RPCs in flight (`maxInFlight`) and, on a
 * service that lists operations by name (Storage Transfer), go out as one
 * ListOperations per batch key. It never long-polls: a durable wait holds
 * nothing while it waits.
 *
 * Always resolves. A poll the scheduler drops (the client was closed) or
 * never runs answers 'failed' with DEADLINE_EXCEEDED after the client's
 * `timeoutMs` and the gathering time.
 */
export function pollOnce(client: OperationsClient, name: string, options: PollOnceOptions): Promise<PollAnswer> {
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve({ kind: 'failed', error: signal.reason });
  return new Promise((resolve) => {
    const polling = client.polling;
    const gatherMs = options.batchKey !== undefined && polling.batchRule ? options.gatherMs : 0;
    const onAbort = () => poll.abort(signal!.reason);
    const guard = setTimeout(
      () => poll.abort(new RpcError(Code.DEADLINE_EXCEEDED, `the poll of ${name} did not run in time`, { method: 'GetOperation' })),
      client.timeoutMs + gatherMs + 1_000,
    );
    guard.unref?.();
    const poll = new OnePoll(name, client, (answer) => {
      clearTimeout(guard);
      signal?.removeEventListener('abort', onAbort);
      resolve(answer);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    polling.scheduler.schedule(poll, polling.clock.now() + gatherMs, options.batchKey);
  });
}
