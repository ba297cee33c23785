import { describe, expect, it } from 'vitest';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { jsonResponse, text, utf8, type AwsCaller, type AwsHttpRequest } from '../http';
import type { AwsService } from '../service';
import { createS3 } from '../s3/service';
import { testClientConfig } from '../testing/sdkClient';
import { parseTraceHeader, TRACE_ID } from './ids';
import { describeAwsCall, tracedHandler } from './sdkCall';
import { createXRay, MAX_TRACES, type XRayService } from './service';

const EPOCH = Date.UTC(2026, 10, 26, 12, 0, 0);
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';

/** A tiny DynamoDB stand-in: GetItem on Orders works, other tables are missing, Throttled is throttled. */
function stubDynamo(): AwsService {
  return {
    name: 'dynamodb',
    handle(req) {
      const body = JSON.parse(text(req.body)) as { TableName: string };
      if (body.TableName === 'Throttled')
        return jsonResponse(
          400,
          { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' },
          'application/x-amz-json-1.0',
        );
      if (body.TableName !== 'Orders')
        return jsonResponse(
          400,
          {
            __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
            message: 'Requested resource not found',
          },
          'application/x-amz-json-1.0',
        );
      return jsonResponse(200, { Item: { id: { S: '1' } } }, 'application/x-amz-json-1.0');
    },
    snapshot: () => ({}),
    restore: () => {},
    reset: () => {},
  };
}

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createXRay, createS3, stubDynamo]);
  const xray = account.service<XRayService>('xray')!;
  // Calls go through the traced handler, as the Lambda service's port will route them.
  const traced = Object.assign(Object.create(account) as AwsAccount, {
    handle: tracedHandler(account, xray),
  });
  const clients = (caller: AwsCaller) => ({
    dynamo: new DynamoDBClient(testClientConfig(traced, caller)),
    s3: new S3Client(testClientConfig(traced, caller)),
  });
  return { clock, account, xray, clients };
}

/** One cold invocation: 120 ms init, then a handler that calls DynamoDB and S3. */
async function coldInvocation(context: ReturnType<typeof setup>, options: { fail?: boolean } = {}) {
  const { xray, clock, clients } = context;
  const receivedAt = xray.epochNow();
  const trace = xray.beginInvocation({
    functionName: 'orders',
    functionArn: ARN,
    requestId: 'req-1',
    receivedAt,
  });
  clock.advanceBy(130);
  const invokeStart = xray.epochNow();
  const caller: AwsCaller = {
    kind: 'function',
    functionName: 'orders',
    requestId: 'req-1',
    traceId: trace.header,
  };
  const { dynamo, s3 } = clients(caller);
  clock.advanceBy(5);
  await dynamo.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: '1' } } }));
  clock.advanceBy(5);
  await s3.send(new PutObjectCommand({ Bucket: 'receipts', Key: 'r-1.json', Body: '{}' }));
  await s3.send(new GetObjectCommand({ Bucket: 'receipts', Key: 'missing.json' })).catch(() => undefined);
  await dynamo
    .send(new GetItemCommand({ TableName: 'Throttled', Key: { id: { S: '1' } } }))
    .catch(() => undefined);
  clock.advanceBy(20);
  const invokeEnd = xray.epochNow();
  clock.advanceBy(2);
  const ended = xray.endInvocation(trace, {
    initStart: receivedAt + 5,
    initEnd: receivedAt + 125,
    invokeStart,
    invokeEnd,
    end: xray.epochNow(),
    ...(options.fail
      ? {
          functionError: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'id')" },
        }
      : {}),
    annotations: { coldStart: true },
  });
  return { trace, ended };
}

