// The command line: which flags each command takes, and the parse that turns argv into a command, its flags and its arguments.
import { parseArgs } from 'node:util';
import { parseDuration } from './duration.js';
import { UsageError } from './exit-codes.js';

interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

type FlagTable = Readonly<Record<string, FlagSpec>>;

/** Where to connect and how to decode: every command that calls a service. */
const CONNECTION_FLAGS: FlagTable = {
  endpoint: { type: 'string' },
  transport: { type: 'string' },
  service: { type: 'string' },
  insecure: { type: 'boolean' },
  types: { type: 'string', multiple: true },
};

const OUTPUT_FLAGS: FlagTable = {
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** A command: its arguments (a trailing `?` marks an optional one) and flags. */
interface CommandSpec {
  readonly args: readonly string[];
  readonly flags: FlagTable;
}

/** The commands lro has. */
export const COMMANDS = {
  get: { args: ['NAME'], flags: { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS } },
  list: {
    args: ['PARENT?'],
    flags: { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS, filter: { type: 'string' }, 'page-size': { type: 'string' }, limit: { type: 'string' } },
  },
  wait: {
    args: ['NAME'],
    flags: {
      ...CONNECTION_FLAGS,
      ...OUTPUT_FLAGS,
      timeout: { type: 'string' },
      'initial-delay': { type: 'string' },
      'max-delay': { type: 'string' },
      'cancel-on-interrupt': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
    },
  },
  cancel: { args: ['NAME'], flags: { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS } },
  delete: { args: ['NAME'], flags: { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS } },
  serve: {
    args: [],
    flags: {
      ...OUTPUT_FLAGS,
      profile: { type: 'string' },
      service: { type: 'string' },
      types: { type: 'string', multiple: true },
      host: { type: 'string' },
      'grpc-port': { type: 'string' },
      'http-port': { type: 'string' },
      seed: { type: 'boolean' },
    },
  },
  demo: { args: [], flags: { debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } },
  help: { args: ['COMMAND?'], flags: { help: { type: 'boolean', short: 'h' } } },
} as const satisfies Record<string, CommandSpec>;

/** The name of a command. */
export type CommandName = keyof typeof COMMANDS;

/** The flags as parsed: strings, booleans, and string lists for repeatable flags. */
export type FlagValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: 'version' }
  | { readonly kind: 'help'; readonly topic?: CommandName | undefined; readonly toStderr?: boolean }
  | { readonly kind: 'command'; readonly command: CommandName; readonly flags: FlagValues; readonly args: readonly string[] };

const ALL_FLAGS: FlagTable = Object.assign({ version: { type: 'boolean' } }, ...Object.values(COMMANDS).map((c) => c.flags));

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

function quoted(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

// node:util's messages are long and generic; say the same in one line, naming the command.
function flagError(err: unknown, command: CommandName): UsageError {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const where = `'lro ${command}'`;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(`unknown flag ${quoted(message) ?? ''} for ${where}; see 'lro ${command} --help'`);
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = quoted(message)?.split(' ')[0] ?? 'a flag';
    return new UsageError(/does not take an argument/.test(message) ? `${flag} takes no value` : `${flag} needs a value`);
  }
  return new UsageError(message.split('\n')[0]!);
}

/**
 * Reads argv (without `node` and the script). The command may come before
 * or after the flags: `lro --json get NAME` and `lro get NAME --json` are the same.
 * @throws UsageError for an unknown command or flag, a flag without its value, or too few or too many arguments.
 */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const loose = parseArgs({ args: [...argv], options: ALL_FLAGS, strict: false, allowPositionals: true, tokens: true });
  const first = loose.tokens.find((t) => t.kind === 'positional');
  if (!first) {
    if (loose.values.version === true) return { kind: 'version' };
    if (loose.values.help === true) return { kind: 'help' };
    if (argv.length === 0) return { kind: 'help', toStderr: true };
    throw new UsageError(`missing command; see 'lro --help'`);
  }
  const name = first.value;
  if (!isCommand(name)) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
  const rest = argv.filter((_, i) => i !== first.index);
  const spec: CommandSpec = COMMANDS[name];
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: spec.flags, strict: true, allowPositionals: true });
  } catch (err) {
    throw flagError(err, name);
  }
  const flags = parsed.values as FlagValues;
  if (name === 'help') {
    const topic = parsed.positionals[0];
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`no help for '${topic}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument '${parsed.positionals[1]}' for 'lro help'`);
    return { kind: 'help', topic };
  }
  if (flags.help === true) return { kind: 'help', topic: name };
  const required = spec.args.filter((a) => !a.endsWith('?'));
  if (parsed.positionals.length < required.length) {
    const missing = required[parsed.positionals.length]!;
    throw new UsageError(`missing ${missing}: lro ${name} ${spec.args.map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : a)).join(' ')}`);
  }
  if (parsed.positionals.length > spec.args.length) {
    throw new UsageError(`unexpected argument '${parsed.positionals[spec.args.length]}' for 'lro ${name}'`);
  }
  for (const arg of parsed.positionals) {
    if (arg.trim() === '') throw new UsageError(`empty argument for 'lro ${name}'`);
  }
  return { kind: 'command', command: name, flags, args: parsed.positionals };
}

/** A string flag's value, if given. */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean flag: true when given. */
export function booleanFlag(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}

/** A repeatable flag's values, in order; empty when not given. */
export function listFlag(flags: FlagValues, name: string): string[] {
  const v = flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/**
 * A duration flag in ms (`--timeout 30m`).
 * @throws UsageError naming the flag for text that is not a duration, or 0 where it must be positive.
 */
export function durationFlag(flags: FlagValues, name: string, { positive = false } = {}): number | undefined {
  const text = stringFlag(flags, name);
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) {
    const hint = /^\d+(\.\d+)?$/.test(text.trim()) ? `; add a unit, e.g. ${text.trim()}s` : '; e.g. 500ms, 1s, 1.5m, 2h, 1h30m';
    throw new UsageError(`bad duration '${text}' for --${name}${hint}`);
  }
  if (positive && ms === 0) throw new UsageError(`--${name} must be more than 0`);
  return ms;
}

/**
 * A whole-number flag (`--limit 10`).
 * @throws UsageError naming the flag for anything but digits, or a value under `min`.
 */
export function integerFlag(flags: FlagValues, name: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  const text = stringFlag(flags, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} must be a whole number, got '${text}'`);
  const n = Number(text.trim());
  if (n < min || n > max) throw new UsageError(`--${name} must be ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `at least ${min}`}, got ${n}`);
  return n;
}
