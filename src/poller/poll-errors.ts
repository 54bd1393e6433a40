// Which RPC failures end a wait, and what delay a failure asks for.
import { Code } from '../codes.js';
import { RpcError } from '../errors.js';

// Failures that polling again cannot mend.
const PERMANENT: ReadonlySet<number> = new Set([
  Code.INVALID_ARGUMENT,
  Code.NOT_FOUND,
  Code.ALREADY_EXISTS,
  Code.PERMISSION_DENIED,
  Code.FAILED_PRECONDITION,
  Code.OUT_OF_RANGE,
  Code.UNIMPLEMENTED,
  Code.UNAUTHENTICATED,
  Code.DATA_LOSS,
  Code.CANCELLED,
]);

/**
 * True when a failed poll must end the wait: an RpcError with a permanent
 * code (NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT, …)
 * or anything that is not an RpcError. UNAVAILABLE, DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED, ABORTED, INTERNAL and UNKNOWN are polled through.
 */
export function isPermanentPollError(err: unknown): boolean {
  return !(err instanceof RpcError) || PERMANENT.has(err.code);
}
