// What lro's shell completion offers, read from the command table: the commands, their flags, and the values flags take.
import { ALL_FLAGS, COMMAND_NAMES, COMMANDS, SHELLS, type CommandName, type FlagSpec } from '../command-table.js';

/** A flag as completion offers it. */
export interface CompletionFlag {
  /** `--endpoint`. */
  readonly long: string;
  /** `-q`, for the flags that have one. */
  readonly short: string | undefined;
  readonly summary: string;
  readonly takesValue: boolean;
  /** What the value completes to: words, file names, or nothing to offer (free text). */
  readonly values: readonly string[] | 'file' | undefined;
}

/** A command as completion offers it. */
export interface CompletionCommand {
  readonly name: CommandName;
  readonly summary: string;
  readonly flags: readonly CompletionFlag[];
  /** What its arguments complete to; none for operation names and parents, which only the service knows. */
  readonly argValues: readonly string[] | undefined;
}

function completionFlag(name: string, spec: FlagSpec): CompletionFlag {
  return {
    long: `--${name}`,
    short: spec.short === undefined ? undefined : `-${spec.short}`,
    summary: spec.summary,
    takesValue: spec.type === 'string',
    values: spec.values,
  };
}

function flagsOf(table: Readonly<Record<string, FlagSpec>>): CompletionFlag[] {
  return Object.entries(table).map(([name, spec]) => completionFlag(name, spec));
}

/** The commands, in help's order. */
export const COMPLETION_COMMANDS: readonly CompletionCommand[] = COMMAND_NAMES.map((name) => {
  const spec = COMMANDS[name];
  const argValues = 'argValues' in spec ? (spec.argValues === 'shells' ? SHELLS : COMMAND_NAMES) : undefined;
  return { name, summary: spec.summary, flags: flagsOf(spec.flags), argValues };
});

/**
 * The flags offered before a command is typed: those of `lro get`, which
 * every command that calls a service takes, and `--version`. lro reads any
 * command's flags there; these are the ones worth a place in the list.
 */
export const LEADING_FLAGS: readonly CompletionFlag[] = flagsOf({ ...COMMANDS.get.flags, version: ALL_FLAGS.version! });

/** Every flag that takes a value, with what the value completes to: one meaning per name across the commands. */
export const VALUE_FLAGS: readonly CompletionFlag[] = flagsOf(ALL_FLAGS).filter((f) => f.takesValue);
