import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../sandbox/testing/inProcessHost';
import { testBundleSource } from '../sandbox/sdk/testing/testBundles';
import { createMemoryAccountStore } from '../platform/accountStore';
import type { DynamoDb } from '../sim/aws/dynamodb';
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
