// lro completion SHELL: prints the completion script for bash, zsh or fish on stdout.
import { SHELLS } from '../command-table.js';
import { bashScript } from '../completion/bash-script.js';
import { fishScript } from '../completion/fish-script.js';
import { zshScript } from '../completion/zsh-script.js';
import type { CommandContext } from '../context.js';
import { didYouMean } from '../did-you-mean.js';
import { EXIT, UsageError } from '../exit-codes.js';

const SCRIPTS: Readonly<Record<string, () => string>> = { bash: bashScript, zsh: zshScript, fish: fishScript };

/**
 * Writes the script; how to install it is in its first lines and in `lro completion --help`.
 * @throws UsageError for a shell it has no script for.
 */
export async function completion(ctx: CommandContext): Promise<number> {
  const shell = ctx.args[0]!;
  const script = Object.hasOwn(SCRIPTS, shell) ? SCRIPTS[shell] : undefined;
  if (!script) {
    const hint = didYouMean(shell, SHELLS);
    throw new UsageError(
      `no completion for shell '${shell}'; ${hint ? `${hint} ` : ''}expected ${SHELLS.slice(0, -1).join(', ')} or ${SHELLS.at(-1)}`,
    );
  }
  ctx.io.stdout.write(script());
  return EXIT.OK;
}
