// What `lro --help` and `lro COMMAND --help` print; what it says of each service comes from the service's profile.
import { services, type ServiceProfile } from '../index.js';
import type { CommandName } from './command-table.js';
import { BASH_INSTALL } from './completion/bash-script.js';
import { FISH_INSTALL } from './completion/fish-script.js';
import { ZSH_INSTALL } from './completion/zsh-script.js';

/** Where an option's description starts, and where the variable it reads is shown. */
const DESCRIPTION_COLUMN = 20;
const ENV_COLUMN = 77;
/** The widest a help line grows, but for a word longer than the room left. */
const LINE_WIDTH = 78;

const PROFILES: readonly ServiceProfile[] = Object.values(services);
const DEFAULT_SERVICE = services.standard;

/** Text wrapped at spaces into lines of at most `width` characters; a longer word gets a line of its own. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

/** A paragraph wrapped to the help's width. */
function paragraph(text: string): string {
  return wrap(text, LINE_WIDTH - 2).join('\n');
}

/** Two columns: `term` from column 2, `text` wrapped from `column`, the first line beside the term. */
function entry(term: string, text: string, column: number): string {
  const indent = ' '.repeat(column);
  const lines = wrap(text, LINE_WIDTH - column);
  const head = `  ${term}`;
  const first = head.length < column ? head.padEnd(column) + (lines[0] ?? '') : `${head}\n${indent}${lines[0] ?? ''}`;
  return [first, ...lines.slice(1).map((l) => indent + l)].join('\n');
}

/** An option: the flag, its description, and the variable it falls back to, `[LRO_…]` at the right of the last line. */
function option(flag: string, description: string, env?: string): string {
  if (!env) return entry(flag, description, DESCRIPTION_COLUMN);
  const lines = entry(flag, description, DESCRIPTION_COLUMN).split('\n');
  const last = lines.pop()!;
  const tagged = last.length < ENV_COLUMN ? `${last.padEnd(ENV_COLUMN)}[${env}]` : `${last}\n${' '.repeat(ENV_COLUMN)}[${env}]`;
  return [...lines, tagged].join('\n');
}

