// The command line: the parse that turns argv into a command, its flags and its arguments, and the readers of flag values.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ALL_FLAGS, COMMAND_NAMES, COMMANDS, isCommand, type CommandName, type CommandSpec, type FlagTable } from './command-table.js';
import { didYouMean } from './did-you-mean.js';
import { formatDuration, parseDuration } from './duration.js';
import { UsageError } from './exit-codes.js';

/** The flags as parsed: strings, booleans, and string lists for repeatable flags. */
export type FlagValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: 'version' }
  | { readonly kind: 'help'; readonly topic?: CommandName | undefined; readonly toStderr?: boolean }
  | { readonly kind: 'command'; readonly command: CommandName; readonly flags: FlagValues; readonly args: readonly string[] };

/** The flags whose values are durations. */
const DURATION_FLAGS: ReadonlySet<string> = new Set(['timeout', 'initial-delay', 'max-delay']);

/** A duration example for messages. */
const DURATION_EXAMPLES = 'e.g. 500ms, 1s, 1.5m, 2h, 1h30m';

function quoted(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

// parseArgs refuses `--timeout -5s` as ambiguous: the value may be a negative one, or the next flag after a forgotten value.
function ambiguousValueError(flag: string, args: readonly string[]): UsageError {
  const at = args.findIndex((a) => a === flag);
  const value = at >= 0 ? args[at + 1] : undefined;
  if (value === undefined) return new UsageError(`${flag} needs a value`);
  const looksLikeFlag = /^--?[A-Za-z]/.test(value);
  if (DURATION_FLAGS.has(flag.slice(2))) {
    return new UsageError(looksLikeFlag ? `${flag} needs a value` : badDuration(value, flag));
  }
  return new UsageError(`${flag} needs a value; for one that starts with '-', write ${flag}=${value}`);
}

/** The commands, other than `command`, that take the flag `name`. */
function commandsWithFlag(name: string, command: CommandName): CommandName[] {
  return COMMAND_NAMES.filter((c) => c !== command && Object.hasOwn(COMMANDS[c].flags, name));
}

/**
 * An unknown flag, with the flag it was likely meant to be (`--timout`:
 * `did you mean --timeout?`), or else the commands that do take it.
 */
function unknownFlag(flag: string, command: CommandName): UsageError {
  const head = `unknown flag ${flag} for 'lro ${command}'`;
  if (flag.startsWith('--')) {
    const name = flag.slice(2).split('=')[0]!;
    const hint = didYouMean(name, Object.keys(COMMANDS[command].flags), (f) => `--${f}`);
    if (hint) return new UsageError(`${head}; ${hint}`);
    const others = commandsWithFlag(name, command);
    if (others.length) return new UsageError(`${head}: it goes with ${others.map((c) => `'lro ${c}'`).join(', ')}`);
  }
  return new UsageError(`${head}; see 'lro ${command} --help'`);
}

/** A flag before the command that no command takes. */
function unknownGlobalFlag(flag: string): UsageError {
  const hint = flag.startsWith('--') ? didYouMean(flag.slice(2), Object.keys(ALL_FLAGS), (f) => `--${f}`) : undefined;
  return new UsageError(`unknown flag ${flag}; ${hint ?? "see 'lro --help'"}`);
}

/** A word that is not a command, with the one it was likely meant to be. */
function unknownCommand(name: string): UsageError {
  const hint = didYouMean(name, COMMAND_NAMES);
  return new UsageError(`unknown command '${name}'; ${hint ?? `commands: ${COMMAND_NAMES.join(', ')}`}`);
}

/** A flag table as parseArgs takes it: the parse's own fields only. */
function parseOptions(flags: FlagTable): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, { type, short, multiple }]) => [
      name,
      { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) },
    ]),
  );
}

const LOOSE_OPTIONS = parseOptions(ALL_FLAGS);

// node:util's messages are long and generic; say the same in one line, naming the command.
function flagError(err: unknown, command: CommandName, args: readonly string[]): UsageError {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return unknownFlag(quoted(message) ?? '', command);
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = quoted(message)?.split(' ')[0] ?? 'a flag';
    if (/argument is ambiguous/.test(message)) return ambiguousValueError(flag, args);
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
  const loose = parseArgs({ args: [...argv], options: LOOSE_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = loose.tokens.find((t) => t.kind === 'positional');
  // `lro --timout 5s wait …` reads 5s as the command: the flag before it is what was mistyped.
  const stray = loose.tokens.find((t) => t.kind === 'option' && !Object.hasOwn(ALL_FLAGS, t.name) && (!first || t.index < first.index));
  if (!first) {
    if (loose.values.version === true) return { kind: 'version' };
    if (loose.values.help === true) return { kind: 'help' };
    if (argv.length === 0) return { kind: 'help', toStderr: true };
    if (stray?.kind === 'option') throw unknownGlobalFlag(stray.rawName);
    throw new UsageError(`missing command; see 'lro --help'`);
  }
  const name = first.value;
  if (!isCommand(name)) throw stray?.kind === 'option' ? unknownGlobalFlag(stray.rawName) : unknownCommand(name);
  const rest = argv.filter((_, i) => i !== first.index);
  const spec: CommandSpec = COMMANDS[name];
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: parseOptions(spec.flags), strict: true, allowPositionals: true });
  } catch (err) {
    throw flagError(err, name, rest);
  }
  const flags = parsed.values as FlagValues;
  if (name === 'help') {
    const topic = parsed.positionals[0];
    if (topic !== undefined && !isCommand(topic))
      throw new UsageError(`no help for '${topic}'; ${didYouMean(topic, COMMAND_NAMES) ?? `commands: ${COMMAND_NAMES.join(', ')}`}`);
    if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument '${parsed.positionals[1]}' for 'lro help'`);
    return { kind: 'help', topic };
  }
  if (flags.help === true) return { kind: 'help', topic: name };
  const required = spec.args.filter((a) => !a.endsWith('?') && !a.endsWith('...'));
  if (parsed.positionals.length < required.length) {
    const missing = required[parsed.positionals.length]!;
    throw new UsageError(
      `missing ${missing}: lro ${name} ${spec.args.map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : a)).join(' ')}`,
    );
  }
  if (parsed.positionals.length > spec.args.length && !spec.args.at(-1)?.endsWith('...')) {
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

function badDuration(text: string, flag: string): string {
  const t = text.trim();
  const hint = /^\d+(\.\d+)?$/.test(t) ? `add a unit, e.g. ${t}s` : t.startsWith('-') ? 'it cannot be negative' : DURATION_EXAMPLES;
  return `bad duration '${text}' for ${flag}; ${hint}`;
}

/**
 * A duration flag in ms (`--timeout 30m`), rounded to a whole ms.
 * @throws UsageError naming the flag for text that is not a duration, or one outside `min`..`max` ms.
 */
export function durationFlag(flags: FlagValues, name: string, { min = 0, max = Infinity } = {}): number | undefined {
  const text = stringFlag(flags, name);
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(badDuration(text, `--${name}`));
  if (ms < min) throw new UsageError(`--${name} must be at least ${formatDuration(min)}, got '${text.trim()}'`);
  if (ms > max) throw new UsageError(`--${name} must be at most ${max}ms (about ${formatDuration(max)}), got '${text.trim()}'`);
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
  if (n < min || n > max)
    throw new UsageError(`--${name} must be ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `at least ${min}`}, got ${n}`);
  return n;
}
