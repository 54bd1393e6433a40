// The error classes of the SDK: one base class with a stable google.rpc code, and a few subclasses.
import { Code, codeName, isCode, type CodeName } from './codes.js';
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

  /** The numeric google.rpc code, e.g. 5; UNKNOWN (2) for a number outside 0–16, which {@link rawCode} keeps. */
  readonly code: Code;
  /**
   * The code as it was given: equal to `code`, except for a number that is
   * not a google.rpc code (a server's `grpc-status: 99`, say), which reads
   * as UNKNOWN in `code` and is kept here as it came.
   */
  readonly rawCode: number;
  /** The code's name, e.g. `'NOT_FOUND'`. */
  readonly codeName: CodeName;
  /** The message as the service (or this package) wrote it, without the `[CODE]` prefix. */
  readonly rawMessage: string;
  /** Decoded detail payloads, in the order they came. */
  readonly details: readonly ErrorDetail[];

  /** @internal The class names an instance answers `instanceof` for. */
  declare readonly [BRAND]: readonly string[];

  constructor(code: number, message: string, init: ErrorInit = {}) {
    const known = isCode(code);
    const name = known ? codeName(code) : 'UNKNOWN';
    const text = known ? message : `${message}${message ? ' ' : ''}(code ${String(code)} is not a google.rpc code)`;
    super(text ? `[${name}] ${text}` : `[${name}]`, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = known ? code : Code.UNKNOWN;
    this.rawCode = code;
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

  constructor(code: number, message: string, init: ErrorInit & { method?: string | undefined } = {}) {
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

/** How much of an unusable answer a {@link MalformedResponseError} keeps: its first 1 KiB. */
export const RAW_EXCERPT_LIMIT = 1024;

function excerpt(raw: string | Uint8Array | undefined): string | Uint8Array | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return raw.slice(0, RAW_EXCERPT_LIMIT);
  // A copy: a Buffer's slice() is a view that would keep the whole answer alive.
  return Uint8Array.prototype.slice.call(raw, 0, RAW_EXCERPT_LIMIT);
}

/** What a {@link MalformedResponseError} is made from. */
export interface MalformedResponseInit extends ErrorInit {
  /** The RPC, e.g. `'GetOperation'`. */
  method?: string | undefined;
  /** The field that could not be read (`'done'`, `'operations[3].name'`); absent when the answer as a whole could not be read. */
  field?: string | undefined;
  /** The answer as it came: its text over REST, its bytes over gRPC. Only the first 1 KiB is kept. */
  raw?: string | Uint8Array | undefined;
}

/**
 * The service answered, but with something that is not what the RPC
 * returns: a body that is not JSON, JSON of the wrong shape (`done: "yes"`),
 * bytes that do not decode as the message, a gRPC call that ended OK with
 * no message, a 200 that carries an error envelope. Code INTERNAL.
 *
 * Nothing of such an answer is used. A poller polls through a few of them
 * in a row, with backoff (the client's `maxMalformedResponses`), then ends
 * the wait with this error.
 */
export class MalformedResponseError extends RpcError {
  static override readonly kind: string = 'MalformedResponseError';

  /** The field that could not be read, as a path (`'done'`, `'operations[3].name'`); undefined for the answer as a whole. */
  readonly field: string | undefined;
  /** The first 1 KiB of the answer: text over REST, bytes over gRPC; undefined when there was no body to keep. */
  readonly raw: string | Uint8Array | undefined;
  /** The answer's length before it was cut to {@link raw}: characters of text, or bytes. */
  readonly rawLength: number | undefined;

  constructor(message: string, init: MalformedResponseInit = {}) {
    super(Code.INTERNAL, message, init);
    this.field = init.field;
    this.raw = excerpt(init.raw);
    this.rawLength = init.raw?.length;
  }
}

function quoteName(name: string): string {
  return JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);
}

/**
 * The service answered a GetOperation or WaitOperation with another
 * operation than the one asked for. Nothing of the answer is used.
 * Code INTERNAL; `field` is `'name'`.
 */
export class OperationNameMismatchError extends MalformedResponseError {
  static override readonly kind: string = 'OperationNameMismatchError';

  /** The name the call asked for. */
  readonly requestedName: string;
  /** The name the answer carried (its first 1 KiB); `''` when it had none. */
  readonly answeredName: string;

  constructor(requestedName: string, answeredName: string, init: Omit<MalformedResponseInit, 'field'> = {}) {
    super(`asked for operation ${quoteName(requestedName)}, the answer is for ${quoteName(answeredName)}`, { ...init, field: 'name' });
    this.requestedName = requestedName;
    this.answeredName = answeredName.slice(0, RAW_EXCERPT_LIMIT);
  }
}

/**
 * One answer passed the client's `maxResponseBytes`: its body (after
 * decompression), its gRPC message, or its headers. The read was stopped
 * there. Code RESOURCE_EXHAUSTED; a poller treats it as a malformed answer
 * (a few in a row, with backoff, then the wait ends).
 */
export class ResponseTooLargeError extends RpcError {
  static override readonly kind: string = 'ResponseTooLargeError';

  /** The limit that was passed, in bytes. */
  readonly limitBytes: number;

  constructor(message: string, init: ErrorInit & { method?: string | undefined; limitBytes: number }) {
    super(Code.RESOURCE_EXHAUSTED, message, init);
    this.limitBytes = init.limitBytes;
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
