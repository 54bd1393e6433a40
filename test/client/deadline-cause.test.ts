// A call that fails near its deadline reports the failure that made it retry, not a deadline of its own making.
import { describe, expect, it } from 'vitest';
import { Code, OperationsClient, RpcError } from '../../src/index.js';
import { closedPort, rejection, TRANSPORTS } from '../helpers/setup.js';

for (const transport of TRANSPORTS) {
  describe(`an unreachable port over ${transport}`, () => {
    it('is UNAVAILABLE (ECONNREFUSED) whatever the timeout, never DEADLINE_EXCEEDED', async () => {
      const port = await closedPort();
      using client = new OperationsClient({
        endpoint: transport === 'grpc' ? `127.0.0.1:${port}` : `http://127.0.0.1:${port}`,
        transport,
        insecure: true,
      });
      // The first call sets the channel up; the short ones after it fail fast on the refused connection, then retry near their deadline.
      for (const timeoutMs of [5_000, 150, 250, 400, 700, 1_000]) {
        const err = await rejection(client.getOperation('operations/x', { timeoutMs }));
        expect(err).toBeInstanceOf(RpcError);
        expect({ timeoutMs, code: (err as RpcError).code }).toEqual({ timeoutMs, code: Code.UNAVAILABLE });
      }
    });
  });
}
