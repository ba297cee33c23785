/**
 * ConsumedCapacity by the rules of "DynamoDB read and write capacity" and "Provisioned throughput considerations
 * for global secondary indexes" (DynamoDB developer guide).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTable, testAccount } from './testSupport';

let client: DynamoDBClient;

/** pk "k" (2 + 1 bytes) and a string attribute `d` (1 byte name) sized so the item is `bytes` long. */
function item(bytes: number, extra: Record<string, { S: string }> = {}) {
  const base =
    3 + 1 + Object.entries(extra).reduce((sum, [name, value]) => sum + name.length + value.S.length, 0);
  return { pk: { S: 'k' }, d: { S: 'x'.repeat(bytes - base) }, ...extra };
}

beforeEach(async () => {
  ({ client } = testAccount());
  await createTable(client, 'Things', ['pk', 'S'], undefined, {
    AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byG',
        KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  });
});

describe('reads', () => {
  it('GetItem: 4 KB units, halved when eventually consistent, at least one unit even for a missing item', async () => {
    await client.send(new PutItemCommand({ TableName: 'Things', Item: item(5000) }));
    const get = (ConsistentRead: boolean) =>
      client.send(
        new GetItemCommand({
          TableName: 'Things',
          Key: { pk: { S: 'k' } },
          ConsistentRead,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
    expect((await get(true)).ConsumedCapacity).toEqual({ TableName: 'Things', CapacityUnits: 2 });
    expect((await get(false)).ConsumedCapacity).toEqual({ TableName: 'Things', CapacityUnits: 1 });
    const missing = await client.send(
      new GetItemCommand({
        TableName: 'Things',
        Key: { pk: { S: 'none' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(missing.ConsumedCapacity!.CapacityUnits).toBe(0.5);
    expect(
      (await client.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'k' } } })))
        .ConsumedCapacity,
    ).toBeUndefined();
  });

  it('Query rounds the total of the items it read, not each item', async () => {
    ({ client } = testAccount());
    await createTable(client, 'Log', ['pk', 'S'], ['sk', 'N']);
    // Ten items of 1,000 bytes: 10,000 bytes → 3 units of 4 KB (each item alone would round to 1).
    for (let sk = 0; sk < 10; sk++) {
      await client.send(
        new PutItemCommand({
          TableName: 'Log',
          Item: { pk: { S: 'p' }, sk: { N: String(sk) }, d: { S: 'x'.repeat(1000 - 3 - 4) } },
        }),
      );
    }
    const query = await client.send(
      new QueryCommand({
        TableName: 'Log',
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'attribute_exists(nothing)',
        ExpressionAttributeValues: { ':p': { S: 'p' } },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(query.Count).toBe(0);
    expect(query.ConsumedCapacity).toEqual({
      TableName: 'Log',
      CapacityUnits: 3,
      Table: { CapacityUnits: 3 },
    });
  });
});

describe('writes', () => {
  it('PutItem counts 1 KB units of the larger of the old and new item', async () => {
    const put = async (bytes: number) =>
      (
        await client.send(
          new PutItemCommand({ TableName: 'Things', Item: item(bytes), ReturnConsumedCapacity: 'TOTAL' }),
        )
      ).ConsumedCapacity!.CapacityUnits;
    expect(await put(1024)).toBe(1);
    expect(await put(1025)).toBe(2);
    expect(await put(100)).toBe(2);
    expect(await put(100)).toBe(1);
  });

  it('index writes: a new entry, a key change (delete and put), an unprojected change (none)', async () => {
    const put = async (value: Record<string, { S: string }>) =>
      (
        await client.send(
          new PutItemCommand({
            TableName: 'Things',
            Item: item(500, value),
            ReturnConsumedCapacity: 'INDEXES',
          }),
        )
      ).ConsumedCapacity;
    expect(await put({ g: { S: 'a' } })).toEqual({
      TableName: 'Things',
      CapacityUnits: 2,
      Table: { CapacityUnits: 1 },
      GlobalSecondaryIndexes: { byG: { CapacityUnits: 1 } },
    });
    expect(await put({ g: { S: 'b' } })).toMatchObject({
      CapacityUnits: 3,
      GlobalSecondaryIndexes: { byG: { CapacityUnits: 2 } },
    });
    expect(await put({ g: { S: 'b' }, z: { S: 'y' } })).toEqual({
      TableName: 'Things',
      CapacityUnits: 1,
      Table: { CapacityUnits: 1 },
    });
    const deleted = await client.send(
      new DeleteItemCommand({
        TableName: 'Things',
        Key: { pk: { S: 'k' } },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(deleted.ConsumedCapacity).toMatchObject({
      CapacityUnits: 2,
      GlobalSecondaryIndexes: { byG: { CapacityUnits: 1 } },
    });
  });

  it('transactions cost twice; batches list each table', async () => {
    const transaction = await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: 'Things', Item: item(100) } }],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(transaction.ConsumedCapacity).toEqual([{ TableName: 'Things', CapacityUnits: 2 }]);
    const batch = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          Things: [
            { PutRequest: { Item: { pk: { S: 'b1' } } } },
            { PutRequest: { Item: { pk: { S: 'b2' } } } },
          ],
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(batch.ConsumedCapacity).toEqual([{ TableName: 'Things', CapacityUnits: 2 }]);
  });
});
