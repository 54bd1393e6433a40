// The error classes of the SDK: one base class with a stable google.rpc code, and a few subclasses.
import { Code, codeName, type CodeName } from './codes.js';
import type { Operation } from './operation.js';
import type { Snapshot } from './snapshot.js';

/**
 * A decoded error detail (google.rpc.ErrorInfo, RetryInfo, BadRequest, …)
 * in the proto3 JSON form of an Any: `@type` is the type URL, the other keys
 * are the message's fields. A detail whose type is not registered keeps its
 * bytes, base64-encoded, in `value`.
 */
export interface ErrorDetail {
  /** The detail's type URL, e.g. `type.googleapis.com/google.rpc.ErrorInfo`. */
  readonly '@type': string;
  readonly [field: string]: unknown;
}

const BRAND = Symbol.for('longrunning.error.kinds');

/** Options every error constructor takes. */
export interface ErrorInit {
  /** Decoded detail payloads. @default [] */
  details?: readonly ErrorDetail[];
  /** What caused the error: the transport's own error, say. */
  cause?: unknown;
}

/**
 * The base of every error this package throws for a failed call or a
 * terminal state. `code` is the numeric google.rpc code and is stable; match
 * on it, or on the class, never on the message text.
 *
 * `instanceof` works across copies of the package (two versions in one
 * `node_modules`, say): each class recognises the others' instances by a
 * registered symbol, not by identity.
 */
export class LongrunningError extends Error {
  /** The class name that `instanceof` checks look for. */
  static readonly kind: string = 'LongrunningError';

  /** True for instances of this class, from this copy of the package or another. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const kinds = (value as { [BRAND]?: readonly string[] })[BRAND];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  /** The numeric google.rpc code, e.g. 5. */
  readonly code: Code;
  /** The code's name, e.g. `'NOT_FOUND'`. */
  readonly codeName: CodeName;
  /** The message as the service (or this package) wrote it, without the `[CODE]` prefix. */
  readonly rawMessage: string;
  /** Decoded detail payloads, in the order they came. */
  readonly details: readonly ErrorDetail[];

  /** @internal The class names an instance answers `instanceof` for. */
  declare readonly [BRAND]: readonly string[];

  constructor(code: number, message: string, init: ErrorInit = {}) {
    const name = codeName(code);
    super(message ? `[${name}] ${message}` : `[${name}]`, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code as Code;
    this.codeName = name;
    this.rawMessage = message;
    this.details = init.details ?? [];
    const kinds: string[] = [];
    for (let c = new.target as unknown as { kind?: string } | null; c && typeof c.kind === 'string'; c = Object.getPrototypeOf(c)) {
      if (!kinds.includes(c.kind)) kinds.push(c.kind);
    }
    Object.defineProperty(this, BRAND, { value: Object.freeze(kinds) });
    Object.defineProperty(this, 'name', {
      value: (new.target as { kind: string }).kind,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }

  /** The first detail of the given type URL or full message name, if any. */
  findDetail(type: string): ErrorDetail | undefined {
    return this.details.find((d) => d['@type'] === type || d['@type'].endsWith(`/${type}`));
  }
}

/**
 * An RPC failed: the service answered with an error status, the call could
 * not reach it, or the request was refused before any network call (a name
 * the profile would not accept, a method the profile lacks). The same over
 * gRPC and REST.
 */
export class RpcError extends LongrunningError {
  static override readonly kind: string = 'RpcError';

  /** The RPC, e.g. `'GetOperation'`. */
  readonly method: string | undefined;

  constructor(code: number, message: string, init: ErrorInit & { method?: string } = {}) {
    super(code, message, init);
    this.method = init.method;
  }

  /**
   * Turns anything thrown into an RpcError: an RpcError as it is, an abort
   * into CANCELLED, anything else into UNKNOWN with the original as `cause`.
   */
  static from(reason: unknown, method?: string): RpcError {
    if (reason instanceof RpcError) return reason;
    if (reason instanceof LongrunningError)
      return new RpcError(reason.code, reason.rawMessage, { details: reason.details, cause: reason, method });
    if (reason instanceof Error && (reason.name === 'AbortError' || reason.name === 'TimeoutError')) {
      return new RpcError(reason.name === 'TimeoutError' ? Code.DEADLINE_EXCEEDED : Code.CANCELLED, reason.message, {
        cause: reason,
        method,
      });
    }
    return new RpcError(Code.UNKNOWN, reason instanceof Error ? reason.message : String(reason), { cause: reason, method });
  }
}

/**
 * A long-running operation finished with an error Status. `code`, `details`
 * and the message are the Status's; `operation` is the raw final state.
 */
export class OperationError extends LongrunningError {
  static override readonly kind: string = 'OperationError';

  /** The operation's name. */
  readonly operationName: string;
  /** The operation as the service last returned it. */
  readonly operation: Operation;

  constructor(operation: Operation, details: readonly ErrorDetail[] = [], cause?: unknown) {
    const status = operation.error ?? { code: Code.UNKNOWN, message: '' };
    super(status.code, status.message || `operation ${operation.name} failed`, { details, cause });
    this.operationName = operation.name;
    this.operation = operation;
  }
}

/** The operation ended with code 1 (CANCELLED), usually after a cancel request. */
export class OperationCancelledError extends OperationError {
  static override readonly kind: string = 'OperationCancelledError';
}

/**
 * A wait ran out of time (`timeoutMs`) or of attempts (`maxAttempts`) before
 * the operation finished. The operation goes on; waiting again resumes.
 * Code DEADLINE_EXCEEDED.
 */
export class PollTimeoutError<TResponse = unknown, TMetadata = unknown> extends LongrunningError {
  static override readonly kind: string = 'PollTimeoutError';

  /** The operation's name. */
  readonly operationName: string;
  /** The last snapshot seen before the wait ended; undefined when no poll succeeded. */
  readonly latest: Snapshot<TResponse, TMetadata> | undefined;

  constructor(operationName: string, message: string, latest: Snapshot<TResponse, TMetadata> | undefined, cause?: unknown) {
    super(Code.DEADLINE_EXCEEDED, message, { cause });
    this.operationName = operationName;
    this.latest = latest;
  }
}

/**
 * An Any payload could not be turned into a value: its type URL does not
 * match the one pinned, the bytes do not decode, or the operation is done
 * with both an error and a response. Code INTERNAL.
 */
export class UnpackError extends LongrunningError {
  static override readonly kind: string = 'UnpackError';

  /** The type URL of the payload that failed. */
  readonly typeUrl: string;
  /** The operation it came from, when it came from one. */
  readonly operation: Operation | undefined;

  constructor(message: string, init: { typeUrl: string; operation?: Operation; cause?: unknown }) {
    super(Code.INTERNAL, message, { cause: init.cause });
    this.typeUrl = init.typeUrl;
    this.operation = init.operation;
  }
}

/** The payload's type URL is not in the registry. `registered` lists what is. */
export class UnknownTypeError extends UnpackError {
  static override readonly kind: string = 'UnknownTypeError';

  /** The full names of the message types the registry knows. */
  readonly registered: readonly string[];

  constructor(message: string, init: { typeUrl: string; operation?: Operation; registered: readonly string[] }) {
    super(message, init);
    this.registered = init.registered;
  }
}
