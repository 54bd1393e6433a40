// `lro completion bash`: a completion function for bash, its words taken from the command table.
import { COMPLETION_COMMANDS, LEADING_FLAGS, VALUE_FLAGS, type CompletionFlag } from './completion-words.js';
import { posixQuoted } from './shell-quoting.js';

/** How to install the script, as its first lines and `lro completion --help` say it. */
export const BASH_INSTALL = [
  'lro completion bash > ~/.local/share/bash-completion/completions/lro',
  'or, without bash-completion, in ~/.bashrc: source <(lro completion bash)',
];

function words(list: readonly string[]): string {
  return list.map(posixQuoted).join(' ');
}

function flagWords(flags: readonly CompletionFlag[]): string {
  return words(flags.flatMap((f) => (f.short ? [f.long, f.short] : [f.long])));
}

/** The `case` arm that completes a flag's value. */
function valueArm(flags: readonly CompletionFlag[]): string {
  const arms: string[] = [];
  const byValues = new Map<string, { patterns: string[]; values: CompletionFlag['values'] }>();
  for (const f of flags) {
    const key = JSON.stringify(f.values ?? null);
    const arm = byValues.get(key) ?? { patterns: [], values: f.values };
    arm.patterns.push(f.long, ...(f.short ? [f.short] : []));
    byValues.set(key, arm);
  }
  for (const { patterns, values } of byValues.values()) {
    const body =
      values === 'file'
        ? 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;'
        : values
          ? `_lro_reply "$cur" ${words(values)}; return ;;`
          : 'return ;; # free text: nothing to offer';
    arms.push(`    ${patterns.join('|')}) ${body}`);
  }
  return arms.join('\n');
}

/** The script: `_lro_reply` matches words, `_lro` reads COMP_WORDS and COMP_CWORD and fills COMPREPLY. */
export function bashScript(): string {
  const valueFlags = VALUE_FLAGS.flatMap((f) => (f.short ? [f.long, f.short] : [f.long])).join('|');
  const flagArms = COMPLETION_COMMANDS.map((c) => `      ${c.name}) _lro_reply "$cur" ${flagWords(c.flags)} ;;`).join('\n');
  const argArms = COMPLETION_COMMANDS.filter((c) => c.argValues)
    .map((c) => `    ${c.name}) _lro_reply "$cur" ${words(c.argValues!)} ;;`)
    .join('\n');
  return `# bash completion for lro: commands, flags and the values of --service, --format, --transport and --types.
# Install: ${BASH_INSTALL.join('\n#      ')}

# Adds to COMPREPLY each word that begins with $1, quoted for the command line (value\\(name\\)).
_lro_reply() {
  local cur=$1 word quoted
  shift
  for word in "$@"; do
    printf -v quoted '%q' "$word"
    if [[ $word == "$cur"* || $quoted == "$cur"* ]]; then COMPREPLY+=("$quoted"); fi
  done
}

_lro() {
  COMPREPLY=()
  local cur=\${COMP_WORDS[COMP_CWORD]} prev='' flag command='' i word
  (( COMP_CWORD > 0 )) && prev=\${COMP_WORDS[COMP_CWORD-1]}
  # bash splits --flag=value at '=': the flag is then one or two words back.
  if [[ $cur == '=' ]]; then
    flag=$prev
    cur=''
  elif [[ $prev == '=' ]] && (( COMP_CWORD > 1 )); then
    flag=\${COMP_WORDS[COMP_CWORD-2]}
  else
    flag=$prev
  fi
  # The command is the first word that is neither a flag nor a flag's value.
  for (( i = 1; i < COMP_CWORD; i++ )); do
    word=\${COMP_WORDS[i]}
    case $word in
      ${valueFlags})
        if [[ \${COMP_WORDS[i+1]} == '=' ]]; then (( i += 2 )); else (( i += 1 )); fi ;;
      -*) [[ \${COMP_WORDS[i+1]} == '=' ]] && (( i += 2 )) ;;
      *) command=$word; break ;;
    esac
  done
  case $flag in
${valueArm(VALUE_FLAGS)}
  esac
  if [[ $cur == -* ]]; then
    case $command in
${flagArms}
      *) _lro_reply "$cur" ${flagWords(LEADING_FLAGS)} ;;
    esac
    return
  fi
  case $command in
    '') _lro_reply "$cur" ${words(COMPLETION_COMMANDS.map((c) => c.name))} ;;
${argArms}
  esac
}

complete -F _lro lro
`;
}
