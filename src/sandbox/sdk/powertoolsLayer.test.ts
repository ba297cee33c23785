import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../testing/inProcessHost';
import { testBundleSource } from './testing/testBundles';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import type { DynamoDb } from '../../sim/aws/dynamodb';
import type { LogsService } from '../../sim/aws/logs';
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
});
