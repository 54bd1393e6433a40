// The worker side of emulator-thread.ts: an emulator answering a few requests posted from the main thread.
import { parentPort } from 'node:worker_threads';
import { startEmulator, type OperationSpec } from '../src/testing/index.js';

/** A request from the main thread, answered with `{ id, result }` or `{ id, error }`. */
export type EmulatorRequest =
  | { id: number; method: 'create'; count: number; spec: OperationSpec }
  | { id: number; method: 'complete'; names: string[] }
  | { id: number; method: 'calls' }
  | { id: number; method: 'close' };

const port = parentPort;
if (!port) throw new Error('emulator-worker.ts runs as a worker thread; start it with startEmulatorThread()');

const emulator = await startEmulator();
port.postMessage({ ready: emulator.grpcEndpoint });

port.on('message', async (request: EmulatorRequest) => {
  try {
    let result: unknown;
    switch (request.method) {
      case 'create':
        result = Array.from({ length: request.count }, () => emulator.create(request.spec));
        break;
      case 'complete':
        for (const name of request.names) emulator.complete(name);
        break;
      case 'calls':
        result = emulator.calls;
        break;
      case 'close':
        await emulator.close();
        port.postMessage({ id: request.id });
        port.close();
        return;
    }
    port.postMessage({ id: request.id, result });
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
