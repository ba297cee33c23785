import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { text, utf8 } from '../http';
import { createKinesis, type KinesisService } from './kinesis';

/** A request exactly as the SDK's AWS JSON 1.1 protocol sends it (Kinesis_20131202, API Reference). */
async function call(account: AwsAccount, operation: string, body: unknown) {
  const response = await account.handle(
    {
      method: 'POST',
      hostname: 'kinesis.us-east-1.amazonaws.com',
      path: '/',
      query: {},
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `Kinesis_20131202.${operation}`,
      },
      body: utf8(JSON.stringify(body)),
    },
    { kind: 'check' },
  );
  return {
    status: response.statusCode, // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response JSON is checked field by field
    json: JSON.parse(text(response.body)) as Record<string, any>,
  };
}

function world() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock, epochMs: Date.UTC(2026, 11, 1) }, [createKinesis]);
  return { clock, account, kinesis: account.service<KinesisService>('kinesis')! };
}

describe('Kinesis over AWS JSON 1.1', () => {
  it('creates a stream whose shards split the hash key space, and describes it', async () => {
    const { account } = world();
    expect((await call(account, 'CreateStream', { StreamName: 'clicks', ShardCount: 2 })).status).toBe(200);
    const described = await call(account, 'DescribeStream', { StreamName: 'clicks' });
    const shards = described.json.StreamDescription.Shards;
    expect(described.json.StreamDescription).toMatchObject({
      StreamStatus: 'ACTIVE',
      StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks',
      RetentionPeriodHours: 24,
    });
    expect(shards.map((shard: { ShardId: string }) => shard.ShardId)).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
    ]);
    expect(shards[0].HashKeyRange.StartingHashKey).toBe('0');
    expect(shards[1].HashKeyRange.EndingHashKey).toBe(((1n << 128n) - 1n).toString());
    expect(BigInt(shards[0].HashKeyRange.EndingHashKey) + 1n).toBe(
      BigInt(shards[1].HashKeyRange.StartingHashKey),
    );
    const again = await call(account, 'CreateStream', { StreamName: 'clicks', ShardCount: 1 });
    expect(again).toMatchObject({
      status: 400,
      json: {
        __type: 'ResourceInUseException',
        message: 'Stream clicks under account 123456789012 already exists.',
      },
    });
  });

  it('PutRecord places records by the MD5 of the partition key; GetRecords reads them back as base64', async () => {
    const { account } = world();
    await call(account, 'CreateStream', { StreamName: 'clicks', ShardCount: 4 });
    const data = btoa('hello');
    const first = await call(account, 'PutRecord', {
      StreamName: 'clicks',
      Data: data,
      PartitionKey: 'user-1',
    });
    const second = await call(account, 'PutRecord', {
      StreamName: 'clicks',
      Data: btoa('again'),
      PartitionKey: 'user-1',
    });
    expect(first.json.ShardId).toBe(second.json.ShardId);
    expect(BigInt(second.json.SequenceNumber)).toBeGreaterThan(BigInt(first.json.SequenceNumber));
    const iterator = await call(account, 'GetShardIterator', {
      StreamName: 'clicks',
      ShardId: first.json.ShardId,
      ShardIteratorType: 'TRIM_HORIZON',
    });
    const records = await call(account, 'GetRecords', { ShardIterator: iterator.json.ShardIterator });
    expect(records.json.Records.map((record: { Data: string }) => atob(record.Data))).toEqual([
      'hello',
      'again',
    ]);
    expect(records.json.Records[0]).toMatchObject({
      PartitionKey: 'user-1',
      SequenceNumber: first.json.SequenceNumber,
    });
    const after = await call(account, 'GetRecords', { ShardIterator: records.json.NextShardIterator });
    expect(after.json.Records).toEqual([]);
  });

  it('PutRecords answers per record, and refuses more than 500', async () => {
    const { account } = world();
    await call(account, 'CreateStream', { StreamName: 'clicks', ShardCount: 1 });
    const put = await call(account, 'PutRecords', {
      StreamName: 'clicks',
      Records: [
        { Data: btoa('a'), PartitionKey: 'k' },
        { Data: btoa('b'), PartitionKey: 'k' },
      ],
    });
    expect(put.json).toMatchObject({
      FailedRecordCount: 0,
      Records: [{ ShardId: 'shardId-000000000000' }, { ShardId: 'shardId-000000000000' }],
    });
    const many = Array.from({ length: 501 }, () => ({ Data: btoa('x'), PartitionKey: 'k' }));
    expect((await call(account, 'PutRecords', { StreamName: 'clicks', Records: many })).json.__type).toBe(
      'ValidationException',
    );
  });

  it('answers errors the way Kinesis does', async () => {
    const { account } = world();
    expect(
      (await call(account, 'PutRecord', { StreamName: 'missing', Data: btoa('x'), PartitionKey: 'k' })).json,
    ).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'Stream missing under account 123456789012 not found.',
    });
    await call(account, 'CreateStream', { StreamName: 'clicks', ShardCount: 1 });
    expect(
      (await call(account, 'PutRecord', { StreamName: 'clicks', Data: btoa('x'), PartitionKey: '' })).json
        .__type,
    ).toBe('ValidationException');
    expect(
      (
        await call(account, 'PutRecord', {
          StreamName: 'clicks',
          Data: btoa('x'.repeat(1_048_577)),
          PartitionKey: 'k',
        })
      ).json.message,
    ).toMatch(/less than or equal to 1048576/);
  });

  it('shard iterators expire after five minutes', async () => {
    const { account, clock } = world();
    await call(account, 'CreateStream', { StreamName: 'clicks', ShardCount: 1 });
    const iterator = await call(account, 'GetShardIterator', {
      StreamName: 'clicks',
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'LATEST',
    });
    clock.advanceBy(300_001);
    expect(
      (await call(account, 'GetRecords', { ShardIterator: iterator.json.ShardIterator })).json.__type,
    ).toBe('ExpiredIteratorException');
  });

  it('keeps records 24 hours, and restores from a snapshot all or nothing', async () => {
    const { kinesis, clock } = world();
    kinesis.createStream('clicks', 1);
    kinesis.putRecord('clicks', { data: 'old', partitionKey: 'k' });
    clock.advanceBy(23 * 3_600_000);
    kinesis.putRecord('clicks', { data: 'new', partitionKey: 'k' });
    const snapshot = JSON.parse(JSON.stringify(kinesis.snapshot()));
    const other = world();
    other.kinesis.restore(snapshot);
    expect(other.kinesis.stream('clicks')!.shards[0]!.records.map((record) => atob(record.data))).toEqual([
      'old',
      'new',
    ]);
    expect(() => other.kinesis.restore({ streams: [{ name: 'bad name!' }] })).toThrow();
    expect(other.kinesis.stream('clicks')).toBeDefined();
    clock.advanceBy(2 * 3_600_000);
    kinesis.stream('clicks')!.trim();
    expect(kinesis.stream('clicks')!.shards[0]!.records.map((record) => atob(record.data))).toEqual(['new']);
  });
});
