// `lro completion fish`: `complete` lines for fish, with the functions that find the command, from the command table.
import { COMPLETION_COMMANDS, LEADING_FLAGS, VALUE_FLAGS, type CompletionFlag } from './completion-words.js';
import { fishQuoted } from './shell-quoting.js';

/** How to install the script, as its first lines and `lro completion --help` say it. */
export const FISH_INSTALL = ['lro completion fish > ~/.config/fish/completions/lro.fish'];

/** A `complete` line for a flag under a condition. */
function flagLine(condition: string, f: CompletionFlag): string {
  const parts = ['complete -c lro', `-n ${fishQuoted(condition)}`, `-l ${f.long.slice(2)}`];
  if (f.short) parts.push(`-s ${f.short.slice(1)}`);
  if (f.takesValue) {
    if (f.values === 'file') parts.push('-r -F');
    else {
      parts.push('-x');
      // -a is expanded as fish arguments are: each word quoted, so that value(name) stays text.
      if (f.values) parts.push(`-a ${fishQuoted(f.values.map(fishQuoted).join(' '))}`);
    }
  }
  parts.push(`-d ${fishQuoted(f.summary)}`);
  return parts.join(' ');
}

/** The script: __lro_command finds the command among the tokens; each command's flags are offered after it. */
export function fishScript(): string {
  const valueFlags = VALUE_FLAGS.flatMap((f) => (f.short ? [f.long, f.short] : [f.long])).join(' ');
  const commands = COMPLETION_COMMANDS.map((c) => `complete -c lro -n __lro_needs_command -a ${c.name} -d ${fishQuoted(c.summary)}`).join(
    '\n',
  );
  const leading = LEADING_FLAGS.map((f) => flagLine('__lro_needs_command', f)).join('\n');
  const perCommand = COMPLETION_COMMANDS.map((c) => {
    const lines = c.flags.map((f) => flagLine(`__lro_using ${c.name}`, f));
    if (c.argValues) lines.push(`complete -c lro -n ${fishQuoted(`__lro_using ${c.name}`)} -a ${fishQuoted(c.argValues.join(' '))}`);
    return lines.join('\n');
  }).join('\n\n');
  return `# fish completion for lro: commands, flags and the values of --service, --format, --transport and --types.
# Install: ${FISH_INSTALL.join('\n#      ')}

# Prints the command: the first token that is neither a flag nor a flag's value.
function __lro_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for token in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $token
            case ${valueFlags}
                set skip 1
            case '-*'
            case '*'
                echo $token
                return 0
        end
    end
    return 1
end

function __lro_needs_command
    not __lro_command >/dev/null
end

function __lro_using
    set -l command (__lro_command)
    test "$command" = "$argv[1]"
end

# Operation names are the service's to know: no file names for them.
complete -c lro -f

${commands}
${leading}

${perCommand}
`;
}
