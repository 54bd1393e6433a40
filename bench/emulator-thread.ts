// An emulator on its own worker thread, so that heap readings of the main thread hold only the client's side.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Operation } from '../src/index.js';
import type { EmulatorCalls, OperationSpec } from '../src/testing/index.js';
import type { EmulatorRequest } from './emulator-worker.js';

/** The few emulator calls the heap scenario needs, across the thread boundary. */
export interface EmulatorThread {
  readonly grpcEndpoint: string;
  /** Creates `count` operations from one spec and returns their states at creation. */
  create(count: number, spec: OperationSpec): Promise<Operation[]>;
  /** Finishes running operations now, with their scripted ends. */
  complete(names: string[]): Promise<void>;
  calls(): Promise<EmulatorCalls>;
  /** Closes the emulator and ends the thread. */
  close(): Promise<void>;
}

type Reply = { id: number; result?: unknown; error?: string };

// tsx's loader hooks only the main thread, so the worker loads its TypeScript entry through tsx's API.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));
`;

/** Starts a worker thread running an emulator on loopback. */
export async function startEmulatorThread(): Promise<EmulatorThread> {
  const workerData = { tsxApi: import.meta.resolve('tsx/esm/api'), entry: new URL('./emulator-worker.ts', import.meta.url).href };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const [first] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([e]) => Promise.reject(e))])) as [
    { ready: string },
  ];
  worker.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiting?.reject(new Error(`emulator thread: ${reply.error}`));
    else waiting?.resolve(reply.result);
  });
  worker.on('error', (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });
  type Request = EmulatorRequest extends infer R ? (R extends EmulatorRequest ? Omit<R, 'id'> : never) : never;
  const ask = <T>(request: Request): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  return {
    grpcEndpoint: first.ready,
    create: (count, spec) => ask({ method: 'create', count, spec }),
    complete: (names) => ask({ method: 'complete', names }),
    calls: () => ask({ method: 'calls' }),
    async close() {
      const exited = once(worker, 'exit');
      await ask({ method: 'close' });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      await worker.terminate();
    },
  };
}