/** `a, b, c or d`. */
function oneOf(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const SERVICE_IDS = PROFILES.map((p) => p.id);

/** The services lro knows, one entry each: its id and what its profile says of it. */
const SERVICES = `Services (--service S or LRO_SERVICE; lro serve --profile P):
${PROFILES.map((p) => entry(p.id, p.help.summary, DESCRIPTION_COLUMN)).join('\n')}`;

/** The list rules of the services that have any, as their profiles word them. */
const LIST_NOTES = PROFILES.filter((p) => p.help.list !== undefined);
const LIST_RULES = LIST_NOTES.length
  ? `\n\nWhat each service's ListOperations takes:\n${LIST_NOTES.map((p) => entry(p.id, p.help.list!, DESCRIPTION_COLUMN)).join('\n')}`
  : '';

/** The list names that need no wildcard filled in, which `lro list` may therefore leave out. */
const FIXED_COLLECTIONS = [...new Set(PROFILES.map((p) => p.namePattern('list').pattern).filter((pattern) => !pattern.includes('*')))];

/** An example list command for the first service whose profile gives an example filter. */
const LIST_EXAMPLE =
  PROFILES.filter((p) => p.help.exampleFilter !== undefined).map(
    (p) => `\n  lro list ${p.namePattern('list').pattern} --service ${p.id} \\\n      --filter '${p.help.exampleFilter}'`,
  )[0] ?? '';

const CONNECTION = `Connection (flags win over the environment):
  --endpoint E      host:port for gRPC, http(s)://host[:port] for REST       [LRO_ENDPOINT]
  --transport T     grpc or rest; default: rest for an http(s):// endpoint,
                    grpc otherwise                                           [LRO_TRANSPORT]
${option('--service S', `${oneOf(SERVICE_IDS)}: the names and RPCs the service has; default ${DEFAULT_SERVICE.id}`, 'LRO_SERVICE')}
  --insecure        plaintext and no credentials, for emulators; otherwise
                    TLS with Application Default Credentials                 [LRO_INSECURE=1|true]
  --no-insecure     TLS and credentials even when LRO_INSECURE is set
  --dangerously-allow-insecure-remote
                    let --insecure reach a host that is not loopback (plaintext
                    over the network: for test networks you control only)
  --types FILE      a protos.json descriptor or a .proto file, to decode
                    metadata and responses; repeatable                       [LRO_TYPES, ':'-separated]`;

const OUTPUT = `Output:
  --format F        text (the default), json (the proto3 JSON of operations,
                    one document per line), or value(FIELD,...): those fields
                    of each operation's JSON, tab-separated, a line each;
                    FIELD is a dotted path: value(name), value(error.code),
                    value(metadata.@type); a missing field prints as empty
  --json            short for --format json
  -q, --quiet       nothing on stderr but errors: no progress, no summary
  --debug           stack traces and causes with errors; Node's warnings
  -h, --help        this help`;

const EXIT_CODES = `Exit codes:
  0    success (for wait: the operation, or every one, finished with success)
  1    the operation failed or was cancelled; its status is on stderr
  2    usage: bad flag, value, argument or types file
  3    wait --timeout passed; the operation goes on
  4    RPC error: the service answered with an error (NOT_FOUND,
       PERMISSION_DENIED, INVALID_ARGUMENT, ...) or could not be reached
  5    refused before any call: the service does not take the request (a
       name it refuses, a page size over its limit, a method it lacks)
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
  completion SHELL  print a completion script for bash, zsh or fish
  help [COMMAND]    help for a command

${SERVICES}

${CONNECTION}

${OUTPUT}
  --version         print the version

${EXIT_CODES}

Examples:
  lro serve --seed --grpc-port 50051 &
  export LRO_ENDPOINT=127.0.0.1:50051 LRO_INSECURE=1
  lro get operations/seed-running
  lro wait operations/seed-running --timeout 5m${LIST_EXAMPLE}`;

const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  get: `Usage: lro get NAME [FLAGS]

Prints an operation: its name, whether it is running or done, its metadata,
and its response or error, decoded with the types known (--types adds more).
Exits 0 whenever the operation could be read, whatever its state.

${CONNECTION}

${OUTPUT}`,

  list: `Usage: lro list [PARENT] [FLAGS]

${paragraph(
  'Lists operations under PARENT, one line each (NAME, STATE, DETAIL), one JSON operation per line with --json, or the fields --format value(...) names.' +
    ` PARENT may be left out where the service lists one fixed collection (${FIXED_COLLECTIONS.join(', ')}).`,
)}

  --filter F        the service's filter (see below)
  --page-size N     operations per page; 0 lets the service choose; some
                    services have a limit (see below)
  --limit N         stop after N operations${LIST_RULES}

${CONNECTION}

${OUTPUT}`,

  wait: `Usage: lro wait NAME [FLAGS]
       lro wait NAME NAME... [FLAGS]
       lro wait --list PARENT [--filter F] [--page-size N] [FLAGS]

Polls an operation until it is done. While it runs, progress goes to stderr:
a line redrawn in place on a terminal, a plain line per change otherwise.
stdout carries only the result: the response, decoded. With --json, one line
per state as it changes: the operation's proto3 JSON plus "polls" and
"elapsedMs"; the last line is the final state. With --format value(...), the
fields of that last line only, once the wait ends: value(done,error.code).

With more than one NAME, or --list, waits on all of them at once and writes
one line per operation to stdout as each ends: its name, then succeeded,
done (no result), failed · CODE (n): message, cancelled, not done: timed out,
or error · CODE: message for an RPC error such as NOT_FOUND. With --json, one
object per operation: "index", "outcome" (succeeded, failed, cancelled,
timeout or rpc-error), the operation's proto3 JSON as last seen ("name",
"done", "metadata", "response" or "error"), "rpcError" for an RPC error, and
"elapsedMs"; --format value(name,outcome) picks fields of it. A name given twice is polled once and told twice. stderr shows
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
                        only stops waiting; refused (exit 5) where the
                        service has no CancelOperation
Durations: 500ms, 1s, 1.5m, 2h, 1h30m; delays from 1ms to about 24 days.

A poll that fails with a transient error (UNAVAILABLE, DEADLINE_EXCEEDED, …)
is retried for as long as the wait lasts: stderr says so once, again for
another error code, and when the service answers again, even with -q. Only
--timeout bounds the wait; its message then says how many of the last polls
failed.
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

${option('--profile P', `the service to emulate: ${SERVICE_IDS.join(', ')}; default --service, LRO_SERVICE, then ${DEFAULT_SERVICE.id}`)}
  --grpc-port N     default: a free port
  --http-port N     default: a free port
  --host H          the address to listen on; default 127.0.0.1
                    (a port or host it cannot listen on: exit 2)
  --seed            create example operations (running, done, failed,
                    one that runs until cancelled) and print their names
  --types FILE      message types for payloads, as for the other commands
  --format F        text, json (endpoints as one JSON line) or value(FIELD,...)
                    of that line: value(grpc), value(rest)
  --json            short for --format json
  -q, --quiet       no hints on stderr, only errors
  --debug           stack traces with errors, grpc-js's own log
  -h, --help        this help`,

  demo: `Usage: lro demo

Starts an emulator per service in this process and walks through the SDK:
Storage Transfer listed with a JSON filter and waited on with 'for await'
while its counters grow, Contact Center Insights cancelled midway through
events, the GDC translation service's Get and List awaited as a promise, a
failure with its error details, and a wait resumed from a token. Exits 0.`,

  completion: `Usage: lro completion bash|zsh|fish

Prints a script that completes lro's commands, flags and the values of
--service, --profile, --transport, --format and --types in that shell.
Install it once:
  bash  ${BASH_INSTALL.join('\n        ')}
  zsh   ${ZSH_INSTALL.join('\n        ')}
  fish  ${FISH_INSTALL.join('\n        ')}`,

  help: `Usage: lro help [COMMAND]

Prints help for lro or one of its commands.`,
};

/** The help for lro, or for one command. */
export function helpText(topic?: CommandName): string {
  return `${topic ? COMMAND_HELP[topic] : GLOBAL}\n`;
}
