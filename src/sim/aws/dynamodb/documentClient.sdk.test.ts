/** The DocumentClient (@aws-sdk/lib-dynamodb): native JavaScript values marshalled to the wire and back. */
import { beforeEach, describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  NumberValue,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  paginateQuery,
  DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { createTable, failure, testAccount, type TestAccount } from './testSupport';

let account: TestAccount;
let documents: DynamoDBDocumentClient;

beforeEach(async () => {
  account = testAccount();
  documents = account.documents;
  await createTable(account.client, 'Orders', ['customerId', 'S'], ['orderId', 'S'], {
    AttributeDefinitions: [{ AttributeName: 'status', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byStatus',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'orderId', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  });
});

describe('marshalling', () => {
  it('round-trips strings, numbers, booleans, null, sets, binary, lists and maps', async () => {
    const order = {
      customerId: 'c-1',
      orderId: 'o-1',
      total: 19.99,
      quantity: 3,
      paid: false,
      coupon: null,
      tags: new Set(['gift', 'express']),
      scores: new Set([1, 2.5]),
      receipt: new Uint8Array([1, 2, 3]),
      lines: [{ sku: 'A', qty: 1 }, 'note', 7],
      address: { city: 'Oslo', geo: { lat: 59.91, lon: 10.75 } },
    };
    await documents.send(new PutCommand({ TableName: 'Orders', Item: order }));
    const { Item } = await documents.send(
      new GetCommand({ TableName: 'Orders', Key: { customerId: 'c-1', orderId: 'o-1' } }),
    );
    expect(Item).toEqual(order);
    expect(Item!.tags).toBeInstanceOf(Set);
    expect(Item!.receipt).toBeInstanceOf(Uint8Array);
    // On the wire the table holds the typed form.
    expect(
      account.dynamodb.table('Orders')!.get({ customerId: { S: 'c-1' }, orderId: { S: 'o-1' } })!.total,
    ).toEqual({ N: '19.99' });
  });

  it('keeps numbers beyond double precision exact with NumberValue', async () => {
    const exact = DynamoDBDocumentClient.from(account.client, { unmarshallOptions: { wrapNumbers: true } });
    const key = { customerId: 'c', orderId: 'o' };
    // 38 significant digits: DynamoDB's maximum precision.
    await exact.send(
      new PutCommand({
        TableName: 'Orders',
        Item: { ...key, amount: NumberValue.from('12345678901234567890123456789.123456789') },
      }),
    );
    await exact.send(
      new UpdateCommand({
        TableName: 'Orders',
        Key: key,
        UpdateExpression: 'SET amount = amount + :tiny',
        ExpressionAttributeValues: { ':tiny': NumberValue.from('0.000000001') },
      }),
    );
    const { Item } = await exact.send(new GetCommand({ TableName: 'Orders', Key: key }));
    expect(String(Item!.amount)).toBe('12345678901234567890123456789.12345679');
    expect(
      account.dynamodb.table('Orders')!.get({ customerId: { S: 'c' }, orderId: { S: 'o' } })!.amount,
    ).toEqual({
      N: '12345678901234567890123456789.12345679',
    });
  });
});

describe('operations', () => {
  it('UpdateCommand with native values, ReturnValues and a failing condition', async () => {
    const key = { customerId: 'c-1', orderId: 'o-1' };
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: 'Orders',
        Key: key,
        UpdateExpression:
          'SET #s = :s, #items = list_append(if_not_exists(#items, :empty), :item) ADD tags :tag',
        ExpressionAttributeNames: { '#s': 'status', '#items': 'items' },
        ExpressionAttributeValues: {
          ':s': 'NEW',
          ':empty': [],
          ':item': [{ sku: 'A' }],
          ':tag': new Set(['web']),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(Attributes).toEqual({ ...key, status: 'NEW', items: [{ sku: 'A' }], tags: new Set(['web']) });
    const error = await failure(
      documents.send(
        new UpdateCommand({
          TableName: 'Orders',
          Key: key,
          UpdateExpression: 'SET #s = :paid',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':paid': 'PAID', ':pending': 'PENDING' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    // The exception carries the typed item; the DocumentClient leaves error members as they came.
    expect((error as unknown as ConditionalCheckFailedException).Item!.status).toEqual({ S: 'NEW' });
  });

  it('QueryCommand on the table and a GSI, paginated', async () => {
    await documents.send(
      new BatchWriteCommand({
        RequestItems: {
          Orders: Array.from({ length: 12 }, (_, i) => ({
            PutRequest: {
              Item: {
                customerId: 'c-1',
                orderId: `o-${String(i).padStart(2, '0')}`,
                status: i < 4 ? 'OPEN' : 'DONE',
              },
            },
          })),
        },
      }),
    );
    const ids: string[] = [];
    for await (const page of paginateQuery(
      { client: documents, pageSize: 5 },
      {
        TableName: 'Orders',
        KeyConditionExpression: 'customerId = :c AND begins_with(orderId, :prefix)',
        ExpressionAttributeValues: { ':c': 'c-1', ':prefix': 'o-' },
      },
    )) {
      ids.push(...page.Items!.map((item) => item.orderId as string));
    }
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `o-${String(i).padStart(2, '0')}`));
    const open = await documents.send(
      new QueryCommand({
        TableName: 'Orders',
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':open': 'OPEN' },
        ScanIndexForward: false,
      }),
    );
    expect(open.Items!.map((item) => item.orderId)).toEqual(['o-03', 'o-02', 'o-01', 'o-00']);
    const scanned = await documents.send(
      new ScanCommand({
        TableName: 'Orders',
        FilterExpression: '#s = :done',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'DONE' },
      }),
    );
    expect(scanned.Count).toBe(8);
  });

  it('BatchGetCommand, DeleteCommand and TransactWriteCommand', async () => {
    await documents.send(
      new PutCommand({ TableName: 'Orders', Item: { customerId: 'a', orderId: '1', stock: 1 } }),
    );
    await documents.send(
      new PutCommand({ TableName: 'Orders', Item: { customerId: 'b', orderId: '1', stock: 0 } }),
    );
    const { Responses } = await documents.send(
      new BatchGetCommand({
        RequestItems: {
          Orders: {
            Keys: [
              { customerId: 'a', orderId: '1' },
              { customerId: 'b', orderId: '1' },
            ],
          },
        },
      }),
    );
    expect(Responses!.Orders!.map((item) => item.stock).sort()).toEqual([0, 1]);

    const cancelled = await failure(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: 'Orders',
                Key: { customerId: 'a', orderId: '1' },
                UpdateExpression: 'SET stock = stock - :one',
                ConditionExpression: 'stock >= :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            {
              Update: {
                TableName: 'Orders',
                Key: { customerId: 'b', orderId: '1' },
                UpdateExpression: 'SET stock = stock - :one',
                ConditionExpression: 'stock >= :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      ),
    );
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect(
      (cancelled as unknown as TransactionCanceledException).CancellationReasons!.map(
        (reason) => reason.Code,
      ),
    ).toEqual(['None', 'ConditionalCheckFailed']);
    const a = await documents.send(
      new GetCommand({ TableName: 'Orders', Key: { customerId: 'a', orderId: '1' } }),
    );
    expect(a.Item!.stock).toBe(1);

    const deleted = await documents.send(
      new DeleteCommand({
        TableName: 'Orders',
        Key: { customerId: 'a', orderId: '1' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    expect(deleted.Attributes).toEqual({ customerId: 'a', orderId: '1', stock: 1 });
  });

  it('an idempotent put: the second conditional put raises ConditionalCheckFailedException', async () => {
    const put = () =>
      documents.send(
        new PutCommand({
          TableName: 'Orders',
          Item: { customerId: 'pay', orderId: 'key-1', amount: 10 },
          ConditionExpression: 'attribute_not_exists(customerId)',
        }),
      );
    await put();
    const error = await failure(put());
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error.message).toBe('The conditional request failed');
  });
});
