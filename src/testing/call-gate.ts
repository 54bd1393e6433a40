// Every call passes here before its handler: it is counted, faults are applied, and it can be ended by the client or by close().
import type { OperationsMethod, Transport } from '../profiles/service-profile.js';
import { sleep, untilAborted } from '../timers.js';
import type { FaultInjector } from './faults.js';

/** One call as the emulator received it. */
export interface ReceivedCall {
  /** The RPC, e.g. `'get'` for GetOperation. */
  readonly method: OperationsMethod;
  /** The wire it came over (the in-memory transport counts as the kind it follows). */
  readonly transport: Transport;
  /**
   * Its request headers (gRPC metadata), names in lower case; a header sent
   * more than once reads as its values joined by `, `, a binary one as base64.
   * Over the in-memory transport, the headers the client adds to the call
   * (there is no wire to add the rest).
   */
  readonly headers: Readonly<Record<string, string>>;
}

/** How many calls {@link EmulatorCalls.recent} keeps. */
export const RECENT_CALLS = 100;

/** How many calls the emulator has received, faulted ones included. */
export interface EmulatorCalls {
  /** All calls. */
  readonly total: number;
  /** Calls per RPC. */
  readonly byMethod: Readonly<Record<OperationsMethod, number>>;
  /** Calls per transport. */
  readonly byTransport: Readonly<Record<Transport, number>>;
  /** Calls received and not answered yet (WaitOperations included), now. */
  readonly inFlight: number;
  /** The most calls that were in flight at once since the counters were last reset. */
  readonly maxInFlight: number;
  /** The last 100 calls received (faulted ones included), oldest first, with their headers: for checking what a client sends. */
  readonly recent: readonly ReceivedCall[];
}

interface Counters {
  total: number;
  byMethod: Record<OperationsMethod, number>;
  byTransport: Record<Transport, number>;
  maxInFlight: number;
}

function emptyCalls(inFlight = 0): Counters {
  return {
    total: 0,
    byMethod: { get: 0, list: 0, cancel: 0, delete: 0, wait: 0 },
    byTransport: { grpc: 0, rest: 0 },
    maxInFlight: inFlight,
  };
}

/**
 * The reason a call ends before its handler answers: the client cancelled
 * it or its deadline passed (`byServer` false: nothing is sent, the peer is
 * gone), or the emulator is closing or restarting (`byServer` true: gRPC
 * answers UNAVAILABLE before the connection drops).
 */
export class CallEndedError extends Error {
  constructor(
    message: string,
    readonly byServer: boolean,
  ) {
    super(message);
    this.name = 'CallEndedError';
  }
}

/**
 * Counts calls, applies faults, and keeps each call's AbortSignal so that
 * {@link abortAll} can end every pending wait, sleep and hang at once.
 */
export class CallGate {
  #calls = emptyCalls();
  readonly #active = new Set<AbortController>();
  // A ring of the last RECENT_CALLS calls: #next is where the next one goes.
  #recent: ReceivedCall[] = [];
  #next = 0;

  constructor(private readonly faults: FaultInjector) {}

  /** A copy of the counters. */
  get calls(): EmulatorCalls {
    const c = this.#calls;
    return {
      total: c.total,
      byMethod: { ...c.byMethod },
      byTransport: { ...c.byTransport },
      inFlight: this.#active.size,
      maxInFlight: c.maxInFlight,
      recent:
        this.#recent.length < RECENT_CALLS ? [...this.#recent] : [...this.#recent.slice(this.#next), ...this.#recent.slice(0, this.#next)],
    };
  }

  /** Sets every counter back to 0 (the most in flight, to those in flight now). */
  resetCalls(): void {
    this.#calls = emptyCalls(this.#active.size);
    this.#recent = [];
    this.#next = 0;
  }

  #record(call: ReceivedCall): void {
    if (this.#recent.length < RECENT_CALLS) this.#recent.push(call);
    else this.#recent[this.#next] = call;
    this.#next = (this.#next + 1) % RECENT_CALLS;
  }

  /** The number of calls received but not yet answered. */
  get pending(): number {
    return this.#active.size;
  }

  /**
   * Runs one call: counts it, draws its fault, waits out any latency, then
   * fails it, hangs it, or hands it to `handler` with a signal that aborts
   * when the client gives up (`clientSignal`) or on {@link abortAll}.
   * `headers` are the call's request headers, kept in {@link EmulatorCalls.recent}.
   *
   * @throws EmulatorCallError for an injected failure, or whatever the handler throws;
   *   the signal's reason when the call is ended before it is answered.
   */
  async run<T>(
    method: OperationsMethod,
    transport: Transport,
    clientSignal: AbortSignal,
    handler: (signal: AbortSignal) => T | Promise<T>,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<T> {
    const c = this.#calls;
    this.#record({ method, transport, headers });
    c.total++;
    c.byMethod[method]++;
    c.byTransport[transport]++;
    const controller = new AbortController();
    const onClientAbort = () => controller.abort(clientSignal.reason);
    if (clientSignal.aborted) onClientAbort();
    else clientSignal.addEventListener('abort', onClientAbort, { once: true });
    this.#active.add(controller);
    if (this.#active.size > c.maxInFlight) c.maxInFlight = this.#active.size;
    try {
      const { latencyMs, outcome } = this.faults.decide(method);
      if (latencyMs > 0) await sleep(latencyMs, { signal: controller.signal, unref: true });
      if (outcome.kind === 'fail') throw outcome.error;
      if (outcome.kind === 'hang') await untilAborted(controller.signal);
      controller.signal.throwIfAborted();
      return await handler(controller.signal);
    } finally {
      clientSignal.removeEventListener('abort', onClientAbort);
      this.#active.delete(controller);
    }
  }

  /** Ends every call in progress: their sleeps, hangs and waits reject with `reason`. */
  abortAll(reason: CallEndedError): void {
    for (const controller of [...this.#active]) controller.abort(reason);
    this.#active.clear();
  }
}
