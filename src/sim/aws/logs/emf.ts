/**
 * Embedded Metric Format ("Specification: Embedded metric format", CloudWatch User Guide): a log event that
 * is one JSON object with `_aws.CloudWatchMetrics` directives becomes metric data points. The values are
 * root members named by the metric definitions (a number or an array of up to 100 numbers); dimension values
 * are root members named by the dimension sets. An event that breaks the rules stays a log line and
 * produces no metrics, as CloudWatch does (it counts such events in the AWS/Logs namespace).
 */

export interface MetricDatum {
  namespace: string;
  metricName: string;
  /** Dimension name → value, for one dimension set of the directive. */
  dimensions: Record<string, string>;
  unit: MetricUnit;
  value: number;
  /** Epoch ms (`_aws.Timestamp`). */
  timestamp: number;
  storageResolution: 1 | 60;
}

export const METRIC_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

const UNITS: ReadonlySet<string> = new Set(METRIC_UNITS);

/** Limits from the EMF specification. */
export const EMF_LIMITS = {
  dimensionsPerSet: 30,
  metricsPerDirective: 100,
  valuesPerMetric: 100,
  nameLength: 1024,
  namespaceLength: 1024,
} as const;

export type EmfResult =
  { kind: 'not-emf' } | { kind: 'invalid'; reason: string } | { kind: 'metrics'; data: MetricDatum[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parse one log event message. Only events that are a single JSON object with `_aws` are EMF at all. */
export function parseEmf(message: string): EmfResult {
  const trimmed = message.trim();
  if (!trimmed.startsWith('{') || !trimmed.includes('"_aws"')) return { kind: 'not-emf' };
  let root: unknown;
  try {
    root = JSON.parse(trimmed);
  } catch {
    return { kind: 'not-emf' };
  }
  if (!isObject(root) || !isObject(root._aws)) return { kind: 'not-emf' };
  const metadata = root._aws;
  if (!Array.isArray(metadata.CloudWatchMetrics))
    return { kind: 'invalid', reason: '_aws.CloudWatchMetrics must be an array' };
  if (typeof metadata.Timestamp !== 'number' || !Number.isFinite(metadata.Timestamp))
    return { kind: 'invalid', reason: '_aws.Timestamp must be a number (epoch milliseconds)' };
  const timestamp = metadata.Timestamp;
  const data: MetricDatum[] = [];
  for (const directive of metadata.CloudWatchMetrics) {
    if (!isObject(directive)) return { kind: 'invalid', reason: 'a metric directive must be an object' };
    const namespace = directive.Namespace;
    if (
      typeof namespace !== 'string' ||
      namespace.length === 0 ||
      namespace.length > EMF_LIMITS.namespaceLength ||
      namespace.startsWith(':')
    )
      return { kind: 'invalid', reason: 'Namespace must be a non-empty string' };
    if (!Array.isArray(directive.Dimensions))
      return { kind: 'invalid', reason: 'Dimensions must be an array of dimension sets' };
    if (!Array.isArray(directive.Metrics) || directive.Metrics.length > EMF_LIMITS.metricsPerDirective)
      return {
        kind: 'invalid',
        reason: `Metrics must be an array of at most ${EMF_LIMITS.metricsPerDirective} definitions`,
      };
    const dimensionSets: Record<string, string>[] = [];
    for (const set of directive.Dimensions) {
      if (!Array.isArray(set) || set.length > EMF_LIMITS.dimensionsPerSet)
        return {
          kind: 'invalid',
          reason: `a dimension set must be an array of at most ${EMF_LIMITS.dimensionsPerSet} names`,
        };
      const dimensions: Record<string, string> = {};
      for (const name of set) {
        if (typeof name !== 'string') return { kind: 'invalid', reason: 'dimension names must be strings' };
        const value = root[name];
        if (typeof value !== 'string')
          return { kind: 'invalid', reason: `dimension ${name} needs a string value at the root` };
        dimensions[name] = value;
      }
      dimensionSets.push(dimensions);
    }
    if (dimensionSets.length === 0) dimensionSets.push({});
    for (const definition of directive.Metrics) {
      if (
        !isObject(definition) ||
        typeof definition.Name !== 'string' ||
        definition.Name.length === 0 ||
        definition.Name.length > EMF_LIMITS.nameLength
      )
        return { kind: 'invalid', reason: 'each metric definition needs a Name' };
      const unit = definition.Unit ?? 'None';
      if (typeof unit !== 'string' || !UNITS.has(unit))
        return { kind: 'invalid', reason: `unknown unit ${String(unit)}` };
      const resolution = definition.StorageResolution ?? 60;
      if (resolution !== 1 && resolution !== 60)
        return { kind: 'invalid', reason: 'StorageResolution must be 1 or 60' };
      const raw = root[definition.Name];
      const values = Array.isArray(raw) ? raw : [raw];
      if (
        values.length === 0 ||
        values.length > EMF_LIMITS.valuesPerMetric ||
        !values.every((value) => typeof value === 'number' && Number.isFinite(value))
      )
        return {
          kind: 'invalid',
          reason: `metric ${definition.Name} needs a number (or up to ${EMF_LIMITS.valuesPerMetric} numbers) at the root`,
        };
      for (const dimensions of dimensionSets)
        for (const value of values as number[])
          data.push({
            namespace,
            metricName: definition.Name,
            dimensions,
            unit: unit as MetricUnit,
            value,
            timestamp,
            storageResolution: resolution,
          });
    }
  }
  return { kind: 'metrics', data };
}
