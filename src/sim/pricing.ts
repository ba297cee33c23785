/**
 * Lambda prices, us-east-1, in USD (see lambda-facts.md).
 *
 * Sources: https://aws.amazon.com/lambda/pricing/ (rates, tiers per account, Region and architecture,
 * ephemeral storage); AWS Compute Blog "Introducing tiered pricing for AWS Lambda" (tier boundaries and
 * their 10% / 20% discounts). The pricing page renders its rate tables from client-side tokens, so the
 * per-GB-second figures for the lower tiers and for Arm provisioned concurrency were read from several
 * independent copies of that page; each equals the x86 first-tier rate times the published discount
 * (0.9 / 0.8 for the tiers, 0.8 for Arm), which is how they are cross-checked in pricing.test.ts.
 */
import type { Architecture } from './timing';

/** One band of on-demand duration pricing: GB-seconds up to `upToGbSeconds` in a month cost `rate`. */
export interface DurationTier {
  upToGbSeconds: number;
  rate: number;
}

export const PRICES = {
  requestsPerMillion: 0.2,
  /** First-tier on-demand duration rate per GB-second. */
  durationGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 } as Readonly<Record<Architecture, number>>,
  /**
   * On-demand duration is tiered on the month's GB-seconds per account, Region and architecture
   * (across an AWS Organization under consolidated billing).
   */
  durationTiers: {
    x86_64: [
      { upToGbSeconds: 6e9, rate: 0.0000166667 },
      { upToGbSeconds: 15e9, rate: 0.000015 },
      { upToGbSeconds: Infinity, rate: 0.0000133334 },
    ],
    arm64: [
      { upToGbSeconds: 7.5e9, rate: 0.0000133334 },
      { upToGbSeconds: 18.75e9, rate: 0.0000120001 },
      { upToGbSeconds: Infinity, rate: 0.0000106667 },
    ],
  } as Readonly<Record<Architecture, readonly DurationTier[]>>,
  /** x86 keep-warm rate; kept for callers that predate per-architecture prices. */
  provisionedGbSecond: 0.0000041667,
  /** x86 duration rate on provisioned environments; kept for the same reason. */
  provisionedDurationGbSecond: 0.0000097222,
  /** Keep-warm charge per GB-second of provisioned concurrency, from enable to disable. */
  provisionedByArchitecture: { x86_64: 0.0000041667, arm64: 0.0000033334 } as Readonly<
    Record<Architecture, number>
  >,
  /** Duration of invocations that run on provisioned environments (not tiered). */
  provisionedDurationByArchitecture: { x86_64: 0.0000097222, arm64: 0.0000077778 } as Readonly<
    Record<Architecture, number>
  >,
  /** /tmp above the free 512 MB, per GB-second of duration. */
  ephemeralStorageGbSecond: 0.0000000309,
  freeTier: { requests: 1_000_000, gbSeconds: 400_000 },
  /** Provisioned concurrency is billed from enable to disable, rounded up to this. */
  provisionedBillingIncrementMs: 5 * 60 * 1000,
} as const;

export interface TierCharge {
  /** The tier's lower bound in the month, in GB-seconds (0 for the first tier). */
  fromGbSeconds: number;
  upToGbSeconds: number;
  rate: number;
  /** GB-seconds of this usage that fell into the tier. */
  gbSeconds: number;
  cost: number;
}

export interface TieredDurationCost {
  cost: number;
  /** Only the tiers this usage touched, lowest first. */
  tiers: TierCharge[];
}

/**
 * The on-demand duration charge for `gbSeconds`, when `alreadyUsedGbSeconds` of the month's tiers are
 * used up by other functions of the same account, Region and architecture.
 */
export function tieredDurationCost(
  gbSecondsUsed: number,
  architecture: Architecture,
  alreadyUsedGbSeconds = 0,
): TieredDurationCost {
  const tiers: TierCharge[] = [];
  let position = Math.max(0, alreadyUsedGbSeconds);
  let remaining = Math.max(0, gbSecondsUsed);
  let lower = 0;
  for (const tier of PRICES.durationTiers[architecture]) {
    if (remaining <= 0) break;
    const room = tier.upToGbSeconds - Math.max(position, lower);
    if (position < tier.upToGbSeconds && room > 0) {
      const inTier = Math.min(room, remaining);
      tiers.push({
        fromGbSeconds: lower,
        upToGbSeconds: tier.upToGbSeconds,
        rate: tier.rate,
        gbSeconds: inTier,
        cost: inTier * tier.rate,
      });
      remaining -= inTier;
      position += inTier;
    }
    lower = tier.upToGbSeconds;
  }
  return { cost: tiers.reduce((sum, t) => sum + t.cost, 0), tiers };
}

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
  const rate = i.provisioned
    ? PRICES.provisionedDurationByArchitecture[i.architecture]
    : PRICES.durationGbSecond[i.architecture];
  const request = PRICES.requestsPerMillion / 1_000_000;
  const duration = gbSeconds(i.memoryMb, i.billedMs) * rate;
  return { request, duration, total: request + duration };
}

export interface ProvisionedCostInput {
  memoryMb: number;
  concurrency: number;
  /** From enable to disable. */
  enabledMs: number;
  /** Default x86_64. */
  architecture?: Architecture;
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
    PRICES.provisionedByArchitecture[i.architecture ?? 'x86_64']
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
  /**
   * Apply the monthly free tier (1M requests, 400,000 GB-s). Default false. The pricing page says the free
   * tier does not apply to functions with provisioned concurrency enabled, so it is ignored for them.
   */
  freeTier?: boolean;
  /**
   * On-demand GB-seconds other functions of the account already use this month on the same architecture
   * in the same Region: they decide which duration tier this function's usage falls into. Default 0.
   */
  otherGbSeconds?: number;
}

export interface MonthlyCost {
  requests: number;
  /** On-demand duration, after the free tier and across the tiers in `durationTiers`. */
  duration: number;
  durationTiers: TierCharge[];
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
  const free = i.freeTier === true && !i.provisioned;
  const billableRequests = free ? Math.max(0, i.requests - PRICES.freeTier.requests) : i.requests;
  const billableGbS = free ? Math.max(0, onDemandGbS - PRICES.freeTier.gbSeconds) : onDemandGbS;
  const requests = (billableRequests / 1_000_000) * PRICES.requestsPerMillion;
  // The free GB-seconds come out of the month first, so billable usage starts where they end.
  const freeUsed = free ? Math.min(onDemandGbS, PRICES.freeTier.gbSeconds) : 0;
  const tiered = tieredDurationCost(billableGbS, i.architecture, (i.otherGbSeconds ?? 0) + freeUsed);
  const provisionedDuration = provisionedGbS * PRICES.provisionedDurationByArchitecture[i.architecture];
  const provisioned = i.provisioned
    ? provisionedCost({
        memoryMb: i.memoryMb,
        concurrency: i.provisioned.concurrency,
        enabledMs: (i.provisioned.hoursEnabled ?? HOURS_PER_MONTH) * 3_600_000,
        architecture: i.architecture,
      })
    : 0;
  const duration = tiered.cost;
  return {
    requests,
    duration,
    durationTiers: tiered.tiers,
    provisioned,
    provisionedDuration,
    total: requests + duration + provisioned + provisionedDuration,
    gbSeconds: totalGbS,
  };
}
