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
import { storageTransferTypes } from './operation-recipes.js';
import type { Waiter, WaitOutcome } from './waiter.js';

type OperationsClient = ReturnType<ReturnType<typeof lro>['operationsClient']>;
type RawOperation = Parameters<typeof operation>[0];
type Decoder = ConstructorParameters<typeof LongrunningDescriptor>[2];
type BackoffSettings = ReturnType<typeof createDefaultBackoffSettings>;

const durationType = protobuf.Root.fromJSON(protobuf.common.get('google/protobuf/duration.proto')!).lookupType('google.protobuf.Duration');
let transferOperationType: protobuf.Type | undefined;

/** The metadata gax decodes: Duration for plain operations, TransferOperation as Storage Transfer's generated client would. */
export type GaxMetadata = 'duration' | 'transfer';

function metadataDecoder(kind: GaxMetadata): Decoder {
  if (kind === 'duration') return (bytes) => durationType.decode(bytes);
  transferOperationType ??= protobuf.Root.fromJSON(storageTransferTypes() as protobuf.INamespace).lookupType(
    'google.storagetransfer.v1.TransferOperation',
  );
  const type = transferOperationType;
  return (bytes) => type.decode(bytes);
}

/** google-gax's OperationsClient over plaintext to `host:port`, with a fixed universe so that no credentials are looked for. */
function gaxOperationsClient(endpoint: string): OperationsClient {
  const colon = endpoint.lastIndexOf(':');
  return lro({ universeDomain: 'googleapis.com' }).operationsClient({
    servicePath: endpoint.slice(0, colon),
    port: Number(endpoint.slice(colon + 1)),
    sslCreds: grpc.credentials.createInsecure(),
  });
}

/** How gax polls: its default backoff unless told otherwise, and how it decodes metadata. */
export interface GaxPollingOptions {
  /** @default createDefaultBackoffSettings(): GetOperation at once, then after 100 ms, ×1.3 up to 60 s */
  readonly backoff?: BackoffSettings;
  /** @default 'duration' */
  readonly metadata?: GaxMetadata;
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

/** Sets up gax's LRO machinery against `endpoint`; responses decode as google.protobuf.Duration. */
export function gaxPolling(endpoint: string, o: GaxPollingOptions = {}): GaxPolling {
  const client = gaxOperationsClient(endpoint);
  const descriptor = new LongrunningDescriptor(client, (bytes) => durationType.decode(bytes), metadataDecoder(o.metadata ?? 'duration'));
  const backoff = o.backoff ?? createDefaultBackoffSettings();
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

/**
 * Waits with google-gax's `operation(...).promise()`. gax's Operation takes
 * no AbortSignal: the waiter listens to each signal once, and when it
 * fires stops the polling of every wait given that signal.
 */
export function gaxWaiter(endpoint: string, o: GaxPollingOptions & { readonly label?: string } = {}): Waiter {
  const gax = gaxPolling(endpoint, o);
  const bySignal = new WeakMap<AbortSignal, Set<() => void>>();
  const onAbort = (signal: AbortSignal, stop: () => void): (() => void) => {
    let stops = bySignal.get(signal);
    if (!stops) {
      const all = (stops = new Set());
      bySignal.set(signal, all);
      signal.addEventListener('abort', () => [...all].forEach((s) => s()), { once: true });
    }
    stops.add(stop);
    const mine = stops;
    return () => mine.delete(stop);
  };
  return {
    label: o.label ?? 'google-gax',
    async warmUp(name) {
      await gax.client.getOperation({ name } as Parameters<OperationsClient['getOperation']>[0]);
    },
    wait(op: Operation, signal: AbortSignal): Promise<WaitOutcome> {
      if (signal.aborted) return Promise.reject(signal.reason);
      const polling = gax.operation(op);
      return new Promise((resolve, reject) => {
        const forget = onAbort(signal, () => {
          stopGaxPolling(polling);
          reject(signal.reason);
        });
        polling.promise().then(
          (answer) => {
            forget();
            const [result] = answer as [{ seconds?: unknown } | undefined];
            const seconds = result?.seconds;
            resolve({ seconds: seconds === undefined ? undefined : Number(seconds) });
          },
          (error: unknown) => {
            forget();
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
