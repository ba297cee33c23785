/** The model API for the console and lab checks, persistence (snapshot, restore, reset) and change notices. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { ALL_SERVICES } from '../services';
import { testClientConfig } from '../testing/sdkClient';
import { DynamoDbError } from './errors';
import { createTable, testAccount, type TestAccount } from './testSupport';

let account: TestAccount;

beforeEach(async () => {
  account = testAccount();
  await createTable(account.client, 'Orders', ['customer', 'S'], ['n', 'N'], {
    AttributeDefinitions: [{ AttributeName: 'status', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byStatus',
        KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  });
  await createTable(account.client, 'Audit', ['id', 'S']);
});

describe('registration', () => {
  it('is one of the account services', async () => {
    const registered = new AwsAccount({ clock: new VirtualClock() }, ALL_SERVICES);
    const client = new DynamoDBClient(testClientConfig(registered));
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  });
});

describe('model API', () => {
  it('lists and describes tables', () => {
    const { dynamodb } = account;
    expect(dynamodb.listTables()).toEqual(['Audit', 'Orders']);
    const orders = dynamodb.table('Orders')!;
    expect(orders.keySchema).toEqual({
      partition: { name: 'customer', type: 'S' },
      sort: { name: 'n', type: 'N' },
    });
    expect(orders.describe()).toMatchObject({ TableName: 'Orders', TableStatus: 'ACTIVE', ItemCount: 0 });
    expect(dynamodb.table('Nope')).toBeUndefined();
  });

  it('pages through items sorted by partition key, then sort key (numbers by value)', async () => {
    const orders = account.dynamodb.table('Orders')!;
    for (const customer of ['carol', 'alice', 'bob']) {
      for (const n of ['10', '9', '100']) orders.put({ customer: { S: customer }, n: { N: n } });
    }
    expect(orders.count()).toBe(9);
    const first = orders.items({ limit: 4 });
    expect(
      first.items.map((item) => `${(item.customer as { S: string }).S}:${(item.n as { N: string }).N}`),
    ).toEqual(['alice:9', 'alice:10', 'alice:100', 'bob:9']);
    expect(first.next).toEqual({ customer: { S: 'bob' }, n: { N: '9' } });
    const second = orders.items({ limit: 4, after: first.next });
    expect(second.items.map((item) => (item.customer as { S: string }).S)).toEqual([
      'bob',
      'bob',
      'carol',
      'carol',
    ]);
    const third = orders.items({ limit: 4, after: second.next });
    expect(third.items).toHaveLength(1);
    expect(third.next).toBeUndefined();
  });

  it('puts and deletes with PutItem and DeleteItem rules, visible to the SDK and the stream', async () => {
    const orders = account.dynamodb.table('Orders')!;
    orders.put({ customer: { S: 'dave' }, n: { N: '1' }, status: { S: 'open' } });
    const { Items } = await account.client.send(
      new QueryCommand({
        TableName: 'Orders',
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'open' } },
      }),
    );
    expect(Items).toHaveLength(1);
    expect(() => orders.put({ customer: { S: 'dave' } })).toThrow(DynamoDbError);
    expect(() => orders.put({ customer: { S: 'dave' } })).toThrow(
      'One or more parameter values were invalid: Missing the key n in the item',
    );
    expect(orders.delete({ customer: { S: 'dave' }, n: { N: '1' } })).toBe(true);
    expect(orders.delete({ customer: { S: 'dave' }, n: { N: '1' } })).toBe(false);
    const stream = orders.stream()!;
    expect(stream.records(stream.shards()[0]!.shardId).map((record) => record.eventName)).toEqual([
      'INSERT',
      'REMOVE',
    ]);
  });

  it('hands out copies: changing what it returns changes nothing stored', async () => {
    const orders = account.dynamodb.table('Orders')!;
    const item = { customer: { S: 'erin' }, n: { N: '1' }, tags: { SS: ['a'] } };
    orders.put(item);
    item.tags.SS.push('mutated');
    const read = orders.get({ customer: { S: 'erin' }, n: { N: '1' } })!;
    (read.tags as { SS: string[] }).SS.push('also mutated');
    orders.items().items[0]!.customer = { S: 'changed' };
    const { Item } = await account.client.send(
      new GetItemCommand({ TableName: 'Orders', Key: { customer: { S: 'erin' }, n: { N: '1' } } }),
    );
    expect(Item!.tags).toEqual({ SS: ['a'] });
  });

  it('call() runs any operation on a request object', () => {
    account.dynamodb.call('PutItem', { TableName: 'Audit', Item: { id: { S: 'x' } } });
    expect(account.dynamodb.call('GetItem', { TableName: 'Audit', Key: { id: { S: 'x' } } })).toEqual({
      Item: { id: { S: 'x' } },
    });
    expect(() => account.dynamodb.call('GetItem', { TableName: 'Nope', Key: { id: { S: 'x' } } })).toThrow(
      'Requested resource not found',
    );
  });

  it('announces item and table changes to the account', async () => {
    const changes: Array<{ resource: string; detail: unknown }> = [];
    account.account.subscribe((change) => changes.push({ resource: change.resource, detail: change.detail }));
    await account.client.send(new PutItemCommand({ TableName: 'Audit', Item: { id: { S: 'a' } } }));
    await createTable(account.client, 'Third', ['id', 'S']);
    expect(changes).toEqual([
      { resource: 'table.Audit.item', detail: { key: { id: { S: 'a' } }, eventName: 'INSERT' } },
      { resource: 'table.Third', detail: { operation: 'CreateTable' } },
    ]);
  });
});

describe('persistence', () => {
  async function fill(): Promise<void> {
    const { client } = account;
    await client.send(
      new PutItemCommand({
        TableName: 'Orders',
        Item: {
          customer: { S: 'a' },
          n: { N: '1' },
          status: { S: 'open' },
          blob: { B: new Uint8Array([9, 8]) },
        },
      }),
    );
    await client.send(
      new PutItemCommand({ TableName: 'Audit', Item: { id: { S: 'log-1' }, note: { S: 'x' } } }),
    );
  }

  it('snapshot is JSON-safe and restores tables, items, indexes and streams', async () => {
    await fill();
    const saved = JSON.parse(JSON.stringify(account.account.snapshot()));
    const restored = testAccount();
    restored.account.restore(saved);
    const { Item } = await restored.client.send(
      new GetItemCommand({ TableName: 'Orders', Key: { customer: { S: 'a' }, n: { N: '1' } } }),
    );
    expect(Array.from(Item!.blob!.B!)).toEqual([9, 8]);
    const { Count } = await restored.client.send(
      new QueryCommand({
        TableName: 'Orders',
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'open' } },
      }),
    );
    expect(Count).toBe(1);
    const stream = restored.dynamodb.table('Orders')!.stream()!;
    expect(stream.records(stream.shards()[0]!.shardId)).toHaveLength(1);
    // The restored stream continues its sequence.
    await restored.client.send(
      new PutItemCommand({ TableName: 'Orders', Item: { customer: { S: 'b' }, n: { N: '1' } } }),
    );
    const [first, second] = stream.records(stream.shards()[0]!.shardId);
    expect(BigInt(second!.dynamodb.SequenceNumber)).toBe(BigInt(first!.dynamodb.SequenceNumber) + 1n);
    expect(restored.dynamodb.snapshot().tables.map((table) => table.items.length)).toEqual([2, 1]);
  });

  it('a snapshot shares no mutable state: later writes and a restored copy leave it as taken', async () => {
    await fill();
    const snapshot = account.account.snapshot();
    const taken = JSON.stringify(snapshot);
    const orders = account.dynamodb.table('Orders')!;
    account.dynamodb.call('UpdateItem', {
      TableName: 'Orders',
      Key: { customer: { S: 'a' }, n: { N: '1' } },
      UpdateExpression: 'SET #s = :closed REMOVE #b',
      ExpressionAttributeNames: { '#s': 'status', '#b': 'blob' },
      ExpressionAttributeValues: { ':closed': { S: 'closed' } },
    });
    orders.put({ customer: { S: 'c' }, n: { N: '3' } });
    expect(JSON.stringify(snapshot)).toBe(taken);
    const restored = testAccount();
    restored.account.restore(snapshot);
    restored.dynamodb.call('UpdateItem', {
      TableName: 'Orders',
      Key: { customer: { S: 'a' }, n: { N: '1' } },
      UpdateExpression: 'SET #s = :lost',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':lost': { S: 'lost' } },
    });
    expect(JSON.stringify(snapshot)).toBe(taken);
    expect(orders.get({ customer: { S: 'a' }, n: { N: '1' } })!.status).toEqual({ S: 'closed' });
  });

  it('a bad snapshot throws and changes nothing', async () => {
    await fill();
    const before = account.account.snapshot();
    const broken = structuredClone(before) as unknown as {
      services: { dynamodb: { tables: Array<{ items: unknown[] }> } };
    };
    broken.services.dynamodb.tables[0]!.items.push({ customer: { S: 'no sort key' } });
    expect(() => account.account.restore(broken)).toThrow(/Missing the key n in the item/);
    const wrongShape = structuredClone(before) as unknown as {
      services: { dynamodb: Record<string, unknown> };
    };
    wrongShape.services.dynamodb.version = 99;
    expect(() => account.account.restore(wrongShape)).toThrow(/Invalid DynamoDB snapshot at version/);
    const badNumber = structuredClone(before) as unknown as {
      services: { dynamodb: { tables: Array<{ items: unknown[] }> } };
    };
    badNumber.services.dynamodb.tables[1]!.items.push({ id: { S: 'z' }, n: { N: 'not a number' } });
    expect(() => account.account.restore(badNumber)).toThrow(/cannot be converted to a numeric value/);
    expect(account.account.snapshot()).toEqual(before);
    expect(account.dynamodb.table('Audit')!.count()).toBe(1);
  });

  it('reset removes every table', async () => {
    await fill();
    account.account.reset();
    expect(account.dynamodb.listTables()).toEqual([]);
    expect(account.dynamodb.streams()).toEqual([]);
  });
});
