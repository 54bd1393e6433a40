// "Did you mean" for a mistyped command, flag or word: the candidates nearest by edit distance, or those it begins.

/**
 * The optimal-string-alignment distance between two words: insertions,
 * deletions, substitutions and swaps of two neighbouring characters cost 1
 * each (`wiat` is 1 from `wait`, `timout` 1 from `timeout`).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = Array.from({ length: rows * cols }, (_, k) => (k < cols ? k : k % cols === 0 ? k / cols : 0));
  const at = (i: number, j: number) => d[i * cols + j]!;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/** At most this many suggestions: more would be a list, not a guess. */
const MAX_SUGGESTIONS = 3;

/**
 * The candidates `word` was probably meant to be: those nearest to it, at a
 * distance of at most 2 (1 for a word of three characters or fewer, so that
 * `ab` suggests nothing); failing that, those that begin with it, when it
 * has two characters or more (`de`: `delete`, `demo`). Empty when nothing is
 * near enough or too many are.
 */
export function suggestionsFor(word: string, candidates: readonly string[]): string[] {
  const limit = word.length <= 3 ? 1 : 2;
  let best = Infinity;
  let near: string[] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d > limit) continue;
    if (d < best) [best, near] = [d, [c]];
    else if (d === best) near.push(c);
  }
  if (near.length === 0 && word.length >= 2) near = candidates.filter((c) => c !== word && c.startsWith(word));
  return near.length <= MAX_SUGGESTIONS ? near : [];
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`: the words as written by `show`. */
function alternatives(words: readonly string[], show: (w: string) => string): string {
  const shown = words.map(show);
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/**
 * `did you mean 'wait'?` for the suggestions, undefined for none. `show`
 * writes each one (quoted by default; flags go as they are typed: `--timeout`).
 */
export function didYouMean(word: string, candidates: readonly string[], show = (w: string) => `'${w}'`): string | undefined {
  const near = suggestionsFor(word, candidates);
  return near.length ? `did you mean ${alternatives(near, show)}?` : undefined;
}
