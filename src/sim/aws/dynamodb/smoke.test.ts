import { describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { testClientConfig } from '../testing/sdkClient';
import { createDynamoDb } from './dynamodb';

describe('smoke', () => {
  it('works', async () => {
    const account = new AwsAccount({ clock: new VirtualClock() }, [createDynamoDb]);
    const client = new DynamoDBClient(testClientConfig(account));
    const created = await client.send(
      new CreateTableCommand({
        TableName: 'Orders',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    console.log(JSON.stringify(created.TableDescription));
    await client.send(
      new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' }, sk: { N: '1' }, v: { S: 'x' } } }),
    );
    await client.send(
      new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' }, sk: { N: '2' }, v: { S: 'y' } } }),
    );
    const got = await client.send(
      new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' }, sk: { N: '1' } } }),
    );
    expect(got.Item?.v?.S).toBe('x');
    const q = await client.send(
      new QueryCommand({
        TableName: 'Orders',
        KeyConditionExpression: 'pk = :p AND sk > :s',
        ExpressionAttributeValues: { ':p': { S: 'a' }, ':s': { N: '1' } },
      }),
    );
    console.log(JSON.stringify(q));
    await expect(
      client.send(
        new PutItemCommand({
          TableName: 'Orders',
          Item: { pk: { S: 'a' }, sk: { N: '2' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
    });
    await expect(
      client.send(new GetItemCommand({ TableName: 'Nope', Key: { pk: { S: 'a' } } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
