import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../testing/inProcessHost';
import { testBundleSource } from './testing/testBundles';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import type { DynamoDb } from '../../sim/aws/dynamodb';
import type { LogsService } from '../../sim/aws/logs';
import type { Subsegment, XRayService } from '../../sim/aws/xray';
import { POWERTOOLS_LAYER } from './powertoolsLayer';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

function workspace() {
  const ws = createWorkspace('powertools', {
    host: createInProcessHost({ bundles: testBundleSource() }),
    accountStore: createMemoryAccountStore(),
    seed: 3,
  });
  open.push(ws);
  return ws;
}

const HANDLER = `
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
const logger = new Logger({ serviceName: 'payments' });
const metrics = new Metrics({ namespace: 'Shop', serviceName: 'payments' });
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'Idempotency' });
let charges = 0;
const charge = makeIdempotent(async (event) => { charges++; return { paid: event.amount, charge: charges }; }, { persistenceStore });
export const handler = async (event, context) => {
  logger.addContext(context);
  logger.info('charging', { amount: event.amount });
  metrics.addMetric('Charges', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  const currency = await getParameter('/shop/currency');
  const result = await charge(event, context);
  return { ...result, currency, charges };
};`;

describe('the Powertools layer against the account', () => {
  it('Logger writes JSON lines, Metrics EMF becomes a metric, Parameters reads SSM, Idempotency keeps records in DynamoDB', async () => {
    const ws = workspace();
    await ws.ready;
    ws.account.service<DynamoDb>('dynamodb')!.call('CreateTable', {
      TableName: 'Idempotency',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    const created = ws.service.createFunction({
      name: 'payments',
      runtime: 'nodejs22.x',
      timeoutS: 10,
      layers: [{ name: POWERTOOLS_LAYER.name, unzippedMb: 1, content: POWERTOOLS_LAYER }],
      code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: HANDLER }] },
    });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    const setup = ws.service.createFunction({
      name: 'setup',
      runtime: 'nodejs22.x',
      code: {
        handler: 'index.handler',
        files: [
          {
            path: 'index.mjs',
            content: `import { SSMClient, PutParameterCommand } from '@aws-sdk/client-ssm';
export const handler = async () => { await new SSMClient({}).send(new PutParameterCommand({ Name: '/shop/currency', Value: 'EUR', Type: 'String' })); return 1; };`,
          },
        ],
      },
    });
    expect(setup.ok).toBe(true);
    await ws.service.invoke('setup').done();

    const first = await ws.service.invoke('payments', { payload: { amount: 5 } }).done();
    expect(first.response?.functionError, first.response?.payload).toBeUndefined();
    expect(JSON.parse(first.response!.payload)).toEqual({ paid: 5, charge: 1, currency: 'EUR', charges: 1 });
    // The same event again: Idempotency answers from its DynamoDB record; the charge does not run twice.
    const again = await ws.service.invoke('payments', { payload: { amount: 5 } }).done();
    expect(JSON.parse(again.response!.payload)).toEqual({ paid: 5, charge: 1, currency: 'EUR', charges: 1 });
    expect(ws.account.service<DynamoDb>('dynamodb')!.table('Idempotency')!.count()).toBe(1);

    const logs = ws.account.service<LogsService>('logs')!;
    const messages = logs
      .getLogEvents('/aws/lambda/payments', { order: 'oldestFirst' })
      .map((e) => e.message);
    const line = messages.map((message) => message.trim()).find((message) => message.includes('"charging"'));
    expect(JSON.parse(line!)).toMatchObject({
      level: 'INFO',
      message: 'charging',
      service: 'payments',
      amount: 5,
    });
    expect(logs.metrics.listMetrics({ namespace: 'Shop' }).map((metric) => metric.metricName)).toEqual([
      'Charges',
    ]);
  }, 120_000);

  it('Tracer: the handler and method subsegments reach X-Ray with annotations and metadata, SDK calls under them', async () => {
    const ws = workspace();
    await ws.ready;
    const dynamodb = ws.account.service<DynamoDb>('dynamodb')!;
    dynamodb.call('CreateTable', {
      TableName: 'Orders',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    dynamodb.call('PutItem', { TableName: 'Orders', Item: { id: { S: 'order-1' }, total: { N: '42' } } });
    // The decorators applied by hand, as TypeScript's compiled output does: the same code paths as @tracer.…()
    const code = `
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const tracer = new Tracer({ serviceName: 'orders' });
const client = tracer.captureAWSv3Client(new DynamoDBClient({}));
class Lambda {
  async loadOrder(id) {
    tracer.putAnnotation('orderId', id);
    const { Item } = await client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: id } } }));
    return { id, total: Number(Item.total.N) };
  }
  async handler(event) {
    const order = await this.loadOrder(event.id);
    if (event.fail) throw new Error('payment declined');
    return { ...order, trace: process.env._X_AMZN_TRACE_ID };
  }
}
const decorate = (name, decorator) => {
  const descriptor = Object.getOwnPropertyDescriptor(Lambda.prototype, name);
  decorator(Lambda.prototype, name, descriptor);
  Object.defineProperty(Lambda.prototype, name, descriptor);
};
decorate('loadOrder', tracer.captureMethod());
decorate('handler', tracer.captureLambdaHandler());
const lambda = new Lambda();
export const handler = lambda.handler.bind(lambda);`;
    const created = ws.service.createFunction({
      name: 'orders',
      runtime: 'nodejs22.x',
      timeoutS: 10,
      tracing: 'Active',
      layers: [{ name: POWERTOOLS_LAYER.name, unzippedMb: 1, content: POWERTOOLS_LAYER }],
      code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: code }] },
    });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    const invocation = await ws.service.invoke('orders', { payload: { id: 'order-1' } }).done();
    expect(invocation.response?.functionError, invocation.response?.payload).toBeUndefined();
    const answer = JSON.parse(invocation.response!.payload) as { total: number; trace: string };
    expect(answer.total).toBe(42);
    const traceId = /Root=([^;]+)/.exec(answer.trace)![1]!;

    const xray = ws.account.service<XRayService>('xray')!;
    const functionSegment = xray.trace(traceId)!.segments.find((s) => s.origin === 'AWS::Lambda::Function')!;
    const invocationSegment = functionSegment.subsegments!.find((s) => s.name === 'Invocation')!;
    const handlerSegment = invocationSegment.subsegments!.find((s) => s.name === '## index.handler')!;
    expect(handlerSegment.annotations).toEqual({ ColdStart: true, Service: 'orders' });
    expect(handlerSegment.metadata).toEqual({
      orders: { 'index.handler response': { id: 'order-1', total: 42, trace: answer.trace } },
    });
    expect(handlerSegment.end_time).toBeGreaterThanOrEqual(handlerSegment.start_time);
    const method = handlerSegment.subsegments!.find((s) => s.name === '### loadOrder')!;
    expect(method.annotations).toEqual({ orderId: 'order-1' });
    expect(method.metadata).toEqual({ orders: { 'loadOrder response': { id: 'order-1', total: 42 } } });
    // The instrumented client's call sits under the method that made it, once (not also under Invocation).
    const call = method.subsegments!.find((s) => s.name === 'DynamoDB')!;
    expect(call).toMatchObject({ namespace: 'aws', aws: { operation: 'GetItem', table_name: 'Orders' } });
    const everywhere: Subsegment[] = [];
    const collect = (entity: Subsegment) => {
      everywhere.push(entity);
      for (const child of entity.subsegments ?? []) collect(child);
    };
    collect(functionSegment);
    expect(everywhere.filter((s) => s.name === 'DynamoDB')).toHaveLength(1);
    const rows = xray.waterfall(traceId).map((row) => `${row.depth} ${row.name}`);
    const handlerRow = rows.find((row) => row.endsWith(' ## index.handler'))!;
    const depth = Number(handlerRow.split(' ')[0]);
    expect(rows).toContain(`${depth + 1} ### loadOrder`);
    expect(rows).toContain(`${depth + 2} DynamoDB`);

    // A failing handler: its subsegment carries the fault and the exception, as the X-Ray SDK records it.
    const failed = await ws.service.invoke('orders', { payload: { id: 'order-1', fail: true } }).done();
    expect(failed.response?.functionError).toBe('Unhandled');
    const failedTrace = xray
      .listTraces({ startTime: 0, endTime: Number.MAX_SAFE_INTEGER, functionName: 'orders' })
      .find((summary) => summary.id !== traceId)!;
    const failedFunction = xray
      .trace(failedTrace.id)!
      .segments.find((s) => s.origin === 'AWS::Lambda::Function')!;
    const failedHandler = failedFunction
      .subsegments!.find((s) => s.name === 'Invocation')!
      .subsegments!.find((s) => s.name === '## index.handler')!;
    expect(failedHandler.annotations).toEqual({ ColdStart: false, Service: 'orders' });
    expect(failedHandler.fault).toBe(true);
    expect(failedHandler.cause!.exceptions[0]).toMatchObject({ message: 'payment declined', type: 'Error' });
  }, 120_000);
});
