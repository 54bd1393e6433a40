// The exit codes of lro, the CLI's own errors, and which failure ends with which code.
import { OperationError, PollTimeoutError, RpcError } from '../index.js';
import { inFlagWords } from './flag-wording.js';

/** What lro exits with. Stable: scripts branch on these. */
export const EXIT = Object.freeze({
  /** The command succeeded; for `wait`, the operation (every one of them) finished with success. */
  OK: 0,
  /** The operation (for `wait` on many: at least one) failed or was cancelled, or lro itself failed unexpectedly. */
  FAILED: 1,
  /** Bad usage of the command line or the environment: an unknown flag, a bad value, a missing argument, a bad types file. */
  USAGE: 2,
  /** `wait --timeout` passed first; the operation goes on. On many: one was still running, and none failed or was cancelled. */
  TIMEOUT: 3,
  /**
   * An RPC failed: the service answered with an error (NOT_FOUND, PERMISSION_DENIED, INVALID_ARGUMENT, …)
   * or could not be reached. On many: for one of them, and none failed.
   */
  RPC: 4,
  /**
   * Refused before any call: the request cannot be made to this service, by
   * its profile (a name it refuses, a list request it would refuse, a method
   * it lacks). Nothing was sent.
   */
  REFUSED: 5,
  /** Interrupted by SIGINT (Ctrl-C). SIGTERM gives 143, the shell's 128 + 15. */
  INTERRUPTED: 130,
  /** stdout's reader went away (`lro wait … | head -1`): 128 + SIGPIPE, as a shell reports a process that SIGPIPE ended. */
  OUTPUT_CLOSED: 141,
});

/** Bad input on the command line or in the environment: one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The client refused a request before any call, as the service's profile
 * says the service would (`error`: INVALID_ARGUMENT for a name or a list
 * request, UNIMPLEMENTED for a method it lacks), its message in lro's
 * flag words. Exit 5.
 */
export class RequestRefused extends Error {
  override readonly name = 'RequestRefused';
  /** The client's error, its message naming flags instead of options. */
  readonly error: RpcError;

  constructor(refusal: RpcError) {
    const message = inFlagWords(refusal.rawMessage);
    super(message, { cause: refusal });
    this.error = new RpcError(refusal.code, message, { method: refusal.method, details: refusal.details, cause: refusal });
  }
}

/** Something the demo expected did not happen: the library misbehaved. The demo exits 1. */
export class DemoCheckFailed extends Error {
  override readonly name = 'DemoCheckFailed';
}

/** The signal that ended a command; the reason the CLI's abort signal carries. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';

  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
  }

  /** 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return this.signal === 'SIGINT' ? EXIT.INTERRUPTED : 143;
  }
}

/**
 * stdout cannot be written: its reader went away (EPIPE), or writing failed
 * (ENOSPC, EIO, …). The reason the CLI's abort signal carries then; the
 * command stops, since what it would print is lost.
 */
export class OutputFailed extends Error {
  override readonly name = 'OutputFailed';

  constructor(readonly error: NodeJS.ErrnoException) {
    super(`cannot write to stdout: ${error.message.replace(/\s*\n\s*/g, ' ')}`, { cause: error });
  }

  /** The reader closed the pipe: the normal end of `lro … | head`, not worth a message. */
  get readerGone(): boolean {
    return this.error.code === 'EPIPE';
  }

  /** 141 when the reader went away, 1 otherwise. */
  get exitCode(): number {
    return this.readerGone ? EXIT.OUTPUT_CLOSED : EXIT.FAILED;
  }
}

/**
 * The exit code for an error that ended a command: 2 for the command line,
 * 5 for a request refused before any call, 4 for any RPC error the call
 * itself met, a service's INVALID_ARGUMENT included.
 */
export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof RequestRefused) return EXIT.REFUSED;
  if (err instanceof Interrupted || err instanceof OutputFailed) return err.exitCode;
  if (err instanceof PollTimeoutError) return EXIT.TIMEOUT;
  if (err instanceof OperationError) return EXIT.FAILED;
  if (err instanceof RpcError) return EXIT.RPC;
  return EXIT.FAILED;
}

/** How the waits of `lro wait` on many operations ended, counted. */
export interface OutcomeCounts {
  /** Done with an error Status other than CANCELLED. */
  readonly failed: number;
  /** Done with CANCELLED. */
  readonly cancelled: number;
  /** Ended by an RPC error for that operation: NOT_FOUND, PERMISSION_DENIED, … */
  readonly rpcError: number;
  /** Still running when --timeout passed. */
  readonly timeout: number;
}

/**
 * The exit code of `lro wait` on many operations: the most definite bad
 * news wins. 1 when at least one failed or was cancelled (whatever the
 * others did); else 4 when an RPC error ended the wait on one (its outcome is
 * unknown); else 3 when one was still running at --timeout; else 0, every
 * one succeeded.
 */
export function exitCodeForOutcomes(counts: OutcomeCounts): number {
  if (counts.failed > 0 || counts.cancelled > 0) return EXIT.FAILED;
  if (counts.rpcError > 0) return EXIT.RPC;
  if (counts.timeout > 0) return EXIT.TIMEOUT;
  return EXIT.OK;
}

/**
 * Runs `fn` and turns a TypeError (the library's way of naming a bad option)
 * into a UsageError that names the flag instead; anything else passes through.
 */
export function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(inFlagWords(err.message), { cause: err });
    throw err;
  }
}
