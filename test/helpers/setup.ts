// Shared test set-up: an emulator per profile and a client per transport, on random loopback ports.
import { OperationsClient, type OperationsClientOptions, type ServiceProfile, type Transport } from '../../src/index.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/testing/index.js';

export const TRANSPORTS: readonly Transport[] = ['grpc', 'rest'];

/** A client for the emulator over one transport; the caller closes it. */
export function clientFor(emulator: Emulator, transport: Transport, options: Partial<OperationsClientOptions> = {}): OperationsClient {
  return new OperationsClient({
    endpoint: transport === 'grpc' ? emulator.grpcEndpoint : emulator.restEndpoint,
    transport,
    insecure: true,
    service: emulator.profile,
    ...options,
  });
}

/** Starts an emulator for a profile; closes it with the returned function. */
export async function emulatorFor(profile: ServiceProfile, options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ profile, ...options });
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The rejection of a promise, failing the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/**
 * Resolves once `condition()` holds, checking every 10 ms: for waiting on
 * something the test cannot await (a call reaching the emulator, sockets
 * closing) instead of sleeping a fixed time. Rejects after `timeoutMs`, naming `what`.
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
