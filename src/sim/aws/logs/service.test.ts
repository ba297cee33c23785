import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import type { AccountChange } from '../service';
import { jsonEvents, textEvents } from './insights/fixtures';
import {
  createLogs,
  lambdaLogGroupName,
  lambdaLogStreamName,
  LogsError,
  MAX_EVENTS_PER_GROUP,
  EVICTION_SLACK,
  type LogsService,
} from './service';

const EPOCH = Date.UTC(2026, 10, 26, 12, 0, 0);

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createLogs]);
  const changes: AccountChange[] = [];
  account.subscribe((change) => changes.push(change));
  return { clock, account, changes, logs: account.service<LogsService>('logs')! };
}

const GROUP = lambdaLogGroupName('orders');
const STREAM = lambdaLogStreamName(EPOCH, '$LATEST', '0123456789abcdef0123456789abcdef');

describe('CloudWatch Logs: the Lambda ingest seam and the console read API', () => {
  it('names groups and streams the way Lambda does', () => {
    expect(GROUP).toBe('/aws/lambda/orders');
    expect(STREAM).toBe('2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef');
  });

  it('creates the group and stream on first write and reads newest first', () => {
    const { logs, clock, changes } = setup();
    clock.advanceBy(1000);
    const result = logs.putLogEvents(GROUP, STREAM, [
      { timestamp: EPOCH + 100, message: 'START RequestId: a Version: $LATEST' },
      { timestamp: EPOCH + 200, message: 'END RequestId: a' },
    ]);
    expect(result).toEqual({ accepted: 2, tooOld: 0, tooNew: 0, expired: 0 });
    expect(logs.getLogEvents(GROUP).map((event) => event.message)).toEqual([
      'END RequestId: a',
      'START RequestId: a Version: $LATEST',
    ]);
    expect(logs.getLogEvents(GROUP, { order: 'oldestFirst', limit: 1 })[0]).toMatchObject({
      timestamp: EPOCH + 100,
      ingestionTime: EPOCH + 1000,
      logStream: STREAM,
    });
    expect(logs.listLogGroups()).toEqual([
      expect.objectContaining({
        name: GROUP,
        arn: `arn:aws:logs:us-east-1:123456789012:log-group:${GROUP}`,
        eventCount: 2,
        streamCount: 1,
        lastEventTimestamp: EPOCH + 200,
        storedBytes: 51,
      }),
    ]);
    expect(logs.listLogStreams(GROUP)).toEqual([
      {
        name: STREAM,
        createdAt: EPOCH + 1000,
        firstEventTimestamp: EPOCH + 100,
        lastEventTimestamp: EPOCH + 200,
        lastIngestionTime: EPOCH + 1000,
        eventCount: 2,
        storedBytes: 51,
      },
    ]);
    expect(changes.map((change) => change.resource)).toEqual([
      `logGroup.${GROUP}`,
      `logGroup.${GROUP}.stream`,
      `logGroup.${GROUP}.events`,
    ]);
  });

  it('keeps events in timestamp order across streams and filters by stream, time and pattern', () => {
    const { logs } = setup();
    logs.putLogEvents(GROUP, 'b', [{ timestamp: EPOCH + 30, message: 'ERROR three' }]);
    logs.putLogEvents(GROUP, 'a', [
      { timestamp: EPOCH + 10, message: 'INFO one' },
      { timestamp: EPOCH + 20, message: 'ERROR two' },
    ]);
    expect(logs.getLogEvents(GROUP, { order: 'oldestFirst' }).map((event) => event.message)).toEqual([
      'INFO one',
      'ERROR two',
      'ERROR three',
    ]);
    expect(logs.getLogEvents(GROUP, { stream: 'a' }).map((event) => event.message)).toEqual([
      'ERROR two',
      'INFO one',
    ]);
    expect(logs.getLogEvents(GROUP, { filterPattern: 'ERROR' }).map((event) => event.message)).toEqual([
      'ERROR three',
      'ERROR two',
    ]);
    expect(
      logs.getLogEvents(GROUP, { startTime: EPOCH + 15, endTime: EPOCH + 30 }).map((event) => event.message),
    ).toEqual(['ERROR two']);
    expect(logs.listLogStreams(GROUP).map((stream) => stream.name)).toEqual(['b', 'a']);
    expect(logs.listLogStreams(GROUP, { orderBy: 'LogStreamName' }).map((stream) => stream.name)).toEqual([
      'a',
      'b',
    ]);
    expect(() => logs.getLogEvents(GROUP, { stream: 'zzz' })).toThrow(LogsError);
  });

  it('rejects events outside CloudWatch’s window (14 days old, 2 hours ahead)', () => {
    const { logs, clock } = setup();
    clock.advanceBy(15 * 86_400_000);
    const now = EPOCH + 15 * 86_400_000;
    const result = logs.putLogEvents(GROUP, STREAM, [
      { timestamp: now - 15 * 86_400_000, message: 'too old' },
      { timestamp: now, message: 'fine' },
      { timestamp: now + 3 * 3_600_000, message: 'too new' },
    ]);
    expect(result).toEqual({ accepted: 1, tooOld: 1, tooNew: 1, expired: 0 });
  });

  it('applies retention on the virtual clock', () => {
    const { logs, clock } = setup();
    logs.putLogEvents(GROUP, STREAM, [{ timestamp: EPOCH, message: 'day 0' }]);
    clock.advanceBy(2 * 86_400_000);
    logs.putLogEvents(GROUP, STREAM, [{ timestamp: EPOCH + 2 * 86_400_000, message: 'day 2' }]);
    logs.putRetentionPolicy(GROUP, 1);
    expect(logs.getLogEvents(GROUP).map((event) => event.message)).toEqual(['day 2']);
    expect(logs.listLogGroups()[0]!.retentionInDays).toBe(1);
    clock.advanceBy(2 * 86_400_000);
    expect(logs.getLogEvents(GROUP)).toEqual([]);
    expect(() => logs.putRetentionPolicy(GROUP, 2)).toThrow(/enum value set/);
    logs.deleteRetentionPolicy(GROUP);
    expect(logs.listLogGroups()[0]!.retentionInDays).toBeUndefined();
  });

  it(`keeps the newest ${MAX_EVENTS_PER_GROUP} events of a group, trimming in steps of ${EVICTION_SLACK}`, () => {
    const { logs } = setup();
    const batch = Array.from({ length: MAX_EVENTS_PER_GROUP + 25 }, (_, i) => ({
      timestamp: EPOCH + i,
      message: `line ${i}`,
    }));
    logs.putLogEvents(GROUP, STREAM, batch);
    // Within the slack nothing is dropped yet.
    expect(logs.getLogEvents(GROUP, { order: 'oldestFirst' })).toHaveLength(MAX_EVENTS_PER_GROUP + 25);
    // One event at a time, as a flooding handler sends them: past the slack the group is cut back to the cap.
    for (let i = MAX_EVENTS_PER_GROUP + 25; i < MAX_EVENTS_PER_GROUP + EVICTION_SLACK + 30; i++)
      logs.putLogEvents(GROUP, STREAM, [{ timestamp: EPOCH + i, message: `line ${i}` }]);
    const events = logs.getLogEvents(GROUP, { order: 'oldestFirst' });
    // Trimmed to the cap when event cap + slack + 1 arrived, then 29 more.
    expect(events).toHaveLength(MAX_EVENTS_PER_GROUP + 29);
    expect(events[0]!.message).toBe(`line ${EVICTION_SLACK + 1}`);
    expect(events.at(-1)!.message).toBe(`line ${MAX_EVENTS_PER_GROUP + EVICTION_SLACK + 29}`);
    expect(logs.listLogStreams(GROUP)[0]!.eventCount).toBe(MAX_EVENTS_PER_GROUP + 29);
  });

  it('runs Insights over chosen groups and a time range, both log formats', () => {
    const { logs } = setup();
    for (const event of textEvents()) logs.putLogEvents(GROUP, event.logStream, [event]);
    for (const event of jsonEvents()) logs.putLogEvents('/aws/lambda/orders-json', event.logStream, [event]);
    const cold = logs.query(
      'filter @type = "REPORT" | stats count(@initDuration) as cold, count(*) as total',
      { logGroups: [GROUP], startTime: EPOCH, endTime: EPOCH + 3_600_000 },
    );
    expect(cold.rows).toEqual([{ cold: 2, total: 4 }]);
    const coldJson = logs.query(
      'filter type = "platform.report" and ispresent(record.metrics.initDurationMs) | stats count(*) as cold',
      { logGroups: ['/aws/lambda/orders-json'], startTime: EPOCH, endTime: EPOCH + 3_600_000 },
    );
    expect(coldJson.rows).toEqual([{ cold: 2 }]);
    const early = logs.query('filter @type = "REPORT" | stats count(*) as n', {
      logGroups: [GROUP],
      startTime: EPOCH,
      endTime: EPOCH + 200_000,
    });
    expect(early.rows).toEqual([{ n: 3 }]);
    const both = logs.query('stats count(*) as n by @log | sort @log asc', {
      logGroups: [GROUP, '/aws/lambda/orders-json'],
      startTime: EPOCH - 1000,
      endTime: EPOCH + 3_600_000,
    });
    expect(both.rows).toEqual([
      { '@log': '123456789012:/aws/lambda/orders', n: 16 },
      { '@log': '123456789012:/aws/lambda/orders-json', n: 14 },
    ]);
    expect(() => logs.query('fields @message', { logGroups: ['/nope'], startTime: 0, endTime: 1 })).toThrow(
      /does not exist/,
    );
  });

  it('extracts Embedded Metric Format lines into metrics, whatever group they land in', () => {
    const { logs, changes } = setup();
    const emf = JSON.stringify({
      _aws: {
        Timestamp: EPOCH + 5,
        CloudWatchMetrics: [
          { Namespace: 'Orders', Dimensions: [['service']], Metrics: [{ Name: 'Placed', Unit: 'Count' }] },
        ],
      },
      service: 'checkout',
      Placed: 2,
    });
    logs.putLogEvents(GROUP, STREAM, [
      { timestamp: EPOCH + 5, message: emf },
      { timestamp: EPOCH + 6, message: '{"_aws":{"Timestamp":"x","CloudWatchMetrics":[]}}' },
    ]);
    expect(
      logs.metrics.query({
        namespace: 'Orders',
        metricName: 'Placed',
        dimensions: { service: 'checkout' },
        startTime: EPOCH,
        endTime: EPOCH + 60_000,
        periodMs: 60_000,
        statistic: 'Sum',
      }),
    ).toEqual([{ timestamp: EPOCH, value: 2, sampleCount: 1 }]);
    expect(logs.emfRejections()).toEqual([
      expect.objectContaining({ logGroup: GROUP, reason: expect.stringContaining('Timestamp') }),
    ]);
    expect(changes.some((change) => change.resource === 'metrics')).toBe(true);
    expect(logs.getLogEvents(GROUP)).toHaveLength(2);
  });

  it('round-trips through a JSON snapshot (events, retention, metrics) and rejects bad data unchanged', () => {
    const { logs, account } = setup();
    logs.putLogEvents(GROUP, STREAM, [{ timestamp: EPOCH, message: 'kept ✓' }]);
    logs.putRetentionPolicy(GROUP, 30);
    logs.putLogEvents(GROUP, STREAM, [
      {
        timestamp: EPOCH,
        message: JSON.stringify({
          _aws: {
            Timestamp: EPOCH,
            CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [[]], Metrics: [{ Name: 'M' }] }],
          },
          M: 1,
        }),
      },
    ]);
    const exported = JSON.parse(JSON.stringify(account.snapshot()));
    const other = setup();
    other.account.restore(exported);
    expect(other.logs.getLogEvents(GROUP).map((event) => event.message)[1]).toBe('kept ✓');
    expect(other.logs.listLogGroups()).toEqual(logs.listLogGroups());
    expect(other.logs.listLogStreams(GROUP)).toEqual(logs.listLogStreams(GROUP));
    expect(other.logs.metrics.listMetrics()).toEqual(logs.metrics.listMetrics());
    const before = other.account.snapshot();
    const broken = structuredClone(exported);
    broken.services.logs.groups[0].events[0][3] = 'unknown-stream';
    expect(() => other.account.restore(broken)).toThrow(/unknown stream/);
    expect(() => other.account.restore({ ...exported, services: { logs: { groups: 1 } } })).toThrow(
      /Bad CloudWatch Logs snapshot/,
    );
    expect(other.account.snapshot()).toEqual(before);
    other.logs.reset();
    expect(other.logs.listLogGroups()).toEqual([]);
  });
});
