// The OperationsClient's options: one interface, one defaults table, one normaliser.
import { services } from '../profiles/catalogue.js';
import type { ServiceProfile, Transport } from '../profiles/service-profile.js';
import { TypeRegistry, type TypeSource } from '../registry/type-registry.js';
import type { Clock } from '../clock.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type AccessTokenSource, type AuthClient, type OperationsTransport } from '../transport/transport.js';
import { resolvePollOptions, type PollOptions } from '../poller/poll-options.js';
import { checkTimeoutMs } from '../call-options.js';
import { checkLogger, type Logger } from '../observe/logger.js';
import { checkQuotaProjectId } from './request-headers.js';

/** How the client retries an RPC that failed with a transient error (UNAVAILABLE; DEADLINE_EXCEEDED on reads). */
export interface RetryOptions {
  /** Retries after the first attempt. @default 5 */
  readonly retries?: number;
  /** The delay before the first retry. @default 100 */
  readonly initialDelayMs?: number;
  /** The largest delay between attempts. @default 5000 */
  readonly maxDelayMs?: number;
  /** How much each delay grows. @default 2 */
  readonly multiplier?: number;
  /** Whether each delay is drawn at random between itself and twice itself. @default true */
  readonly randomize?: boolean;
}

/** What `new OperationsClient()` takes. */
export interface OperationsClientOptions {
  /**
   * `host:port` for gRPC (`localhost:8080`, `storagetransfer.googleapis.com:443`);
   * `http(s)://host[:port]` for REST. Required, unless `transport` is an object,
   * where it only names the peer in messages.
   */
  readonly endpoint?: string;
  /**
   * The wire protocol (`'grpc'` or `'rest'`), or a transport object of your
   * own that makes the RPCs: `emulator.transport()` from `longrunning/testing`
   * runs the emulator in memory, without sockets, for unit tests. The client
   * of `longrunning/rest` makes REST only.
   * @default 'grpc' (from `longrunning/rest`: 'rest')
   */
  readonly transport?: Transport | OperationsTransport;
  /**
   * Plaintext with no credentials, for emulators on loopback. Against a host
   * that is not loopback (127.0.0.0/8, ::1, localhost) it is refused unless
   * `dangerouslyAllowInsecureRemote` is set too.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Lets `insecure` reach a host that is not loopback: calls then travel in
   * plaintext over the network, readable and alterable by anyone on the path.
   * For test networks you control only.
   * @default false
   */
  readonly dangerouslyAllowInsecureRemote?: boolean;
  /**
   * Supplies credentials per call when not insecure: an object whose
   * `getRequestHeaders(url)` gives the headers (any google-auth-library
   * client fits), or a function that gives an OAuth2 access token, sent as
   * `authorization: Bearer <token>`.
   * @default Google Application Default Credentials with the cloud-platform scope, loaded on the first call; from `longrunning/rest`, none
   */
  readonly auth?: AuthClient | AccessTokenSource;
  /** Where the RPCs live and what the service accepts. @default services.standard */
  readonly service?: ServiceProfile;
  /** Decoders for Any payloads: a TypeRegistry, or sources to build one from. @default the built-in types only */
  readonly types?: TypeRegistry | TypeSource | readonly TypeSource[];
  /** The time one call may take, retries included, unless the call says otherwise. @default 60000 */
  readonly timeoutMs?: number;
  /** Retries of transient failures, or `false` for none. */
  readonly retry?: RetryOptions | false;
  /**
   * Headers (gRPC metadata) sent with every call. One the package sends too
   * (`x-goog-api-client`, `x-goog-request-params`, `user-agent`, …) is
   * replaced by yours. Their values are never logged.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The project whose quota and billing the calls go to, sent as
   * `x-goog-user-project`. Without it, the header is sent when the `auth`
   * client has a `quotaProjectId` (google-auth-library's clients read one
   * from their credentials) or adds the header itself.
   * @default none
   */
  readonly quotaProjectId?: string;
  /**
   * Where the client tells what it does: each call at `debug` (its start,
   * with the headers it adds, and its end, with its code, duration and
   * attempts), each retry at `info`, each wait's end at `debug`. `console`
   * fits. Credentials are never in it: `authorization`, API keys and the
   * values of `headers` read `[redacted]`.
   * @default none; with the environment variable LONGRUNNING_DEBUG=1, lines on stderr
   */
  readonly logger?: Logger;
  /** Defaults for every poller of this client (see PollOptions). */
  readonly poll?: PollOptions;
  /**
   * Where the client's pollers read the time and set their timers. Tests hand
   * in a `ManualClock` (from `longrunning/testing`) to check timing without
   * waiting. The RPCs' own deadlines and retries keep to the system clock.
   * @default the system clock
   */
  readonly clock?: Clock;
  /**
   * How many WaitOperation long-polls this client's pollers hold open at
   * once; pollers beyond it poll with GetOperation until a slot frees. An
   * open long-poll costs about 20 KB of heap against 2 KB for a wait between
   * GetOperations, so the cap keeps 100,000 pending waits under 2 KB each.
   * A server may also cap concurrent streams per connection: set this below
   * that if other calls must never queue behind long-polls. 0: never long-poll.
   * @default 1000
   */
  readonly maxConcurrentWaits?: number;
  /**
   * How many polls (GetOperation, or a ListOperations that answers for a
   * batch) this client's pollers have in flight at once; polls due beyond it
   * wait their turn, the one due longest first. 100 is what one HTTP/2
   * connection commonly carries at once: more would queue there anyway.
   * Long-polls are bounded by `maxConcurrentWaits` instead.
   * @default 100
   */
  readonly maxInFlight?: number;
  /**
   * Batched polling, where the service lists operations by name (the
   * profile's `batchGet`; Storage Transfer has it): a poll due now takes
   * along the client's other polls of the same batch key (Storage Transfer:
   * the project) due within this many ms, up to the batch size, and one
   * ListOperations answers for all of them. Polls are only ever moved
   * earlier. 0 turns batching off.
   * @default 1000
   */
  readonly batchWindowMs?: number;
  /**
   * The most bytes one answer may have: a REST body (counted after
   * decompression, so a small body that inflates to gigabytes stops here) or
   * a gRPC message (the channel's max receive length: refused from its length
   * prefix, before it is downloaded). The read stops once past it, and the
   * call rejects with ResponseTooLargeError (RESOURCE_EXHAUSTED). A REST error
   * body is read up to 64 KiB, whatever this says.
   * @default 33554432 (32 MiB)
   */
  readonly maxResponseBytes?: number;
  /**
   * How many malformed answers (MalformedResponseError: not JSON, the wrong
   * shape, bytes that do not decode, another operation's name; or
   * ResponseTooLargeError) a poller takes since its last good one before its
   * wait ends with the last of them. Until then each is polled through with
   * backoff, and told to 'retry' listeners.
   * @default 5
   */
  readonly maxMalformedResponses?: number;
  /**
   * `listOperations` stops with MalformedResponseError at this many empty
   * pages in a row that each hand out a next page token: a service that
   * hands out a new token with every empty page would be followed for ever.
   * (A token handed out twice stops it at once.)
   * @default 100
   */
  readonly maxEmptyPages?: number;
}

