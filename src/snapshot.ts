// A snapshot: an operation's state after one poll, its metadata and result unpacked.
import type { OperationError } from './errors.js';
import type { Operation } from './operation.js';

/** The state of an operation after one poll. */
export interface Snapshot<TResponse = unknown, TMetadata = unknown> {
  /** The operation's name. */
  readonly name: string;
  /** True when the operation has finished. */
  readonly done: boolean;
  /**
   * The metadata, unpacked in the poller's `format` (by default the object of
   * its type's generated `I*` interface); undefined when the service sent none
   * or its type is not registered (and not pinned).
   */
  readonly metadata?: TMetadata | undefined;
  /** The response, unpacked in the poller's `format`, once done with success. */
  readonly response?: TResponse | undefined;
  /** The failure, once done with an error. */
  readonly error?: OperationError | undefined;
  /** The operation as the service returned it. */
  readonly operation: Operation;
  /** How many polls the poller had made when it took this snapshot (0: the state it was given). */
  readonly attempt: number;
  /** Time since the poller was created, in ms. */
  readonly elapsedMs: number;
}
