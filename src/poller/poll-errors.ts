// Which RPC failures end a wait, and what delay a failure asks for.
import { Code } from '../codes.js';
import { MalformedResponseError, ResponseTooLargeError, RpcError } from '../errors.js';

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
 * True for an answer the client could not use: malformed (not JSON, the
 * wrong shape, bytes that do not decode, another operation's name) or over
 * the size limit. Polling again may mend it (a proxy's glitch, a server
 * mid-deploy), so a wait polls through a few in a row, with backoff, then
 * ends (the client's `maxMalformedResponses`).
 */
export function isMalformedAnswer(err: unknown): boolean {
  return err instanceof MalformedResponseError || err instanceof ResponseTooLargeError;
}

/**
 * True when a failed poll must end the wait: an RpcError with a permanent
 * code (NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT, …)
 * or anything that is not an RpcError. UNAVAILABLE, DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED, ABORTED, INTERNAL and UNKNOWN are polled through;
 * malformed answers too, up to a bound ({@link isMalformedAnswer}).
 */
export function isPermanentPollError(err: unknown): boolean {
  return !(err instanceof RpcError) || PERMANENT.has(err.code);
}
