// A transport whose code is loaded on its first call: the gRPC one (and @grpc/grpc-js with it) costs nothing until it is used.
import type { Transport } from '../profiles/service-profile.js';
import type { OperationsTransport } from './transport.js';

/**
 * A transport that makes the real one with `load()` on its first call and
 * hands every call to it. A load that fails fails that call, and the next
 * call tries again. Closed before the load has settled, it closes what the
 * load gives as soon as it arrives.
 */
export function lazyTransport(kind: Transport, load: () => Promise<OperationsTransport>): OperationsTransport {
  let loading: Promise<OperationsTransport> | undefined;
  let loaded: OperationsTransport | undefined;
  let closed = false;
  const wire = (): Promise<OperationsTransport> => {
    loading ??= load().then(
      (t) => {
        loaded = t;
        if (closed) t.close();
        return t;
      },
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    );
    return loading;
  };
  return {
    kind,
    get: async (name, o) => (await wire()).get(name, o),
    list: async (request, o) => (await wire()).list(request, o),
    cancel: async (name, o) => (await wire()).cancel(name, o),
    delete: async (name, o) => (await wire()).delete(name, o),
    wait: async (name, timeoutMs, o) => (await wire()).wait(name, timeoutMs, o),
    close() {
      closed = true;
      loaded?.close();
    },
  };
}