/** The defaults of {@link OperationsClientOptions} and {@link RetryOptions}. */
export const CLIENT_DEFAULTS = Object.freeze({
  /** See {@link OperationsClientOptions.transport}. */
  transport: 'grpc' as Transport,
  /** See {@link OperationsClientOptions.insecure}: TLS and credentials. */
  insecure: false,
  /** See {@link OperationsClientOptions.timeoutMs}. */
  timeoutMs: 60_000,
  /** See {@link OperationsClientOptions.maxConcurrentWaits}. */
  maxConcurrentWaits: 1_000,
  /** See {@link OperationsClientOptions.maxInFlight}. */
  maxInFlight: 100,
  /** See {@link OperationsClientOptions.batchWindowMs}. */
  batchWindowMs: 1_000,
  /** See {@link OperationsClientOptions.maxResponseBytes}: 32 MiB. */
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  /** See {@link OperationsClientOptions.maxMalformedResponses}. */
  maxMalformedResponses: 5,
  /** See {@link OperationsClientOptions.maxEmptyPages}. */
  maxEmptyPages: 100,
  /** The defaults of {@link RetryOptions}: 5 retries, 100 ms ×2 up to 5 s, randomized. */
  retry: Object.freeze({
    /** See {@link RetryOptions.retries}. */
    retries: 5,
    /** See {@link RetryOptions.initialDelayMs}. */
    initialDelayMs: 100,
    /** See {@link RetryOptions.maxDelayMs}. */
    maxDelayMs: 5_000,
    /** See {@link RetryOptions.multiplier}. */
    multiplier: 2,
    /** See {@link RetryOptions.randomize}. */
    randomize: true,
  }),
});

