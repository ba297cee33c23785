/** One recorded second of the run: what the charts, the summary and the scrubber show. */
export interface PoolSample {
  /** Simulated time at the end of the second. */
  tS: number;
  /** Concurrent executions of this function, time-weighted over the second (busy + initialising). */
  concurrency: number;
  /** The most this function may run at once: its reservation, or the account limit minus others' reservations. */
  cap: number;
  accountLimit: number;
  /** Requests offered per second (before throttling). */
  offered: number;
  /** Invocations accepted per second. */
  invocations: number;
  throttles: number;
  /** Cold starts among the accepted invocations this second. */
  coldStarts: number;
  /** Share of this second's accepted invocations that were cold starts (0–1). */
  coldShare: number;
  /** Mean duration (init included for cold starts) of invocations that finished this second, ms. */
  meanLatencyMs: number;
  p50: number;
  p95: number;
  p99: number;
  /** Cumulative cost so far (USD): on-demand invocations, and provisioned (keep-warm + invocations on it). */
  costOnDemand: number;
  costProvisioned: number;
  /** Provisioned concurrency configured at this moment. */
  provisioned: number;
  /** Environments alive for this function (any state). */
  environments: number;
  /** Other functions in the account (account-split presets). */
  others: { name: string; concurrency: number; throttles: number; reserved: number | null }[];
  /** Cumulative totals since the start of the run. */
  totals: { offered: number; invocations: number; throttles: number; coldStarts: number };
  /** Snapshot of the pool's cells at the end of the second (see cells.ts). */
  cells: Uint8Array;
}
