/** The page's real time for the live clock driver (src/sim/liveClock.ts): performance.now and setTimeout. */
import type { RealTime } from '../sim/liveClock';

export const pageRealTime: RealTime = {
  now: () => performance.now(),
  setTimer: (ms, fn) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A random seed for a page's simulation (request ids look random, as in AWS). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
