/** Lambda prices, us-east-1 (see lambda-facts.md). All results in USD. */
import type { Architecture } from './timing';

export const PRICES = {
  requestsPerMillion: 0.2,
  durationGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 } as Readonly<Record<Architecture, number>>,
  provisionedGbSecond: 0.0000041667,
  provisionedDurationGbSecond: 0.0000097222,
  freeTier: { requests: 1_000_000, gbSeconds: 400_000 },
  /** Provisioned concurrency is billed from enable to disable, rounded up to this. */
  provisionedBillingIncrementMs: 5 * 60 * 1000,
} as const;

export function gbSeconds(memoryMb: number, billedMs: number): number {
  return (memoryMb / 1024) * (billedMs / 1000);
}

export interface InvocationCostInput {
  memoryMb: number;
  billedMs: number;
  architecture: Architecture;
  /** Ran on a provisioned environment: the lower duration rate applies. */
  provisioned?: boolean;
}

export interface InvocationCost {
  request: number;
  duration: number;
  total: number;
}

export function invocationCost(i: InvocationCostInput): InvocationCost {
  const rate = i.provisioned ? PRICES.provisionedDurationGbSecond : PRICES.durationGbSecond[i.architecture];
  const request = PRICES.requestsPerMillion / 1_000_000;
  const duration = gbSeconds(i.memoryMb, i.billedMs) * rate;
  return { request, duration, total: request + duration };
}

export interface ProvisionedCostInput {
  memoryMb: number;
  concurrency: number;
  /** From enable to disable. */
  enabledMs: number;
}

export function provisionedBilledMs(enabledMs: number): number {
  const step = PRICES.provisionedBillingIncrementMs;
  return Math.ceil(Math.max(0, enabledMs) / step - 1e-9) * step;
}

/** The keep-warm charge only (duration on provisioned environments is charged per invocation). */
export function provisionedCost(i: ProvisionedCostInput): number {
  return (
    (i.memoryMb / 1024) *
    i.concurrency *
    (provisionedBilledMs(i.enabledMs) / 1000) *
    PRICES.provisionedGbSecond
  );
}

export interface MonthlyCostInput {
  memoryMb: number;
  architecture: Architecture;
  requests: number;
  avgBilledMs: number;
  /** Provisioned concurrency enabled for part or all of the month. */
  provisioned?: {
    concurrency: number;
    /** Hours enabled in the month (default 730). */
    hoursEnabled?: number;
    /** Share of requests served by provisioned environments (0–1, default 1). */
    shareOfRequests?: number;
  };
  /** Apply the monthly free tier (1M requests, 400,000 GB-s; not to provisioned concurrency). Default false. */
  freeTier?: boolean;
}

export interface MonthlyCost {
  requests: number;
  duration: number;
  provisioned: number;
  provisionedDuration: number;
  total: number;
  gbSeconds: number;
}

export const HOURS_PER_MONTH = 730;

export function monthlyCost(i: MonthlyCostInput): MonthlyCost {
  const share = i.provisioned ? Math.min(1, Math.max(0, i.provisioned.shareOfRequests ?? 1)) : 0;
  const totalGbS = gbSeconds(i.memoryMb, i.avgBilledMs) * i.requests;
  const onDemandGbS = totalGbS * (1 - share);
  const provisionedGbS = totalGbS * share;
  const billableRequests = i.freeTier ? Math.max(0, i.requests - PRICES.freeTier.requests) : i.requests;
  const billableGbS = i.freeTier ? Math.max(0, onDemandGbS - PRICES.freeTier.gbSeconds) : onDemandGbS;
  const requests = (billableRequests / 1_000_000) * PRICES.requestsPerMillion;
  const duration = billableGbS * PRICES.durationGbSecond[i.architecture];
  const provisionedDuration = provisionedGbS * PRICES.provisionedDurationGbSecond;
  const provisioned = i.provisioned
    ? provisionedCost({
        memoryMb: i.memoryMb,
        concurrency: i.provisioned.concurrency,
        enabledMs: (i.provisioned.hoursEnabled ?? HOURS_PER_MONTH) * 3_600_000,
      })
    : 0;
  return {
    requests,
    duration,
    provisioned,
    provisionedDuration,
    total: requests + duration + provisioned + provisionedDuration,
    gbSeconds: totalGbS,
  };
}
