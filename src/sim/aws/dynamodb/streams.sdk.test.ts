/**
 * Stream records for each view type, in the shape of Lambda's DynamoDB event ("Using AWS Lambda with Amazon
 * DynamoDB": the sample event's INSERT, MODIFY and REMOVE records are 26, 59 and 38 bytes).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import {
  DeleteItemCommand,
  DeleteTableCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type StreamViewType,
} from '@aws-sdk/client-dynamodb';
import { STREAM_RETENTION_MS, type StreamRecord } from './streams';
import { createTable, testAccount, type TestAccount } from './testSupport';

let account: TestAccount;

async function sampleTable(viewType: StreamViewType): Promise<void> {
  await createTable(account.client, 'ExampleTableWithStream', ['Id', 'N'], undefined, {
    StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
  });
}

/** The Lambda guide's sample: insert, change the message, delete. */
async function sampleChanges(): Promise<void> {
  const { client } = account;
  const Key = { Id: { N: '101' } };
  await client.send(
    new PutItemCommand({
      TableName: 'ExampleTableWithStream',
      Item: { Message: { S: 'New item!' }, ...Key },
    }),
  );
  await client.send(
    new UpdateItemCommand({
      TableName: 'ExampleTableWithStream',
      Key,
      UpdateExpression: 'SET Message = :m',
      ExpressionAttributeValues: { ':m': { S: 'This item has changed' } },
    }),
  );
  await client.send(new DeleteItemCommand({ TableName: 'ExampleTableWithStream', Key }));
}

function records(): StreamRecord[] {
  const stream = account.dynamodb.table('ExampleTableWithStream')!.stream()!;
  return stream.records(stream.shards()[0]!.shardId);
}

beforeEach(() => {
  account = testAccount();
});

describe('stream records', () => {
  it('NEW_AND_OLD_IMAGES carries both images, sized as in the Lambda sample event', async () => {
    await sampleTable('NEW_AND_OLD_IMAGES');
    await sampleChanges();
    const [insert, modify, remove] = records();
    const arn = account.dynamodb.table('ExampleTableWithStream')!.describe().LatestStreamArn;
    expect(insert).toEqual({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(account.account.epochMs / 1000),
        Keys: { Id: { N: '101' } },
        NewImage: { Message: { S: 'New item!' }, Id: { N: '101' } },
        SequenceNumber: expect.stringMatching(/^\d{21}$/),
        SizeBytes: 26,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: arn,
    });
    expect(modify!.eventName).toBe('MODIFY');
    expect(modify!.dynamodb.OldImage).toEqual({ Message: { S: 'New item!' }, Id: { N: '101' } });
    expect(modify!.dynamodb.NewImage).toEqual({ Message: { S: 'This item has changed' }, Id: { N: '101' } });
    expect(modify!.dynamodb.SizeBytes).toBe(59);
    expect(remove!.eventName).toBe('REMOVE');
    expect(remove!.dynamodb.NewImage).toBeUndefined();
    expect(remove!.dynamodb.SizeBytes).toBe(38);
    const sequences = [insert, modify, remove].map((record) => BigInt(record!.dynamodb.SequenceNumber));
    expect(sequences[0]! < sequences[1]! && sequences[1]! < sequences[2]!).toBe(true);
    // The record type-checks as Lambda's event record.
    const asLambdaRecord: DynamoDBRecord = insert!;
    expect(asLambdaRecord.eventSourceARN).toMatch(/:table\/ExampleTableWithStream\/stream\/\d{4}-/);
  });

  it('KEYS_ONLY carries only the key', async () => {
    await sampleTable('KEYS_ONLY');
    await sampleChanges();
    for (const record of records()) {
      expect(record.dynamodb.NewImage).toBeUndefined();
      expect(record.dynamodb.OldImage).toBeUndefined();
      expect(record.dynamodb.Keys).toEqual({ Id: { N: '101' } });
      expect(record.dynamodb.SizeBytes).toBe(5);
    }
    expect(records().map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
  });

  it('NEW_IMAGE carries the item after the change; a delete has none', async () => {
    await sampleTable('NEW_IMAGE');
    await sampleChanges();
    const [insert, modify, remove] = records();
    expect(insert!.dynamodb.NewImage).toEqual({ Message: { S: 'New item!' }, Id: { N: '101' } });
    expect(modify!.dynamodb.NewImage!.Message).toEqual({ S: 'This item has changed' });
    expect(modify!.dynamodb.OldImage).toBeUndefined();
    expect(remove!.dynamodb.NewImage).toBeUndefined();
    expect(remove!.dynamodb.SizeBytes).toBe(5);
  });

  it('OLD_IMAGE carries the item before the change; an insert has none', async () => {
    await sampleTable('OLD_IMAGE');
    await sampleChanges();
    const [insert, modify, remove] = records();
    expect(insert!.dynamodb.OldImage).toBeUndefined();
    expect(modify!.dynamodb.OldImage!.Message).toEqual({ S: 'New item!' });
    expect(remove!.dynamodb.OldImage!.Message).toEqual({ S: 'This item has changed' });
    expect(remove!.dynamodb.NewImage).toBeUndefined();
  });

  it('a write that changes no data records nothing ("Change data capture for DynamoDB Streams"), nor a delete of nothing', async () => {
    await sampleTable('KEYS_ONLY');
    const { client } = account;
    await client.send(
      new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '1' }, v: { N: '1' } } }),
    );
    await client.send(
      new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '1' }, v: { N: '1.0' } } }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName: 'ExampleTableWithStream',
        Key: { Id: { N: '1' } },
        UpdateExpression: 'SET v = :v',
        ExpressionAttributeValues: { ':v': { N: '1' } },
      }),
    );
    await client.send(
      new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '1' }, v: { N: '2' } } }),
    );
    await client.send(
      new DeleteItemCommand({ TableName: 'ExampleTableWithStream', Key: { Id: { N: '2' } } }),
    );
    expect(records().map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY']);
  });

  it('a transaction writes one record per item it changed, and none when cancelled', async () => {
    await sampleTable('NEW_IMAGE');
    const put = (id: string) => ({ Put: { TableName: 'ExampleTableWithStream', Item: { Id: { N: id } } } });
    await account.client.send(new TransactWriteItemsCommand({ TransactItems: [put('1'), put('2')] }));
    await account.client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            put('3'),
            { Put: { ...put('1').Put, ConditionExpression: 'attribute_not_exists(Id)' } },
          ],
        }),
      )
      .catch(() => undefined);
    expect(records().map((record) => (record.dynamodb.Keys.Id as { N: string }).N)).toEqual(['1', '2']);
  });
});

