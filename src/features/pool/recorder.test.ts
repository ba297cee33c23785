import { describe, expect, it } from 'vitest';
import { percentile, percentiles, Recorder } from './recorder';

describe('Recorder', () => {
  it('keeps every sample until full, then halves its resolution and keeps the whole run', () => {
    const r = new Recorder<number>(10);
    for (let i = 0; i < 9; i++) r.push(i);
    expect(r.all()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    r.push(9); // full: decimate
    expect(r.all()).toEqual([0, 2, 4, 6, 8]);
    expect(r.interval).toBe(2);
    for (let i = 10; i < 18; i++) r.push(i);
    expect(r.all()).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
    r.push(18); // full again: every 4th second from now on
    expect(r.all()).toEqual([0, 4, 8, 12, 16]);
    expect(r.interval).toBe(4);
  });
});

describe('percentile', () => {
  it('nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
    expect(percentiles(v, [50, 95, 99])).toEqual([50, 95, 99]);
    expect(percentiles([], [50])).toEqual([0]);
  });
});
