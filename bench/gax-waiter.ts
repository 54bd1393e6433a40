// google-gax's side of the comparison: its Operation object polling GetOperation with gax's default backoff.
import {
  createDefaultBackoffSettings,
  grpc,
  LongrunningDescriptor,
  lro,
  operation,
  protobuf,
  type Operation as GaxOperation,
} from 'google-gax';
import type { Operation } from '../src/index.js';
import type { Waiter, WaitOutcome } from './waiter.js';

type OperationsClient = ReturnType<ReturnType<typeof lro>['operationsClient']>;
type RawOperation = Parameters<typeof operation>[0];

const durationType = protobuf.Root.fromJSON(protobuf.common.get('google/protobuf/duration.proto')!).lookupType('google.protobuf.Duration');

/** google-gax's OperationsClient over plaintext to `host:port`, with a fixed universe so that no credentials are looked for. */
function gaxOperationsClient(endpoint: string): OperationsClient {
  const colon = endpoint.lastIndexOf(':');
  return lro({ universeDomain: 'googleapis.com' }).operationsClient({
    servicePath: endpoint.slice(0, colon),
    port: Number(endpoint.slice(colon + 1)),
    sslCreds: grpc.credentials.createInsecure(),
  });
}

/**
 * What a generated gax client does with the Operation its start call
 * returned: wrap it in gax's Operation with a LongrunningDescriptor and
 * await `promise()`, which polls GetOperation at once and then after
 * 100 ms, growing ×1.3 up to 60 s (createDefaultBackoffSettings).
 */
export interface GaxPolling {
  /** gax's Operation around a running operation, as a generated client wraps what its start call returned. */
  operation(op: Operation): GaxOperation;
  /** The OperationsClient beneath. */
  readonly client: OperationsClient;
  close(): void;
}

/** Sets up gax's LRO machinery against `endpoint`, decoding responses and metadata as google.protobuf.Duration. */
export function gaxPolling(endpoint: string): GaxPolling {
  const client = gaxOperationsClient(endpoint);
  const decode = (bytes: Uint8Array | protobuf.Reader) => durationType.decode(bytes);
  const descriptor = new LongrunningDescriptor(client, decode, decode);
  const backoff = createDefaultBackoffSettings();
  return {
    client,
    // A running operation has only a name, done = false and perhaps metadata, whose Any has the same `value` bytes in either shape.
    operation: (op) => operation(op as unknown as RawOperation, descriptor, backoff),
    close: () => void client.close(),
  };
}

/** Stops a gax Operation's polling without cancelling it on the server: polling ends when no `complete` listener is left. */
export function stopGaxPolling(op: GaxOperation): void {
  op.removeAllListeners('complete');
}

/** Waits with google-gax's `operation(...).promise()`. */
export function gaxWaiter(endpoint: string): Waiter {
  const gax = gaxPolling(endpoint);
  return {
    label: 'google-gax',
    async warmUp(name) {
      await gax.client.getOperation({ name } as Parameters<OperationsClient['getOperation']>[0]);
    },
    wait(op: Operation, signal: AbortSignal): Promise<WaitOutcome> {
      const polling = gax.operation(op);
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          stopGaxPolling(polling);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        polling.promise().then(
          (answer) => {
            signal.removeEventListener('abort', onAbort);
            const [result] = answer as [{ seconds?: unknown } | undefined];
            const seconds = result?.seconds;
            resolve({ seconds: seconds === undefined ? undefined : Number(seconds) });
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            // gax sets `error` on its Operation only when the operation itself failed, not when a poll did.
            const code = (polling.error as { code?: unknown } | undefined)?.code;
            if (polling.error && typeof code === 'number') resolve({ operationErrorCode: code });
            else reject(error);
          },
        );
      });
    },
    close: () => gax.close(),
  };
}
