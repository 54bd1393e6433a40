// lro serve: the embedded emulator in the foreground, until SIGINT or SIGTERM.
import { TypeRegistry } from '../../index.js';
import { serviceFromName, typeFilesFrom } from '../connection.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { writeJsonLine, type CommandContext } from '../context.js';
import { booleanFlag, integerFlag, stringFlag } from '../flags.js';
import { seedOperations, storageTransferTypes, type SeededOperation } from '../example-operations.js';
import { loadTypes } from '../types-file.js';

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Starts the emulator, prints its endpoints (and the operations --seed
 * made), and serves until interrupted; then closes it and exits 0.
 */
export async function serve(ctx: CommandContext): Promise<number> {
  const { flags, io } = ctx;
  const profileText = stringFlag(flags, 'profile') ?? stringFlag(flags, 'service') ?? io.env.LRO_SERVICE ?? 'standard';
  const profile = serviceFromName(profileText, stringFlag(flags, 'profile') !== undefined ? '--profile' : '--service');
  const grpcPort = integerFlag(flags, 'grpc-port', { min: 0, max: 65_535 });
  const httpPort = integerFlag(flags, 'http-port', { min: 0, max: 65_535 });
  const host = stringFlag(flags, 'host');
  const seed = booleanFlag(flags, 'seed');
  const files = typeFilesFrom(flags, io.env);
  const types = files.length ? await loadTypes(files) : new TypeRegistry();
  // Seeded Storage Transfer operations carry real TransferOperation metadata when its descriptor is installed.
  const transferTypes = seed && profile.id === 'storage-transfer' ? await storageTransferTypes() : undefined;
  if (transferTypes) types.add(transferTypes);

  const { startEmulator } = await import('../../testing/index.js');
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({ profile, types, ...(grpcPort !== undefined ? { grpcPort } : {}), ...(httpPort !== undefined ? { httpPort } : {}), ...(host ? { host } : {}) });
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message, { cause: err });
    const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
      throw new UsageError(`cannot listen on ${e.address ?? host ?? '127.0.0.1'}${e.port ? `:${e.port}` : ''}: ${e.code}`, { cause: err });
    }
    throw err;
  }
  try {
    const seeded: SeededOperation[] = seed ? seedOperations(emulator) : [];
    if (ctx.json) {
      writeJsonLine(ctx, { profile: profile.id, grpc: emulator.grpcEndpoint, rest: emulator.restEndpoint, operations: seeded.map((s) => s.name) });
    } else {
      const width = Math.max(0, ...seeded.map((s) => s.name.length));
      io.stdout.write(
        [`grpc ${emulator.grpcEndpoint}`, `rest ${emulator.restEndpoint}`, ...seeded.map((s) => `operation ${s.name.padEnd(width)}  ${s.summary}`)]
          .map((l) => `${l}\n`)
          .join(''),
      );
      const service = profile.id === 'standard' ? '' : ` LRO_SERVICE=${profile.id}`;
      io.stderr.write(`lro: emulating ${profile.id} (${profile.title}); stop with Ctrl-C\n`);
      if (seeded[0]) io.stderr.write(`lro: try  LRO_ENDPOINT=${emulator.grpcEndpoint} LRO_INSECURE=1${service} lro wait ${seeded[0].name}\n`);
    }
    await untilAborted(io.interrupt);
  } finally {
    await emulator.close();
  }
  io.stderr.write('lro: emulator stopped\n');
  return EXIT.OK;
}
