// startEmulator: one store of operations served over gRPC and REST on loopback, with scripting, faults and call counts.
import type { Clock } from '../clock.js';
import type { Operation } from '../operation.js';
import type { OperationsTransport } from '../transport/transport.js';
import { TypeRegistry, type TypeSource } from '../registry/type-registry.js';
import { services } from '../profiles/catalogue.js';
import type { ServiceProfile } from '../profiles/service-profile.js';
import { CallEndedError, CallGate, type EmulatorCalls } from './call-gate.js';
import { FaultInjector, type FailNextError, type FaultOptions } from './faults.js';
import { hostPort, startGrpcServer, type GrpcListener } from './grpc-server.js';
import { OperationStore, type ErrorSpec, type OperationSpec } from './operation-store.js';
import { OperationsService } from './operations-service.js';
import type { PayloadSpec } from './payloads.js';
import { startRestServer, type RestListener } from './rest-server.js';
import { corsPolicy, type CorsOption, type CorsPolicy } from './cors.js';
import { createInMemoryTransport, type InMemoryTransportOptions } from './in-memory-transport.js';

/** How to start an emulator. */
export interface EmulatorOptions {
  /** The service to behave like: its names, bindings and list rules. @default services.standard */
  profile?: ServiceProfile;
  /** The gRPC port. @default 0 (a free port) */
  grpcPort?: number;
  /** The HTTP port. @default 0 (a free port) */
  httpPort?: number;
  /** The address both listen on. @default '127.0.0.1' */
  host?: string;
  /**
   * Extra message types, for payloads given as JSON: a registry (used as it
   * is) or sources to build one from. google.rpc and the well-known types
   * are always there.
   */
  types?: TypeRegistry | TypeSource[];
  /**
   * Whether to listen on sockets at all. With `false` the emulator serves
   * only {@link Emulator.transport}: unit tests with no port and no socket.
   * @default true
   */
  listen?: boolean;
  /**
   * The clock operations run on: their durations, and WaitOperation's
   * timeouts. Give the same `ManualClock` to the client and the emulator
   * and a schedule of hours is tested in milliseconds.
   * @default the system's monotonic clock
   */
  clock?: Clock;
  /**
   * CORS on the REST server, for tests that call it from a page in a
   * browser: `true` allows any origin, an origin (`'http://localhost:5173'`)
   * or a list of them allows those. Allowed requests get
   * Access-Control-Allow-Origin, and preflights are answered.
   * @default false
   */
  cors?: CorsOption;
}

/**
 * A running emulator. Both transports share one store, so an operation
 * created here can be read over either. Dispose of it with `await using`,
 * or call {@link close}.
 */
export interface Emulator extends AsyncDisposable {
  /** The profile it follows. */
  readonly profile: ServiceProfile;
  /** The gRPC address, `'127.0.0.1:PORT'`. */
  readonly grpcEndpoint: string;
  /** The REST base URL, `'http://127.0.0.1:PORT'`. */
  readonly restEndpoint: string;
  /**
   * A transport that calls this emulator in memory, with no socket: give it
   * to `new OperationsClient({ transport: emulator.transport() })`. Calls
   * through it are counted, faulted and delayed like any other.
   * @throws TypeError for a kind other than 'grpc' or 'rest'.
   */
  transport(options?: InMemoryTransportOptions): OperationsTransport;
  /** The registry payloads are packed and printed with. */
  readonly types: TypeRegistry;
  /**
   * Adds an operation; returns its state at creation, payloads as binary Anys.
   * @throws TypeError for a name outside the profile's pattern or already taken, or a payload that cannot be packed.
   */
  create(spec?: OperationSpec): Operation;
  /**
   * The current state of an operation, for assertions; not counted as a call. Undefined when there is none.
   * @throws TypeError when the operation's metadata function throws or returns a payload that cannot be packed.
   */
  peek(name: string): Operation | undefined;
  /**
   * Finishes a running operation now, with `end` or its scripted end, and
   * wakes its waiters. An operation already done is left as it is.
   * @throws TypeError when there is no such operation.
   */
  complete(name: string, end?: { response?: PayloadSpec; error?: ErrorSpec }): void;
  /** Replaces the random faults (see {@link FaultOptions}); the generator restarts from the seed. */
  setFaults(faults: FaultOptions): void;
  /** Removes every fault, scripted ones included. */
  clearFaults(): void;
  /** Makes the next `count` calls (of `error.methods`, default all) fail with this status, before any random fault. */
  failNext(count: number, error: FailNextError): void;
  /** The calls received so far, faulted ones included. */
  readonly calls: EmulatorCalls;
  /** Sets the call counters to 0. */
  resetCalls(): void;
  /**
   * Closes both listeners, dropping connections and calls in progress, then
   * listens again on the same ports. The operations stay.
   * @throws Error when the emulator is closed, or a port cannot be bound again.
   */
  restart(): Promise<void>;
  /** Stops both listeners, ends hanging calls and waits, clears every timer. Safe to call more than once. */
  close(): Promise<void>;
}

