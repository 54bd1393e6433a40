// What a wait on many operations gives for each target listed: one outcome, succeeded or failed.
import type { OperationError, PollTimeoutError, RpcError, UnpackError } from '../errors.js';
import type { Snapshot } from '../snapshot.js';
import type { PollerTarget } from './poller-target.js';

/** What a wait on many operations takes for each of them: what `client.poller()` takes (see {@link PollerTarget}). */
export type WaitTarget<TResponse = unknown, TMetadata = unknown> = PollerTarget<TResponse, TMetadata>;

/**
 * Why one target's wait ended without a response: what its single poller
 * would have rejected with.
 *
 * - {@link OperationError} (and its subclass `OperationCancelledError`, code 1):
 *   the operation is done with an error Status.
 * - {@link RpcError}: a permanent RPC failure for this one (NOT_FOUND,
 *   PERMISSION_DENIED, …), or the client was closed during the wait.
 * - {@link UnpackError} (and `UnknownTypeError`): the operation is done, but
 *   its response could not be unpacked.
 * - {@link PollTimeoutError}: the call's `timeoutMs` passed while it was still
 *   running, or it used up its `maxAttempts`.
 */
export type WaitError<TResponse = unknown, TMetadata = unknown> =
  OperationError | RpcError | UnpackError | PollTimeoutError<TResponse, TMetadata>;

/** A target whose operation finished with success. */
export interface WaitSucceeded<TResponse = unknown, TMetadata = unknown> {
  /** Always `'succeeded'`: narrow a {@link WaitOutcome} on it. */
  readonly status: 'succeeded';
  /** Where the target stood in the list the call was given. */
  readonly index: number;
  /** The operation's name. */
  readonly name: string;
  /** The unpacked response; undefined when the operation is done with no result or an Empty one. */
  readonly response: TResponse | undefined;
  /** The final snapshot (done). */
  readonly snapshot: Snapshot<TResponse, TMetadata>;
}

/** A target whose wait ended without a response. */
export interface WaitFailed<TResponse = unknown, TMetadata = unknown> {
  /** Always `'failed'`: narrow a {@link WaitOutcome} on it; `error` says why. */
  readonly status: 'failed';
  /** Where the target stood in the list the call was given. */
  readonly index: number;
  /** The operation's name. */
  readonly name: string;
  /** Why: see {@link WaitError}. */
  readonly error: WaitError<TResponse, TMetadata>;
  /**
   * The last snapshot seen: the final one for an operation that failed,
   * the latest running one for a timeout; undefined when no poll answered
   * (NOT_FOUND on the first poll, say).
   */
  readonly snapshot?: Snapshot<TResponse, TMetadata> | undefined;
}

/**
 * One target's outcome in `client.waitAll()`, `client.waitAny()` and
 * `client.watch()`. Narrow it on `status`:
 *
 * @example
 * for (const o of await client.waitAll(names)) {
 *   if (o.status === 'succeeded') save(o.name, o.response);
 *   else if (o.error instanceof PollTimeoutError) later.push(o.name);
 *   else report(o.name, o.error.codeName);
 * }
 */
export type WaitOutcome<TResponse = unknown, TMetadata = unknown> = WaitSucceeded<TResponse, TMetadata> | WaitFailed<TResponse, TMetadata>;
