// HTTP rule templates with one `{name=...}` variable: checks names against them, expands and parses paths.

/** One segment of a name pattern: a literal, `*` (one segment) or `**` (one or more, last only). */
type Segment = { kind: 'literal'; text: string } | { kind: 'one' } | { kind: 'rest' };

/**
 * A compiled HTTP rule path such as `/v1/{name=projects/*\/locations/*}/operations`
 * or `/v1/{name=operations/**}:cancel`: a literal prefix, the `name` variable's
 * pattern, and a literal suffix.
 */
export interface PathTemplate {
  /** The template as written. */
  readonly source: string;
  /** The name pattern inside the braces, e.g. `operations/**`. */
  readonly pattern: string;
  /** True when a name matches the pattern and is safe to put in a path. */
  matches(name: string): boolean;
  /** Why a name does not fit, or undefined when it does. */
  explain(name: string): string | undefined;
  /** The URL path for a name, each segment percent-encoded. Throws a TypeError for a name that does not match. */
  expand(name: string): string;
  /** The name inside a request path (already split from its query), or undefined when the path is not this template's. */
  parse(path: string): string | undefined;
}

function compilePattern(pattern: string, source: string): Segment[] {
  const parts = pattern.split('/');
  return parts.map((part, i): Segment => {
    if (part === '*') return { kind: 'one' };
    if (part === '**') {
      if (i !== parts.length - 1) throw new TypeError(`path template ${source}: '**' must be the last segment`);
      return { kind: 'rest' };
    }
    if (!/^[A-Za-z0-9_.~-]+$/.test(part)) throw new TypeError(`path template ${source}: bad segment '${part}'`);
    return { kind: 'literal', text: part };
  });
}

// Characters that no name segment may hold: they would change what a path means.
const CONTROL = /[\u0000-\u001f\u007f]/;

function explainSegments(segments: readonly string[], pattern: readonly Segment[], patternText: string): string | undefined {
  for (const s of segments) {
    if (s === '') return 'it has an empty segment';
    if (s === '.' || s === '..') return `it has a '${s}' segment`;
    if (CONTROL.test(s)) return 'it holds a control character';
  }
  const last = pattern[pattern.length - 1];
  const fixed = last?.kind === 'rest' ? pattern.length - 1 : pattern.length;
  if (last?.kind === 'rest' ? segments.length < pattern.length : segments.length !== pattern.length) {
    return `it does not have the form ${patternText}`;
  }
  for (let i = 0; i < fixed; i++) {
    const p = pattern[i]!;
    if (p.kind === 'literal' && segments[i] !== p.text) return `it does not have the form ${patternText}`;
  }
  return undefined;
}

/**
 * Compiles an HTTP rule path. The variable must be `name`; its pattern is
 * made of literal segments and `*`, with an optional trailing `**`.
 *
 * @throws TypeError when the template has no `{name=...}` variable or a bad pattern.
 */
export function compilePathTemplate(source: string): PathTemplate {
  const m = /^(\/[^{}]*)\{name=([^{}]+)\}([^{}]*)$/.exec(source);
  if (!m) throw new TypeError(`path template ${source}: expected one {name=...} variable`);
  const prefix = m[1]!;
  const patternText = m[2]!;
  const suffix = m[3]!;
  const pattern = compilePattern(patternText, source);

  const explain = (name: string): string | undefined => {
    if (typeof name !== 'string' || name === '') return 'it is empty';
    return explainSegments(name.split('/'), pattern, patternText);
  };

  return {
    source,
    pattern: patternText,
    explain,
    matches: (name) => explain(name) === undefined,
    expand(name) {
      const why = explain(name);
      if (why) throw new TypeError(`name '${name}' does not fit ${source}: ${why}`);
      return prefix + name.split('/').map(encodeURIComponent).join('/') + suffix;
    },
    parse(path) {
      if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length < prefix.length + suffix.length) return undefined;
      const middle = path.slice(prefix.length, path.length - suffix.length);
      let segments: string[];
      try {
        segments = middle.split('/').map(decodeURIComponent);
      } catch {
        return undefined;
      }
      // A decoded segment may not carry a '/' of its own, nor ':' that would be a custom verb.
      if (segments.some((s) => s.includes('/'))) return undefined;
      if (
        suffix === '' &&
        segments[segments.length - 1]?.includes(':') &&
        !middle.endsWith(encodeURIComponent(segments[segments.length - 1]!))
      )
        return undefined;
      if (explainSegments(segments, pattern, patternText)) return undefined;
      return segments.join('/');
    },
  };
}
