import { describe, expect, it } from 'vitest';
import {
  invocationCost,
  monthlyCost,
  PRICES,
  provisionedBilledMs,
  provisionedCost,
  tieredDurationCost,
} from './pricing';

describe('pricing (us-east-1)', () => {
  it('per invocation: request + GB-s × rate (x86, Arm, on provisioned)', () => {
    // 512 MB × 100 ms = 0.05 GB-s; 0.05 × 0.0000166667 = 0.000000833335; request 0.0000002
    const x86 = invocationCost({ memoryMb: 512, billedMs: 100, architecture: 'x86_64' });
    expect(x86.request).toBeCloseTo(0.0000002, 15);
    expect(x86.duration).toBeCloseTo(0.000000833335, 15);
    expect(x86.total).toBeCloseTo(0.000001033335, 15);
    const arm = invocationCost({ memoryMb: 512, billedMs: 100, architecture: 'arm64' });
    expect(arm.duration).toBeCloseTo(0.00000066667, 15);
    const prov = invocationCost({ memoryMb: 512, billedMs: 100, architecture: 'x86_64', provisioned: true });
    expect(prov.duration).toBeCloseTo(0.00000048611, 15);
  });

  it('provisioned concurrency: billed from enable to disable rounded up to 5 minutes', () => {
    expect(provisionedBilledMs(1)).toBe(300_000);
    expect(provisionedBilledMs(300_000)).toBe(300_000);
    expect(provisionedBilledMs(300_001)).toBe(600_000);
    // 10 × 1 GB × 3600 s × 0.0000041667 = 0.1500012
    expect(provisionedCost({ memoryMb: 1024, concurrency: 10, enabledMs: 3_600_000 })).toBeCloseTo(
      0.1500012,
      10,
    );
    // 61 minutes bills 65
    expect(provisionedCost({ memoryMb: 1024, concurrency: 1, enabledMs: 61 * 60_000 })).toBeCloseTo(
      0.01625013,
      10,
    );
  });

  it('monthly: 10M requests × 200 ms × 512 MB on x86', () => {
    // 10M × 0.1 GB-s = 1,000,000 GB-s → $16.6667; requests $2.00
    const m = monthlyCost({ memoryMb: 512, architecture: 'x86_64', requests: 10_000_000, avgBilledMs: 200 });
    expect(m.gbSeconds).toBeCloseTo(1_000_000, 6);
    expect(m.requests).toBeCloseTo(2, 10);
    expect(m.duration).toBeCloseTo(16.6667, 6);
    expect(m.total).toBeCloseTo(18.6667, 6);
  });

  it('monthly with the free tier: 1M requests and 400,000 GB-s off', () => {
    const m = monthlyCost({
      memoryMb: 512,
      architecture: 'arm64',
      requests: 10_000_000,
      avgBilledMs: 200,
      freeTier: true,
    });
    expect(m.requests).toBeCloseTo(1.8, 10);
    // 600,000 GB-s × 0.0000133334 = 8.00004
    expect(m.duration).toBeCloseTo(8.00004, 6);
  });

  it('monthly with provisioned concurrency for the whole month', () => {
    // 5 × 1 GB × 730 h × 3600 s × 0.0000041667 = 54.7504...; duration 1M × 0.1 GB-s(100 ms@1GB) × 0.0000097222 = 0.97222
    const m = monthlyCost({
      memoryMb: 1024,
      architecture: 'x86_64',
      requests: 1_000_000,
      avgBilledMs: 100,
      provisioned: { concurrency: 5 },
    });
    expect(m.provisioned).toBeCloseTo(54.750438, 5);
    expect(m.provisionedDuration).toBeCloseTo(0.97222, 8);
    expect(m.duration).toBe(0);
    expect(m.total).toBeCloseTo(0.2 + 54.750438 + 0.97222, 5);
  });

  it('Arm provisioned concurrency: $0.0000033334 per GB-s warm, $0.0000077778 per GB-s of duration', () => {
    // 5 × 1 GB × 730 h × 3600 s = 13,140,000 GB-s × 0.0000033334 = 43.800876
    expect(
      provisionedCost({ memoryMb: 1024, concurrency: 5, enabledMs: 730 * 3_600_000, architecture: 'arm64' }),
    ).toBeCloseTo(43.800876, 6);
    // 512 MB × 100 ms = 0.05 GB-s × 0.0000077778 = 0.00000038889
    const arm = invocationCost({ memoryMb: 512, billedMs: 100, architecture: 'arm64', provisioned: true });
    expect(arm.duration).toBeCloseTo(0.00000038889, 15);
    const m = monthlyCost({
      memoryMb: 1024,
      architecture: 'arm64',
      requests: 1_000_000,
      avgBilledMs: 100,
      provisioned: { concurrency: 5 },
    });
    // 100,000 GB-s × 0.0000077778 = 0.77778
    expect(m.provisionedDuration).toBeCloseTo(0.77778, 8);
    expect(m.provisioned).toBeCloseTo(43.800876, 6);
  });

  it('the tier rates are the first-tier rate less 10% and 20%, and Arm is 20% below x86', () => {
    for (const architecture of ['x86_64', 'arm64'] as const) {
      const [first, second, third] = PRICES.durationTiers[architecture];
      expect(second!.rate / first!.rate).toBeCloseTo(0.9, 4);
      expect(third!.rate / first!.rate).toBeCloseTo(0.8, 4);
    }
    expect(PRICES.durationTiers.arm64[0]!.rate / PRICES.durationTiers.x86_64[0]!.rate).toBeCloseTo(0.8, 4);
    expect(PRICES.provisionedByArchitecture.arm64 / PRICES.provisionedByArchitecture.x86_64).toBeCloseTo(
      0.8,
      4,
    );
    expect(
      PRICES.provisionedDurationByArchitecture.arm64 / PRICES.provisionedDurationByArchitecture.x86_64,
    ).toBeCloseTo(0.8, 4);
  });

  it('tiered duration, x86: 10 billion GB-s = 6 billion at the first rate + 4 billion at the second', () => {
    // 6e9 × 0.0000166667 = 100,000.2; 4e9 × 0.000015 = 60,000 → 160,000.2
    const t = tieredDurationCost(10e9, 'x86_64');
    expect(t.cost).toBeCloseTo(160_000.2, 4);
    expect(t.tiers.map((x) => x.gbSeconds)).toEqual([6e9, 4e9]);
  });

  it('tiered duration, Arm: 20 billion GB-s reach the third tier past 18.75 billion', () => {
    // 7.5e9 × 0.0000133334 = 100,000.5; 11.25e9 × 0.0000120001 = 135,001.125; 1.25e9 × 0.0000106667 = 13,333.375
    const t = tieredDurationCost(20e9, 'arm64');
    expect(t.tiers.map((x) => x.gbSeconds)).toEqual([7.5e9, 11.25e9, 1.25e9]);
    expect(t.cost).toBeCloseTo(248_335, 3);
  });

  it('tiers count the whole account: other usage this month moves a function into a cheaper tier', () => {
    // 2e9 GB-s starting at 5e9: 1e9 × 0.0000166667 + 1e9 × 0.000015 = 16,666.7 + 15,000 = 31,666.7
    const t = tieredDurationCost(2e9, 'x86_64', 5e9);
    expect(t.cost).toBeCloseTo(31_666.7, 4);
    expect(t.tiers.map((x) => [x.fromGbSeconds, x.gbSeconds])).toEqual([
      [0, 1e9],
      [6e9, 1e9],
    ]);
    // Already past 15 billion: everything at the third rate. 1e6 × 0.0000133334 = 13.3334
    expect(tieredDurationCost(1e6, 'x86_64', 20e9).cost).toBeCloseTo(13.3334, 6);
  });

  it('monthly cost applies the tiers to on-demand duration (and reports which were used)', () => {
    // 10 billion requests × 1 s × 1 GB = 10 billion GB-s, as in the tiered x86 case above; requests $2,000.
    const m = monthlyCost({ memoryMb: 1024, architecture: 'x86_64', requests: 1e10, avgBilledMs: 1000 });
    expect(m.gbSeconds).toBeCloseTo(1e10, 0);
    expect(m.duration).toBeCloseTo(160_000.2, 3);
    expect(m.durationTiers).toHaveLength(2);
    expect(m.requests).toBeCloseTo(2_000, 6);
  });

  it('the free tier does not apply to a function with provisioned concurrency enabled', () => {
    const m = monthlyCost({
      memoryMb: 1024,
      architecture: 'x86_64',
      requests: 2_000_000,
      avgBilledMs: 100,
      freeTier: true,
      provisioned: { concurrency: 1, shareOfRequests: 0.5 },
    });
    // No free requests: 2M × $0.20 per million; 100,000 on-demand GB-s all billable.
    expect(m.requests).toBeCloseTo(0.4, 10);
    expect(m.duration).toBeCloseTo(100_000 * 0.0000166667, 8);
  });
});
