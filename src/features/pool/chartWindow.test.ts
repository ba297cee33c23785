import { describe, expect, it } from 'vitest';
import { chartWindow } from './chartWindow';

describe('chartWindow', () => {
  it('shows the whole run while it fits', () => {
    expect(chartWindow(0, 120, null)).toEqual({ start: 0, end: 0 });
    expect(chartWindow(120, 120, null)).toEqual({ start: 0, end: 120 });
    expect(chartWindow(50, 120, 10)).toEqual({ start: 0, end: 50 });
  });

  it('live: the most recent window; replay: a window around the viewed sample, kept inside the run', () => {
    expect(chartWindow(600, 120, null)).toEqual({ start: 480, end: 600 });
    expect(chartWindow(600, 120, 300)).toEqual({ start: 240, end: 360 });
    expect(chartWindow(600, 120, 5)).toEqual({ start: 0, end: 120 });
    expect(chartWindow(600, 120, 599)).toEqual({ start: 480, end: 600 });
  });
});
