// The library names its options (`insecure: true`, `pageSize`); lro's messages name the flags that set them instead.

/**
 * Option names in library messages and the flags that set them, the longer
 * phrases first. An option inside a longer name (`retry.initialDelayMs`)
 * is not a flag's, and stays as it is.
 */
const OPTION_FLAGS: readonly (readonly [RegExp, string])[] = [
  [/\bset dangerouslyAllowInsecureRemote: true\b/g, 'add --dangerously-allow-insecure-remote'],
  [/(?<![\w.-])dangerouslyAllowInsecureRemote(?:: true\b)?/g, '--dangerously-allow-insecure-remote'],
  [/(?<![\w.-])insecure: true\b/g, '--insecure'],
  [/(?<![\w.-])timeoutMs\b/g, '--timeout'],
  [/(?<![\w.-])initialDelayMs\b/g, '--initial-delay'],
  [/(?<![\w.-])maxDelayMs\b/g, '--max-delay'],
  [/(?<![\w.-])(?:pageSize|page_size)\b/g, '--page-size'],
];

/**
 * A library message in lro's words: each option the CLI sets from a flag
 * is named by that flag (`insecure: true sends plaintext` becomes
 * `--insecure sends plaintext`, `page_size 300 is over …` becomes
 * `--page-size 300 is over …`). Other text is left alone.
 */
export function inFlagWords(message: string): string {
  return OPTION_FLAGS.reduce((text, [option, flag]) => text.replace(option, flag), message);
}
