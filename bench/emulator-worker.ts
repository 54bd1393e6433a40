// The worker side of emulator-thread.ts: emulators on loopback, answering requests posted from the main thread.
import { parentPort } from 'node:worker_threads';
import { services, type JsonObject } from '../src/index.js';
import { startEmulator, type Emulator, type FaultOptions, type PayloadSpec } from '../src/testing/index.js';
import { specFor, storageTransferTypes, transferMetadata, type OperationRecipe } from './operation-recipes.js';

/** The profiles a bench emulator can follow. */
export type BenchProfile = 'standard' | 'storage-transfer';

/** A request from the main thread, answered with `{ id, result }` or `{ id, error }`. */
export type EmulatorRequest =
  | { id: number; method: 'start'; profile: BenchProfile }
  | { id: number; method: 'create'; emulator: number; recipe: OperationRecipe; durationsMs: number[] }
  | { id: number; method: 'complete'; emulator: number; names: string[] }
  | { id: number; method: 'calls'; emulator: number }
  | { id: number; method: 'resetCalls'; emulator: number }
  | { id: number; method: 'setFaults'; emulator: number; faults: FaultOptions }
  | { id: number; method: 'stop'; emulator: number }
  | { id: number; method: 'close' };

const port = parentPort;
if (!port) throw new Error('emulator-worker.ts runs as a worker thread; start it with startEmulatorThread()');

interface Hosted {
  readonly emulator: Emulator;
  /** Names given to transfer operations so far: their metadata names them, so they are named here. */
  created: number;
  /** The one TransferOperation that every `listed` operation carries, packed once. */
  listed?: PayloadSpec;
}

const hosted = new Map<number, Hosted>();
let nextEmulator = 0;

function find(id: number): Hosted {
  const h = hosted.get(id);
  if (!h) throw new Error(`no emulator ${id} on this thread`);
  return h;
}

async function start(profile: BenchProfile): Promise<{ emulator: number; grpcEndpoint: string }> {
  const emulator =
    profile === 'storage-transfer'
      ? await startEmulator({ profile: services.storageTransfer, types: [storageTransferTypes()] })
      : await startEmulator();
  const id = nextEmulator++;
  hosted.set(id, { emulator, created: 0 });
  return { emulator: id, grpcEndpoint: emulator.grpcEndpoint };
}

/** Creates the operations; `createdAt` is each one's creation time on the shared time line (timeOrigin + now), in ms. */
function create(id: number, recipe: OperationRecipe, durationsMs: number[]) {
  const h = find(id);
  const { emulator } = h;
  if (recipe.kind === 'listed' && !h.listed) {
    const fields = transferMetadata('transferOperations/transferJobs-bench', recipe.projectId, 0.5, false) as JsonObject;
    h.listed = emulator.types.pack(String(fields['@type']), fields);
  }
  const operations = [];
  const createdAt: number[] = [];
  for (let i = 0; i < durationsMs.length; i++) {
    const name = `transferOperations/transferJobs-bench-${id}-${h.created++}`;
    createdAt.push(performance.timeOrigin + performance.now());
    operations.push(emulator.create(specFor(recipe, i, durationsMs[i]!, name, h.listed)));
  }
  return { operations, createdAt };
}

async function answer(request: EmulatorRequest): Promise<unknown> {
  switch (request.method) {
    case 'start':
      return start(request.profile);
    case 'create':
      return create(request.emulator, request.recipe, request.durationsMs);
    case 'complete':
      for (const name of request.names) find(request.emulator).emulator.complete(name);
      return undefined;
    case 'calls':
      return find(request.emulator).emulator.calls;
    case 'resetCalls':
      return find(request.emulator).emulator.resetCalls();
    case 'setFaults':
      return find(request.emulator).emulator.setFaults(request.faults);
    case 'stop': {
      const h = find(request.emulator);
      hosted.delete(request.emulator);
      return h.emulator.close();
    }
    case 'close':
      await Promise.all([...hosted.values()].map((h) => h.emulator.close()));
      hosted.clear();
      return undefined;
  }
}

port.postMessage({ ready: true });
port.on('message', async (request: EmulatorRequest) => {
  try {
    const result = await answer(request);
    port.postMessage({ id: request.id, result });
    if (request.method === 'close') port.close();
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
