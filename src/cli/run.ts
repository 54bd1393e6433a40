// The CLI as a function: argv and the process's streams in, an exit code out, every error turned into one line on stderr.
import { Code, codeName, LongrunningError, OperationCancelledError, OperationError, PollTimeoutError, RpcError } from '../index.js';
import type { CliIo, Command, CommandContext } from './context.js';
import type { CommandName } from './command-table.js';
import { DemoCheckFailed, EXIT, exitCodeFor, Interrupted, OutputFailed, RequestRefused, UsageError } from './exit-codes.js';
import { booleanFlag, parseCommandLine } from './flags.js';
import { helpText } from './help.js';
import { renderDetails, statusLine } from './operation-view.js';
import { oneLine } from './one-line.js';
import { outputFormatFrom } from './output-format.js';
import { packageVersion } from './package-version.js';

// Each command is loaded when it runs: `lro get` never loads the emulator.
const COMMAND_MODULES: Readonly<Record<Exclude<CommandName, 'help'>, () => Promise<Command>>> = {
  get: async () => (await import('./commands/get.js')).get,
  list: async () => (await import('./commands/list.js')).list,
  wait: async () => (await import('./commands/wait.js')).wait,
  cancel: async () => (await import('./commands/cancel.js')).cancel,
  delete: async () => (await import('./commands/delete.js')).deleteOperation,
  serve: async () => (await import('./commands/serve.js')).serve,
  demo: async () => (await import('./commands/demo.js')).demo,
  completion: async () => (await import('./commands/completion.js')).completion,
};

/**
 * What lro says about an error: a first line, then indented detail lines.
 * An RPC error's details are left out where they only repeat its message
 * (INVALID_ARGUMENT's BadRequest, NOT_FOUND's ResourceInfo), unless `debug`.
 */
export function describeError(err: unknown, debug = false): string[] {
  if (err instanceof UsageError) return [oneLine(err.message)];
  if (err instanceof RequestRefused) return describeError(err.error, debug);
  if (err instanceof Interrupted) return ['interrupted'];
  if (err instanceof OperationError) {
    const verb = err instanceof OperationCancelledError ? 'was cancelled' : 'failed';
    const status = err.operation.error ?? { code: err.code, message: err.rawMessage };
    return [`operation ${err.operationName} ${verb}: ${oneLine(statusLine(status))}`, ...renderDetails(err.details, '  ')];
  }
  if (err instanceof PollTimeoutError) return [`timed out: ${oneLine(err.rawMessage)}`];
  if (err instanceof RpcError) {
    const first = `${codeName(err.code)}: ${oneLine(err.rawMessage) || 'no message'}${err.method ? ` (${err.method})` : ''}`;
    const repeatsMessage = err.code === Code.INVALID_ARGUMENT || err.code === Code.NOT_FOUND;
    return repeatsMessage && !debug ? [first] : [first, ...renderDetails(err.details, '  ')];
  }
  if (err instanceof LongrunningError) return [`${err.codeName}: ${oneLine(err.rawMessage)}`];
  if (err instanceof DemoCheckFailed) return [oneLine(err.message)];
  return [`unexpected error: ${oneLine(err instanceof Error ? err.message : String(err))}`];
}

function debugLines(err: unknown): string[] {
  const lines: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
    lines.push(depth === 0 ? text : `caused by: ${text}`);
  }
  return lines;
}

/**
 * Prints an error as `lro: ...` on stderr (stack and causes with --debug)
 * and gives its exit code. An OutputFailed is not printed: whoever watches
 * stdout has said what there is to say.
 */
export function reportError(io: CliIo, err: unknown, debug: boolean): number {
  if (err instanceof OutputFailed) return err.exitCode;
  const [first, ...rest] = describeError(err, debug);
  io.stderr.write(`lro: ${first}\n${rest.map((l) => `${l}\n`).join('')}`);
  if (debug) io.stderr.write(`${debugLines(err).join('\n')}\n`);
  return exitCodeFor(err);
}

/**
 * Runs lro with `argv` (the arguments after the script) and resolves with
 * the exit code. Never rejects: every failure is reported on `io.stderr`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const invocation = parseCommandLine(argv);
    if (invocation.kind === 'version') {
      io.stdout.write(`lro ${packageVersion()}\n`);
      return EXIT.OK;
    }
    if (invocation.kind === 'help') {
      (invocation.toStderr ? io.stderr : io.stdout).write(helpText(invocation.topic));
      return invocation.toStderr ? EXIT.USAGE : EXIT.OK;
    }
    const { command, flags, args } = invocation;
    debug = booleanFlag(flags, 'debug');
    const ctx: CommandContext = { io, flags, args, format: outputFormatFrom(flags), quiet: booleanFlag(flags, 'quiet') };
    const run = await COMMAND_MODULES[command as Exclude<CommandName, 'help'>]();
    return await run(ctx);
  } catch (err) {
    // Whatever the command threw on its way out, the reason it was stopped is what counts.
    const reason: unknown = io.interrupt.reason;
    if (io.interrupt.aborted && (reason instanceof Interrupted || reason instanceof OutputFailed)) return reportError(io, reason, debug);
    return reportError(io, err, debug);
  }
}
