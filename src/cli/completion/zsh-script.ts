// `lro completion zsh`: a completion function for zsh, autoloaded from $fpath or sourced, its words taken from the command table.
import { COMPLETION_COMMANDS, LEADING_FLAGS, VALUE_FLAGS, type CompletionFlag } from './completion-words.js';
import { posixQuoted } from './shell-quoting.js';

/** How to install the script, as its first lines and `lro completion --help` say it. */
export const ZSH_INSTALL = [
  'mkdir -p ~/.zfunc && lro completion zsh > ~/.zfunc/_lro, and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath)',
  'or, in ~/.zshrc after compinit: source <(lro completion zsh)',
];

/** `'name:description'` items for _describe; a colon in the name is escaped. */
function described(items: readonly { name: string; summary: string }[], indent: string): string {
  return items.map((i) => `${indent}${posixQuoted(`${i.name.replace(/:/g, '\\:')}:${i.summary}`)}`).join('\n');
}

function flagItems(flags: readonly CompletionFlag[]): { name: string; summary: string }[] {
  return flags.flatMap((f) => [{ name: f.long, summary: f.summary }, ...(f.short ? [{ name: f.short, summary: f.summary }] : [])]);
}

function valueArms(flags: readonly CompletionFlag[]): string {
  return flags
    .map((f) => {
      const patterns = [f.long, ...(f.short ? [f.short] : [])].join('|');
      const body =
        f.values === 'file'
          ? '_files'
          : f.values
            ? `compadd -- ${f.values.map(posixQuoted).join(' ')}`
            : `_message ${posixQuoted(f.summary)}`;
      return `    ${patterns}) ${body}; return ;;`;
    })
    .join('\n');
}

/**
 * The script: `_lro` finds the command in $words, then offers its flags, a
 * flag's values, or the commands. Its arrays are prefixed: zsh's own
 * `commands` is the table of commands on $PATH.
 */
export function zshScript(): string {
  const valueFlags = VALUE_FLAGS.flatMap((f) => (f.short ? [f.long, f.short] : [f.long]));
  const flagArms = COMPLETION_COMMANDS.map(
    (c) => `      ${c.name}) lro_flags=(\n${described(flagItems(c.flags), '        ')}\n      ) ;;`,
  ).join('\n');
  const argArms = COMPLETION_COMMANDS.filter((c) => c.argValues)
    .map((c) => `    ${c.name}) compadd -- ${c.argValues!.map(posixQuoted).join(' ')} ;;`)
    .join('\n');
  return `#compdef lro
# zsh completion for lro: commands, flags and the values of --service, --format, --transport and --types.
# Install: ${ZSH_INSTALL.join('\n#      ')}

_lro() {
  local -a lro_commands lro_flags lro_value_flags
  lro_commands=(
${described(COMPLETION_COMMANDS, '    ')}
  )
  lro_value_flags=(${valueFlags.join(' ')})
  local lro_command='' flag='' word i
  # The command is the first word that is neither a flag nor a flag's value.
  for (( i = 2; i < CURRENT; i++ )); do
    word=\${words[i]}
    if (( \${lro_value_flags[(Ie)$word]} )); then (( i++ )); continue; fi
    [[ $word == -* ]] && continue
    lro_command=$word
    break
  done
  if [[ $PREFIX == --*=* ]]; then
    flag=\${PREFIX%%=*}
    compset -P '*='
  elif (( \${lro_value_flags[(Ie)\${words[CURRENT-1]}]} )); then
    flag=\${words[CURRENT-1]}
  fi
  case $flag in
${valueArms(VALUE_FLAGS)}
  esac
  if [[ $PREFIX == -* ]]; then
    case $lro_command in
${flagArms}
      *) lro_flags=(
${described(flagItems(LEADING_FLAGS), '        ')}
      ) ;;
    esac
    _describe -t options 'lro flag' lro_flags
    return
  fi
  case $lro_command in
    '') _describe -t commands 'lro command' lro_commands ;;
${argArms}
    *) _message 'operation name' ;;
  esac
}

if [[ $funcstack[1] == _lro ]]; then
  _lro "$@"
else
  compdef _lro lro
fi
`;
}