describe('the read API for event source mappings', () => {
  it('reads from a sequence number, after one, and notifies subscribers in order', async () => {
    await sampleTable('KEYS_ONLY');
    const stream = account.dynamodb.table('ExampleTableWithStream')!.stream()!;
    const seen: string[] = [];
    const unsubscribe = stream.subscribe((record, shardId) => {
      expect(shardId).toBe(stream.shards()[0]!.shardId);
      seen.push(record.eventName);
    });
    const latest = stream.nextSequenceNumber();
    await sampleChanges();
    unsubscribe();
    await account.client.send(
      new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '7' } } }),
    );
    expect(seen).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const shardId = stream.shards()[0]!.shardId;
    const all = stream.records(shardId);
    expect(all).toHaveLength(4);
    expect(stream.records(shardId, latest)[0]).toEqual(all[0]);
    expect(
      stream
        .records(shardId, all[1]!.dynamodb.SequenceNumber, { after: true })
        .map((record) => record.eventName),
    ).toEqual(['REMOVE', 'INSERT']);
    expect(stream.records(shardId, undefined, { limit: 2 })).toHaveLength(2);
    expect(stream.records('shardId-unknown')).toEqual([]);
  });

  it('announces each record as an account change', async () => {
    await sampleTable('KEYS_ONLY');
    const changes: string[] = [];
    account.account.subscribe((change) => changes.push(change.resource));
    await account.client.send(
      new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '1' } } }),
    );
    expect(changes).toEqual(['table.ExampleTableWithStream.stream', 'table.ExampleTableWithStream.item']);
  });

  it('keeps records for 24 hours of virtual time', async () => {
    await sampleTable('KEYS_ONLY');
    await account.client.send(
      new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '1' } } }),
    );
    account.clock.advanceBy(STREAM_RETENTION_MS - 1);
    await account.client.send(
      new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '2' } } }),
    );
    expect(records()).toHaveLength(2);
    account.clock.advanceBy(2);
    expect(records().map((record) => (record.dynamodb.Keys.Id as { N: string }).N)).toEqual(['2']);
  });

  it('a disabled stream stays readable by ARN, closed, until 24 hours pass; re-enabling makes a new stream', async () => {
    await sampleTable('KEYS_ONLY');
    const { client, dynamodb } = account;
    await client.send(new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '1' } } }));
    const first = dynamodb.table('ExampleTableWithStream')!.stream()!;
    await client.send(
      new UpdateTableCommand({
        TableName: 'ExampleTableWithStream',
        StreamSpecification: { StreamEnabled: false },
      }),
    );
    await client.send(new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '2' } } }));
    expect(dynamodb.table('ExampleTableWithStream')!.stream()).toBeUndefined();
    expect(dynamodb.streamByArn(first.arn)!.status).toBe('DISABLED');
    expect(first.shards()[0]!.sequenceNumberRange.endingSequenceNumber).toBe(
      first.records(first.shards()[0]!.shardId)[0]!.dynamodb.SequenceNumber,
    );
    await client.send(
      new UpdateTableCommand({
        TableName: 'ExampleTableWithStream',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const second = dynamodb.table('ExampleTableWithStream')!.stream()!;
    expect(second.arn).not.toBe(first.arn);
    expect(dynamodb.streams().map((stream) => stream.status)).toEqual(['DISABLED', 'ENABLED']);
    account.clock.advanceBy(STREAM_RETENTION_MS + 1);
    expect(dynamodb.streamByArn(first.arn)).toBeUndefined();
    expect(dynamodb.streamByArn(second.arn)).toBe(second);
  });

  it('a deleted table’s stream is disabled but still readable', async () => {
    await sampleTable('KEYS_ONLY');
    await account.client.send(
      new PutItemCommand({ TableName: 'ExampleTableWithStream', Item: { Id: { N: '1' } } }),
    );
    const stream = account.dynamodb.table('ExampleTableWithStream')!.stream()!;
    await account.client.send(new DeleteTableCommand({ TableName: 'ExampleTableWithStream' }));
    expect(account.dynamodb.streamByArn(stream.arn)!.status).toBe('DISABLED');
    expect(stream.records(stream.shards()[0]!.shardId)).toHaveLength(1);
  });
});
