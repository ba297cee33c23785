/**
 * The workspace wires the VPC rule and the event source mappings (src/sim/vpc/workspaceNetworking.ts): learner
 * code using the real SDK in a private subnet hangs until its timeout, a gateway endpoint fixes it, and an SQS
 * mapping drains a queue through the function on fast-forward.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../sandbox/testing/inProcessHost';
import { testBundleSource } from '../sandbox/sdk/testing/testBundles';
import { createMemoryAccountStore } from '../platform/accountStore';
import type { SqsService } from '../sim/aws/sqs/sqs';
import { createLabVpc } from '../sim/vpc/presets';
import { createWorkspace, type Workspace } from './workspaces';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

function workspace() {
  const ws = createWorkspace('networking-test', {
    host: createInProcessHost({ bundles: testBundleSource() }),
    accountStore: createMemoryAccountStore(),
    seed: 11,
  });
  open.push(ws);
  return ws;
}

const LIST_TABLES = `
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => {
  const { TableNames } = await client.send(new ListTablesCommand({}));
  return { tables: TableNames };
};
`;

const COUNT_RECORDS = `
let seen = 0;
export const handler = async (event) => {
  seen += event.Records.length;
  return { seen, source: event.Records[0].eventSource };
};
`;

describe('a workspace with networking', () => {
  it('a function in a private subnet times out calling DynamoDB; a gateway endpoint makes the call succeed', async () => {
    const ws = workspace();
    await ws.ready;
    const network = ws.networking.network()!;
    const vpc = createLabVpc(network, { database: false });
    const created = ws.service.createFunction({
      name: 'reader',
      runtime: 'nodejs22.x',
      timeoutS: 1,
      code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: LIST_TABLES }] },
      vpcConfig: {
        subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId),
        securityGroupIds: [vpc.functionSecurityGroup.groupId],
      },
    });
    expect(created.ok).toBe(true);
    expect(ws.service.functionStatus('reader').state).toBe('Pending');
    await ws.live.fastForward();
    expect(ws.service.functionStatus('reader').state).toBe('Active');

    const hung = await ws.service.invoke('reader', { payload: {} }).done();
    expect(JSON.parse(hung.response!.payload)).toMatchObject({ errorType: 'Sandbox.Timedout' });
    expect(ws.networking.gate.connections().at(-1)).toMatchObject({
      hostname: 'dynamodb.us-east-1.amazonaws.com',
      result: { ok: false },
    });

    network.createVpcEndpoint({
      vpcId: vpc.vpc.vpcId,
      service: 'dynamodb',
      type: 'Gateway',
      routeTableIds: [vpc.privateRouteTableId],
    });
    const ok = await ws.service.invoke('reader', { payload: {} }).done();
    expect(ok.response?.functionError, ok.response?.payload).toBeUndefined();
    expect(JSON.parse(ok.response!.payload)).toEqual({ tables: [] });
  }, 60_000);

  it('an SQS mapping drains the queue through the function on fast-forward', async () => {
    const ws = workspace();
    await ws.ready;
    const sqs = ws.account.service<SqsService>('sqs')!;
    const queue = sqs.createQueue('jobs', { VisibilityTimeout: '30' });
    ws.service.createFunction({
      name: 'worker',
      runtime: 'nodejs22.x',
      code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: COUNT_RECORDS }] },
    });
    const mapping = ws.networking.mappings.create({
      functionName: 'worker',
      eventSourceArn: queue.arn,
      batchSize: 10,
    });
    expect(mapping.ok).toBe(true);
    for (let index = 0; index < 25; index++) sqs.sendMessage(queue.url, { messageBody: `job ${index}` });
    await ws.live.fastForward();
    const view = ws.networking.mappings.list({ functionName: 'worker' })[0]!;
    expect(view.state).toBe('Enabled');
    expect(view.totals).toMatchObject({ records: 25, succeeded: 25, failed: 0 });
    expect(sqs.queue(queue.url)!.approximateCounts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  }, 60_000);
});
