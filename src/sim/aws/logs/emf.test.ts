import { describe, expect, it } from 'vitest';
import { parseEmf } from './emf';

const T = Date.UTC(2026, 10, 26, 12, 0, 0);

/** The shape Powertools for AWS Lambda (TypeScript) Metrics writes. */
function powertoolsLine(extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    _aws: {
      Timestamp: T,
      CloudWatchMetrics: [
        {
          Namespace: 'Orders',
          Dimensions: [['service'], ['service', 'environment']],
          Metrics: [
            { Name: 'OrdersPlaced', Unit: 'Count' },
            { Name: 'OrderValue', Unit: 'None', StorageResolution: 1 },
          ],
        },
      ],
    },
    service: 'checkout',
    environment: 'prod',
    OrdersPlaced: 1,
    OrderValue: [12.5, 30],
    requestId: 'not-a-dimension',
    ...extra,
  });
}

describe('Embedded Metric Format', () => {
  it('turns each metric × dimension set × value into a data point', () => {
    const result = parseEmf(powertoolsLine());
    expect(result.kind).toBe('metrics');
    if (result.kind !== 'metrics') return;
    expect(result.data).toHaveLength(2 + 4);
    expect(result.data[0]).toEqual({
      namespace: 'Orders',
      metricName: 'OrdersPlaced',
      dimensions: { service: 'checkout' },
      unit: 'Count',
      value: 1,
      timestamp: T,
      storageResolution: 60,
    });
    expect(result.data[1]!.dimensions).toEqual({ service: 'checkout', environment: 'prod' });
    expect(
      result.data
        .filter((datum) => datum.metricName === 'OrderValue')
        .map((datum) => [datum.value, datum.storageResolution]),
    ).toEqual([
      [12.5, 1],
      [30, 1],
      [12.5, 1],
      [30, 1],
    ]);
  });

  it('publishes metrics without dimensions for an empty dimension set', () => {
    const line = JSON.stringify({
      _aws: {
        Timestamp: T,
        CloudWatchMetrics: [{ Namespace: 'App', Dimensions: [[]], Metrics: [{ Name: 'Hits' }] }],
      },
      Hits: 3,
    });
    const result = parseEmf(line);
    expect(result).toEqual({
      kind: 'metrics',
      data: [
        {
          namespace: 'App',
          metricName: 'Hits',
          dimensions: {},
          unit: 'None',
          value: 3,
          timestamp: T,
          storageResolution: 60,
        },
      ],
    });
  });

  it('ignores ordinary lines and JSON without _aws', () => {
    expect(parseEmf('START RequestId: x Version: $LATEST').kind).toBe('not-emf');
    expect(parseEmf('{"level":"INFO","message":"_aws mentioned"}').kind).toBe('not-emf');
    expect(parseEmf('2026-11-26T12:00:00.000Z\tid\tINFO\t{"_aws":{}}').kind).toBe('not-emf');
  });

  it('rejects events that break the specification', () => {
    const invalid = (line: string) => parseEmf(line).kind;
    expect(invalid(powertoolsLine({ service: 42 }))).toBe('invalid');
    expect(invalid(powertoolsLine({ OrdersPlaced: 'one' }))).toBe('invalid');
    expect(invalid(powertoolsLine({ OrderValue: [] }))).toBe('invalid');
    expect(invalid(JSON.stringify({ _aws: { CloudWatchMetrics: [] } }))).toBe('invalid');
    expect(
      invalid(
        JSON.stringify({
          _aws: {
            Timestamp: T,
            CloudWatchMetrics: [
              { Namespace: 'A', Dimensions: [[]], Metrics: [{ Name: 'M', Unit: 'Parsecs' }] },
            ],
          },
          M: 1,
        }),
      ),
    ).toBe('invalid');
    const tooMany = Array.from({ length: 31 }, (_, i) => `d${i}`);
    const dims = Object.fromEntries(tooMany.map((name) => [name, 'v']));
    expect(
      invalid(
        JSON.stringify({
          _aws: {
            Timestamp: T,
            CloudWatchMetrics: [{ Namespace: 'A', Dimensions: [tooMany], Metrics: [{ Name: 'M' }] }],
          },
          M: 1,
          ...dims,
        }),
      ),
    ).toBe('invalid');
  });
});
