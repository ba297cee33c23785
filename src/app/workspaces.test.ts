import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../sandbox/testing/inProcessHost';
import { testBundleSource } from '../sandbox/sdk/testing/testBundles';
import { createMemoryAccountStore } from '../platform/accountStore';
import type { DynamoDb } from '../sim/aws/dynamodb';
import type { LogsService } from '../sim/aws/logs';
import type { XRayService } from '../sim/aws/xray';
import { createWorkspace, type Workspace } from './workspaces';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

function workspace(id = 'test') {
  const ws = createWorkspace(id, {
    host: createInProcessHost({ bundles: testBundleSource() }),
    accountStore: createMemoryAccountStore(),
    seed: 7,
  });
  open.push(ws);
  return ws;
}

const DOCUMENT_CLIENT = `
import { DynamoDBClient, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => {
  if (event.create) {
    await documents.send(new CreateTableCommand({
      TableName: 'Orders',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
  }
  if (event.put) await documents.send(new PutCommand({ TableName: 'Orders', Item: event.put }));
  const { Item } = await documents.send(new GetCommand({ TableName: 'Orders', Key: { id: event.id } }));
  return { item: Item ?? null, region: await documents.config.region() };
};
`;

describe('a workspace: the real SDK in learner code talks to the workspace account', () => {
  it('a DocumentClient write in one environment is read by a second environment', async () => {
    const ws = workspace();
    expect(
      ws.service.createFunction({
        name: 'orders',
        runtime: 'nodejs22.x',
        timeoutS: 10,
        code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: DOCUMENT_CLIENT }] },
      }).ok,
    ).toBe(true);
    const first = await ws.service
      .invoke('orders', { payload: { create: true, put: { id: 'o-1', total: 42 }, id: 'o-1' } })
      .done();
    expect(first.response?.functionError, first.response?.payload).toBeUndefined();
    expect(JSON.parse(first.response!.payload)).toEqual({
      item: { id: 'o-1', total: 42 },
      region: 'us-east-1',
    });

    // Two at once: the second needs a new environment, which reads what the first one wrote.
    const [a, b] = [
      ws.service.invoke('orders', { payload: { id: 'o-1' } }),
      ws.service.invoke('orders', { payload: { id: 'o-1' } }),
    ];
    await Promise.all([a.done(), b.done()]);
    expect(new Set([a.environmentId, b.environmentId]).size).toBe(2);
    for (const inv of [a, b])
      expect(JSON.parse(inv.response!.payload).item).toEqual({ id: 'o-1', total: 42 });
    expect(ws.account.service<DynamoDb>('dynamodb')!.table('Orders')!.count()).toBe(1);
  }, 60_000);
});

function createOrders(ws: Workspace, code: string, extra: Record<string, unknown> = {}) {
  const result = ws.service.createFunction({
    name: 'orders',
    runtime: 'nodejs22.x',
    timeoutS: 10,
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: code }] },
    ...extra,
  });
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

async function invokeOk(ws: Workspace, payload: unknown = {}, name = 'orders') {
  const inv = await ws.service.invoke(name, { payload }).done();
  expect(inv.response?.functionError, inv.response?.payload).toBeUndefined();
  return JSON.parse(inv.response!.payload) as Record<string, unknown>;
}

