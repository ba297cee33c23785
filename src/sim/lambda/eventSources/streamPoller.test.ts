import { describe, expect, it } from 'vitest';
import type { DynamoDBStreamEvent, KinesisStreamEvent } from 'aws-lambda';
import { createWorld, enable, type World } from './testSupport';

function ordersTable(world: World): string {
  world.dynamodb.call('CreateTable', {
    TableName: 'Orders',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
  return world.dynamodb.table('Orders')!.stream()!.arn;
}

function putOrders(world: World, ids: string[]): void {
  for (const id of ids) world.dynamodb.table('Orders')!.put({ id: { S: id } });
}

const ids = (world: World) =>
  world.events.map((event) =>
    (event as unknown as DynamoDBStreamEvent).Records.map((record) => record.dynamodb!.Keys!.id!.S),
  );

function failureQueue(world: World) {
  return world.sqs.createQueue('stream-failures');
}

describe('DynamoDB Streams event source mapping', () => {
  it('requires a starting position and refuses SQS-only settings', () => {
    const world = createWorld(() => null);
    const arn = ordersTable(world);
    expect(world.mappings.create({ functionName: 'consumer', eventSourceArn: arn })).toMatchObject({
      ok: false,
      errorType: 'InvalidParameterValueException',
    });
    expect(
      world.mappings.create({
        functionName: 'consumer',
        eventSourceArn: arn,
        startingPosition: 'AT_TIMESTAMP',
        startingPositionTimestamp: 1,
      }),
    ).toMatchObject({ ok: false });
    expect(
      world.mappings.create({
        functionName: 'consumer',
        eventSourceArn: arn,
        startingPosition: 'LATEST',
        maximumRecordAgeInSeconds: 30,
      }),
    ).toMatchObject({ ok: false, errorType: 'ValidationException' });
  });

  it('TRIM_HORIZON delivers the records already in the stream, in order, as DynamoDB stream events', () => {
    const world = createWorld(() => null);
    const arn = ordersTable(world);
    putOrders(world, ['o1', 'o2', 'o3']);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: arn,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 2,
    });
    enable(world);
    world.drain();
    expect(ids(world)).toEqual([['o1', 'o2'], ['o3']]);
    const record = (world.events[0] as unknown as DynamoDBStreamEvent).Records[0]!;
    expect(record).toMatchObject({ eventName: 'INSERT', eventSource: 'aws:dynamodb', eventSourceARN: arn });
    expect(record.dynamodb?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
  });

  it('LATEST skips what was written before the mapping started', () => {
    const world = createWorld(() => null);
    const arn = ordersTable(world);
    putOrders(world, ['old']);
    world.mappings.create({ functionName: 'consumer', eventSourceArn: arn, startingPosition: 'LATEST' });
    enable(world);
    world.drain();
    putOrders(world, ['new']);
    world.drain();
    expect(ids(world)).toEqual([['new']]);
  });

  it('a failing record blocks its shard: later records wait until retries run out, then the batch is discarded to the destination', () => {
    const world = createWorld((event) => {
      if (
        (event as unknown as DynamoDBStreamEvent).Records.some(
          (record) => record.dynamodb!.Keys!.id!.S === 'bad',
        )
      )
        throw new Error('bad');
    });
    const arn = ordersTable(world);
    const failures = failureQueue(world);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: arn,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 1,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: failures.arn } },
    });
    putOrders(world, ['ok1', 'bad', 'ok2']);
    enable(world);
    world.clock.advanceBy(2_500);
    // ok1 done; bad failed and is being retried; ok2 has not been sent.
    expect(ids(world).flat()).not.toContain('ok2');
    const shard = world.mappings.list()[0]!.shards![0]!;
    expect(shard.blocked).toMatchObject({ attempt: 2 });
    expect(shard.waiting).toBe(2);
    world.drain();
    expect(ids(world)).toEqual([['ok1'], ['bad'], ['bad'], ['bad'], ['ok2']]);
    const [message] = world.sqs.messages(failures.url);
    const record = JSON.parse(message!.body);
    expect(record.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
      functionArn: expect.stringContaining(':function:consumer'),
    });
    expect(record.responseContext).toMatchObject({
      statusCode: 200,
      functionError: 'Unhandled',
      executedVersion: '$LATEST',
    });
    expect(record.DDBStreamBatchInfo).toMatchObject({
      batchSize: 1,
      streamArn: arn,
      shardId: expect.any(String),
    });
    expect(record.DDBStreamBatchInfo.startSequenceNumber).toBe(record.DDBStreamBatchInfo.endSequenceNumber);
    expect(record.version).toBe('1.0');
  });

  it('BisectBatchOnFunctionError splits until the bad record is alone, without using the retry quota', () => {
    const world = createWorld((event) => {
      if (
        (event as unknown as DynamoDBStreamEvent).Records.some(
          (record) => record.dynamodb!.Keys!.id!.S === 'r3',
        )
      )
        throw new Error('bad');
    });
    const arn = ordersTable(world);
    const failures = failureQueue(world);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: arn,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 4,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: failures.arn } },
    });
    putOrders(world, ['r1', 'r2', 'r3', 'r4']);
    enable(world);
    world.drain();
    expect(ids(world)).toEqual([['r1', 'r2', 'r3', 'r4'], ['r1', 'r2'], ['r3', 'r4'], ['r3'], ['r4']]);
    const record = JSON.parse(world.sqs.messages(failures.url)[0]!.body);
    expect(record.DDBStreamBatchInfo.batchSize).toBe(1);
    expect(world.mappings.list()[0]!.shards![0]!.events.map((event) => event.kind)).toEqual([
      'split',
      'split',
      'discarded',
    ]);
  });

  it('MaximumRecordAgeInSeconds discards records too old to retry (RecordAgeExceeded)', () => {
    const world = createWorld(() => {
      throw new Error('always');
    });
    const arn = ordersTable(world);
    const failures = failureQueue(world);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: arn,
      startingPosition: 'TRIM_HORIZON',
      maximumRecordAgeInSeconds: 60,
      destinationConfig: { onFailure: { destination: failures.arn } },
    });
    putOrders(world, ['x']);
    enable(world);
    world.drain();
    const record = JSON.parse(world.sqs.messages(failures.url)[0]!.body);
    expect(record.requestContext.condition).toBe('RecordAgeExceeded');
    expect(world.clock.now()).toBeGreaterThanOrEqual(60_000);
    // Retried with backoff until then (1 s, 2 s, 4 s … 30 s).
    expect(world.events.length).toBeGreaterThan(3);
    expect(world.events.length).toBeLessThan(12);
  });

  it('ReportBatchItemFailures checkpoints before the lowest failed sequence number and retries from it', () => {
    let calls = 0;
    const world = createWorld((event) => {
      const records = (event as unknown as DynamoDBStreamEvent).Records;
      const bad = records.find((record) => record.dynamodb!.Keys!.id!.S === 'r2');
      // r2 fails on the first delivery only.
      if (bad && calls++ === 0)
        return { batchItemFailures: [{ itemIdentifier: bad.dynamodb!.SequenceNumber }] };
      return { batchItemFailures: [] };
    });
    const arn = ordersTable(world);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: arn,
      startingPosition: 'TRIM_HORIZON',
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    putOrders(world, ['r1', 'r2', 'r3']);
    enable(world);
    world.drain();
    expect(ids(world)).toEqual([
      ['r1', 'r2', 'r3'],
      ['r2', 'r3'],
    ]);
    expect(world.mappings.list()[0]!.totals.succeeded).toBe(3);
  });

  it('skips records that match no filter', () => {
    const world = createWorld(() => null);
    const arn = ordersTable(world);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: arn,
      startingPosition: 'TRIM_HORIZON',
      filterCriteria: {
        filters: [{ pattern: JSON.stringify({ dynamodb: { Keys: { id: { S: [{ prefix: 'keep' }] } } } }) }],
      },
    });
    putOrders(world, ['keep-1', 'drop-1', 'keep-2']);
    enable(world);
    world.drain();
    expect(ids(world)).toEqual([['keep-1', 'keep-2']]);
  });
});

