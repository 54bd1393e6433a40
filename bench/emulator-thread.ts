// Emulators on their own worker thread: the main thread's heap and event loop then hold only the client's side.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Operation } from '../src/index.js';
import type { EmulatorCalls, FaultOptions } from '../src/testing/index.js';
import type { BenchProfile, EmulatorRequest } from './emulator-worker.js';
import type { OperationRecipe } from './operation-recipes.js';

/** Operations just created, with when each was created on this thread's clock (performance.now()). */
export interface CreatedOperations {
  readonly operations: Operation[];
  readonly createdAt: number[];
}

/** One emulator on the thread, across the thread boundary. */
export interface RemoteEmulator {
  readonly grpcEndpoint: string;
  /** Creates one operation per duration (Infinity: until completed), after a recipe. */
  create(recipe: OperationRecipe, durationsMs: readonly number[]): Promise<CreatedOperations>;
  /** Finishes running operations now, with their scripted ends. */
  complete(names: readonly string[]): Promise<void>;
  calls(): Promise<EmulatorCalls>;
  resetCalls(): Promise<void>;
  setFaults(faults: FaultOptions): Promise<void>;
  /** Closes this emulator; the thread goes on. */
  stop(): Promise<void>;
}

/** A worker thread hosting any number of emulators. */
export interface EmulatorThread {
  /** Starts an emulator following a profile, on a free port of 127.0.0.1. */
  start(profile?: BenchProfile): Promise<RemoteEmulator>;
  /** Closes every emulator and ends the thread. */
  close(): Promise<void>;
}

type Reply = { id: number; result?: unknown; error?: string };
type Request = EmulatorRequest extends infer R ? (R extends EmulatorRequest ? Omit<R, 'id'> : never) : never;

// tsx's loader hooks only the main thread, so the worker loads its TypeScript entry through tsx's API.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));
`;

/** Starts a worker thread for emulators; it serves nothing until `start()`. */
export async function startEmulatorThread(): Promise<EmulatorThread> {
  const workerData = { tsxApi: import.meta.resolve('tsx/esm/api'), entry: new URL('./emulator-worker.ts', import.meta.url).href };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  await Promise.race([once(worker, 'message'), once(worker, 'error').then(([e]) => Promise.reject(e))]);
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
  const ask = <T>(request: Request): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  return {
    async start(profile = 'standard') {
      const { emulator, grpcEndpoint } = await ask<{ emulator: number; grpcEndpoint: string }>({ method: 'start', profile });
      return {
        grpcEndpoint,
        async create(recipe, durationsMs) {
          const made = await ask<CreatedOperations>({ method: 'create', emulator, recipe, durationsMs: [...durationsMs] });
          // The worker's times are on the shared time line (timeOrigin + now): bring them onto this thread's performance.now().
          const createdAt = made.createdAt.map((t) => t - performance.timeOrigin);
          return { operations: made.operations, createdAt };
        },
        complete: (names) => ask({ method: 'complete', emulator, names: [...names] }),
        calls: () => ask({ method: 'calls', emulator }),
        resetCalls: () => ask({ method: 'resetCalls', emulator }),
        setFaults: (faults) => ask({ method: 'setFaults', emulator, faults }),
        stop: () => ask({ method: 'stop', emulator }),
      };
    },
    async close() {
      const exited = once(worker, 'exit');
      await ask({ method: 'close' });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      await worker.terminate();
    },
  };
}
