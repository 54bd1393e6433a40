// A seeded source of numbers in [0, 1), so that every run and every variant draws the same operation durations.

/**
 * Returns a generator of uniform numbers in [0, 1) that depends only on
 * `seed`. It is a 32-bit integer hash stepped by a Weyl sequence: enough
 * spread for drawing durations, and the same on every machine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    x ^= x >>> 16;
    return (x >>> 0) / 2 ** 32;
  };
}

/** `count` durations in ms, uniform between `minMs` and `maxMs`, drawn from `seed`. */
export function uniformDurations(count: number, minMs: number, maxMs: number, seed: number): number[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => Math.round(minMs + next() * (maxMs - minMs)));
}

/**
 * `count` durations in ms, log-uniform between `minMs` and `maxMs` (as many
 * between 0.2 and 0.4 s as between 3 and 6 s), drawn from `seed`.
 */
export function logUniformDurations(count: number, minMs: number, maxMs: number, seed: number): number[] {
  const next = seededRandom(seed);
  const span = Math.log(maxMs / minMs);
  return Array.from({ length: count }, () => Math.round(minMs * Math.exp(next() * span)));
}
