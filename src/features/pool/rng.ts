/** Distributions for the pool's traffic, drawn from the simulation core's seeded PRNG (reproducible runs). */
import type { Rng } from '../../sim/random';

export { createRng } from '../../sim/random';

/** Exponential draw with the given mean (inter-arrival times of a Poisson process). */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}

/**
 * Log-normal draw whose *mean* is `mean` (not its median), so rps × mean duration stays Little's law.
 * sigma 0.25 gives a realistic spread for p95/p99 without long tails swamping the picture.
 */
export function lognormalWithMean(rng: Rng, mean: number, sigma = 0.25): number {
  const u1 = Math.max(rng(), 1e-12);
  const u2 = rng();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return mean * Math.exp(sigma * z - (sigma * sigma) / 2);
}
