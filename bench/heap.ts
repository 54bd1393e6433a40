// Heap readings after a full garbage collection, with or without node --expose-gc.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type CollectGarbage = () => void;

let collect: CollectGarbage | undefined;

/**
 * The engine's full collector. Uses the global `gc` that `node --expose-gc`
 * installs; without it, turns the same V8 flag on at run time and takes
 * `gc` from a fresh context, where V8 installs it once the flag is set.
 */
function collector(): CollectGarbage {
  if (collect) return collect;
  const global = (globalThis as { gc?: CollectGarbage }).gc;
  if (typeof global === 'function') return (collect = global);
  setFlagsFromString('--expose-gc');
  const fromContext = runInNewContext('gc') as unknown;
  if (typeof fromContext !== 'function')
    throw new Error('cannot reach the garbage collector: run with node --expose-gc --import tsx bench/poll-cost.ts');
  return (collect = fromContext as CollectGarbage);
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `heapUsed` after collecting twice, with turns of the event loop between
 * so that finalizers and weak callbacks run and what they free goes too.
 */
export async function heapUsedAfterGc(): Promise<number> {
  const gc = collector();
  for (let i = 0; i < 3; i++) {
    gc();
    await turn();
  }
  gc();
  return process.memoryUsage().heapUsed;
}
