// This SDK's side of the comparison: a poller per operation, with the poll options a scenario gives.
import { OperationError, OperationsClient, type Operation, type OperationsClientOptions, type PollerOptions } from '../src/index.js';
import { secondsOfJsonDuration, type Waiter, type WaitOutcome } from './waiter.js';

/** How our waits are set up. */
export interface OurWaiterOptions {
  readonly label: string;
  /** Given to every `client.poller()` as one object, so that all pollers share one resolved schedule. */
  readonly poll?: PollerOptions;
  /** On top of an insecure gRPC client to the endpoint. */
  readonly client?: Partial<OperationsClientOptions>;
}

/**
 * Waits with `client.poller(op, poll).result({ signal })` over gRPC to
 * `endpoint`. With `useWait: 'auto'` (the default) it long-polls with
 * WaitOperation where the profile offers it; `'never'` polls with
 * GetOperation (or a batched ListOperations) only.
 */
export function ourWaiter(endpoint: string, o: OurWaiterOptions): Waiter {
  // Responses in proto3 JSON: a Duration is its '1s' string, as the scenarios compare it.
  const client = new OperationsClient({ ...o.client, endpoint, insecure: true, poll: { format: 'json', ...o.client?.poll } });
  const poll = o.poll ?? {};
  return {
    label: o.label,
    async warmUp(name) {
      await client.getOperation(name);
    },
    async wait(op: Operation, signal: AbortSignal): Promise<WaitOutcome> {
      try {
        const response = await client.poller<string>(op, poll).result({ signal });
        return { seconds: secondsOfJsonDuration(response) };
      } catch (error) {
        if (error instanceof OperationError) return { operationErrorCode: error.code };
        throw error;
      }
    },
    close() {
      client.close();
    },
  };
}
