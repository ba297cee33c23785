import { describe, expect, it } from 'vitest';
import { chartTop, niceCeil, type ChartSeries } from './LineChart';

const line = (values: number[], reference = false): ChartSeries => ({
  label: reference ? 'limit' : 'data',
  values,
  colour: reference ? 'danger' : 'accent',
  reference,
});

describe('chartTop', () => {
  it('fits the data, not a limit far above it', () => {
    expect(chartTop([line([10, 48, 52, 50]), line([1000, 1000, 1000, 1000], true)])).toBe(100);
  });

  it('a limit within the data’s range is simply on the chart; the data decide the top', () => {
    expect(chartTop([line([950, 1000]), line([1000, 1000], true)])).toBe(2000);
    expect(chartTop([line([2400]), line([3000], true)])).toBe(5000);
  });

  it('honours a minimum and a fixed top', () => {
    expect(chartTop([line([0, 0]), line([0, 0], true)])).toBe(2);
    expect(chartTop([line([0.00001])], { minMax: 0.0001 })).toBe(niceCeil(0.0001 * 1.05));
    expect(chartTop([line([30])], { fixedMax: 100 })).toBe(100);
  });
});
