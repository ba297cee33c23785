/**
 * Counters and cost. Duration is billed per invocation rounded up to 1 ms; Init is billed for on-demand functions
 * (since 1 Aug 2025); provisioned environments bill their allocated GB-seconds from enable to disable plus a lower
 * duration rate (prices in ../pricing.ts, facts in lambda-facts.md).
 */
import { PRICES } from '../pricing';
import type { FunctionState } from './functions';
import type { ProvisionedShare } from './provisioned';
import type { Outcome, ServiceMetrics, ThrottleReason } from './types';

export function emptyMetrics(): ServiceMetrics {
  return {
    invocations: 0,
    executions: 0,
    coldStarts: 0,
    outcomes: { success: 0, error: 0, throttled: 0, dlq: 0, destination: 0 },
    throttles: {
      ConcurrentInvocationLimitExceeded: 0,
      ReservedFunctionConcurrentInvocationLimitExceeded: 0,
      FunctionInvocationRateLimitExceeded: 0,
    },
    asyncThrottleRetries: 0,
    asyncErrorRetries: 0,
    functionErrors: 0,
    timeouts: 0,
    crashes: 0,
    duplicates: 0,
    concurrency: 0,
    peakConcurrency: 0,
    environmentsCreated: 0,
    environmentsAlive: 0,
    environmentsShutDown: 0,
    gbSeconds: 0,
    provisionedDurationGbSeconds: 0,
    provisionedAllocatedGbSeconds: 0,
    cost: { requests: 0, duration: 0, provisioned: 0, total: 0 },
  };
}

export class Billing {
  readonly m: ServiceMetrics = emptyMetrics();
  private durationCost = 0;
  /** Provisioned shares that have held environments (for the allocated-GB-s integral). */
  private readonly shares = new Set<ProvisionedShare>();

  constructor(private readonly now: () => number) {}

  /** One attempt's duration charge; returns nothing (the billed ms are computed by the caller). */
  chargeDuration(
    memGb: number,
    billedMs: number,
    provisioned: boolean,
    architecture: 'x86_64' | 'arm64',
  ): void {
    const gbs = memGb * (billedMs / 1000);
    if (provisioned) {
      this.m.provisionedDurationGbSeconds += gbs;
      this.durationCost += gbs * PRICES.provisionedDurationGbSecond;
    } else {
      this.m.gbSeconds += gbs;
      this.durationCost += gbs * PRICES.durationGbSecond[architecture];
    }
  }

  /** Close the allocated-GB-s interval of a provisioned share before its allocation changes. */
  accrue(share: ProvisionedShare): void {
    const now = this.now();
    this.shares.add(share);
    this.m.provisionedAllocatedGbSeconds += share.alive * share.version.memGb * ((now - share.since) / 1000);
    share.since = now;
  }

  outcome(o: Outcome): void {
    this.m.outcomes[o]++;
  }

  throttle(fn: FunctionState, reason: ThrottleReason): void {
    this.m.throttles[reason]++;
    fn.metrics.throttles++;
  }

  snapshot(): ServiceMetrics {
    const m = this.m;
    const now = this.now();
    let allocated = m.provisionedAllocatedGbSeconds;
    for (const s of this.shares) allocated += s.alive * s.version.memGb * ((now - s.since) / 1000);
    const requests = (m.executions / 1_000_000) * PRICES.requestsPerMillion;
    const provisioned = allocated * PRICES.provisionedGbSecond;
    return {
      ...m,
      outcomes: { ...m.outcomes },
      throttles: { ...m.throttles },
      provisionedAllocatedGbSeconds: allocated,
      cost: {
        requests,
        duration: this.durationCost,
        provisioned,
        total: requests + this.durationCost + provisioned,
      },
    };
  }
}