describe('X-Ray traces for Lambda invocations', () => {
  it('gives each invocation a trace id of X-Ray’s format and a header for _X_AMZN_TRACE_ID', () => {
    const { xray } = setup();
    const trace = xray.beginInvocation({ functionName: 'orders', requestId: 'r' });
    expect(trace.traceId).toMatch(TRACE_ID);
    expect(trace.traceId.slice(2, 10)).toBe(Math.floor(EPOCH / 1000).toString(16));
    expect(parseTraceHeader(trace.header)).toEqual({
      root: trace.traceId,
      parent: trace.functionSegmentId,
      sampled: true,
    });
    expect(xray.listTraces()).toEqual([
      expect.objectContaining({ id: trace.traceId, inProgress: true, entryPoint: 'orders' }),
    ]);
  });

  it('builds the Lambda service segment and the function segment with Initialization, Invocation and Overhead', async () => {
    const context = setup();
    await new S3Client(testClientConfig(context.account)).send(
      new CreateBucketCommand({ Bucket: 'receipts' }),
    );
    const { trace } = await coldInvocation(context);
    const stored = context.xray.trace(trace.traceId)!;
    expect(stored.segments.map((segment) => [segment.origin, segment.name])).toEqual([
      ['AWS::Lambda', 'orders'],
      ['AWS::Lambda::Function', 'orders'],
    ]);
    const [service, fn] = stored.segments;
    expect(service!.http?.response?.status).toBe(200);
    expect(service!.aws).toEqual({ request_id: 'req-1' });
    expect(fn!.parent_id).toBe(service!.id);
    expect(fn!.subsegments!.map((sub) => sub.name)).toEqual(['Initialization', 'Invocation', 'Overhead']);
    const invocation = fn!.subsegments![1]!;
    expect(
      invocation.subsegments!.map((sub) => [sub.name, sub.aws!.operation, sub.http!.response!.status]),
    ).toEqual([
      ['DynamoDB', 'GetItem', 200],
      ['S3', 'PutObject', 200],
      ['S3', 'GetObject', 404],
      ['DynamoDB', 'GetItem', 400],
    ]);
    const [getItem, putObject, missing, throttled] = invocation.subsegments!;
    expect(getItem).toMatchObject({ namespace: 'aws', aws: { table_name: 'Orders', region: 'us-east-1' } });
    expect(getItem!.error).toBeUndefined();
    expect(putObject!.aws).toMatchObject({
      bucket_name: 'receipts',
      key: 'r-1.json',
      request_id: expect.stringMatching(/^[0-9A-F]{16}$/),
    });
    expect(missing).toMatchObject({
      error: true,
      cause: {
        exceptions: [{ type: 'NoSuchKey', message: 'The specified key does not exist.', remote: true }],
      },
    });
    expect(throttled).toMatchObject({
      error: true,
      cause: { exceptions: [{ type: 'ThrottlingException' }] },
    });
    expect(fn!.annotations).toEqual({ coldStart: true });
  });

  it('flattens a trace into waterfall rows with offsets from the trace start and depths', async () => {
    const context = setup();
    await new S3Client(testClientConfig(context.account)).send(
      new CreateBucketCommand({ Bucket: 'receipts' }),
    );
    const { trace } = await coldInvocation(context);
    const rows = context.xray.waterfall(trace.traceId);
    expect(rows.map((row) => [row.name, row.depth, row.startOffsetMs, row.endOffsetMs])).toEqual([
      ['orders', 0, 0, 162],
      ['orders', 0, 5, 162],
      ['Initialization', 1, 5, 125],
      ['Invocation', 1, 130, 160],
      ['DynamoDB', 2, 135, 135],
      ['S3', 2, 140, 140],
      ['S3', 2, 140, 140],
      ['DynamoDB', 2, 140, 140],
      ['Overhead', 1, 160, 162],
    ]);
    expect(rows[0]).toMatchObject({ kind: 'segment', origin: 'AWS::Lambda', httpStatus: 200, status: 'ok' });
    expect(rows[4]).toMatchObject({
      kind: 'subsegment',
      namespace: 'aws',
      operation: 'GetItem',
      resource: 'Orders',
      status: 'ok',
    });
    expect(rows[6]).toMatchObject({ status: 'error', errorType: 'NoSuchKey', resource: 'receipts' });
    expect(context.xray.listTraces()[0]).toMatchObject({
      durationMs: 162,
      status: 'error',
      hasError: true,
      hasFault: false,
      inProgress: false,
      services: ['DynamoDB', 'S3'],
      annotations: { coldStart: true },
      httpStatus: 200,
    });
  });

  it('marks a function error as a fault with its cause, and warm invocations have no Initialization', async () => {
    const context = setup();
    await new S3Client(testClientConfig(context.account)).send(
      new CreateBucketCommand({ Bucket: 'receipts' }),
    );
    const { trace } = await coldInvocation(context, { fail: true });
    const rows = context.xray.waterfall(trace.traceId);
    expect(rows.find((row) => row.name === 'Invocation')).toMatchObject({
      status: 'fault',
      errorType: 'TypeError',
    });
    expect(context.xray.listTraces()[0]!.status).toBe('fault');
    const warm = context.xray.beginInvocation({ functionName: 'orders', requestId: 'req-2' });
    const now = context.xray.epochNow();
    context.xray.endInvocation(warm.traceId, { invokeStart: now, invokeEnd: now + 3, end: now + 3 });
    expect(context.xray.waterfall(warm.traceId).map((row) => row.name)).toEqual([
      'orders',
      'orders',
      'Invocation',
    ]);
  });

  it('records a throttled request as a 429 on the Lambda service segment alone', () => {
    const { xray } = setup();
    const traceId = xray.recordThrottle({ functionName: 'orders', requestId: 'r' });
    expect(xray.trace(traceId)!.segments).toEqual([
      expect.objectContaining({
        origin: 'AWS::Lambda',
        throttle: true,
        error: true,
        http: { response: { status: 429 } },
      }),
    ]);
    expect(xray.listTraces()[0]).toMatchObject({
      status: 'throttle',
      hasThrottle: true,
      httpStatus: 429,
      inProgress: false,
    });
  });

  it('draws a service map: client → Lambda → function → tables and buckets, with counts, errors and latency', async () => {
    const context = setup();
    await new S3Client(testClientConfig(context.account)).send(
      new CreateBucketCommand({ Bucket: 'receipts' }),
    );
    await coldInvocation(context);
    await coldInvocation(context);
    const map = context.xray.serviceMap();
    expect(map.nodes.map((node) => [node.id, node.type, node.stats.count])).toEqual([
      ['AWS::Lambda:orders', 'AWS::Lambda', 2],
      ['client', 'client', 0],
      ['AWS::Lambda::Function:orders', 'AWS::Lambda::Function', 2],
      ['AWS::DynamoDB::Table:Orders', 'AWS::DynamoDB::Table', 2],
      ['AWS::S3::Bucket:receipts', 'AWS::S3::Bucket', 4],
      ['AWS::DynamoDB::Table:Throttled', 'AWS::DynamoDB::Table', 2],
    ]);
    const edge = (source: string, target: string) =>
      map.edges.find((entry) => entry.source === source && entry.target === target);
    expect(edge('client', 'AWS::Lambda:orders')).toMatchObject({
      count: 2,
      okCount: 2,
      averageLatencyMs: 162,
    });
    expect(edge('AWS::Lambda:orders', 'AWS::Lambda::Function:orders')).toMatchObject({
      count: 2,
      averageLatencyMs: 157,
    });
    expect(edge('AWS::Lambda::Function:orders', 'AWS::S3::Bucket:receipts')).toMatchObject({
      count: 4,
      okCount: 2,
      errorCount: 2,
      faultCount: 0,
    });
    expect(edge('AWS::Lambda::Function:orders', 'AWS::DynamoDB::Table:Orders')).toMatchObject({
      count: 2,
      errorCount: 0,
    });
  });

  it('joins an upstream trace: a function called by a traced function is an edge between the two', () => {
    const { xray } = setup();
    const caller = xray.beginInvocation({ functionName: 'checkout', requestId: 'a' });
    const start = xray.epochNow();
    const invokeCall = {
      traceHeader: caller.header,
      service: 'Lambda',
      operation: 'Invoke',
      start,
      end: start + 10,
      httpStatus: 200,
      resource: { function_name: 'payments' },
    };
    xray.recordAwsCall(invokeCall);
    xray.endInvocation(caller, { invokeStart: start, invokeEnd: start + 12, end: start + 12 });
    const callId = xray.trace(caller.traceId)!.segments[1]!.subsegments![0]!.subsegments![0]!.id;
    const callee = xray.beginInvocation({
      functionName: 'payments',
      requestId: 'b',
      upstreamTraceHeader: `Root=${caller.traceId};Parent=${callId};Sampled=1`,
      receivedAt: start + 1,
    });
    expect(callee.traceId).toBe(caller.traceId);
    xray.endInvocation(callee, { invokeStart: start + 2, invokeEnd: start + 8, end: start + 9 });
    expect(xray.listTraces()).toHaveLength(1);
    const map = xray.serviceMap();
    expect(map.edges.map((entry) => `${entry.source} → ${entry.target}`).sort()).toEqual([
      'AWS::Lambda::Function:checkout → AWS::Lambda:payments',
      'AWS::Lambda:checkout → AWS::Lambda::Function:checkout',
      'AWS::Lambda:payments → AWS::Lambda::Function:payments',
      'client → AWS::Lambda:checkout',
    ]);
  });

  it('accepts segment documents from an in-function tracer (PutTraceSegments) under the invocation', () => {
    const { xray } = setup();
    const trace = xray.beginInvocation({ functionName: 'orders', requestId: 'r' });
    const now = xray.epochNow() / 1000;
    const subsegment = {
      type: 'subsegment',
      id: '0123456789abcdef',
      trace_id: trace.traceId,
      parent_id: trace.functionSegmentId,
      name: '## handler',
      start_time: now,
      end_time: now + 0.004,
      annotations: { orderId: 'o-1' },
    };
    expect(
      xray
        .putSegmentDocuments([JSON.stringify(subsegment), '{bad json', JSON.stringify({ id: 'x' })])
        .unprocessed.map((entry) => entry.errorCode),
    ).toEqual(['InvalidJson', 'InvalidSegment']);
    xray.endInvocation(trace, {
      invokeStart: xray.epochNow(),
      invokeEnd: xray.epochNow() + 5,
      end: xray.epochNow() + 5,
    });
    const invocation = xray
      .trace(trace.traceId)!
      .segments[1]!.subsegments!.find((sub) => sub.name === 'Invocation')!;
    expect(invocation.subsegments!.map((sub) => sub.name)).toEqual(['## handler']);
    expect(xray.listTraces()[0]!.annotations).toEqual({ orderId: 'o-1' });
  });

  it(`keeps the last ${MAX_TRACES} traces and survives a JSON snapshot; a bad snapshot changes nothing`, () => {
    const { xray, account, clock } = setup();
    for (let i = 0; i < MAX_TRACES + 5; i++) {
      const trace = xray.beginInvocation({ functionName: `f${i}`, requestId: String(i) });
      const now = xray.epochNow();
      xray.endInvocation(trace, { invokeStart: now, invokeEnd: now + 1, end: now + 1 });
      clock.advanceBy(10);
    }
    const traces = xray.listTraces();
    expect(traces).toHaveLength(MAX_TRACES);
    expect(traces[traces.length - 1]!.entryPoint).toBe('f5');
    const exported = JSON.parse(JSON.stringify(account.snapshot()));
    const other = setup();
    other.account.restore(exported);
    expect(other.xray.listTraces()).toEqual(traces);
    const before = other.account.snapshot();
    expect(() =>
      other.account.restore({
        ...exported,
        services: { ...exported.services, xray: { traces: [{ id: 'nope', segments: [] }] } },
      }),
    ).toThrow(/Bad X-Ray snapshot/);
    expect(other.account.snapshot()).toEqual(before);
  });
});