describe('Kinesis event source mapping', () => {
  it('delivers records with base64 data in the Kinesis event shape', () => {
    const world = createWorld(() => null);
    const stream = world.kinesis.createStream('clicks', 1);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: stream.arn,
      startingPosition: 'TRIM_HORIZON',
    });
    world.kinesis.putRecord('clicks', { data: JSON.stringify({ page: '/home' }), partitionKey: 'user-1' });
    enable(world);
    world.drain();
    const record = (world.events[0] as unknown as KinesisStreamEvent).Records[0]!;
    expect(record).toMatchObject({
      eventSource: 'aws:kinesis',
      eventName: 'aws:kinesis:record',
      eventVersion: '1.0',
      eventSourceARN: stream.arn,
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'user-1' },
    });
    expect(JSON.parse(atob(record.kinesis.data))).toEqual({ page: '/home' });
    expect(record.eventID).toBe(`shardId-000000000000:${record.kinesis.sequenceNumber}`);
    expect(typeof record.kinesis.approximateArrivalTimestamp).toBe('number');
  });

  it('ParallelizationFactor runs batches of one shard at once but keeps each partition key in order', () => {
    const world = createWorld(() => null, { durationMs: 1_000 });
    const stream = world.kinesis.createStream('clicks', 1);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: stream.arn,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 1,
      parallelizationFactor: 4,
    });
    for (let index = 0; index < 20; index++)
      world.kinesis.putRecord('clicks', { data: `${index % 5}:${index}`, partitionKey: `key-${index % 5}` });
    enable(world);
    world.clock.advanceBy(1);
    expect(world.service.concurrency('consumer')).toBeGreaterThan(1);
    world.drain();
    const seen = world.events.map((event) =>
      atob((event as unknown as KinesisStreamEvent).Records[0]!.kinesis.data),
    );
    expect(seen).toHaveLength(20);
    for (let key = 0; key < 5; key++) {
      const order = seen
        .filter((item) => item.startsWith(`${key}:`))
        .map((item) => Number(item.split(':')[1]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('one failing shard does not hold back the others', () => {
    const world = createWorld((event) => {
      if (
        (event as unknown as KinesisStreamEvent).Records.some(
          (record) => atob(record.kinesis.data) === 'poison',
        )
      )
        throw new Error('bad');
    });
    const stream = world.kinesis.createStream('orders', 2);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: stream.arn,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 1,
      maximumRetryAttempts: -1,
    });
    // Explicit hash keys put each record on a chosen shard.
    const low = '0';
    const high = (2n ** 127n + 5n).toString();
    world.kinesis.putRecord('orders', { data: 'poison', partitionKey: 'p', explicitHashKey: low });
    world.kinesis.putRecord('orders', { data: 'stuck', partitionKey: 'p', explicitHashKey: low });
    world.kinesis.putRecord('orders', { data: 'free-1', partitionKey: 'q', explicitHashKey: high });
    world.kinesis.putRecord('orders', { data: 'free-2', partitionKey: 'q', explicitHashKey: high });
    enable(world);
    world.clock.advanceBy(10 * 60_000);
    const seen = world.events.map((event) =>
      atob((event as unknown as KinesisStreamEvent).Records[0]!.kinesis.data),
    );
    expect(seen).toContain('free-2');
    expect(seen).not.toContain('stuck');
    const shards = world.mappings.list()[0]!.shards!;
    expect(shards.find((shard) => shard.shardId === 'shardId-000000000000')!.waiting).toBe(2);
  });
});
