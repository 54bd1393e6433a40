// An emulator on its own thread, for tests that read this thread's heap: its objects then never count as the client's.
import { Worker } from 'node:worker_threads';

/** A worker thread running an emulator with `count` operations that never end and a fixed latency. */
export interface EmulatorInWorker {
  readonly grpcEndpoint: string;
  readonly restEndpoint: string;
  readonly names: readonly string[];
  close(): Promise<void>;
}

// tsx hooks only the thread it starts in: the worker loads its TypeScript entry through tsx's API.
const BOOTSTRAP = `
const { workerData, parentPort } = require('node:worker_threads');
import(workerData.tsxApi)
  .then(({ tsImport }) => tsImport(workerData.entry, workerData.entry))
  .then(({ startEmulator }) => startEmulator({ profile: workerData.profile }))
  .then(async (emulator) => {
    const names = Array.from({ length: workerData.count }, () => emulator.create({ durationMs: 3600000 }).name);
    emulator.setFaults({ latencyMs: workerData.latencyMs });
    parentPort.postMessage({ grpc: emulator.grpcEndpoint, rest: emulator.restEndpoint, names });
    parentPort.once('message', () => emulator.close().then(() => parentPort.postMessage('closed')));
  });
`;

/** Starts the worker and waits for the emulator to listen. */
export async function startEmulatorInWorker(count: number, latencyMs: number): Promise<EmulatorInWorker> {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: {
      tsxApi: new URL('../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url).href,
      entry: new URL('../../src/testing/index.ts', import.meta.url).href,
      profile: undefined,
      count,
      latencyMs,
    },
  });
  const ready = await new Promise<{ grpc: string; rest: string; names: string[] }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    grpcEndpoint: ready.grpc,
    restEndpoint: ready.rest,
    names: ready.names,
    async close() {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
