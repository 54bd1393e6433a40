// What one client tells of itself: the spans of its calls and waits, and its log lines. Made once per client.
import { RPC_NAMES, type OperationsMethod, type ServiceProfile, type Transport } from '../profiles/service-profile.js';
import { CallObservation, type CallDescription } from './call-observation.js';
import type { Logger } from './logger.js';
import { activeTracer, loadTracing, tracingPending, type OtelContext } from './otel.js';
import { Redactor } from './redact.js';
import { WaitObservation } from './wait-observation.js';

/** What a client's observer is made from. */
export interface ClientObserverInit {
  /** Where log lines go: the client's `logger`, the LONGRUNNING_DEBUG logger, or none. */
  readonly logger: Logger | undefined;
  /** The caller's `headers`: every value in them is kept out of what is logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly service: ServiceProfile;
  /** `server.address` and `server.port` of the built-in transports; undefined for a transport object of the caller's. */
  readonly server: { readonly address: string; readonly port: number | undefined } | undefined;
}

/** A parent for a call's span: a wait's observation. */
export interface TraceParent {
  readonly context: object | undefined;
}

/**
 * Observes one client. Where no tracer provider is registered and no logger
 * listens, {@link call} and {@link wait} return undefined and nothing else
 * is done: no span, no attribute, no string built.
 */
export class ClientObserver {
  readonly #logger: Logger | undefined;
  readonly #redactor: Redactor;
  readonly #service: ServiceProfile;
  readonly #server: ClientObserverInit['server'];
  readonly #callerHeaders: Readonly<Record<string, string>>;

  constructor(init: ClientObserverInit) {
    this.#logger = init.logger;
    this.#redactor = new Redactor(init.headers);
    this.#service = init.service;
    this.#server = init.server;
    this.#callerHeaders = init.headers;
    void loadTracing();
  }

  /** While @opentelemetry/api is still loading (the process's first calls), the load; else undefined. */
  ready(): Promise<void> | undefined {
    return tracingPending();
  }

  /**
   * An observation of one call, or undefined when nobody observes.
   * @param name the operation's name, or for a list its collection's.
   * @param headers the headers the client adds to the call.
   * @param parent the wait the call polls for.
   */
  call(
    method: OperationsMethod,
    name: string,
    transport: Transport,
    headers: Readonly<Record<string, string>>,
    parent: TraceParent | undefined,
  ): CallObservation | undefined {
    const tracer = activeTracer();
    if (!tracer && !this.#logger) return undefined;
    const binding = transport === 'rest' ? this.#service.http(method) : undefined;
    const description: CallDescription = {
      rpc: RPC_NAMES[method],
      name,
      nameIs: method === 'list' ? 'collection' : 'operation',
      system: transport === 'grpc' ? 'grpc' : 'http',
      http: binding ? { verb: binding.verb, template: binding.path.source } : undefined,
      server: this.#server,
      // What the call sends besides the transport's own headers and the credentials: the caller's (redacted when logged), then the call's.
      headers: { ...this.#callerHeaders, ...headers },
    };
    return new CallObservation(description, tracer, parent?.context as OtelContext | undefined, this.#logger, this.#redactor);
  }

  /**
   * An observation of one wait on `name`, or undefined when nobody observes.
   * @param polls reads the poll count of the operation's loop.
   */
  wait(name: string, polls: () => number): WaitObservation | undefined {
    if (!this.#logger && !tracingPending() && !activeTracer()) return undefined;
    return new WaitObservation({ name, service: this.#service.id, polls, logger: this.#logger, redactor: this.#redactor });
  }
}

/**
 * `server.address` and `server.port` of an endpoint: `host:port` (gRPC, 443
 * when the port is left out) or `http(s)://host[:port]` (REST, 80 or 443).
 */
export function serverOf(endpoint: string): { address: string; port: number | undefined } {
  const scheme = /^([a-z]+):\/\//i.exec(endpoint)?.[1]?.toLowerCase();
  const authority = endpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  let address = authority;
  let port: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(authority);
  if (bracketed) {
    address = bracketed[1]!;
    port = bracketed[2];
  } else if (authority.indexOf(':') === authority.lastIndexOf(':') && authority.includes(':')) {
    [address, port] = authority.split(':') as [string, string];
  }
  const fallback = scheme === 'http' ? 80 : 443;
  const n = port === undefined || port === '' ? fallback : Number(port);
  return { address, port: Number.isInteger(n) ? n : undefined };
}
