/**
 * Keeps the run's history for charts and the timeline scrubber. Memory stays bounded: when the buffer is
 * full, every other sample is dropped and the recording interval doubles, so an hour-long or day-long run
 * keeps an even (coarser) picture of the whole run rather than only its end.
 */
export class Recorder<T> {
  private samples: T[] = [];
  private everyN = 1;
  private seen = 0;

  constructor(private readonly capacity = 1800) {}

  /** Offers one sample (one per simulated second); keeps it if it falls on the current interval. */
  push(sample: T): void {
    const keep = this.seen % this.everyN === 0;
    this.seen++;
    if (!keep) return;
    this.samples.push(sample);
    if (this.samples.length >= this.capacity) {
      this.samples = this.samples.filter((_, i) => i % 2 === 0);
      this.everyN *= 2;
    }
  }

  get length(): number {
    return this.samples.length;
  }

  /** Seconds of simulated time between kept samples. */
  get interval(): number {
    return this.everyN;
  }

  at(i: number): T | undefined {
    return this.samples[i];
  }

  last(): T | undefined {
    return this.samples[this.samples.length - 1];
  }

  all(): readonly T[] {
    return this.samples;
  }

  clear(): void {
    this.samples = [];
    this.everyN = 1;
    this.seen = 0;
  }
}

/** Percentile of an unsorted sample (nearest-rank). Sorts `values` in place. */
export function percentile(values: number[] | Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  values.sort((a, b) => a - b);
  const rank = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
  return values[rank]!;
}

/** Several percentiles with one sort (a typed-array sort: numeric, no comparator calls). */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return ps.map((p) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!));
}
