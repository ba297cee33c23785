/**
 * Power tuning, the way AWS Lambda Power Tuning (github.com/alexcasalboni/aws-lambda-power-tuning) measures it:
 * invoke the function N times at each memory size, take the mean of the Billed Duration after discarding the
 * top and bottom 20% of the samples (its `discardTopBottom`, 0.2 by default, which also drops the cold start),
 * and price each size as billed ms × the price per GB-second × the memory in GB. Three strategies pick a size:
 * cost, speed and balanced (`balancedWeight`: 0 is speed only, 1 is cost only).
 *
 * Pure: the caller runs the invocations (`sample`), this module only schedules and analyses them.
 */
import { gbSeconds, PRICES } from './pricing';
import { computeScale, type Architecture } from './timing';

/** The sizes the course tries by default: 1,769 MB is one full vCPU (Lambda docs), 3,008 MB the old maximum. */
export const DEFAULT_POWER_VALUES = [128, 256, 512, 1024, 1769, 3008] as const;
/** Power Tuning's default share of samples discarded at each end. */
export const DEFAULT_DISCARD_TOP_BOTTOM = 0.2;

export type PowerStrategy = 'cost' | 'speed' | 'balanced';

export interface PowerSample {
  /** Duration of the invocation at this memory size (ms). */
  durationMs: number;
  /** Billed Duration (ms, whole milliseconds): Init is billed too on an on-demand cold start. */
  billedMs: number;
  coldStart: boolean;
  error?: boolean;
}

export interface PowerResult {
  memoryMb: number;
  /** Trimmed mean of billed duration (ms). */
  billedMs: number;
  /** Trimmed mean of duration (ms). */
  durationMs: number;
  /** Average cost of one invocation's duration at this size (USD, request charge excluded as Power Tuning does). */
  costUsd: number;
  samples: PowerSample[];
  errors: number;
}

export interface PowerTuningReport {
  results: PowerResult[];
  cheapest: PowerResult;
  fastest: PowerResult;
  /** The size the balanced strategy picks for `balancedWeight`. */
  balanced: PowerResult;
  balancedWeight: number;
  architecture: Architecture;
}

/**
 * Mean after discarding `discard` of the sorted values at each end; at least one value always remains. With 10
 * samples and 0.2, the two lowest and two highest go.
 */
export function trimmedMean(values: readonly number[], discard = DEFAULT_DISCARD_TOP_BOTTOM): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.min(Math.floor(sorted.length * discard), Math.floor((sorted.length - 1) / 2));
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}

/** The duration charge of `billedMs` at `memoryMb`, at the first-tier on-demand rate. */
export function durationCostUsd(
  billedMs: number,
  memoryMb: number,
  architecture: Architecture = 'x86_64',
): number {
  return gbSeconds(memoryMb, billedMs) * PRICES.durationGbSecond[architecture];
}

/**
 * What the course's sandbox cannot measure: it runs your handler on the browser's CPU at the same speed whatever
 * the memory setting. Lambda gives CPU in proportion to memory (1,769 MB = 1 vCPU), so the measured handler time is
 * treated as CPU work at one vCPU and scaled by that share (single-threaded: no faster above 1,769 MB), and time
 * spent waiting on other services (`waitMs`, modelled) does not scale. Modelled, and labelled so in the UI.
 */
export function modelledDurationMs(measuredCpuMs: number, memoryMb: number, waitMs = 0): number {
  return measuredCpuMs * computeScale(memoryMb, { cpuBoundFraction: 1, threads: 1 }) + waitMs;
}

