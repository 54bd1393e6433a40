// What `lro --help` and `lro COMMAND --help` print.
import type { CommandName } from './flags.js';

const CONNECTION = `Connection (flags win over the environment):
  --endpoint E      host:port for gRPC, http(s)://host[:port] for REST       [LRO_ENDPOINT]
  --transport T     grpc or rest; default: rest for an http(s):// endpoint,
                    grpc otherwise                                           [LRO_TRANSPORT]
  --service S       standard, storage-transfer, contact-center-insights or
                    gdc-translation: the names and RPCs the service has;
                    default standard                                         [LRO_SERVICE]
  --insecure        plaintext and no credentials, for emulators; otherwise
                    TLS with Application Default Credentials                 [LRO_INSECURE=1|true]
  --no-insecure     TLS and credentials even when LRO_INSECURE is set
  --types FILE      a protos.json descriptor or a .proto file, to decode
                    metadata and responses; repeatable                       [LRO_TYPES, ':'-separated]`;

const OUTPUT = `Output:
  --json            machine-readable JSON on stdout (proto3 JSON of operations)
  --debug           stack traces and causes with errors; Node's warnings
  -h, --help        this help`;

const EXIT_CODES = `Exit codes:
  0    success (for wait: the operation, or every one, finished with success)
  1    the operation failed or was cancelled; its status is on stderr
  2    usage: bad flag, value, argument, operation name or types file
  3    wait --timeout passed; the operation goes on
  4    RPC error: unreachable, permission denied, not found, unimplemented
  130  interrupted by Ctrl-C (SIGINT); 143 for SIGTERM
  141  stdout was closed early (a reader such as 'head' went away)
For wait on many operations the worst outcome sets the code, in this order:
  1 if one failed or was cancelled, else 4 if an RPC error (NOT_FOUND, …)
  ended the wait on one, else 3 if one was not done at --timeout, else 0.`;

const GLOBAL = `lro: inspect and await google.longrunning operations

Usage: lro COMMAND [ARGS] [FLAGS]

Commands:
  get NAME          print an operation: state, metadata, response or error
  list [PARENT]     list operations (--filter F, --page-size N, --limit N)
  wait NAME...      wait until an operation is done, showing progress;
                    print its response; with more names, or --list PARENT,
                    wait on all of them, a line for each as it ends
  cancel NAME       ask the service to cancel an operation (best effort)
  delete NAME       delete an operation's record (it does not cancel it)
  serve             run the embedded emulator in the foreground
  demo              run the end-to-end demo against embedded emulators
  help [COMMAND]    help for a command

${CONNECTION}

${OUTPUT}
  --version         print the version

${EXIT_CODES}

Examples:
  lro serve --seed --grpc-port 50051 &
  export LRO_ENDPOINT=127.0.0.1:50051 LRO_INSECURE=1
  lro get operations/seed-running
  lro wait operations/seed-running --timeout 5m
  lro list transferOperations --service storage-transfer \\
      --filter '{"projectId":"demo-project","transferStatuses":["IN_PROGRESS"]}'`;

