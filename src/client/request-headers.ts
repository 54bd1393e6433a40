// The headers a client adds to each call: the routing header with the call's resource name, and the quota project.
import { REQUEST_PARAMS_HEADER, requestParamsHeader, USER_PROJECT_HEADER } from '../transport/google-headers.js';
import type { AuthClient, ListRequest } from '../transport/transport.js';

/** The resource name a request is about: the operation's name, or for a list the collection's. */
export function routingName(request: unknown): string {
  if (typeof request === 'string') return request;
  const name = (request as Partial<ListRequest> | undefined)?.name;
  return typeof name === 'string' ? name : '';
}

/**
 * Checks the `quotaProjectId` option: undefined, or a non-empty string.
 * @throws TypeError naming the option.
 */
export function checkQuotaProjectId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(`quotaProjectId must be a non-empty string, got ${String(value)}`);
  return value;
}

// google-auth-library's clients carry the quota project of their credentials here; an auth object of the caller's may too.
function quotaProjectOf(auth: AuthClient | undefined): string | undefined {
  const value = (auth as { quotaProjectId?: unknown } | undefined)?.quotaProjectId;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/**
 * What a client adds to each call's headers, besides what its transport
 * always sends (`x-goog-api-client`, the user agent) and the caller's `headers`:
 *
 * - `x-goog-request-params: name=<the URL-encoded name>`, the routing header
 *   (for a list, the collection's name), on every call with a name;
 * - `x-goog-user-project`, when the client has a `quotaProjectId` or its
 *   credentials carry one (read on each call: google-auth-library learns it
 *   only when it loads them).
 *
 * A header the caller gave in `headers` is left as the caller gave it.
 */
export class RequestHeaders {
  readonly #callerSet: ReadonlySet<string>;
  readonly #quotaProjectId: string | undefined;
  readonly #auth: AuthClient | undefined;

  constructor(options: {
    readonly headers: Readonly<Record<string, string>>;
    readonly quotaProjectId: string | undefined;
    readonly auth: AuthClient | undefined;
    readonly insecure: boolean;
  }) {
    this.#callerSet = new Set(Object.keys(options.headers).map((k) => k.toLowerCase()));
    this.#quotaProjectId = options.quotaProjectId;
    // An insecure client sends no credentials, so they name no project.
    this.#auth = options.insecure ? undefined : options.auth;
  }

  /** The quota project the client names, if any: its own option first, then its credentials'. */
  quotaProject(): string | undefined {
    return this.#quotaProjectId ?? quotaProjectOf(this.#auth);
  }

  /** The headers for one call about `name`. */
  forCall(name: string): Readonly<Record<string, string>> {
    const params = name !== '' && !this.#callerSet.has(REQUEST_PARAMS_HEADER);
    const project = this.#callerSet.has(USER_PROJECT_HEADER) ? undefined : this.quotaProject();
    if (!params && project === undefined) return EMPTY;
    const headers: Record<string, string> = {};
    if (params) headers[REQUEST_PARAMS_HEADER] = requestParamsHeader(name);
    if (project !== undefined) headers[USER_PROJECT_HEADER] = project;
    return headers;
  }
}

/**
 * The credentials as a transport should use them: google-auth-library adds
 * `x-goog-user-project` to its own headers, so when the calls carry one of
 * the client's (its `quotaProjectId`, which wins, or the credentials' own
 * `quotaProjectId`, or one in `headers`) the credentials' copy is left out,
 * and the service sees a single value. Credentials the client names no
 * project for (Application Default Credentials, say) are left as they are.
 */
export function singleQuotaProject<A extends AuthClient | undefined>(
  auth: A,
  options: { readonly quotaProjectId: string | undefined; readonly headers: Readonly<Record<string, string>> },
): A {
  if (!auth || WRAPPED.has(auth)) return auth;
  const callerSets = Object.keys(options.headers).some((k) => k.toLowerCase() === USER_PROJECT_HEADER);
  const wrapped: AuthClient = {
    getRequestHeaders: async (url) => {
      const headers = await auth.getRequestHeaders(url);
      // Decided on each call: google-auth-library learns its quotaProjectId only when it loads its credentials.
      const callsCarryOne = callerSets || options.quotaProjectId !== undefined || quotaProjectOf(auth) !== undefined;
      return callsCarryOne ? withoutHeader(headers, USER_PROJECT_HEADER) : headers;
    },
  };
  WRAPPED.add(wrapped);
  return wrapped as A;
}

// Credentials already wrapped: a maker that hands its credentials on to another is not wrapped twice.
const WRAPPED = new WeakSet<AuthClient>();

function withoutHeader(
  headers: Headers | Record<string, string | string[] | undefined>,
  name: string,
): Headers | Record<string, string | string[] | undefined> {
  if (typeof (headers as Headers).delete === 'function' && typeof (headers as Headers).forEach === 'function') {
    const copy = new Headers(headers as Headers);
    copy.delete(name);
    return copy;
  }
  const copy: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== name) copy[k] = v;
  return copy;
}
