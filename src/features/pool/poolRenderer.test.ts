import { describe, expect, it } from 'vitest';
import { layoutPool } from './poolRenderer';

describe('layoutPool', () => {
  it('fits 1,000 cells into 360 px without overlap, no taller than allowed', () => {
    const l = layoutPool(1000, 360);
    expect(l.cols * (l.cell + l.gap) - l.gap).toBeLessThanOrEqual(360);
    expect(l.height).toBeLessThanOrEqual(420);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(`${l.xs[i]},${l.ys[i]}`);
    expect(seen.size).toBe(1000);
    expect(Math.max(...l.xs) + l.cell).toBeLessThanOrEqual(360);
  });

  it('starts each region on a new row under its caption', () => {
    const regions = [
      { start: 0, size: 700, label: 'Unreserved: 700' },
      { start: 700, size: 100, label: 'A: 100' },
      { start: 800, size: 200, label: 'B: 200' },
    ];
    const l = layoutPool(1000, 600, regions);
    expect(l.labels.map((x) => x.text)).toEqual(['Unreserved: 700', 'A: 100', 'B: 200']);
    expect(l.xs[700]).toBe(0);
    expect(l.xs[800]).toBe(0);
    expect(l.ys[700]!).toBeGreaterThan(l.ys[699]!);
    expect(l.ys[700]! - l.labels[1]!.y).toBeGreaterThan(0);
    expect(l.labels[1]!.y).toBeGreaterThan(l.ys[699]!);
  });

  it('uses bigger cells when there are few', () => {
    expect(layoutPool(50, 600).cell).toBeGreaterThan(layoutPool(3000, 600).cell);
  });
});
