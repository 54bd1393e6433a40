// This SDK's side of the comparison: a poller per operation, with the default poll options.
import { OperationError, OperationsClient, type Operation, type OperationsClientOptions, type PollOptions } from '../src/index.js';
import { secondsOfJsonDuration, type Waiter, type WaitOutcome } from './waiter.js';

/**
 * Waits with `client.poller(op).result()` over gRPC to `endpoint`.
 * `useWait: 'auto'` long-polls with WaitOperation (the standard profile
 * offers it over gRPC); `'never'` polls with GetOperation only.
 */
export function ourWaiter(endpoint: string, useWait: PollOptions['useWait'], clientOptions: Partial<OperationsClientOptions> = {}): Waiter {
  const client = new OperationsClient({ ...clientOptions, endpoint, insecure: true });
  return {
    label: useWait === 'never' ? 'ours, GetOperation' : 'ours, WaitOperation',
    async warmUp(name) {
      await client.getOperation(name);
    },
    async wait(op: Operation, signal: AbortSignal): Promise<WaitOutcome> {
      try {
        const response = await client.poller<string>(op, { useWait }).result({ signal });
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