interface NormalizedOptions {
  readonly listen: boolean;
  readonly clock: Clock | undefined;
  readonly profile: ServiceProfile;
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly host: string;
  readonly types: TypeRegistry;
  readonly cors: CorsPolicy | undefined;
}

/** The defaults of {@link EmulatorOptions}. */
const DEFAULT_OPTIONS: Readonly<Omit<NormalizedOptions, 'types' | 'clock' | 'cors'>> = Object.freeze({
  listen: true,
  profile: services.standard,
  grpcPort: 0,
  httpPort: 0,
  host: '127.0.0.1',
});

function port(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new TypeError(`startEmulator: ${field} must be an integer from 0 to 65535`);
  return value;
}

/**
 * Fills in the defaults of the options.
 * @throws TypeError naming the option that is wrong.
 */
export function normalizeEmulatorOptions(options: EmulatorOptions = {}): NormalizedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('startEmulator: options must be an object');
  const profile = options.profile ?? DEFAULT_OPTIONS.profile;
  if (
    typeof profile?.supports !== 'function' ||
    typeof profile.namePattern !== 'function' ||
    typeof profile.list?.compileFilter !== 'function'
  ) {
    throw new TypeError('startEmulator: profile must be a ServiceProfile (see services and defineServiceProfile)');
  }
  const host = options.host ?? DEFAULT_OPTIONS.host;
  if (typeof host !== 'string' || host === '') throw new TypeError('startEmulator: host must be a non-empty string');
  const listen = options.listen ?? DEFAULT_OPTIONS.listen;
  if (typeof listen !== 'boolean') throw new TypeError('startEmulator: listen must be a boolean');
  const clock = options.clock;
  if (clock !== undefined && (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function')) {
    throw new TypeError('startEmulator: clock must have now(), setTimeout() and clearTimeout()');
  }
  const t = options.types;
  if (t !== undefined && !(t instanceof TypeRegistry) && !Array.isArray(t))
    throw new TypeError('startEmulator: types must be a TypeRegistry or an array of type sources');
  return {
    listen,
    clock,
    profile,
    host,
    grpcPort: port(options.grpcPort ?? DEFAULT_OPTIONS.grpcPort, 'grpcPort'),
    httpPort: port(options.httpPort ?? DEFAULT_OPTIONS.httpPort, 'httpPort'),
    types: t instanceof TypeRegistry ? t : new TypeRegistry(...(t ?? [])),
    cors: corsPolicy(options.cors),
  };
}

