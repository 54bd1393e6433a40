#!/usr/bin/env node
// The lro executable: wires the process (argv, streams, environment, signals, warnings) to runCli and exits with its code.
import { Interrupted, OutputFailed } from './exit-codes.js';
import { GuardedStream } from './guarded-stream.js';
import { runCli } from './run.js';

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');
const controller = new AbortController();
let finished = false;
let outputFailure: OutputFailed | undefined;

// The first signal stops the command gracefully; a second one, while it winds down, exits at once.
function onSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  if (controller.signal.aborted) process.exit(new Interrupted(signal).exitCode);
  controller.abort(new Interrupted(signal));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// A closed stderr (`lro wait … 2>&1 | head -1`) costs the progress and messages, never the exit code.
const stderr = new GuardedStream(process.stderr);

// A closed stdout ends the command: what it prints is lost. A reader that went away (EPIPE) exits 141
// quietly, as SIGPIPE would; any other failure (a full disk) is one line on stderr and exit 1.
const stdout = new GuardedStream(process.stdout, (error) => {
  outputFailure = new OutputFailed(error);
  if (!outputFailure.readerGone) stderr.write(`lro: ${outputFailure.message}\n`);
  if (finished) process.exit(outputFailure.exitCode);
  controller.abort(outputFailure);
});

// Node's and libraries' warnings (DEP0123, google-auth's MetadataLookupWarning) are not lro's output: --debug shows them.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (debug) stderr.write(`lro: warning: ${warning.name}: ${warning.message}\n`);
});

const code = await runCli(argv, { stdout, stderr, env: process.env, interrupt: controller.signal });
finished = true;
const exitCode = outputFailure?.exitCode ?? code;
process.exitCode = exitCode;
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
// Everything is closed by now; should a stray handle remain, it must not keep a script waiting.
setTimeout(() => process.exit(exitCode), 1_000).unref();