const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  get: `Usage: lro get NAME [FLAGS]

Prints an operation: its name, whether it is running or done, its metadata,
and its response or error, decoded with the types known (--types adds more).
Exits 0 whenever the operation could be read, whatever its state.

${CONNECTION}

${OUTPUT}`,

  list: `Usage: lro list [PARENT] [FLAGS]

Lists operations under PARENT, one line each (NAME, STATE, DETAIL), or one
JSON operation per line with --json. PARENT may be left out where the
service lists one fixed collection (operations, transferOperations).

  --filter F        the service's filter; Storage Transfer requires its JSON
                    form: '{"projectId":"p","transferStatuses":["IN_PROGRESS"]}'
  --page-size N     operations per page (Storage Transfer: at most 256)
  --limit N         stop after N operations

${CONNECTION}

${OUTPUT}`,

  wait: `Usage: lro wait NAME [FLAGS]
       lro wait NAME NAME... [FLAGS]
       lro wait --list PARENT [--filter F] [--page-size N] [FLAGS]

Polls an operation until it is done. While it runs, progress goes to stderr:
a line redrawn in place on a terminal, a plain line per change otherwise.
stdout carries only the result: the response, decoded. With --json, one line
per state as it changes: the operation's proto3 JSON plus "polls" and
"elapsedMs"; the last line is the final state.

With more than one NAME, or --list, waits on all of them at once and writes
one line per operation to stdout as each ends: its name, then succeeded,
done (no result), failed · CODE (n): message, cancelled, not done: timed out,
or error · CODE: message for an RPC error such as NOT_FOUND. With --json, one
object per operation: "index", "outcome" (succeeded, failed, cancelled,
timeout or rpc-error), the operation's proto3 JSON as last seen ("name",
"done", "metadata", "response" or "error"), "rpcError" for an RPC error, and
"elapsedMs". A name given twice is polled once and told twice. stderr shows
one summary line (12/40 done · 1 failed), redrawn on a terminal, otherwise
written at most every 5s, and a summary at the end. --list waits on every
operation a ListOperations returns; those done already are told at once.

  --list PARENT         wait on every operation listed under PARENT
                        (operations, transferOperations, projects/p/locations/l)
  --filter F            with --list: the service's filter
  --page-size N         with --list: operations per page
  --timeout D           give up after D (exit 3); default: no limit
  --initial-delay D     the delay before the second poll; default 500ms
  --max-delay D         the longest delay between polls; default 30s
  --cancel-on-interrupt on Ctrl-C, send CancelOperation (for each operation
                        not done yet) before exiting 130; without it Ctrl-C
                        only stops waiting
  -q, --quiet           no progress on stderr (for one NAME, failed polls
                        are still told)
Durations: 500ms, 1s, 1.5m, 2h, 1h30m; delays from 1ms to about 24 days.

A poll that fails with a transient error (UNAVAILABLE, DEADLINE_EXCEEDED, …)
is retried for as long as the wait lasts: stderr says so once, again for
another error code, and when the service answers again. Only --timeout
bounds the wait; its message then says how many of the last polls failed.
On many operations such failures are polled through without a word; only
the first NAME is got at once, so that an unreachable service fails (exit 4)
instead of being waited on for ever.

${CONNECTION}

${OUTPUT}

${EXIT_CODES}`,

  cancel: `Usage: lro cancel NAME [FLAGS]

Asks the service to cancel an operation. Cancellation is best effort: the
operation may finish anyway; 'lro get' or 'lro wait' tells how it ended (a
cancelled operation ends with code 1, CANCELLED, and 'lro wait' exits 1).

${CONNECTION}

${OUTPUT}`,

  delete: `Usage: lro delete NAME [FLAGS]

Deletes an operation's record: the caller is no longer interested in its
result. It does not cancel the operation. Not every service has it.

${CONNECTION}

${OUTPUT}`,

  serve: `Usage: lro serve [FLAGS]

Runs the embedded google.longrunning emulator (gRPC and REST on loopback)
until SIGINT or SIGTERM. Prints its endpoints on stdout, one per line:
  grpc 127.0.0.1:PORT
  rest http://127.0.0.1:PORT
(with --json, one JSON line: {"profile","grpc","rest","operations"}, and
"types", the LRO_TYPES a client needs to decode the payloads, when any).

  --profile P       the service to emulate: standard, storage-transfer,
                    contact-center-insights, gdc-translation; default
                    --service, LRO_SERVICE, then standard
  --grpc-port N     default: a free port
  --http-port N     default: a free port
  --host H          the address to listen on; default 127.0.0.1
                    (a port or host it cannot listen on: exit 2)
  --seed            create example operations (running, done, failed,
                    one that runs until cancelled) and print their names
  --types FILE      message types for payloads, as for the other commands
  --json            endpoints as one JSON line
  --debug           stack traces with errors, grpc-js's own log`,

  demo: `Usage: lro demo

Starts an emulator per service in this process and walks through the SDK:
Storage Transfer listed with a JSON filter and waited on with 'for await'
while its counters grow, Contact Center Insights cancelled midway through
events, the GDC translation service's Get and List awaited as a promise, a
failure with its error details, and a wait resumed from a token. Exits 0.`,

  help: `Usage: lro help [COMMAND]

Prints help for lro or one of its commands.`,
};

/** The help for lro, or for one command. */
export function helpText(topic?: CommandName): string {
  return `${topic ? COMMAND_HELP[topic] : GLOBAL}\n`;
}