function ordersTable(ws: Workspace) {
  ws.account.service<DynamoDb>('dynamodb')!.call('CreateTable', {
    TableName: 'Orders',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
}

describe('errors reach learner code as the SDK’s own exception classes', () => {
  it('a conditional put that fails raises ConditionalCheckFailedException with DynamoDB’s message', async () => {
    const ws = workspace();
    await ws.ready;
    ordersTable(ws);
    createOrders(
      ws,
      `
import { DynamoDBClient, ConditionalCheckFailedException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const put = (TableName) => documents.send(new PutCommand({ TableName, Item: { id: 'o-1' }, ConditionExpression: 'attribute_not_exists(id)' }));
export const handler = async () => {
  await put('Orders');
  const out = {};
  try { await put('Orders'); } catch (e) { out.conditional = { name: e.name, isClass: e instanceof ConditionalCheckFailedException, message: e.message, status: e.$metadata.httpStatusCode }; }
  try { await put('Missing'); } catch (e) { out.missing = { name: e.name, isClass: e instanceof ResourceNotFoundException, message: e.message }; }
  return out;
};`,
    );
    expect(await invokeOk(ws)).toEqual({
      conditional: {
        name: 'ConditionalCheckFailedException',
        isClass: true,
        message: 'The conditional request failed',
        status: 400,
      },
      missing: { name: 'ResourceNotFoundException', isClass: true, message: 'Requested resource not found' },
    });
  }, 60_000);

  it('S3 GetObject bodies support transformToString, and a missing key is NoSuchKey', async () => {
    const ws = workspace();
    createOrders(
      ws,
      `
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'receipts' }));
  await s3.send(new PutObjectCommand({ Bucket: 'receipts', Key: 'a.txt', Body: 'hello from the sandbox' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: 'receipts', Key: 'a.txt' }));
  let missing;
  try { await s3.send(new GetObjectCommand({ Bucket: 'receipts', Key: 'nope' })); } catch (e) { missing = [e.name, e instanceof NoSuchKey]; }
  return { text: await object.Body.transformToString(), missing };
};`,
    );
    expect(await invokeOk(ws)).toEqual({ text: 'hello from the sandbox', missing: ['NoSuchKey', true] });
  }, 60_000);
});

describe('the Lambda client reaches the course’s Lambda service', () => {
  it('Invoke RequestResponse returns the payload and Event queues an async invocation', async () => {
    const ws = workspace();
    expect(
      ws.service.createFunction({
        name: 'callee',
        runtime: 'nodejs22.x',
        code: {
          handler: 'index.handler',
          files: [{ path: 'index.js', content: 'exports.handler = async (e) => ({ doubled: e.n * 2 });' }],
        },
      }).ok,
    ).toBe(true);
    createOrders(
      ws,
      `
import { LambdaClient, InvokeCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({});
export const handler = async () => {
  const sync = await lambda.send(new InvokeCommand({ FunctionName: 'callee', Payload: JSON.stringify({ n: 21 }) }));
  const queued = await lambda.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:callee', InvocationType: 'Event', Payload: '{"n":1}' }));
  let missing;
  try { await lambda.send(new InvokeCommand({ FunctionName: 'nobody' })); } catch (e) { missing = [e.name, e instanceof ResourceNotFoundException, e.message]; }
  return { status: sync.StatusCode, version: sync.ExecutedVersion, payload: JSON.parse(new TextDecoder().decode(sync.Payload)), queued: queued.StatusCode, missing };
};`,
    );
    expect(await invokeOk(ws)).toEqual({
      status: 200,
      version: '$LATEST',
      payload: { doubled: 42 },
      queued: 202,
      missing: [
        'ResourceNotFoundException',
        true,
        'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody',
      ],
    });
    expect(ws.service.functionMetrics('callee').invocations).toBe(2);
  }, 60_000);
});

describe('logs and traces of the workspace’s functions', () => {
  it('every log line reaches /aws/lambda/<name>, and the Insights cold-start query counts the cold starts', async () => {
    const ws = workspace();
    createOrders(ws, `export const handler = async () => { console.log('hello'); return 1; };`);
    await Promise.all([ws.service.invoke('orders').done(), ws.service.invoke('orders').done()]);
    await ws.service.invoke('orders').done();
    const logs = ws.account.service<LogsService>('logs')!;
    expect(logs.listLogGroups().map((group) => group.name)).toContain('/aws/lambda/orders');
    const messages = logs
      .getLogEvents('/aws/lambda/orders', { order: 'oldestFirst' })
      .map((event) => event.message);
    expect(messages.filter((message) => message.startsWith('REPORT RequestId:'))).toHaveLength(3);
    expect(messages.some((message) => message.endsWith('\tINFO\thello'))).toBe(true);
    const result = logs.query(
      'filter @type = "REPORT" | stats count(@initDuration) as coldStarts, count(*) as invocations',
      {
        logGroups: ['/aws/lambda/orders'],
        startTime: 0,
        endTime: Number.MAX_SAFE_INTEGER,
      },
    );
    expect(result.results).toEqual([
      [
        { field: 'coldStarts', value: '2' },
        { field: 'invocations', value: '3' },
      ],
    ]);
    expect(logs.listLogStreams('/aws/lambda/orders')).toHaveLength(2);
  }, 60_000);

  it('with tracing Active an invocation is a trace with Initialization, Invocation and a DynamoDB subsegment', async () => {
    const ws = workspace();
    await ws.ready;
    ordersTable(ws);
    createOrders(
      ws,
      `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => {
  await client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: 'x' } } }));
  return process.env._X_AMZN_TRACE_ID;
};`,
      { tracing: 'Active' },
    );
    const inv = await ws.service.invoke('orders').done();
    const header = JSON.parse(inv.response!.payload) as string;
    expect(header).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/);
    const xray = ws.account.service<XRayService>('xray')!;
    const [summary] = xray.listTraces();
    expect(summary?.id).toBe(/Root=([^;]+)/.exec(header)![1]);
    const rows = xray.waterfall(summary!.id);
    expect(rows.map((row) => [row.name, row.depth, row.origin])).toEqual([
      ['orders', 0, 'AWS::Lambda'],
      ['orders', 0, 'AWS::Lambda::Function'],
      ['Initialization', 1, undefined],
      ['Invocation', 1, undefined],
      ['DynamoDB', 2, undefined],
    ]);
    const call = rows.find((row) => row.name === 'DynamoDB')!;
    expect(call).toMatchObject({ operation: 'GetItem', resource: 'Orders', httpStatus: 200 });
    const invocation = rows.find((row) => row.name === 'Invocation')!;
    expect(call.parentId).toBe(invocation.id);
    expect(xray.serviceMap().nodes.map((node) => node.id)).toContain('AWS::DynamoDB::Table:Orders');

    // PassThrough: no trace, an unsampled header.
    ws.service.updateFunction('orders', { tracing: 'PassThrough' });
    const untraced = await ws.service.invoke('orders').done();
    expect(JSON.parse(untraced.response!.payload)).toMatch(/Sampled=0/);
    expect(xray.listTraces()).toHaveLength(1);
  }, 60_000);
});