/** Client options after defaults and checks. */
export interface ResolvedClientOptions {
  readonly endpoint: string;
  readonly transport: Transport;
  /** The caller's transport object, when one was given. */
  readonly wire: OperationsTransport | undefined;
  readonly clock: Clock | undefined;
  readonly insecure: boolean;
  readonly auth: AuthClient | undefined;
  readonly service: ServiceProfile;
  readonly types: TypeRegistry;
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions> | false;
  readonly headers: Readonly<Record<string, string>>;
  readonly quotaProjectId: string | undefined;
  readonly logger: Logger | undefined;
  readonly poll: PollOptions | undefined;
  readonly maxConcurrentWaits: number;
  readonly maxInFlight: number;
  readonly batchWindowMs: number;
  readonly maxResponseBytes: number;
  readonly maxMalformedResponses: number;
  readonly maxEmptyPages: number;
}

function nonNegative(value: unknown, field: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${field} must be a non-negative ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  }
  return value;
}

/** The host of a `host:port` or `http(s)://host[:port]` endpoint, brackets removed from IPv6. */
export function hostOf(endpoint: string): string {
  const rest = endpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  if (rest.startsWith('[')) return rest.slice(1, rest.indexOf(']'));
  const colon = rest.lastIndexOf(':');
  return colon >= 0 && rest.indexOf(':') === colon ? rest.slice(0, colon) : rest;
}

/** True for localhost, 127.0.0.0/8 and ::1: hosts whose traffic never leaves the machine. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h.replace(/^::ffff:/, ''));
  return v4 !== null && Number(v4[1]) === 127 && v4.slice(2).every((n) => Number(n) <= 255);
}

const TRANSPORT_METHODS = ['get', 'list', 'cancel', 'delete', 'wait', 'close'] as const;

function checkTransportObject(wire: OperationsTransport): OperationsTransport {
  const missing = TRANSPORT_METHODS.filter((m) => typeof wire[m] !== 'function');
  if (missing.length > 0) throw new TypeError(`transport object lacks ${missing.map((m) => `${m}()`).join(', ')}`);
  if (wire.kind !== 'grpc' && wire.kind !== 'rest')
    throw new TypeError(`transport.kind must be 'grpc' or 'rest', got ${String(wire.kind)}`);
  return wire;
}

function positiveInteger(value: unknown, field: string, fallback: number): number {
  const n = nonNegative(value, field, fallback, true);
  if (n === 0) throw new TypeError(`${field} must be a positive integer, got 0`);
  return n;
}

function toAuthClient(auth: OperationsClientOptions['auth']): AuthClient | undefined {
  if (auth === undefined) return undefined;
  if (typeof auth === 'function') {
    return {
      async getRequestHeaders() {
        const token = await auth();
        if (typeof token !== 'string' || token === '') throw new TypeError('the auth function gave no access token');
        return { authorization: `Bearer ${token}` };
      },
    };
  }
  if (typeof auth !== 'object' || auth === null || typeof auth.getRequestHeaders !== 'function') {
    throw new TypeError('auth must be an object with getRequestHeaders(url), or a function that gives an access token');
  }
  return auth;
}

function toRegistry(types: OperationsClientOptions['types']): TypeRegistry {
  if (types instanceof TypeRegistry) return types;
  if (types === undefined) return new TypeRegistry();
  return Array.isArray(types) ? new TypeRegistry(...(types as TypeSource[])) : new TypeRegistry(types as TypeSource);
}

/**
 * Applies defaults and checks every field; `defaultTransport` is the
 * transport of options that name none, which depends on the entry.
 * @throws TypeError naming the first bad field.
 */
