/** The legacy parameters ("Legacy conditional parameters" in the DynamoDB developer guide) through the real SDK. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTable, failure, testAccount } from './testSupport';

let client: DynamoDBClient;
const key = { pk: { S: 'p' }, sk: { N: '1' } };

beforeEach(async () => {
  ({ client } = testAccount());
  await createTable(client, 'Legacy', ['pk', 'S'], ['sk', 'N']);
  for (let sk = 1; sk <= 5; sk++) {
    await client.send(
      new PutItemCommand({
        TableName: 'Legacy',
        Item: {
          pk: { S: 'p' },
          sk: { N: String(sk) },
          color: { S: sk % 2 ? 'red' : 'blue' },
          tags: { SS: ['a'] },
        },
      }),
    );
  }
});

describe('legacy parameters', () => {
  it('AttributesToGet projects top-level attributes', async () => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: 'Legacy', Key: key, AttributesToGet: ['color'] }),
    );
    expect(Item).toEqual({ color: { S: 'red' } });
  });

  it('KeyConditions, QueryFilter and ConditionalOperator select like their expressions', async () => {
    const { Items, ScannedCount } = await client.send(
      new QueryCommand({
        TableName: 'Legacy',
        KeyConditions: {
          pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] },
          sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '2' }, { N: '5' }] },
        },
        QueryFilter: { color: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'red' }] } },
        AttributesToGet: ['sk'],
      }),
    );
    expect(ScannedCount).toBe(4);
    expect(Items).toEqual([{ sk: { N: '3' } }, { sk: { N: '5' } }]);
    const either = await client.send(
      new ScanCommand({
        TableName: 'Legacy',
        ScanFilter: {
          sk: { ComparisonOperator: 'LE', AttributeValueList: [{ N: '1' }] },
          color: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'blue' }] },
        },
        ConditionalOperator: 'OR',
        Select: 'COUNT',
      }),
    );
    expect(either.Count).toBe(3);
  });

  it('Expected guards writes: Exists false, a Value, a ComparisonOperator', async () => {
    const blocked = await failure(
      client.send(
        new PutItemCommand({ TableName: 'Legacy', Item: key, Expected: { pk: { Exists: false } } }),
      ),
    );
    expect(blocked).toBeInstanceOf(ConditionalCheckFailedException);
    await client.send(
      new DeleteItemCommand({ TableName: 'Legacy', Key: key, Expected: { color: { Value: { S: 'red' } } } }),
    );
    expect((await client.send(new GetItemCommand({ TableName: 'Legacy', Key: key }))).Item).toBeUndefined();
    const notIn = await failure(
      client.send(
        new DeleteItemCommand({
          TableName: 'Legacy',
          Key: { pk: { S: 'p' }, sk: { N: '2' } },
          Expected: {
            color: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'red' }, { S: 'green' }] },
          },
        }),
      ),
    );
    expect(notIn).toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('AttributeUpdates: PUT, ADD (numbers, sets, lists) and DELETE', async () => {
    const { Attributes } = await client.send(
      new UpdateItemCommand({
        TableName: 'Legacy',
        Key: key,
        AttributeUpdates: {
          color: { Action: 'PUT', Value: { S: 'green' } },
          visits: { Action: 'ADD', Value: { N: '2' } },
          tags: { Action: 'ADD', Value: { SS: ['b'] } },
          history: { Action: 'ADD', Value: { L: [{ S: 'created' }] } },
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(Attributes).toEqual({
      color: { S: 'green' },
      visits: { N: '2' },
      tags: { SS: ['a', 'b'] },
      history: { L: [{ S: 'created' }] },
    });
    const { Attributes: after } = await client.send(
      new UpdateItemCommand({
        TableName: 'Legacy',
        Key: key,
        AttributeUpdates: {
          color: { Action: 'DELETE' },
          tags: { Action: 'DELETE', Value: { SS: ['a'] } },
          history: { Action: 'ADD', Value: { L: [{ S: 'updated' }] } },
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(after).toEqual({
      ...key,
      visits: { N: '2' },
      tags: { SS: ['b'] },
      history: { L: [{ S: 'created' }, { S: 'updated' }] },
    });
    const mismatch = await failure(
      client.send(
        new UpdateItemCommand({
          TableName: 'Legacy',
          Key: key,
          AttributeUpdates: { visits: { Action: 'ADD', Value: { SS: ['x'] } } },
        }),
      ),
    );
    expect(mismatch.message).toBe('Type mismatch for attribute to update');
  });

  it('refuses mixing with expressions, and malformed conditions, in DynamoDB words', async () => {
    const mixed = await failure(
      client.send(
        new GetItemCommand({
          TableName: 'Legacy',
          Key: key,
          AttributesToGet: ['color'],
          ProjectionExpression: 'color',
        }),
      ),
    );
    expect(mixed.message).toBe(
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
    );
    const arity = await failure(
      client.send(
        new ScanCommand({
          TableName: 'Legacy',
          ScanFilter: { color: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ S: 'a' }] } },
        }),
      ),
    );
    expect(arity.message).toBe(
      'One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator',
    );
    const exists = await failure(
      client.send(
        new PutItemCommand({ TableName: 'Legacy', Item: key, Expected: { color: { Exists: true } } }),
      ),
    );
    expect(exists.message).toBe(
      'One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: color',
    );
    const notIndexable = await failure(
      client.send(
        new QueryCommand({
          TableName: 'Legacy',
          KeyConditions: { pk: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'p' }] } },
        }),
      ),
    );
    expect(notIndexable.message).toBe('Attempted conditional constraint is not an indexable operation');
    const count = await failure(
      client.send(
        new QueryCommand({
          TableName: 'Legacy',
          KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } },
          Select: 'COUNT',
          AttributesToGet: ['color'],
        }),
      ),
    );
    expect(count.message).toBe(
      '1 validation error detected: Cannot specify the AttributesToGet when choosing to get only the Count',
    );
  });
});
