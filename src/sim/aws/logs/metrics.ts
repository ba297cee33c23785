/**
 * A small CloudWatch metrics store fed by Embedded Metric Format log events: series keyed by namespace,
 * metric name and the exact dimension set (as in CloudWatch, a query names the full set), and a query that
 * aggregates data points into periods for the console's chart.
 */
import { z } from 'zod';
import { METRIC_UNITS, type MetricDatum, type MetricUnit } from './emf';

/** Data points kept per series; older ones are dropped first (the simulation keeps the browser light). */
export const MAX_POINTS_PER_SERIES = 10_000;
/** Series kept in all; the least recently written series is dropped first. */
export const MAX_SERIES = 500;

export type Statistic = 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount' | `p${number}`;

export interface MetricSummary {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  unit: MetricUnit;
  points: number;
  /** Epoch ms of the newest data point. */
  lastTimestamp: number;
}

export interface SeriesQuery {
  namespace: string;
  metricName: string;
  /** The full dimension set of the series (omitted = the series without dimensions). */
  dimensions?: Record<string, string>;
  /** Epoch ms, inclusive. */
  startTime: number;
  /** Epoch ms, exclusive. */
  endTime: number;
  periodMs: number;
  statistic: Statistic;
}

export interface SeriesPoint {
  /** Start of the period, epoch ms. */
  timestamp: number;
  value: number;
  sampleCount: number;
}

interface Series {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  unit: MetricUnit;
  timestamps: number[];
  values: number[];
  written: number;
}

function seriesKey(namespace: string, metricName: string, dimensions: Record<string, string>): string {
  const sorted = Object.keys(dimensions)
    .sort()
    .map((name) => [name, dimensions[name]]);
  return JSON.stringify([namespace, metricName, sorted]);
}

function statisticOf(values: number[], statistic: Statistic): number {
  switch (statistic) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'SampleCount':
      return values.length;
  }
  const p = Number(statistic.slice(1));
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

export class MetricsStore {
  private series = new Map<string, Series>();
  private writes = 0;

  put(data: readonly MetricDatum[]): void {
    for (const datum of data) {
      const key = seriesKey(datum.namespace, datum.metricName, datum.dimensions);
      let series = this.series.get(key);
      if (!series) {
        series = {
          namespace: datum.namespace,
          metricName: datum.metricName,
          dimensions: { ...datum.dimensions },
          unit: datum.unit,
          timestamps: [],
          values: [],
          written: 0,
        };
        this.series.set(key, series);
        if (this.series.size > MAX_SERIES) this.dropOldestSeries();
      }
      // Keep points in time order; EMF events usually arrive in order, so this is an append.
      let at = series.timestamps.length;
      while (at > 0 && series.timestamps[at - 1]! > datum.timestamp) at--;
      series.timestamps.splice(at, 0, datum.timestamp);
      series.values.splice(at, 0, datum.value);
      if (series.timestamps.length > MAX_POINTS_PER_SERIES) {
        series.timestamps.shift();
        series.values.shift();
      }
      series.unit = datum.unit;
      series.written = ++this.writes;
    }
  }

  private dropOldestSeries(): void {
    let oldestKey: string | undefined;
    let oldest = Infinity;
    for (const [key, series] of this.series)
      if (series.written < oldest) {
        oldest = series.written;
        oldestKey = key;
      }
    if (oldestKey !== undefined) this.series.delete(oldestKey);
  }

  namespaces(): string[] {
    return [...new Set([...this.series.values()].map((series) => series.namespace))].sort();
  }

  listMetrics(filter: { namespace?: string; metricName?: string } = {}): MetricSummary[] {
    return [...this.series.values()]
      .filter(
        (series) =>
          (filter.namespace === undefined || series.namespace === filter.namespace) &&
          (filter.metricName === undefined || series.metricName === filter.metricName),
      )
      .map((series) => ({
        namespace: series.namespace,
        metricName: series.metricName,
        dimensions: { ...series.dimensions },
        unit: series.unit,
        points: series.values.length,
        lastTimestamp: series.timestamps[series.timestamps.length - 1] ?? 0,
      }))
      .sort((a, b) =>
        (a.namespace + a.metricName + JSON.stringify(a.dimensions)).localeCompare(
          b.namespace + b.metricName + JSON.stringify(b.dimensions),
        ),
      );
  }

  /** Aggregated points, oldest period first; periods without data are left out, as GetMetricData does. */
  query(query: SeriesQuery): SeriesPoint[] {
    if (!(query.periodMs > 0)) throw new RangeError('periodMs must be positive');
    const series = this.series.get(seriesKey(query.namespace, query.metricName, query.dimensions ?? {}));
    if (!series) return [];
    const buckets = new Map<number, number[]>();
    for (let i = 0; i < series.timestamps.length; i++) {
      const at = series.timestamps[i]!;
      if (at < query.startTime || at >= query.endTime) continue;
      const bucket = Math.floor(at / query.periodMs) * query.periodMs;
      let values = buckets.get(bucket);
      if (!values) buckets.set(bucket, (values = []));
      values.push(series.values[i]!);
    }
    return [...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([timestamp, values]) => ({
        timestamp,
        value: statisticOf(values, query.statistic),
        sampleCount: values.length,
      }));
  }

  snapshot(): MetricsSnapshot {
    return [...this.series.values()]
      .sort((a, b) => a.written - b.written)
      .map((series) => ({
        namespace: series.namespace,
        metricName: series.metricName,
        dimensions: { ...series.dimensions },
        unit: series.unit,
        timestamps: [...series.timestamps],
        values: [...series.values],
      }));
  }

  /** Throws (changing nothing) on bad data. */
  static parse(data: unknown): MetricsSnapshot {
    return METRICS_SNAPSHOT.parse(data);
  }

  replace(snapshot: MetricsSnapshot): void {
    this.series.clear();
    this.writes = 0;
    for (const entry of snapshot) {
      this.series.set(seriesKey(entry.namespace, entry.metricName, entry.dimensions), {
        ...entry,
        dimensions: { ...entry.dimensions },
        timestamps: [...entry.timestamps],
        values: [...entry.values],
        written: ++this.writes,
      });
    }
  }

  clear(): void {
    this.series.clear();
    this.writes = 0;
  }
}

const METRICS_SNAPSHOT = z.array(
  z
    .object({
      namespace: z.string(),
      metricName: z.string(),
      dimensions: z.record(z.string(), z.string()),
      unit: z.enum(METRIC_UNITS),
      timestamps: z.array(z.number()),
      values: z.array(z.number()),
    })
    .refine(
      (entry) => entry.timestamps.length === entry.values.length,
      'timestamps and values differ in length',
    ),
);

export type MetricsSnapshot = z.infer<typeof METRICS_SNAPSHOT>;
