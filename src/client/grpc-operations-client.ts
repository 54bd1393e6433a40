// The OperationsClient that `longrunning` exports: the shared client, with gRPC and Application Default Credentials
// besides REST, each loaded when first needed, so that a REST client never loads @grpc/grpc-js or google-gax.
import { lazyTransport } from '../transport/lazy-transport.js';
import { applicationDefaultCredentials } from './application-default-credentials.js';
import { CLIENT_DEFAULTS, type OperationsClientOptions, type ResolvedClientOptions } from './client-options.js';
import { OperationsClient as RestOperationsClient, REST_TRANSPORTS, type TransportMaker } from './operations-client.js';
import { singleQuotaProject } from './request-headers.js';

const GRPC_AND_REST: TransportMaker = Object.freeze({
  defaultTransport: CLIENT_DEFAULTS.transport,
  refuse: () => undefined,
  make(o: ResolvedClientOptions) {
    const auth = o.insecure ? undefined : singleQuotaProject(o.auth ?? applicationDefaultCredentials(), o);
    if (o.transport === 'rest') return REST_TRANSPORTS.make({ ...o, auth });
    // @grpc/grpc-js is imported with the gRPC transport, on the client's first call.
    return lazyTransport('grpc', async () => {
      const { createGrpcTransport } = await import('../transport/grpc-transport.js');
      return createGrpcTransport({
        endpoint: o.endpoint,
        insecure: o.insecure,
        auth,
        headers: o.headers,
        maxResponseBytes: o.maxResponseBytes,
      });
    });
  },
});

/**
 * A client for the google.longrunning Operations RPCs of one service, over
 * gRPC (the default) or REST.
 *
 * Every method checks its input against the service profile before any
 * network call, retries transient failures (UNAVAILABLE always,
 * DEADLINE_EXCEEDED on reads) with jittered backoff inside the call's
 * `timeoutMs`, and rejects with an {@link RpcError} whose `code` is the same
 * over gRPC and REST. An aborted `signal` rejects with the signal's reason.
 *
 * Nothing is loaded before it is needed: @grpc/grpc-js on a gRPC client's
 * first call, google-gax (for Application Default Credentials) on the first
 * call of a client that is neither insecure nor given `auth`.
 *
 * @example
 * // TLS and Application Default Credentials; the profile holds the service's bindings and rules
 * await using client = new OperationsClient({ endpoint: 'storagetransfer.googleapis.com:443', service: services.storageTransfer });
 * const op = await client.getOperation('transferOperations/transferJobs-123-456');
 * await client.poller(op); // resolves when the operation is done
 * @example
 * // The embedded emulator, in a test: plaintext on loopback
 * await using client = new OperationsClient({ endpoint: emulator.grpcEndpoint, insecure: true });
 */
export class OperationsClient extends RestOperationsClient {
  /** @throws TypeError naming a bad option. */
  constructor(options: OperationsClientOptions) {
    super(options);
  }

  /** @internal */
  protected override transportMaker(): TransportMaker {
    return GRPC_AND_REST;
  }
}
