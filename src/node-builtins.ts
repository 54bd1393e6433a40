// Node's built-in modules where the code runs on Node, reached without a static `node:` import: the shared code
// that `longrunning/rest` imports must bundle for browsers and edge runtimes, which have none.

// Types only: nothing is imported at run time.
interface Builtins {
  'node:buffer': typeof import('node:buffer');
  'node:events': typeof import('node:events');
  'node:fs/promises': typeof import('node:fs/promises');
  'node:http': typeof import('node:http');
  'node:module': typeof import('node:module');
}

/**
 * A built-in module, from `process.getBuiltinModule` (Node 20.16 and later,
 * Deno, Bun); undefined where there is none, such as in a browser.
 */
export function nodeBuiltin<K extends keyof Builtins>(id: K): Builtins[K] | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return process?.getBuiltinModule?.(id) as Builtins[K] | undefined;
}
