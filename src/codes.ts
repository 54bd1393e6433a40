// The google.rpc.Code values, shared by errors, transports and the emulator.

/**
 * The canonical google.rpc status codes. gRPC uses the same numbers; REST
 * carries the name in `error.status` and an HTTP status beside it.
 */
export const Code = {
  /** Not an error. */
  OK: 0,
  /** The operation was cancelled, typically by the caller. */
  CANCELLED: 1,
  /** Unknown error, or an error from another address space with an unknown code. */
  UNKNOWN: 2,
  /** The client gave an invalid argument (a malformed name, a bad filter, a page size over the limit). */
  INVALID_ARGUMENT: 3,
  /** The deadline expired before the operation could complete. */
  DEADLINE_EXCEEDED: 4,
  /** The requested entity (an operation, usually) was not found. */
  NOT_FOUND: 5,
  /** The entity that a client attempted to create already exists. */
  ALREADY_EXISTS: 6,
  /** The caller lacks permission for the call. */
  PERMISSION_DENIED: 7,
  /** Some resource, such as a quota, has been exhausted. */
  RESOURCE_EXHAUSTED: 8,
  /** The system is not in the state the call requires. */
  FAILED_PRECONDITION: 9,
  /** The call was aborted, typically because of a concurrency conflict. */
  ABORTED: 10,
  /** The call went past the valid range. */
  OUT_OF_RANGE: 11,
  /** The service, or this profile of it, does not implement the method. */
  UNIMPLEMENTED: 12,
  /** An invariant of the system was broken; also used for payloads that cannot be decoded. */
  INTERNAL: 13,
  /** The service is unavailable right now; a retry with backoff may succeed. */
  UNAVAILABLE: 14,
  /** Unrecoverable data loss or corruption. */
  DATA_LOSS: 15,
  /** The call lacks valid credentials. */
  UNAUTHENTICATED: 16,
} as const;

/** One of the numeric google.rpc codes. */
export type Code = (typeof Code)[keyof typeof Code];

/** The name of a google.rpc code, such as `'NOT_FOUND'`. */
export type CodeName = keyof typeof Code;

const names = Object.keys(Code) as CodeName[];

/** True for an integer from 0 to 16: a google.rpc code. */
export function isCode(value: number): value is Code {
  return Number.isInteger(value) && value >= 0 && value <= 16;
}

/** The name of a numeric code; `'UNKNOWN'` for a number outside 0–16. */
export function codeName(code: number): CodeName {
  return names[code] ?? 'UNKNOWN';
}

/** The numeric code for a name such as `'NOT_FOUND'`; undefined when the name is not a code. */
export function codeFromName(name: string): Code | undefined {
  return Object.hasOwn(Code, name) ? Code[name as CodeName] : undefined;
}

const httpStatusByCode: Record<number, number> = {
  0: 200,
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

/** The HTTP status that Google's REST mapping pairs with a code. */
export function httpStatusFromCode(code: number): number {
  return httpStatusByCode[code] ?? 500;
}

/**
 * The code for an HTTP status, used when a REST error carries no `status`
 * name (a proxy's 502, say). Follows the gRPC HTTP-to-status mapping.
 */
export function codeFromHttpStatus(status: number): Code {
  switch (status) {
    case 400:
      return Code.INVALID_ARGUMENT;
    case 401:
      return Code.UNAUTHENTICATED;
    case 403:
      return Code.PERMISSION_DENIED;
    case 404:
      return Code.NOT_FOUND;
    case 409:
      return Code.ABORTED;
    case 429:
      return Code.RESOURCE_EXHAUSTED;
    case 499:
      return Code.CANCELLED;
    case 501:
      return Code.UNIMPLEMENTED;
    case 502:
    case 503:
      return Code.UNAVAILABLE;
    case 504:
      return Code.DEADLINE_EXCEEDED;
    default:
      return status >= 500 ? Code.INTERNAL : Code.UNKNOWN;
  }
}
