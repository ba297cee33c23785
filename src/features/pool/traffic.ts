import { createRng, exponential } from './rng';

/**
 * Traffic shapes. All times are in simulated seconds from the start of the run; `rps` is always the
 * shape's headline rate (the steady rate, the ramp's end, the spike's peak, the daily peak).
 */
export type TrafficShape = 'constant' | 'ramp' | 'spike' | 'poisson' | 'daily';

export interface TrafficSpec {
  shape: TrafficShape;
  /** Requests per second (headline rate, see above). */
  rps: number;
  /** Rate before the spike / at the daily trough / at the start of the ramp. Defaults: 10% of rps (0 for a ramp). */
  baseRps?: number;
  /** Spike start (s), ramp start (s). */
  startS?: number;
  /** Spike length (s), ramp length (s), daily period (s). */
  lengthS?: number;
}

export const TRAFFIC_SHAPES: readonly { id: TrafficShape; label: string }[] = [
  { id: 'constant', label: 'Constant' },
  { id: 'ramp', label: 'Ramp' },
  { id: 'spike', label: 'Spike' },
  { id: 'poisson', label: 'Random (Poisson)' },
  { id: 'daily', label: 'Daily curve' },
];

const DAY_S = 86_400;

/** Instantaneous arrival rate (requests per simulated second) at time tS. */
export function rateAt(spec: TrafficSpec, tS: number): number {
  const rps = Math.max(0, spec.rps);
  switch (spec.shape) {
    case 'constant':
    case 'poisson':
      return rps;
    case 'ramp': {
      const from = spec.baseRps ?? 0;
      const start = spec.startS ?? 0;
      const len = Math.max(1e-9, spec.lengthS ?? 60);
      const f = Math.min(1, Math.max(0, (tS - start) / len));
      return from + (rps - from) * f;
    }
    case 'spike': {
      const base = spec.baseRps ?? rps * 0.1;
      const start = spec.startS ?? 30;
      const len = spec.lengthS ?? 60;
      return tS >= start && tS < start + len ? rps : base;
    }
    case 'daily': {
      // A smooth day: trough at midnight, peak at midday (cosine), compressed to lengthS if given.
      const base = spec.baseRps ?? rps * 0.1;
      const period = spec.lengthS ?? DAY_S;
      const phase = ((tS % period) + period) % period;
      return base + ((rps - base) * (1 - Math.cos((2 * Math.PI * phase) / period))) / 2;
    }
  }
}

/**
 * Turns a shape into request arrival times, window by window. Deterministic shapes space arrivals evenly
 * (the running integral of the rate crossing each whole number); the Poisson shape draws exponential gaps.
 * Keeps its own position so successive windows neither lose nor duplicate an arrival.
 */
export class ArrivalGenerator {
  private spec: TrafficSpec;
  private readonly rng: () => number;
  /**
   * Deterministic shapes: expected arrivals so far (running integral of the rate), started at ½ so each
   * arrival sits mid-way through its share of time (the first at 5 ms for 100 rps, not at 10 ms).
   */
  private acc = 0.5;
  /** Poisson: time of the next arrival (s). */
  private nextPoissonS: number | null = null;

  constructor(spec: TrafficSpec, seed = 1) {
    this.spec = { ...spec };
    this.rng = createRng(seed);
  }

  /** Change the traffic live; the next window uses it. */
  setSpec(spec: TrafficSpec): void {
    this.spec = { ...spec };
    this.nextPoissonS = null;
  }

  getSpec(): TrafficSpec {
    return this.spec;
  }

  /** Appends the arrival times (s) in [fromS, toS) to `out` and returns how many it added. */
  arrivals(fromS: number, toS: number, out: number[]): number {
    if (toS <= fromS) return 0;
    const before = out.length;
    if (this.spec.shape === 'poisson') {
      const rate = this.spec.rps;
      if (rate <= 0) {
        this.nextPoissonS = null;
        return 0;
      }
      let next = this.nextPoissonS ?? fromS + exponential(this.rng, 1 / rate);
      if (next < fromS) next = fromS;
      while (next < toS) {
        out.push(next);
        next += exponential(this.rng, 1 / rate);
      }
      this.nextPoissonS = next;
      return out.length - before;
    }
    // Integrate the rate in slices no longer than 50 ms (shapes change slowly or jump at known instants).
    let t = fromS;
    while (t < toS) {
      const sliceEnd = Math.min(toS, t + 0.05);
      const r = rateAt(this.spec, (t + sliceEnd) / 2);
      const gained = r * (sliceEnd - t);
      if (gained > 0) {
        const first = Math.floor(this.acc) + 1;
        const last = this.acc + gained;
        for (let k = first; k <= last; k++) out.push(t + (k - this.acc) / r);
        this.acc = last;
      }
      t = sliceEnd;
    }
    return out.length - before;
  }
}
