#!/usr/bin/env node
// The lro executable: wires the process (argv, streams, environment, signals) to runCli and exits with its code.
import { Interrupted } from './exit-codes.js';
import { runCli } from './run.js';

const controller = new AbortController();

// The first signal stops the command gracefully; a second one, while it winds down, exits at once.
function onSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  if (controller.signal.aborted) process.exit(new Interrupted(signal).exitCode);
  controller.abort(new Interrupted(signal));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// A reader that closes the pipe early (`lro list | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interrupt: controller.signal,
});
process.exitCode = code;
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
// Everything is closed by now; should a stray handle remain, it must not keep a script waiting.
setTimeout(() => process.exit(code), 1_000).unref();
