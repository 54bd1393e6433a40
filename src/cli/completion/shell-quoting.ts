// Text quoted for the shells lro writes completion scripts for.

/** A word in single quotes for bash and zsh: a quote inside becomes '\''. */
export function posixQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A word in single quotes for fish, where a backslash escapes a quote or a backslash. */
export function fishQuoted(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}
