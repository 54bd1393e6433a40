import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Code, OperationsClient, services, type AuthClient } from '../../src/index.js';
import { closedPort, emulatorFor, rejection, TRANSPORTS } from '../helpers/setup.js';

const TOKEN = 'ya29.CANARY-d41d8cd98f00b204e9800998ecf8427e';
const API_KEY = 'AIzaCANARY-0123456789abcdef';

// The credentials travel as headers: an auth client, and a header the caller set.
const auth: AuthClient = { getRequestHeaders: async () => ({ authorization: `Bearer ${TOKEN}` }) };

function everythingSaidAbout(value: unknown): string {
  const parts = [inspect(value, { depth: Infinity, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // Not serialisable: inspect has it all.
  }
  if (value instanceof Error) {
    parts.push(String(value), value.stack ?? '');
    for (let e: unknown = value.cause, depth = 0; e !== undefined && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
      parts.push(inspect(e, { depth: Infinity, showHidden: true }), String(e), (e as Error).stack ?? '');
    }
  }
  return parts.join('\n');
}

function expectNoCanary(value: unknown): void {
  const text = everythingSaidAbout(value);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(API_KEY);
}

for (const transport of TRANSPORTS) {
  describe(`credentials stay out of what the SDK says, over ${transport}`, () => {
    it('in errors of every kind, in the client and its pollers, inspected and serialised', async () => {
      // Plaintext to loopback would refuse credentials by design; a local TLS-less emulator takes them when allowed to.
      await using emulator = await emulatorFor(services.standard);
      const endpoint = transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint;
      const options = { endpoint, transport, headers: { 'x-goog-api-key': API_KEY }, retry: false as const, timeoutMs: 2_000 };
      // REST over http:// needs insecure; it then sends no credentials at all. Over gRPC, TLS against a plaintext server fails: an error to inspect.
      using withAuth = new OperationsClient({
        ...options,
        auth,
        ...(transport === 'rest' ? { endpoint: endpoint.replace('http:', 'https:') } : {}),
      });
      using plain = new OperationsClient({ ...options, insecure: true });
      expectNoCanary(withAuth);
      expectNoCanary(plain);

      const failures: unknown[] = [];
      failures.push(await rejection(withAuth.getOperation('operations/x')));
      emulator.failNext(1, { code: Code.UNAUTHENTICATED, message: 'token rejected' });
      failures.push(await rejection(plain.getOperation('operations/x')));
      failures.push(await rejection(plain.getOperation('operations/none')));
      failures.push(await rejection(plain.getOperation('../escape')));
      const failed = emulator.create({ error: { code: Code.PERMISSION_DENIED, message: 'no' } });
      const poller = plain.poller(failed.name);
      failures.push(await rejection(poller.result()));
      const running = emulator.create({ durationMs: 60_000 });
      const slow = plain.poller(running.name, { useWait: 'never' });
      failures.push(await rejection(slow.result({ timeoutMs: 50 })));
      const port = await closedPort();
      using unreachable = new OperationsClient({
        ...options,
        insecure: true,
        endpoint: transport === 'grpc' ? `127.0.0.1:${port}` : `http://127.0.0.1:${port}`,
      });
      failures.push(await rejection(unreachable.getOperation('operations/x')));
      expect(failures).toHaveLength(7);
      for (const f of failures) expectNoCanary(f);
      expectNoCanary(poller);
      expectNoCanary(slow);
      expectNoCanary(poller.toJSON());
      expectNoCanary(withAuth);
      expectNoCanary(plain);
    });
  });
}
