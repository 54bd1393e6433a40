// The emulator without sockets: a transport object that hands each RPC to the emulator's own service code.
import { Code } from '../codes.js';
import { operationFromMessage, operationToMessage } from '../operation-codec.js';
import type { Operation } from '../operation.js';
import { longrunningTypes } from '../protos.js';
import type { OperationsMethod, Transport } from '../profiles/service-profile.js';
import { WireError, type AttemptOptions, type OperationsTransport } from '../transport/transport.js';
import { MAX_TIMER_MS } from '../timers.js';
import { CallEndedError, type CallGate } from './call-gate.js';
import { EmulatorCallError, unimplemented } from './call-error.js';
import type { OperationsService } from './operations-service.js';

/** How the emulator's in-memory transport behaves. */
export interface InMemoryTransportOptions {
  /**
   * The bindings it follows: the profile's methods it reaches, as over
   * gRPC or as over REST (a method the profile lacks there is UNIMPLEMENTED).
   * Payloads come back as binary Anys either way, as over gRPC.
   * @default 'grpc'
   */
  readonly kind?: Transport;
}

// Each answer goes through the wire encoding and back, as over gRPC: the caller never holds the store's own objects.
function copyOperation(op: Operation): Operation {
  const type = longrunningTypes().Operation;
  const bytes = type.encode(type.fromObject(operationToMessage(op))).finish();
  return operationFromMessage(type.decode(bytes) as unknown as Parameters<typeof operationFromMessage>[0]);
}

function wireError(error: unknown): WireError {
  if (error instanceof CallEndedError) {
    return new WireError(
      { code: error.byServer ? Code.UNAVAILABLE : Code.CANCELLED, message: `emulator: ${error.message}`, details: [] },
      error,
    );
  }
  const failure = EmulatorCallError.from(error);
  return new WireError(failure.status, error);
}

/**
 * A transport that runs every call through the emulator's call gate (counts,
 * faults, latency) and its service code, in this process. The attempt's
 * deadline and signal end a call as they would on the wire.
 */
export function createInMemoryTransport(
  service: OperationsService,
  gate: CallGate,
  options: InMemoryTransportOptions = {},
): OperationsTransport {
  const kind = options.kind ?? 'grpc';
  if (kind !== 'grpc' && kind !== 'rest') throw new TypeError(`transport kind must be 'grpc' or 'rest', got ${String(kind)}`);
  const { profile } = service.store;

  async function call<T>(method: OperationsMethod, o: AttemptOptions, handle: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
    if (o.signal?.aborted) throw new WireError({ code: Code.CANCELLED, message: 'aborted before the call', details: [] }, o.signal.reason);
    const ended = new AbortController();
    const onAbort = () => ended.abort(new CallEndedError('the client cancelled the call', false));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    let deadlinePassed = false;
    const timer = setTimeout(
      () => {
        deadlinePassed = true;
        ended.abort(new CallEndedError('the deadline passed', false));
      },
      Math.min(Math.max(0, o.deadline - Date.now()), MAX_TIMER_MS),
    );
    try {
      // Answer in a later turn of the event loop, as a socket would: a burst of calls never runs as one long task.
      await new Promise((resolve) => setImmediate(resolve));
      // A call its caller gave up on before it went out never reaches the emulator, as on the wire.
      if (ended.signal.aborted) throw ended.signal.reason;
      return await gate.run(
        method,
        kind,
        ended.signal,
        (signal) => {
          if (!profile.supports(method, kind)) throw unimplemented(method, profile);
          return handle(signal);
        },
        { ...o.headers },
      );
    } catch (error) {
      if (deadlinePassed) throw new WireError({ code: Code.DEADLINE_EXCEEDED, message: 'the deadline passed', details: [] }, error);
      throw wireError(error);
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    kind,
    peer: `the in-memory emulator (${profile.title})`,
    get: (name, o) => call('get', o, () => copyOperation(service.get(name))),
    list: (request, o) =>
      call('list', o, () => {
        const page = service.list(request);
        return { operations: page.operations.map(copyOperation), nextPageToken: page.nextPageToken, unreachable: [...page.unreachable] };
      }),
    cancel: (name, o) => call('cancel', o, () => service.cancel(name)),
    delete: (name, o) => call('delete', o, () => service.delete(name)),
    wait: (name, timeoutMs, o) => call('wait', o, async (signal) => copyOperation(await service.wait(name, timeoutMs, signal))),
    close: () => {},
  };
}
