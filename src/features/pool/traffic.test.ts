import { describe, expect, it } from 'vitest';
import { ArrivalGenerator, rateAt } from './traffic';

function count(gen: ArrivalGenerator, from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to - 1e-9; t += step) gen.arrivals(t, Math.min(to, t + step), out);
  return out;
}

describe('traffic', () => {
  it('constant: exactly rps × seconds arrivals, evenly spaced, regardless of window size', () => {
    const a = count(new ArrivalGenerator({ shape: 'constant', rps: 100 }), 0, 10, 0.016);
    const b = count(new ArrivalGenerator({ shape: 'constant', rps: 100 }), 0, 10, 1);
    expect(a).toHaveLength(1000);
    expect(b).toHaveLength(1000);
    expect(a[1]! - a[0]!).toBeCloseTo(0.01, 9);
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThan(a[i - 1]!);
  });

  it('ramp: arrivals equal the area under the rate (0 → 100 rps over 60 s = 3,000)', () => {
    const spec = { shape: 'ramp' as const, rps: 100, baseRps: 0, startS: 0, lengthS: 60 };
    expect(rateAt(spec, 30)).toBe(50);
    expect(count(new ArrivalGenerator(spec), 0, 60, 0.1).length).toBeGreaterThanOrEqual(2999);
    expect(count(new ArrivalGenerator(spec), 0, 60, 0.1).length).toBeLessThanOrEqual(3000);
  });

  it('spike: base rate outside the spike, peak inside', () => {
    const spec = { shape: 'spike' as const, rps: 1000, baseRps: 10, startS: 10, lengthS: 5 };
    const arr = count(new ArrivalGenerator(spec), 0, 20, 0.5);
    expect(arr.filter((t) => t >= 10 && t < 15)).toHaveLength(5000);
    expect(arr.filter((t) => t < 10)).toHaveLength(100);
  });

  it('poisson: mean close to rps and gaps vary', () => {
    const arr = count(new ArrivalGenerator({ shape: 'poisson', rps: 200 }, 7), 0, 100, 0.25);
    expect(arr.length).toBeGreaterThan(19_400);
    expect(arr.length).toBeLessThan(20_600);
    const gaps = arr.slice(1, 200).map((t, i) => t - arr[i]!);
    expect(Math.max(...gaps)).toBeGreaterThan(3 * Math.min(...gaps));
  });

  it('daily: trough at midnight, peak at midday', () => {
    const spec = { shape: 'daily' as const, rps: 100, baseRps: 10 };
    expect(rateAt(spec, 0)).toBeCloseTo(10);
    expect(rateAt(spec, 43_200)).toBeCloseTo(100);
  });
});