export function analysePowerTuning(
  samples: ReadonlyMap<number, readonly PowerSample[]> | Array<[number, readonly PowerSample[]]>,
  options: { discardTopBottom?: number; balancedWeight?: number; architecture?: Architecture } = {},
): PowerTuningReport {
  const architecture = options.architecture ?? 'x86_64';
  const discard = options.discardTopBottom ?? DEFAULT_DISCARD_TOP_BOTTOM;
  const balancedWeight = Math.min(1, Math.max(0, options.balancedWeight ?? 0.5));
  const results: PowerResult[] = [...samples]
    .map(([memoryMb, list]) => {
      const billedMs = trimmedMean(
        list.map((s) => s.billedMs),
        discard,
      );
      return {
        memoryMb,
        billedMs,
        durationMs: trimmedMean(
          list.map((s) => s.durationMs),
          discard,
        ),
        costUsd: durationCostUsd(billedMs, memoryMb, architecture),
        samples: [...list],
        errors: list.filter((s) => s.error).length,
      };
    })
    .sort((a, b) => a.memoryMb - b.memoryMb);
  if (results.length === 0) throw new Error('Power tuning needs at least one memory size');
  const cheapest = results.reduce((best, r) => (r.costUsd < best.costUsd ? r : best));
  const fastest = results.reduce((best, r) => (r.billedMs < best.billedMs ? r : best));
  // Balanced, as Power Tuning does it: normalise cost and duration to the largest of each, weigh, take the least.
  const maxCost = Math.max(...results.map((r) => r.costUsd)) || 1;
  const maxMs = Math.max(...results.map((r) => r.billedMs)) || 1;
  const score = (r: PowerResult) =>
    balancedWeight * (r.costUsd / maxCost) + (1 - balancedWeight) * (r.billedMs / maxMs);
  const balanced = results.reduce((best, r) => (score(r) < score(best) ? r : best));
  return { results, cheapest, fastest, balanced, balancedWeight, architecture };
}

/** The `n` cheapest sizes of a report, cheapest first (ties: the smaller memory first). */
export function cheapestSizes(
  results: ReadonlyArray<Pick<PowerResult, 'memoryMb' | 'costUsd'>>,
  n = 2,
): number[] {
  return [...results]
    .sort((a, b) => a.costUsd - b.costUsd || a.memoryMb - b.memoryMb)
    .slice(0, n)
    .map((r) => r.memoryMb);
}

export interface PowerTuningPlan {
  powerValues: readonly number[];
  invocationsPerValue: number;
  /** Runs one invocation at `memoryMb` (the `index`-th there) and reports its sample. */
  sample(memoryMb: number, index: number): Promise<PowerSample>;
  onProgress?(done: number, total: number): void;
  discardTopBottom?: number;
  balancedWeight?: number;
  architecture?: Architecture;
}

/**
 * Every size N times, each invocation after the previous one, interleaved (128, 256, …, 128, 256, …): Power
 * Tuning runs each size in its own branch, and interleaving keeps a burst of load on the learner's machine from
 * skewing one size's figures (the browser, unlike Lambda, shares its CPU with everything else).
 */
export async function runPowerTuning(plan: PowerTuningPlan): Promise<PowerTuningReport> {
  const samples = new Map<number, PowerSample[]>(plan.powerValues.map((m) => [m, []]));
  const total = plan.powerValues.length * plan.invocationsPerValue;
  let done = 0;
  for (let i = 0; i < plan.invocationsPerValue; i++) {
    for (const memoryMb of plan.powerValues) {
      samples.get(memoryMb)!.push(await plan.sample(memoryMb, i));
      plan.onProgress?.(++done, total);
    }
  }
  return analysePowerTuning(samples, {
    ...(plan.discardTopBottom !== undefined ? { discardTopBottom: plan.discardTopBottom } : {}),
    ...(plan.balancedWeight !== undefined ? { balancedWeight: plan.balancedWeight } : {}),
    ...(plan.architecture ? { architecture: plan.architecture } : {}),
  });
}

/** The figures a learner's run leaves for a lab check: one row per size (what the chart and its table show). */
export interface PowerTuningSummary {
  memoryMb: number;
  billedMs: number;
  costUsd: number;
}

export function summarise(report: PowerTuningReport): PowerTuningSummary[] {
  return report.results.map((r) => ({ memoryMb: r.memoryMb, billedMs: r.billedMs, costUsd: r.costUsd }));
}
