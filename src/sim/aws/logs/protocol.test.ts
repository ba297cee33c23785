import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { text, utf8 } from '../http';
import { textEvents } from './insights/fixtures';
import { createLogs, type LogsService } from './service';

const EPOCH = Date.UTC(2026, 10, 26, 12, 0, 0);

/** Requests in the shape the AWS SDK's CloudWatch Logs client sends (AWS JSON 1.1). */
async function call(account: AwsAccount, operation: string, body: unknown) {
  const response = await account.handle(
    {
      method: 'POST',
      hostname: 'logs.us-east-1.amazonaws.com',
      path: '/',
      query: {},
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${operation}` },
      body: utf8(JSON.stringify(body)),
    },
    { kind: 'check' },
  );
  return { status: response.statusCode, body: JSON.parse(text(response.body)) as Record<string, unknown> };
}

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createLogs]);
  return { clock, account, logs: account.service<LogsService>('logs')! };
}

describe('CloudWatch Logs JSON 1.1 protocol', () => {
  it('creates groups and streams, puts and gets events, and answers errors in the JSON error shape', async () => {
    const { account } = setup();
    expect((await call(account, 'CreateLogGroup', { logGroupName: '/app/api' })).status).toBe(200);
    const again = await call(account, 'CreateLogGroup', { logGroupName: '/app/api' });
    expect(again).toEqual({
      status: 400,
      body: { __type: 'ResourceAlreadyExistsException', message: 'The specified log group already exists' },
    });
    const missingStream = await call(account, 'PutLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 's1',
      logEvents: [{ timestamp: EPOCH, message: 'x' }],
    });
    expect(missingStream.body.__type).toBe('ResourceNotFoundException');
    await call(account, 'CreateLogStream', { logGroupName: '/app/api', logStreamName: 's1' });
    await call(account, 'PutLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 's1',
      logEvents: [
        { timestamp: EPOCH, message: 'first' },
        { timestamp: EPOCH + 1, message: 'second' },
      ],
    });
    const got = await call(account, 'GetLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 's1',
      startFromHead: true,
    });
    expect((got.body.events as { message: string }[]).map((event) => event.message)).toEqual([
      'first',
      'second',
    ]);
    const groups = await call(account, 'DescribeLogGroups', { logGroupNamePrefix: '/app' });
    expect(groups.body.logGroups).toEqual([
      expect.objectContaining({
        logGroupName: '/app/api',
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/app/api:*',
        storedBytes: 11,
      }),
    ]);
    const streams = await call(account, 'DescribeLogStreams', { logGroupName: '/app/api' });
    expect(streams.body.logStreams).toEqual([
      expect.objectContaining({
        logStreamName: 's1',
        firstEventTimestamp: EPOCH,
        lastEventTimestamp: EPOCH + 1,
      }),
    ]);
    const unknown = await call(account, 'TagResource', {});
    expect(unknown.body.__type).toBe('UnknownOperationException');
  });

  it('filters events with a pattern and pages them', async () => {
    const { account, logs } = setup();
    for (const event of textEvents()) logs.putLogEvents('/aws/lambda/orders', event.logStream, [event]);
    const filtered = await call(account, 'FilterLogEvents', {
      logGroupName: '/aws/lambda/orders',
      filterPattern: 'REPORT',
      limit: 3,
    });
    expect((filtered.body.events as unknown[]).length).toBe(3);
    expect(filtered.body.nextToken).toBeTruthy();
    const rest = await call(account, 'FilterLogEvents', {
      logGroupName: '/aws/lambda/orders',
      filterPattern: 'REPORT',
      limit: 3,
      nextToken: filtered.body.nextToken,
    });
    expect((rest.body.events as unknown[]).length).toBe(1);
    expect(rest.body.nextToken).toBeUndefined();
  });

  it('runs Logs Insights through StartQuery and GetQueryResults (seconds in, strings out)', async () => {
    const { account, logs } = setup();
    for (const event of textEvents()) logs.putLogEvents('/aws/lambda/orders', event.logStream, [event]);
    const started = await call(account, 'StartQuery', {
      logGroupName: '/aws/lambda/orders',
      startTime: EPOCH / 1000,
      endTime: EPOCH / 1000 + 3600,
      queryString:
        'filter @type = "REPORT" | stats count(@initDuration) as coldStarts, avg(@initDuration) as avgInit',
    });
    expect(started.body.queryId).toMatch(/^[0-9a-f-]{36}$/);
    const results = await call(account, 'GetQueryResults', { queryId: started.body.queryId });
    expect(results.body.status).toBe('Complete');
    const row = (results.body.results as { field: string; value: string }[][])[0]!;
    expect(row.filter((cell) => cell.field !== '@ptr')).toEqual([
      { field: 'coldStarts', value: '2' },
      { field: 'avgInit', value: String((183.21 + 161.4) / 2) },
    ]);
    expect(results.body.statistics).toEqual({
      recordsMatched: 4,
      recordsScanned: 16,
      bytesScanned: expect.any(Number),
    });
    const malformed = await call(account, 'StartQuery', {
      logGroupName: '/aws/lambda/orders',
      startTime: 0,
      endTime: 1,
      queryString: 'filter (',
    });
    expect(malformed.body.__type).toBe('MalformedQueryException');
  });
});
