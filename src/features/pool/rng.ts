/** Small seeded PRNG (mulberry32) so every run of a preset is reproducible, in tests and on screen. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exponential draw with the given mean (inter-arrival times of a Poisson process). */
export function exponential(rng: () => number, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}

/**
 * Log-normal draw whose *mean* is `mean` (not its median), so rps × mean duration stays Little's law.
 * sigma 0.25 gives a realistic spread for p95/p99 without long tails swamping the picture.
 */
export function lognormalWithMean(rng: () => number, mean: number, sigma = 0.25): number {
  const u1 = Math.max(rng(), 1e-12);
  const u2 = rng();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return mean * Math.exp(sigma * z - (sigma * sigma) / 2);
}
