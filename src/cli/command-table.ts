// The commands lro has and the flags each takes: what the parse reads, and what shell completion offers.
import { services } from '../index.js';

/** A flag: how it parses, and what completion says of it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** What it does, in a few words (completion shows it beside the flag). */
  readonly summary: string;
  /** What its value completes to: these words, or file names; none for free text. */
  readonly values?: readonly string[] | 'file';
}

/** Flags by their long name, without the dashes. */
export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** The ids `--service` and `--profile` take. */
export const SERVICE_IDS: readonly string[] = Object.values(services).map((p) => p.id);

/** What completion offers for `--format`: the two fixed formats, then a few `value(...)` examples. */
export const FORMAT_EXAMPLES: readonly string[] = ['text', 'json', 'value(name)', 'value(done)', 'value(name,done)', 'value(error.code)'];

/** The shells `lro completion` writes a script for. */
export const SHELLS: readonly string[] = ['bash', 'zsh', 'fish'];

/** Where to connect and how to decode: every command that calls a service. */
const CONNECTION_FLAGS: FlagTable = {
  endpoint: { type: 'string', summary: 'host:port for gRPC, http(s)://host[:port] for REST' },
  transport: { type: 'string', summary: 'the wire protocol', values: ['grpc', 'rest'] },
  service: { type: 'string', summary: 'the service whose names and RPCs to follow', values: SERVICE_IDS },
  insecure: { type: 'boolean', summary: 'plaintext and no credentials, for emulators' },
  'no-insecure': { type: 'boolean', summary: 'TLS and credentials even when LRO_INSECURE is set' },
  'dangerously-allow-insecure-remote': { type: 'boolean', summary: 'let --insecure reach a host that is not loopback' },
  types: { type: 'string', multiple: true, summary: 'a protos.json or .proto file to decode payloads', values: 'file' },
};

/** Every command takes these. */
const COMMON_FLAGS: FlagTable = {
  quiet: { type: 'boolean', short: 'q', summary: 'nothing on stderr but errors' },
  debug: { type: 'boolean', summary: 'stack traces and causes with errors' },
  help: { type: 'boolean', short: 'h', summary: 'help for the command' },
};

/** How a command that prints operations prints them. */
const OUTPUT_FLAGS: FlagTable = {
  format: { type: 'string', summary: 'text, json or value(FIELD,...)', values: FORMAT_EXAMPLES },
  json: { type: 'boolean', summary: 'short for --format json' },
  ...COMMON_FLAGS,
};

const LIST_FLAGS: FlagTable = {
  filter: { type: 'string', summary: "the service's list filter" },
  'page-size': { type: 'string', summary: 'operations per page' },
};

/**
 * A command: a summary for completion, its arguments (a trailing `?` marks
 * an optional one, `...` any number, which the command checks), what its
 * first argument completes to, and its flags.
 */
export interface CommandSpec {
  readonly summary: string;
  readonly args: readonly string[];
  readonly argValues?: 'commands' | 'shells';
  readonly flags: FlagTable;
}

/** The commands lro has, in the order help lists them. */
export const COMMANDS = {
  get: { summary: 'print an operation', args: ['NAME'], flags: { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS } },
  list: {
    summary: 'list operations',
    args: ['PARENT?'],
    flags: { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS, ...LIST_FLAGS, limit: { type: 'string', summary: 'stop after N operations' } },
  },
  wait: {
    summary: 'wait until operations are done, showing progress',
    args: ['NAME...'],
    flags: {
      ...CONNECTION_FLAGS,
      ...OUTPUT_FLAGS,
      list: { type: 'string', summary: 'wait on every operation listed under PARENT' },
      ...LIST_FLAGS,
      timeout: { type: 'string', summary: 'give up after this long (exit 3)' },
      'initial-delay': { type: 'string', summary: 'the delay before the second poll' },
      'max-delay': { type: 'string', summary: 'the longest delay between polls' },
      'cancel-on-interrupt': { type: 'boolean', summary: 'on Ctrl-C, ask the service to cancel' },
    },
  },
  cancel: { summary: 'ask the service to cancel an operation', args: ['NAME'], flags: { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS } },
  delete: { summary: "delete an operation's record", args: ['NAME'], flags: { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS } },
  serve: {
    summary: 'run the embedded emulator',
    args: [],
    flags: {
      ...OUTPUT_FLAGS,
      profile: { type: 'string', summary: 'the service to emulate', values: SERVICE_IDS },
      service: CONNECTION_FLAGS.service!,
      types: CONNECTION_FLAGS.types!,
      host: { type: 'string', summary: 'the address to listen on' },
      'grpc-port': { type: 'string', summary: 'the gRPC port; default: a free one' },
      'http-port': { type: 'string', summary: 'the REST port; default: a free one' },
      seed: { type: 'boolean', summary: 'create example operations' },
    },
  },
  demo: { summary: 'run the end-to-end demo against embedded emulators', args: [], flags: COMMON_FLAGS },
  completion: { summary: 'print a shell completion script', args: ['SHELL'], argValues: 'shells', flags: COMMON_FLAGS },
  help: { summary: 'help for a command', args: ['COMMAND?'], argValues: 'commands', flags: COMMON_FLAGS },
} as const satisfies Record<string, CommandSpec>;

/** The name of a command. */
export type CommandName = keyof typeof COMMANDS;

/** The command names, in the table's order. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** True for the name of a command. */
export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** The flags lro reads before the command's name is known: any command's. */
export const ALL_FLAGS: FlagTable = Object.assign(
  { version: { type: 'boolean', summary: 'print the version' } },
  ...Object.values(COMMANDS).map((c) => c.flags),
);
