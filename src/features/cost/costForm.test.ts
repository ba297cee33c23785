import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  DEFAULT_DRAFT,
  estimateCost,
  formatUsd,
  parseAmount,
  provisionedShare,
  type CostDraft,
  type CostInputs,
} from './costForm';

function inputs(draft: CostDraft): CostInputs {
  const checked = checkDraft(draft);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.inputs;
}

const withText = (text: Partial<CostDraft['text']>, rest: Partial<CostDraft> = {}): CostDraft => ({
  ...DEFAULT_DRAFT,
  ...rest,
  text: { ...DEFAULT_DRAFT.text, ...text },
});

describe('parseAmount', () => {
  it('reads thousands separators, spaces and exponents; rejects the rest', () => {
    expect(parseAmount('3,000,000')).toBe(3_000_000);
    expect(parseAmount(' 3 000 000 ')).toBe(3_000_000);
    expect(parseAmount('1.5e9')).toBe(1.5e9);
    expect(parseAmount('120.5')).toBe(120.5);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
    expect(parseAmount('12,34')).toBeNull();
    expect(parseAmount('lots')).toBeNull();
  });
});

describe('checkDraft', () => {
  it('accepts the worked example', () => {
    expect(inputs(DEFAULT_DRAFT)).toEqual({
      requests: 3_000_000,
      durationMs: 120,
      memoryMb: 512,
      provisionedConcurrency: 0,
      provisionedHours: 730,
      otherGbSeconds: 0,
      architecture: 'x86_64',
      freeTier: false,
    });
  });

  it("names each field that is out of Lambda's range or not a number", () => {
    const checked = checkDraft(withText({ memoryMb: '64', durationMs: '1000000', requests: '2.5' }));
    expect(checked).toEqual({
      ok: false,
      errors: {
        memoryMb: 'Enter a memory size from 128 to 10,240 MB (a whole number).',
        durationMs: 'Enter a duration from 1 to 900,000 ms.',
        requests: 'Enter a number of requests (a whole number).',
      },
    });
  });
});

describe('estimateCost (hand-computed, us-east-1)', () => {
  it('the worked example: 180,000 GB-s → $3.00 + $0.60 on x86, $2.40 + $0.60 on Arm', () => {
    const e = estimateCost(inputs(DEFAULT_DRAFT));
    expect(e.chosen.gbSeconds).toBeCloseTo(180_000, 6);
    expect(e.chosen.duration).toBeCloseTo(3.000006, 6);
    expect(e.chosen.total).toBeCloseTo(3.600006, 6);
    expect(e.other.total).toBeCloseTo(0.6 + 2.400012, 6);
    expect(formatUsd(e.chosen.total)).toBe('$3.60');
  });

  it('with the free tier: 2 million billable requests and no billable GB-s → $0.40', () => {
    const e = estimateCost(inputs({ ...DEFAULT_DRAFT, freeTier: true }));
    expect(e.chosen.total).toBeCloseTo(0.4, 10);
  });

  it('provisioned concurrency covering all traffic: warm charge + cheaper duration, no on-demand', () => {
    const i = inputs(
      withText({ requests: '1,000,000', durationMs: '100', memoryMb: '1024', provisionedConcurrency: '5' }),
    );
    expect(provisionedShare(i)).toBe(1);
    const e = estimateCost(i);
    // warm: 5 × 1 GB × 2,628,000 s × 0.0000041667 = 54.750438; duration 100,000 GB-s × 0.0000097222 = 0.97222
    expect(e.chosen.provisioned).toBeCloseTo(54.750438, 5);
    expect(e.chosen.provisionedDuration).toBeCloseTo(0.97222, 8);
    expect(e.chosen.duration).toBe(0);
    expect(e.chosen.total).toBeCloseTo(0.2 + 54.750438 + 0.97222, 5);
    // Arm: warm 13,140,000 GB-s × 0.0000033334 = 43.800876; duration 100,000 × 0.0000077778 = 0.77778
    expect(e.other.total).toBeCloseTo(0.2 + 43.800876 + 0.77778, 5);
  });

  it('provisioned share: environments over average concurrency, scaled by the hours enabled', () => {
    // 26,280,000 requests × 1 s over 2,628,000 s = 10 average concurrency; 5 environments cover half,
    // enabled half the month: a quarter of the requests.
    const i = inputs(
      withText({
        requests: '26,280,000',
        durationMs: '1000',
        provisionedConcurrency: '5',
        provisionedHours: '365',
      }),
    );
    expect(provisionedShare(i)).toBeCloseTo(0.25, 10);
  });

  it('other usage on the account moves the function into the second duration tier', () => {
    // 1e9 GB-s: 1,000,000,000 requests × 1,000 ms × 1 GB, starting at 5.5e9 GB-s already used:
    // 0.5e9 × 0.0000166667 + 0.5e9 × 0.000015 = 8,333.35 + 7,500 = 15,833.35
    const e = estimateCost(
      inputs(
        withText({
          requests: '1,000,000,000',
          durationMs: '1000',
          memoryMb: '1024',
          otherGbSeconds: '5.5e9',
        }),
      ),
    );
    expect(e.chosen.durationTiers.map((t) => t.gbSeconds)).toEqual([0.5e9, 0.5e9]);
    expect(e.chosen.duration).toBeCloseTo(15_833.35, 4);
  });
});

describe('formatUsd', () => {
  it('uses cents for ordinary sums and more digits for tiny ones', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0002)).toBe('$0.0002');
  });
});
