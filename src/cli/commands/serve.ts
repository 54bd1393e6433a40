// lro serve: the embedded emulator in the foreground, until SIGINT or SIGTERM.
import { delimiter, resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { services, TypeRegistry } from '../../index.js';
import { serviceFromName, typeFilesFrom } from '../connection.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { inFlagWords } from '../flag-wording.js';
import { note, printsRecords, writeRecord, type CommandContext } from '../context.js';
import { booleanFlag, integerFlag, stringFlag } from '../flags.js';
import { seedOperations, type SeededOperation } from '../example-operations.js';
import { loadTypes } from '../types-file.js';
import { untilAborted } from '../../timers.js';

/** The profile served when none is named, as for the other commands: the client's hint then needs no LRO_SERVICE. */
const DEFAULT_PROFILE = services.standard;

/** Where the emulator was asked to listen. */
export interface ListenPlan {
  readonly host: string;
  readonly grpcPort?: number | undefined;
  readonly httpPort?: number | undefined;
}

function address(host: string, port: number | undefined): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port ? `${h}:${port}` : h;
}

/**
 * The one line that says why a listener could not start, or undefined for
 * an error that is not about listening. node:net (REST) errors carry their
 * code and address; grpc-js says it in words: "No address added out of
 * total 1 resolved errors: [listen EADDRINUSE: address already in use
 * 127.0.0.1:50051]", "Name resolution failed for target dns:nosuch.invalid:0".
 */
export function listenFailure(err: unknown, plan: ListenPlan): string | undefined {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const message = err instanceof Error ? err.message : String(err);
  if (e.syscall === 'getaddrinfo' || message.startsWith('Name resolution failed')) return `cannot listen on ${plan.host}: no such host`;
  if (e.syscall === 'listen' && e.code) return `cannot listen on ${address(e.address ?? plan.host, e.port || plan.httpPort)}: ${e.code}`;
  if (message.startsWith('Failed to parse DNS address')) return `cannot listen on '${plan.host}': not a host name or address`;
  if (message.startsWith('No address added')) {
    const code = /\b(E[A-Z]{3,})\b/.exec(message)?.[1];
    return `cannot listen on ${address(plan.host, plan.grpcPort)}: ${code ?? message.replace(/\s*\n\s*/g, ' ')}`;
  }
  return undefined;
}

/** A value as a POSIX shell reads it back. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Starts the emulator, prints its endpoints (and the operations --seed
 * made), and serves until interrupted; then closes it and exits 0.
 */
export async function serve(ctx: CommandContext): Promise<number> {
  const { flags, io } = ctx;
  const profileFrom =
    stringFlag(flags, 'profile') !== undefined ? '--profile' : stringFlag(flags, 'service') !== undefined ? '--service' : 'LRO_SERVICE';
  const profileText = stringFlag(flags, 'profile') ?? stringFlag(flags, 'service') ?? (io.env.LRO_SERVICE?.trim() || undefined);
  const profile = profileText === undefined ? DEFAULT_PROFILE : serviceFromName(profileText, profileFrom);
  const grpcPort = integerFlag(flags, 'grpc-port', { min: 0, max: 65_535 });
  const httpPort = integerFlag(flags, 'http-port', { min: 0, max: 65_535 });
  const host = stringFlag(flags, 'host') || undefined;
  const seed = booleanFlag(flags, 'seed');
  const files = typeFilesFrom(flags, io.env);
  const types = files.length ? await loadTypes(files) : new TypeRegistry();
  // Seeded operations carry the service's own message types when the profile finds their descriptor installed.
  const own = seed ? await profile.examples.descriptor() : undefined;
  if (own) types.add(own.types);
  // What a client needs to decode these payloads: the same files, as LRO_TYPES.
  const typePaths = [...new Set([...files.map((f) => resolve(f)), ...(own ? [own.path] : [])])];

  // grpc-js logs a failed bind on stderr itself; lro says it in one line below.
  if (!booleanFlag(flags, 'debug')) grpc.setLogVerbosity(grpc.logVerbosity.NONE);
  const { startEmulator } = await import('../../testing/index.js');
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      profile,
      types,
      ...(grpcPort !== undefined ? { grpcPort } : {}),
      ...(httpPort !== undefined ? { httpPort } : {}),
      ...(host ? { host } : {}),
    });
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(inFlagWords(err.message), { cause: err });
    const failure = listenFailure(err, { host: host ?? '127.0.0.1', grpcPort, httpPort });
    if (failure) throw new UsageError(failure, { cause: err });
    throw err;
  }
  try {
    const seeded: SeededOperation[] = seed ? seedOperations(emulator) : [];
    const lroTypes = typePaths.join(delimiter);
    if (printsRecords(ctx)) {
      writeRecord(ctx, {
        profile: profile.id,
        grpc: emulator.grpcEndpoint,
        rest: emulator.restEndpoint,
        operations: seeded.map((s) => s.name),
        ...(lroTypes ? { types: lroTypes } : {}),
      });
    } else {
      const width = Math.max(0, ...seeded.map((s) => s.name.length));
      io.stdout.write(
        [
          `grpc ${emulator.grpcEndpoint}`,
          `rest ${emulator.restEndpoint}`,
          ...seeded.map((s) => `operation ${s.name.padEnd(width)}  ${s.summary}`),
        ]
          .map((l) => `${l}\n`)
          .join(''),
      );
      const service = profile === DEFAULT_PROFILE ? '' : ` LRO_SERVICE=${profile.id}`;
      const typesVar = lroTypes ? ` LRO_TYPES=${shellWord(lroTypes)}` : '';
      note(ctx, `lro: emulating ${profile.id} (${profile.title}); stop with Ctrl-C`);
      if (seeded[0])
        note(ctx, `lro: try  LRO_ENDPOINT=${emulator.grpcEndpoint} LRO_INSECURE=1${service}${typesVar} lro wait ${seeded[0].name}`);
    }
    await untilAborted(io.interrupt).catch(() => {});
  } finally {
    await emulator.close();
  }
  note(ctx, 'lro: emulator stopped');
  return EXIT.OK;
}
