// What a command runs with: the process's streams, environment and interrupt signal, and its parsed command line.
import { Code, RpcError, type OperationsClient } from '../index.js';
import { connectionSettings, openClient, type Environment } from './connection.js';
import type { FlagValues } from './flags.js';
import type { ProgressStream } from './progress-line.js';

/** The process as a command sees it; tests and the demo can supply their own. */
export interface CliIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly env: Environment;
  /** Fires on SIGINT or SIGTERM, with an {@link Interrupted} reason. */
  readonly interrupt: AbortSignal;
}

/** One command's run. */
export interface CommandContext {
  readonly io: CliIo;
  readonly flags: FlagValues;
  /** The positional arguments after the command's name. */
  readonly args: readonly string[];
  /** --json was given. */
  readonly json: boolean;
}

/** A command: resolves with the exit code, or rejects with the error that sets it. */
export type Command = (ctx: CommandContext) => Promise<number>;

/** Writes one JSON document as a line (NDJSON when called again). */
export function writeJsonLine(ctx: CommandContext, value: unknown): void {
  ctx.io.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * Runs `fn` with a client for the command's connection flags, and closes
 * the client afterwards, so that the process can exit at once.
 */
export async function withClient<T>(ctx: CommandContext, fn: (client: OperationsClient) => Promise<T>): Promise<T> {
  const settings = connectionSettings(ctx.flags, ctx.io.env);
  const client = await openClient(settings);
  try {
    return await fn(client);
  } catch (err) {
    // gRPC's own words for an unreachable server do not say which server.
    if (err instanceof RpcError && err.code === Code.UNAVAILABLE && !ctx.io.interrupt.aborted) {
      const message = err.rawMessage.replace(/\.?\s*Resolution note:\s*$/, '');
      throw new RpcError(err.code, `${settings.endpoint} (${settings.transport}): ${message}`, { method: err.method, details: err.details, cause: err });
    }
    throw err;
  } finally {
    client.close();
  }
}