export function resolveClientOptions(
  options: OperationsClientOptions,
  defaultTransport: Transport = CLIENT_DEFAULTS.transport,
): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('OperationsClient options must be an object with an endpoint');
  const wire = typeof options.transport === 'object' && options.transport !== null ? checkTransportObject(options.transport) : undefined;
  const transport = wire ? wire.kind : (options.transport ?? defaultTransport);
  if (transport !== 'grpc' && transport !== 'rest')
    throw new TypeError(`transport must be 'grpc', 'rest' or a transport object, got ${String(transport)}`);
  const endpoint = options.endpoint ?? (wire ? (wire.peer ?? 'a custom transport') : undefined);
  if (typeof endpoint !== 'string' || endpoint === '')
    throw new TypeError('endpoint is required: host:port for gRPC, http(s)://host:port for REST');
  if (!wire && transport === 'rest' && !/^https?:\/\/[^/]+\/?$/.test(endpoint)) {
    throw new TypeError(`endpoint for REST must read http(s)://host[:port], got '${endpoint}'`);
  }
  if (!wire && transport === 'grpc' && !/^(\[[0-9a-fA-F:.]+\]|[^/:\s]+)(:\d{1,5})?$/.test(endpoint)) {
    throw new TypeError(`endpoint for gRPC must read host[:port], got '${endpoint}'`);
  }
  const clock = options.clock;
  if (
    clock !== undefined &&
    (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function' || typeof clock.clearTimeout !== 'function')
  ) {
    throw new TypeError('clock must have now(), setTimeout() and clearTimeout()');
  }
  const insecure = options.insecure ?? CLIENT_DEFAULTS.insecure;
  if (!wire && transport === 'rest' && !insecure && endpoint.startsWith('http://')) {
    throw new TypeError(`endpoint '${endpoint}' is plain HTTP: credentials would travel in clear; use https:// or insecure: true`);
  }
  if (!wire && insecure && options.dangerouslyAllowInsecureRemote !== true && !isLoopback(hostOf(endpoint))) {
    throw new TypeError(
      `insecure: true sends plaintext, and '${hostOf(endpoint)}' is not a loopback host; ` +
        'use TLS, or set dangerouslyAllowInsecureRemote: true for a network you control',
    );
  }
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== 'string') throw new TypeError(`headers.${key} must be a string`);
    if (key.toLowerCase().endsWith('-bin')) throw new TypeError(`headers.${key}: binary headers ('-bin') are not supported`);
  }
  const service = options.service ?? services.standard;
  if (typeof service?.supports !== 'function') throw new TypeError('service must be a profile from services or defineServiceProfile()');
  let retry: ResolvedClientOptions['retry'] = false;
  if (options.retry !== false) {
    const r = options.retry ?? {};
    const d = CLIENT_DEFAULTS.retry;
    retry = {
      retries: nonNegative(r.retries, 'retry.retries', d.retries, true),
      initialDelayMs: nonNegative(r.initialDelayMs, 'retry.initialDelayMs', d.initialDelayMs),
      maxDelayMs: nonNegative(r.maxDelayMs, 'retry.maxDelayMs', d.maxDelayMs),
      multiplier: nonNegative(r.multiplier, 'retry.multiplier', d.multiplier),
      randomize: r.randomize ?? d.randomize,
    };
    if (retry.multiplier < 1) throw new TypeError(`retry.multiplier must be at least 1, got ${retry.multiplier}`);
  }
  return {
    endpoint,
    transport,
    wire,
    clock,
    insecure,
    auth: toAuthClient(options.auth),
    service,
    types: toRegistry(options.types),
    timeoutMs: checkTimeoutMs(options.timeoutMs, 'timeoutMs') ?? CLIENT_DEFAULTS.timeoutMs,
    retry,
    headers: { ...options.headers },
    quotaProjectId: checkQuotaProjectId(options.quotaProjectId),
    logger: checkLogger(options.logger),
    poll: options.poll === undefined ? undefined : (resolvePollOptions(options.poll), options.poll),
    maxConcurrentWaits: nonNegative(options.maxConcurrentWaits, 'maxConcurrentWaits', CLIENT_DEFAULTS.maxConcurrentWaits, true),
    maxInFlight: positiveInteger(options.maxInFlight, 'maxInFlight', CLIENT_DEFAULTS.maxInFlight),
    batchWindowMs: nonNegative(options.batchWindowMs, 'batchWindowMs', CLIENT_DEFAULTS.batchWindowMs),
    maxResponseBytes: positiveInteger(options.maxResponseBytes, 'maxResponseBytes', CLIENT_DEFAULTS.maxResponseBytes),
    maxMalformedResponses: positiveInteger(options.maxMalformedResponses, 'maxMalformedResponses', CLIENT_DEFAULTS.maxMalformedResponses),
    maxEmptyPages: positiveInteger(options.maxEmptyPages, 'maxEmptyPages', CLIENT_DEFAULTS.maxEmptyPages),
  };
}
