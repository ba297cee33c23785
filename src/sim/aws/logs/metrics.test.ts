import { describe, expect, it } from 'vitest';
import type { MetricDatum } from './emf';
import { MetricsStore } from './metrics';

const T = Date.UTC(2026, 10, 26, 12, 0, 0);

function datum(
  value: number,
  offsetMs: number,
  dimensions: Record<string, string> = { service: 'checkout' },
): MetricDatum {
  return {
    namespace: 'Orders',
    metricName: 'Latency',
    dimensions,
    unit: 'Milliseconds',
    value,
    timestamp: T + offsetMs,
    storageResolution: 60,
  };
}

describe('MetricsStore', () => {
  it('aggregates a series into periods with each statistic', () => {
    const store = new MetricsStore();
    store.put([datum(10, 0), datum(30, 20_000), datum(20, 59_999), datum(100, 60_000), datum(5, 130_000)]);
    const query = {
      namespace: 'Orders',
      metricName: 'Latency',
      dimensions: { service: 'checkout' },
      startTime: T,
      endTime: T + 180_000,
      periodMs: 60_000,
    };
    expect(store.query({ ...query, statistic: 'Average' })).toEqual([
      { timestamp: T, value: 20, sampleCount: 3 },
      { timestamp: T + 60_000, value: 100, sampleCount: 1 },
      { timestamp: T + 120_000, value: 5, sampleCount: 1 },
    ]);
    expect(store.query({ ...query, statistic: 'Sum' }).map((point) => point.value)).toEqual([60, 100, 5]);
    expect(store.query({ ...query, statistic: 'Maximum' }).map((point) => point.value)).toEqual([30, 100, 5]);
    expect(store.query({ ...query, statistic: 'Minimum' }).map((point) => point.value)).toEqual([10, 100, 5]);
    expect(store.query({ ...query, statistic: 'SampleCount' }).map((point) => point.value)).toEqual([
      3, 1, 1,
    ]);
    expect(store.query({ ...query, statistic: 'p50' }).map((point) => point.value)).toEqual([20, 100, 5]);
    expect(store.query({ ...query, periodMs: 300_000, statistic: 'Sum' })).toEqual([
      { timestamp: T, value: 165, sampleCount: 5 },
    ]);
    expect(
      store.query({ ...query, startTime: T + 60_000, statistic: 'Sum' }).map((point) => point.value),
    ).toEqual([100, 5]);
  });

  it('keys series by the exact dimension set, as CloudWatch does', () => {
    const store = new MetricsStore();
    store.put([datum(1, 0), datum(2, 0, { service: 'checkout', environment: 'prod' }), datum(3, 0, {})]);
    const base = {
      namespace: 'Orders',
      metricName: 'Latency',
      startTime: T,
      endTime: T + 1,
      periodMs: 60_000,
      statistic: 'Sum' as const,
    };
    expect(store.query({ ...base, dimensions: { service: 'checkout' } })[0]!.value).toBe(1);
    expect(store.query({ ...base, dimensions: { environment: 'prod', service: 'checkout' } })[0]!.value).toBe(
      2,
    );
    expect(store.query(base)[0]!.value).toBe(3);
    expect(store.listMetrics({ namespace: 'Orders' })).toHaveLength(3);
    expect(store.namespaces()).toEqual(['Orders']);
  });

  it('round-trips through a snapshot and rejects a bad one', () => {
    const store = new MetricsStore();
    store.put([datum(1, 5), datum(2, 1)]);
    const copy = new MetricsStore();
    copy.replace(MetricsStore.parse(JSON.parse(JSON.stringify(store.snapshot()))));
    expect(copy.snapshot()).toEqual(store.snapshot());
    expect(copy.snapshot()[0]!.timestamps).toEqual([T + 1, T + 5]);
    expect(() =>
      MetricsStore.parse([
        { namespace: 'A', metricName: 'B', dimensions: {}, unit: 'None', timestamps: [1], values: [] },
      ]),
    ).toThrow();
  });
});
