// What a durable wait hands its handler when the operation ends: the outcome of waitAll, with the caller's data and the delivery's count.
import { PollTimeoutError, RpcError } from '../errors.js';
import type { Operation } from '../operation.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import type { Snapshot } from '../snapshot.js';
import { toSnapshot, type PayloadTypes } from '../poller/snapshot.js';
import type { WaitFailed, WaitSucceeded } from '../poller/wait-outcome.js';
import type { StoredEnd } from './wait-job.js';

/** What every durable outcome carries besides the wait's result. */
export interface Delivery<TData> {
  /** The caller's data, as given to `enqueue()`. */
  readonly data: TData;
  /** The wait's BullMQ job id (see `waitJobId`). */
  readonly jobId: string;
  /**
   * 1 on the first delivery; each delivery after a handler threw counts one
   * more. A delivery after a worker died between handling and completing may
   * repeat a count: make the handler idempotent on `name`.
   */
  readonly attempt: number;
  /** When the wait was enqueued, in ms since the epoch. */
  readonly enqueuedAt: number;
}

/** A durable wait whose operation finished with success. */
export type DurableSucceeded<TResponse = unknown, TMetadata = unknown, TData = unknown> = Omit<
  WaitSucceeded<TResponse, TMetadata>,
  'index'
> &
  Delivery<TData>;

/**
 * A durable wait that ended without a response: `error` is what an
 * in-process wait would have rejected with. An `OperationError`
 * (`OperationCancelledError` for code 1) for an operation that failed, an
 * `RpcError` for a permanent RPC failure (NOT_FOUND, PERMISSION_DENIED,
 * INVALID_ARGUMENT, UNAUTHENTICATED, …), an `UnpackError` for a response that
 * does not unpack, a `PollTimeoutError` for a wait past its `timeoutMs` or
 * `maxAttempts`. `snapshot` is the last state seen in this delivery (none for
 * an RPC failure, nor for a timeout delivered again).
 */
export type DurableFailed<TResponse = unknown, TMetadata = unknown, TData = unknown> = Omit<WaitFailed<TResponse, TMetadata>, 'index'> &
  Delivery<TData>;

/**
 * The outcome a durable wait delivers to its handler: `WaitOutcome` (as
 * `client.waitAll()` gives it, without `index`) with the caller's `data`.
 * Narrow it on `status`.
 *
 * @example
 * handler: async (o) => {
 *   if (o.status === 'succeeded') await save(o.data.userId, o.name, o.response);
 *   else await report(o.data.userId, o.name, o.error.codeName);
 * }
 */
export type DurableOutcome<TResponse = unknown, TMetadata = unknown, TData = unknown> =
  DurableSucceeded<TResponse, TMetadata, TData> | DurableFailed<TResponse, TMetadata, TData>;

/** An outcome before it is delivered: the part a poll decides. */
export type WaitResult<TResponse, TMetadata> =
  Omit<WaitSucceeded<TResponse, TMetadata>, 'index'> | Omit<WaitFailed<TResponse, TMetadata>, 'index'>;

/**
 * Reads a state a poll brought: the snapshot, and the result when it ends
 * the wait (done, or a payload that cannot be unpacked).
 */
export function readState<R, M>(
  op: Operation,
  types: TypeRegistry,
  payloadTypes: PayloadTypes,
  attempt: number,
  elapsedMs: number,
): { snapshot: Snapshot<R, M>; result?: WaitResult<R, M> } {
  let snapshot: Snapshot<R, M>;
  try {
    snapshot = toSnapshot<R, M>(op, types, payloadTypes, attempt, elapsedMs);
  } catch (err) {
    // As an in-process wait: a payload that cannot be unpacked ends the wait with that error.
    snapshot = { name: op.name, done: op.done, operation: op, attempt, elapsedMs };
    return { snapshot, result: { status: 'failed', name: op.name, error: err as WaitFailed<R, M>['error'], snapshot } };
  }
  if (!op.done) return { snapshot };
  if (snapshot.error) return { snapshot, result: { status: 'failed', name: op.name, error: snapshot.error, snapshot } };
  return { snapshot, result: { status: 'succeeded', name: op.name, response: snapshot.response, snapshot } };
}

/** How an end is kept in Redis. */
export function storedEnd(error: RpcError | PollTimeoutError): StoredEnd {
  if (error instanceof PollTimeoutError) return { kind: 'timeout', message: error.rawMessage };
  return {
    kind: 'rpc',
    code: error.code,
    message: error.rawMessage,
    ...(error.method ? { method: error.method } : {}),
    ...(error.details.length ? { details: error.details } : {}),
  };
}

/** The result an end kept in Redis stands for: the same error class and code as when it was first delivered. */
export function resultOfEnd<R, M>(name: string, end: StoredEnd): WaitResult<R, M> {
  const error =
    end.kind === 'timeout'
      ? new PollTimeoutError<R, M>(name, end.message, undefined)
      : new RpcError(end.code, end.message, { method: end.method, details: end.details });
  return { status: 'failed', name, error };
}