class RunningEmulator implements Emulator {
  readonly #store: OperationStore;
  readonly #faults: FaultInjector;
  readonly #gate: CallGate;
  readonly #service: OperationsService;
  readonly #host: string;
  #grpc: GrpcListener | undefined;
  #rest: RestListener | undefined;
  readonly #listens: boolean;
  readonly #grpcPort: number;
  readonly #httpPort: number;
  readonly #cors: CorsPolicy | undefined;
  #lifecycle: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    o: NormalizedOptions,
    parts: {
      store: OperationStore;
      faults: FaultInjector;
      gate: CallGate;
      service: OperationsService;
      grpc: GrpcListener | undefined;
      rest: RestListener | undefined;
    },
  ) {
    this.#store = parts.store;
    this.#faults = parts.faults;
    this.#gate = parts.gate;
    this.#service = parts.service;
    this.#grpc = parts.grpc;
    this.#rest = parts.rest;
    this.#host = o.host;
    this.#listens = o.listen;
    this.#grpcPort = parts.grpc?.port ?? 0;
    this.#httpPort = parts.rest?.port ?? 0;
    this.#cors = o.cors;
  }

  #requireListening(): void {
    if (!this.#listens) throw new Error('emulator: started with listen: false, so it has no endpoint; use emulator.transport()');
  }

  get profile(): ServiceProfile {
    return this.#store.profile;
  }

  get types(): TypeRegistry {
    return this.#store.types;
  }

  get grpcEndpoint(): string {
    this.#requireListening();
    return hostPort(this.#host, this.#grpcPort);
  }

  get restEndpoint(): string {
    this.#requireListening();
    return `http://${hostPort(this.#host, this.#httpPort)}`;
  }

  get calls(): EmulatorCalls {
    return this.#gate.calls;
  }

  transport(options?: InMemoryTransportOptions): OperationsTransport {
    return createInMemoryTransport(this.#service, this.#gate, options);
  }

  create(spec?: OperationSpec): Operation {
    return this.#store.create(spec);
  }

  peek(name: string): Operation | undefined {
    return this.#store.read(name);
  }

  complete(name: string, end?: { response?: PayloadSpec; error?: ErrorSpec }): void {
    this.#store.complete(name, end);
  }

  setFaults(faults: FaultOptions): void {
    this.#faults.set(faults);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  failNext(count: number, error: FailNextError): void {
    this.#faults.failNext(count, error);
  }

  resetCalls(): void {
    this.#gate.resetCalls();
  }

  /** Runs lifecycle steps one after another, so restart and close never overlap. */
  #serially(step: () => Promise<void>): Promise<void> {
    const next = this.#lifecycle.then(step);
    this.#lifecycle = next.catch(() => undefined);
    return next;
  }

  async #stopListening(reason: string): Promise<void> {
    this.#gate.abortAll(new CallEndedError(reason, true));
    const grpc = this.#grpc;
    const rest = this.#rest;
    this.#grpc = undefined;
    this.#rest = undefined;
    // Let the ended calls write their UNAVAILABLE before the listeners go.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([grpc?.close(), rest?.close()]);
  }

  restart(): Promise<void> {
    return this.#serially(async () => {
      if (this.#closed) throw new Error('emulator: restart() after close()');
      await this.#stopListening('the emulator restarted');
      if (!this.#listens) return;
      this.#grpc = await startGrpcServer(this.#service, this.#gate, this.#host, this.#grpcPort);
      this.#rest = await startRestServer(this.#service, this.#gate, this.#host, this.#httpPort, this.#cors);
    });
  }

  close(): Promise<void> {
    if (this.#closed) return this.#lifecycle;
    this.#closed = true;
    return this.#serially(() => this.#stopListening('the emulator closed'));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Starts an emulator of google.longrunning.Operations: gRPC and REST on
 * loopback, free ports unless given, following a service profile.
 *
 * @example
 * await using emulator = await startEmulator({ profile: services.storageTransfer });
 * const op = emulator.create({ durationMs: 200, response: { '@type': 'type.googleapis.com/google.protobuf.Empty' } });
 * // point a client at emulator.grpcEndpoint or emulator.restEndpoint
 * @throws TypeError for bad options; the bind error when a port is taken.
 */
export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  const o = normalizeEmulatorOptions(options);
  const clock = o.clock;
  const store = clock ? new OperationStore(o.profile, o.types, () => clock.now()) : new OperationStore(o.profile, o.types);
  const faults = new FaultInjector(o.types);
  const gate = new CallGate(faults);
  const service = new OperationsService(store, clock);
  if (!o.listen) return new RunningEmulator(o, { store, faults, gate, service, grpc: undefined, rest: undefined });
  const grpc = await startGrpcServer(service, gate, o.host, o.grpcPort);
  let rest: RestListener;
  try {
    rest = await startRestServer(service, gate, o.host, o.httpPort, o.cors);
  } catch (error) {
    await grpc.close();
    throw error;
  }
  return new RunningEmulator(o, { store, faults, gate, service, grpc, rest });
}
