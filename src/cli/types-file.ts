// --types: message types from protos.json descriptors or .proto files, gathered into one TypeRegistry.
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { TypeRegistry } from '../index.js';
import { UsageError } from './exit-codes.js';
import { oneLine } from './one-line.js';

async function loadProto(path: string, shown: string): Promise<TypeRegistry> {
  // protobufjs is loaded only for .proto files: it is not needed to print or wait.
  const { default: protobuf } = await import('protobufjs');
  let root: InstanceType<typeof protobuf.Root>;
  try {
    root = await protobuf.load(path);
  } catch (err) {
    throw new UsageError(`types file ${shown} is not a valid .proto file: ${oneLine((err as Error).message)}`, { cause: err });
  }
  try {
    return new TypeRegistry(root);
  } catch (err) {
    throw new UsageError(`types file ${shown} does not resolve: ${oneLine((err as Error).message)}`, { cause: err });
  }
}

async function loadDescriptor(path: string, shown: string): Promise<TypeRegistry> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read types file ${shown}${code ? ` (${code})` : ''}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`types file ${shown} is not JSON: give a protos.json descriptor or a .proto file`, { cause: err });
  }
  if (typeof json !== 'object' || json === null || !('nested' in json)) {
    throw new UsageError(`types file ${shown} is not a protobufjs JSON descriptor (no "nested" at the top)`);
  }
  try {
    return new TypeRegistry(json as ConstructorParameters<typeof TypeRegistry>[0] & object);
  } catch (err) {
    throw new UsageError(`types file ${shown} is not a usable descriptor: ${oneLine((err as Error).message)}`, { cause: err });
  }
}

/**
 * A registry with the built-in types and every file's types. A `.proto`
 * file is read with protobufjs `load` (its imports resolved beside it);
 * anything else must be a JSON descriptor such as the
 * `build/protos/protos.json` of a @google-cloud package.
 * @throws UsageError naming the file that cannot be read or used.
 */
export async function loadTypes(paths: readonly string[]): Promise<TypeRegistry> {
  const registry = new TypeRegistry();
  for (const given of paths) {
    const path = resolve(given);
    if (extname(path) === '.proto') {
      try {
        await readFile(path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(`cannot read types file ${given}${code ? ` (${code})` : ''}`, { cause: err });
      }
      registry.add(await loadProto(path, given));
    } else {
      registry.add(await loadDescriptor(path, given));
    }
  }
  return registry;
}
