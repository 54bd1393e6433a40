// The interface both wire protocols implement: the five RPCs, in and out as the one Operation shape.
import type { Operation, OperationsPage, Status } from '../operation.js';
import type { Transport } from '../profiles/service-profile.js';

/** The default bound on one answer: 32 MiB, far above any Operation and far below what a process can hold. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Limits for one attempt of one RPC. */
export interface AttemptOptions {
  /** Ends the attempt early; the transport rejects with a {@link WireError} of code CANCELLED. */
  readonly signal?: AbortSignal | undefined;
  /** The attempt's deadline, as an epoch time in ms. */
  readonly deadline: number;
  /** Headers for this call alone (`x-goog-request-params`, `x-goog-user-project`), set over the transport's own. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Told the HTTP status of the answer, where the protocol has one (REST): for the call's span. */
  readonly onHttpStatus?: ((status: number) => void) | undefined;
}

/**
 * A ListOperations request as it goes on the wire: every field present,
 * defaults filled. The client builds it after checking it against the
 * profile; the emulator reads the same shape off the wire.
 */
export interface ListRequest {
  /** The collection to list, e.g. `'operations'` or `'projects/p/locations/l'`. */
  readonly name: string;
  /** The service's filter text; `''` for none. */
  readonly filter: string;
  /** The most operations on one page; 0 lets the service choose. */
  readonly pageSize: number;
  /** The page to read, from the last page's `nextPageToken`; `''` for the first. */
  readonly pageToken: string;
  /** Whether the service may answer with the reachable part and list the rest in `unreachable`. */
  readonly returnPartialSuccess: boolean;
}

/** Supplies per-call headers, such as Authorization. google-auth-library's GoogleAuth fits. */
export interface AuthClient {
  /** The headers to send with a call to `url`, e.g. `{ authorization: 'Bearer …' }`. */
  getRequestHeaders(url?: string): Promise<Headers | Record<string, string | string[] | undefined>>;
}

/**
 * Gives an OAuth2 access token for the next call, such as one a browser app
 * got from Google Identity Services; the client sends it as
 * `authorization: Bearer <token>`. Called before every call: cache the
 * token, and refresh it before it expires.
 */
export type AccessTokenSource = () => string | Promise<string>;

/**
 * One protocol's way to make the Operations RPCs. It only translates: no
 * retries, no name checks (the client does both). Failures reject with a
 * {@link WireError}; an answer that cannot be read rejects with a
 * MalformedResponseError, one over the size limit with a ResponseTooLargeError. gRPC and REST are built in; `new OperationsClient({
 * transport })` also takes an object of your own, such as the emulator's
 * in-memory transport.
 */
export interface OperationsTransport {
  /** The bindings it follows: which of the profile's methods it can reach, as over gRPC or over REST. */
  readonly kind: Transport;
  /** Names the peer in messages, for a transport given without an endpoint. */
  readonly peer?: string;
  /** GetOperation: the operation's current state. */
  get(name: string, options: AttemptOptions): Promise<Operation>;
  /** ListOperations: one page. */
  list(request: ListRequest, options: AttemptOptions): Promise<OperationsPage>;
  /** CancelOperation: asks the service to cancel; resolves once it has accepted the request. */
  cancel(name: string, options: AttemptOptions): Promise<void>;
  /** DeleteOperation: removes the operation's record (it does not cancel it). */
  delete(name: string, options: AttemptOptions): Promise<void>;
  /** WaitOperation: the operation once done, or as it stands after `timeoutMs` (undefined: the server's own limit). */
  wait(name: string, timeoutMs: number | undefined, options: AttemptOptions): Promise<Operation>;
  /** Releases connections; calls after it may reject. The client calls it from its own `close()`. */
  close(): void;
}

/** What a transport rejects with: the Status as the wire carried it, details still packed. */
export class WireError extends Error {
  /** The google.rpc.Status of the failure, details still packed as Anys. */
  readonly status: Status;

  constructor(status: Status, cause?: unknown) {
    super(status.message, cause === undefined ? undefined : { cause });
    this.name = 'WireError';
    this.status = status;
  }
}

/** Flattens whatever an auth client returns into header pairs. */
export async function authHeaders(auth: AuthClient | undefined, url: string): Promise<[string, string][]> {
  if (!auth) return [];
  const h = await auth.getRequestHeaders(url);
  const out: [string, string][] = [];
  if (typeof (h as Headers).forEach === 'function' && typeof (h as Headers).get === 'function') {
    (h as Headers).forEach((value, key) => out.push([key, value]));
  } else {
    for (const [key, value] of Object.entries(h)) {
      if (Array.isArray(value)) for (const v of value) out.push([key, v]);
      else if (value !== undefined) out.push([key, value]);
    }
  }
  return out;
}

/** Settles with the promise, or rejects with the signal's reason as soon as it fires. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
