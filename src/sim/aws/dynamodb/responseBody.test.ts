/**
 * Query and Scan answers are put together from each stored item's remembered JSON (dynamodb.ts, responseBody):
 * the bytes must be exactly what serialising the whole answer writes, for every shape of answer.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { text, utf8, type AwsHttpRequest } from '../http';
import { createDynamoDb, responseBody, type DynamoDb } from './dynamodb';

function setup(): { account: AwsAccount; dynamodb: DynamoDb } {
  const account = new AwsAccount({ clock: new VirtualClock() }, [createDynamoDb]);
  const dynamodb = account.service<DynamoDb>('dynamodb')!;
  dynamodb.call('CreateTable', {
    TableName: 'Orders',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  });
  for (let index = 0; index < 30; index++) {
    dynamodb.call('PutItem', {
      TableName: 'Orders',
      Item: {
        pk: { S: index % 2 ? 'odd' : 'even' },
        sk: { N: String(index) },
        note: { S: `naïve “quote” \u{1F600} \\ "${index}"` },
        nested: { M: { list: { L: [{ N: '1.50' }, { BOOL: true }, { NULL: true }] }, blob: { B: 'AAE=' } } },
        tags: { SS: ['b', 'a'] },
      },
    });
  }
  return { account, dynamodb };
}

function wire(operation: string, request: Record<string, unknown>): AwsHttpRequest {
  return {
    method: 'POST',
    hostname: 'dynamodb.us-east-1.amazonaws.com',
    path: '/',
    query: {},
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
    },
    body: utf8(JSON.stringify(request)),
  };
}

const QUERIES: Array<[string, string, Record<string, unknown>]> = [
  [
    'a whole partition',
    'Query',
    { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'even' } } },
  ],
  [
    'a page cut by Limit, with LastEvaluatedKey and consumed capacity',
    'Query',
    {
      KeyConditionExpression: 'pk = :p AND sk > :s',
      ExpressionAttributeValues: { ':p': { S: 'odd' }, ':s': { N: '3' } },
      Limit: 4,
      ScanIndexForward: false,
      ReturnConsumedCapacity: 'TOTAL',
    },
  ],
  [
    'projected items (new objects, not stored ones)',
    'Query',
    {
      KeyConditionExpression: 'pk = :p',
      ProjectionExpression: 'sk, nested.#l[0], note',
      ExpressionAttributeNames: { '#l': 'list' },
      ExpressionAttributeValues: { ':p': { S: 'odd' } },
    },
  ],
  [
    'a filter that matches nothing',
    'Query',
    {
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'note = :none',
      ExpressionAttributeValues: { ':p': { S: 'odd' }, ':none': { S: 'none' } },
    },
  ],
  ['a Scan', 'Scan', { ReturnConsumedCapacity: 'INDEXES' }],
  ['a Scan of a segment with Limit', 'Scan', { Segment: 1, TotalSegments: 2, Limit: 3 }],
  [
    'a count only',
    'Query',
    {
      KeyConditionExpression: 'pk = :p',
      Select: 'COUNT',
      ExpressionAttributeValues: { ':p': { S: 'even' } },
    },
  ],
];

describe('Query and Scan answers from remembered item JSON', () => {
  it.each(QUERIES)('%s: the same bytes as serialising the answer', (_name, operation, request) => {
    const { account, dynamodb } = setup();
    const full = { TableName: 'Orders', ...request };
    const expected = JSON.stringify(dynamodb.call(operation as 'Query', full));
    return account.handle(wire(operation, full), { kind: 'check' }).then((response) => {
      expect(response.statusCode).toBe(200);
      expect(text(response.body)).toBe(expected);
    });
  });

  it('answers with an item’s new values after UpdateItem and leaves deleted items out', async () => {
    const { account, dynamodb } = setup();
    dynamodb.call('UpdateItem', {
      TableName: 'Orders',
      Key: { pk: { S: 'even' }, sk: { N: '4' } },
      UpdateExpression: 'SET note = :n REMOVE nested',
      ExpressionAttributeValues: { ':n': { S: 'changed' } },
    });
    dynamodb.call('DeleteItem', { TableName: 'Orders', Key: { pk: { S: 'even' }, sk: { N: '6' } } });
    const request = {
      TableName: 'Orders',
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':p': { S: 'even' }, ':a': { N: '4' }, ':b': { N: '8' } },
    };
    const response = await account.handle(wire('Query', request), { kind: 'check' });
    const items = (JSON.parse(text(response.body)) as { Items: Array<Record<string, unknown>> }).Items;
    expect(items.map((item) => item.sk)).toEqual([{ N: '4' }, { N: '8' }]);
    expect(items[0]).toEqual({
      pk: { S: 'even' },
      sk: { N: '4' },
      note: { S: 'changed' },
      tags: { SS: ['b', 'a'] },
    });
  });

  it('writes answers without Items, and Items not first, as JSON.stringify does', () => {
    const others = [
      { Item: { pk: { S: 'a' } } },
      { Count: 0, Items: [{ pk: { S: 'a' } }] },
      { Items: [], Count: 0, ScannedCount: 0 },
      { Items: [{ pk: { S: '\u2028' } }], Count: 1, LastEvaluatedKey: undefined },
    ];
    for (const answer of others) expect(text(responseBody(answer))).toBe(JSON.stringify(answer));
  });
});