describe('describeAwsCall', () => {
  function request(partial: Partial<AwsHttpRequest>): AwsHttpRequest {
    return {
      method: 'POST',
      hostname: 'x',
      path: '/',
      query: {},
      headers: {},
      body: new Uint8Array(),
      ...partial,
    };
  }

  it('reads operations and resources off each protocol', () => {
    expect(
      describeAwsCall(
        request({
          hostname: 'dynamodb.us-east-1.amazonaws.com',
          headers: { 'x-amz-target': 'DynamoDB_20120810.BatchWriteItem' },
          body: utf8(JSON.stringify({ RequestItems: { Orders: [], Payments: [] } })),
        }),
      ),
    ).toEqual({
      service: 'DynamoDB',
      operation: 'BatchWriteItem',
      resource: { table_names: ['Orders', 'Payments'] },
    });
    expect(
      describeAwsCall(
        request({
          hostname: 'sqs.us-east-1.amazonaws.com',
          headers: { 'x-amz-target': 'AmazonSQS.SendMessage' },
          body: utf8(JSON.stringify({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' })),
        }),
      ),
    ).toEqual({
      service: 'SQS',
      operation: 'SendMessage',
      resource: { queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' },
    });
    expect(
      describeAwsCall(
        request({
          hostname: 'sns.us-east-1.amazonaws.com',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: utf8(
            'Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aorders',
          ),
        }),
      ),
    ).toEqual({
      service: 'SNS',
      operation: 'Publish',
      resource: { topic_arn: 'arn:aws:sns:us-east-1:123456789012:orders' },
    });
    expect(
      describeAwsCall(
        request({
          method: 'PUT',
          hostname: 'photos.s3.us-east-1.amazonaws.com',
          path: '/a%20b.jpg',
          headers: { 'x-amz-copy-source': 'x/y' },
        }),
      ),
    ).toEqual({
      service: 'S3',
      operation: 'CopyObject',
      resource: { bucket_name: 'photos', key: 'a b.jpg' },
    });
    expect(
      describeAwsCall(
        request({
          method: 'GET',
          hostname: 's3.us-east-1.amazonaws.com',
          path: '/photos',
          query: { 'list-type': '2' },
        }),
      ).operation,
    ).toBe('ListObjectsV2');
    expect(
      describeAwsCall(
        request({
          hostname: 'lambda.us-east-1.amazonaws.com',
          path: '/2015-03-31/functions/payments/invocations',
        }),
      ),
    ).toEqual({
      service: 'Lambda',
      operation: 'Invoke',
      resource: { function_name: 'payments' },
    });
  });
});

describe('X-Ray REST-JSON API', () => {
  async function call(account: AwsAccount, path: string, body: unknown) {
    const response = await account.handle(
      {
        method: 'POST',
        hostname: 'xray.us-east-1.amazonaws.com',
        path,
        query: {},
        headers: { 'content-type': 'application/json' },
        body: utf8(JSON.stringify(body)),
      },
      { kind: 'check' },
    );
    return {
      status: response.statusCode,
      headers: response.headers,
      body: JSON.parse(text(response.body)) as Record<string, unknown>,
    };
  }

  it('puts segments, summarises and returns traces', async () => {
    const { account, xray } = setup();
    const now = xray.epochNow() / 1000;
    const traceId = `1-${Math.floor(now).toString(16)}-0123456789abcdef01234567`;
    const put = await call(account, '/TraceSegments', {
      TraceSegmentDocuments: [
        JSON.stringify({
          id: 'aaaaaaaaaaaaaaaa',
          trace_id: traceId,
          name: 'worker',
          start_time: now,
          end_time: now + 0.25,
          fault: true,
        }),
      ],
    });
    expect(put.body).toEqual({ UnprocessedTraceSegments: [] });
    const summaries = await call(account, '/TraceSummaries', { StartTime: now - 60, EndTime: now + 60 });
    expect(summaries.body.TraceSummaries).toEqual([
      expect.objectContaining({
        Id: traceId,
        Duration: 0.25,
        HasFault: true,
        EntryPoint: { Name: 'worker', Type: 'AWS::Lambda' },
      }),
    ]);
    const traces = await call(account, '/Traces', {
      TraceIds: [traceId, '1-00000000-000000000000000000000000'],
    });
    expect(
      (traces.body.Traces as { Segments: { Document: string }[] }[])[0]!.Segments[0]!.Document,
    ).toContain('"name":"worker"');
    expect(traces.body.UnprocessedTraceIds).toEqual(['1-00000000-000000000000000000000000']);
    const bad = await call(account, '/TraceSegments', {});
    expect(bad.headers['x-amzn-errortype']).toBe('InvalidRequestException');
  });
});
