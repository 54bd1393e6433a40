// What a command runs with: the process's streams, environment and interrupt signal, and its parsed command line.
import { Code, RpcError, type JsonValue, type OperationsClient } from '../index.js';
import { connectionSettings, openClient, type Environment } from './connection.js';
import type { FlagValues } from './flags.js';
import { recordLine, type OutputFormat } from './output-format.js';
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
  /** How stdout is written: `--format`, or `--json`. */
  readonly format: OutputFormat;
  /** `-q`: nothing on stderr but errors. */
  readonly quiet: boolean;
}

/** A command: resolves with the exit code, or rejects with the error that sets it. */
export type Command = (ctx: CommandContext) => Promise<number>;

/**
 * Writes one record as a line of stdout in the machine format asked for: a
 * JSON document (NDJSON when called again), or the `value()` fields. For
 * when {@link printsRecords}; under text it falls back to JSON.
 */
export function writeRecord(ctx: CommandContext, record: JsonValue): void {
  ctx.io.stdout.write(`${recordLine(ctx.format.kind === 'text' ? { kind: 'json' } : ctx.format, record)}\n`);
}

/** True unless the format is text: stdout then carries records, not words for people. */
export function printsRecords(ctx: CommandContext): boolean {
  return ctx.format.kind !== 'text';
}

/** A line for people on stderr that is not an error (`(no operations)`, a hint, a summary): left out under `-q`. */
export function note(ctx: CommandContext, line: string): void {
  if (!ctx.quiet) ctx.io.stderr.write(`${line}\n`);
}

// OpenSSL's words for a TLS client that got a plaintext answer, e.g. "...:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/...:350:".
const OPENSSL_ERROR = /(?:Error: )?[0-9A-F]+:error:[0-9A-F]+:SSL routines:[^:]*:([^:]+):\S*/;

/**
 * An RPC error's message as lro shows it: gRPC's trailing resolution note
 * dropped, OpenSSL's error string cut to its reason, and with `tlsHint`
 * (a TLS connection) a hint when the server looks like a plaintext one.
 */
export function rpcMessage(message: string, { tlsHint = false } = {}): string {
  let text = message
    .replace(/\.?\s*Resolution note:\s*$/, '')
    .replace(/Last error: Error: /, 'Last error: ')
    .replace(OPENSSL_ERROR, 'TLS handshake failed: $1');
  if (tlsHint && /wrong version number/i.test(text)) text += ' (is it a plaintext emulator? try --insecure)';
  return text;
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
    if (err instanceof RpcError && !ctx.io.interrupt.aborted) {
      const message = rpcMessage(err.rawMessage, { tlsHint: !settings.insecure });
      // gRPC's own words for an unreachable server do not say which server.
      if (err.code === Code.UNAVAILABLE) {
        throw new RpcError(err.code, `${settings.endpoint} (${settings.transport}): ${message}`, {
          method: err.method,
          details: err.details,
          cause: err,
        });
      }
      if (message !== err.rawMessage) throw new RpcError(err.code, message, { method: err.method, details: err.details, cause: err });
    }
    throw err;
  } finally {
    client.close();
  }
}
