import { describe, expect, it } from 'vitest';
import { invocationCost, monthlyCost, provisionedBilledMs, provisionedCost } from './pricing';

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
});
