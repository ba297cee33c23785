import { describe, expect, it } from 'vitest';
import { createWorld, enable } from './testSupport';

function queues(
  world: ReturnType<typeof createWorld>,
  options: { visibility?: number; maxReceiveCount?: number; fifo?: boolean } = {},
) {
  const suffix = options.fifo ? '.fifo' : '';
  const dlq = world.sqs.createQueue(`orders-dlq${suffix}`, options.fifo ? { FifoQueue: 'true' } : {});
  const attributes: Record<string, string> = {
    VisibilityTimeout: String(options.visibility ?? 30),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: options.maxReceiveCount ?? 3,
    }),
  };
  if (options.fifo) attributes.FifoQueue = 'true';
  const queue = world.sqs.createQueue(`orders${suffix}`, attributes);
  return { queue, dlq };
}

const bodies = (world: ReturnType<typeof createWorld>, url: string) =>
  world.sqs
    .messages(url)
    .map((message) => message.body)
    .sort();

describe('SQS event source mapping', () => {
  it('refuses a queue whose visibility timeout is shorter than the function timeout (AWS message)', () => {
    const world = createWorld(() => null, { timeoutS: 60 });
    const { queue } = queues(world, { visibility: 30 });
    const result = world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn });
    expect(result).toMatchObject({
      ok: false,
      errorType: 'InvalidParameterValueException',
      message: 'Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds',
    });
  });

  it('needs a batching window for batches over 10, and caps FIFO batches at 10', () => {
    const world = createWorld(() => null);
    const { queue } = queues(world);
    expect(
      world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn, batchSize: 100 }),
    ).toMatchObject({
      ok: false,
      message:
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    });
    const fifo = queues(world, { fifo: true }).queue;
    expect(
      world.mappings.create({
        functionName: 'consumer',
        eventSourceArn: fifo.arn,
        batchSize: 20,
        maximumBatchingWindowInSeconds: 1,
      }),
    ).toMatchObject({ ok: false, errorType: 'InvalidParameterValueException' });
    expect(world.mappings.create({ functionName: 'nope', eventSourceArn: queue.arn })).toMatchObject({
      ok: false,
      errorType: 'ResourceNotFoundException',
    });
    expect(
      world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn, batchSize: 0 }),
    ).toMatchObject({ ok: false, errorType: 'ValidationException' });
  });

  it('goes Creating → Enabled, and a second mapping of the same pair is a conflict', () => {
    const world = createWorld(() => null);
    const { queue } = queues(world);
    const created = world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn });
    expect(created.ok && created.mapping.state).toBe('Creating');
    enable(world);
    expect(world.mappings.list()[0]!.state).toBe('Enabled');
    expect(world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn })).toMatchObject({
      ok: false,
      errorType: 'ResourceConflictException',
    });
  });

  it('delivers SQS event records and deletes a batch that succeeds', () => {
    const world = createWorld(() => null);
    const { queue } = queues(world);
    world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn, batchSize: 10 });
    enable(world);
    for (let index = 0; index < 25; index++) world.sqs.sendMessage(queue.url, { messageBody: `m${index}` });
    world.drain();
    expect(world.sqs.messages(queue.url)).toHaveLength(0);
    const records = world.events.flatMap((event) => event.Records);
    expect(records).toHaveLength(25);
    expect(records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
    });
    expect(records[0]!.attributes).toMatchObject({ ApproximateReceiveCount: '1' });
    expect(Math.max(...world.events.map((event) => event.Records.length))).toBeLessThanOrEqual(10);
  });

  it('a poison message with ReportBatchItemFailures ends alone in the DLQ after maxReceiveCount receives', () => {
    const world = createWorld((event) => ({
      batchItemFailures: event.Records.filter((record) => record.body === 'poison').map((record) => ({
        itemIdentifier: record.messageId,
      })),
    }));
    const { queue, dlq } = queues(world, { maxReceiveCount: 3 });
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: queue.arn,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    enable(world);
    for (const body of ['a', 'b', 'poison', 'c', 'd'])
      world.sqs.sendMessage(queue.url, { messageBody: body });
    world.drain();
    expect(world.sqs.messages(queue.url)).toHaveLength(0);
    expect(bodies(world, dlq.url)).toEqual(['poison']);
    const poisonCounts = world.events
      .flatMap((event) => event.Records)
      .filter((record) => record.body === 'poison')
      .map((record) => (record.attributes as Record<string, string>).ApproximateReceiveCount);
    expect(poisonCounts).toEqual(['1', '2', '3']);
  });

  it('without partial batch response a failing batch returns whole: every message reaches the DLQ', () => {
    const world = createWorld((event) => {
      if (event.Records.some((record) => record.body === 'poison')) throw new Error('bad');
    });
    const { queue, dlq } = queues(world, { maxReceiveCount: 2 });
    world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn });
    // Sent before the pollers start, so that one poll takes all three into one batch.
    for (const body of ['a', 'poison', 'b']) world.sqs.sendMessage(queue.url, { messageBody: body });
    enable(world);
    world.drain();
    expect(bodies(world, dlq.url)).toEqual(['a', 'b', 'poison']);
    // Each receive happens after the 30-second visibility timeout of the one before.
    expect(world.mappings.list()[0]!.lastProcessingResult).toMatch(/^PROBLEM: Function call failed/);
  });

  it('an invalid batchItemFailures response (unknown id) fails the whole batch', () => {
    const world = createWorld(() => ({ batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] }));
    const { queue } = queues(world, { maxReceiveCount: 5 });
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: queue.arn,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    enable(world);
    world.sqs.sendMessage(queue.url, { messageBody: 'x' });
    world.clock.advanceBy(1_000);
    expect(world.sqs.messages(queue.url)).toMatchObject([{ state: 'inflight', receiveCount: 1 }]);
    expect(world.mappings.list()[0]!.recent.at(-1)).toMatchObject({ result: 'error' });
  });

  it('deletes messages that match no filter without invoking', () => {
    const world = createWorld(() => null);
    const { queue } = queues(world);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: queue.arn,
      filterCriteria: { filters: [{ pattern: JSON.stringify({ body: { type: ['order'] } }) }] },
    });
    enable(world);
    world.sqs.sendMessage(queue.url, { messageBody: JSON.stringify({ type: 'order', id: 1 }) });
    world.sqs.sendMessage(queue.url, { messageBody: JSON.stringify({ type: 'refund', id: 2 }) });
    world.sqs.sendMessage(queue.url, { messageBody: 'plain text' });
    world.drain();
    expect(world.sqs.messages(queue.url)).toHaveLength(0);
    expect(
      world.events.flatMap((event) => event.Records).map((record) => JSON.parse(record.body as string).id),
    ).toEqual([1]);
    expect(world.mappings.list()[0]!.totals.filtered).toBe(2);
  });

  it('gathers for the batching window before invoking', () => {
    const world = createWorld(() => null);
    const { queue } = queues(world);
    world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: queue.arn,
      batchSize: 50,
      maximumBatchingWindowInSeconds: 5,
    });
    enable(world);
    world.sqs.sendMessage(queue.url, { messageBody: 'first' });
    world.clock.advanceBy(2_000);
    for (let index = 0; index < 20; index++) world.sqs.sendMessage(queue.url, { messageBody: `m${index}` });
    world.clock.advanceBy(2_000);
    expect(world.events).toHaveLength(0);
    world.clock.advanceBy(1_100);
    expect(world.events).toHaveLength(1);
    expect(world.events[0]!.Records).toHaveLength(21);
  });

  it('keeps at most MaximumConcurrency batches in flight, and scales from five concurrent batches', () => {
    const capped = createWorld(() => null, { durationMs: 1_000 });
    const first = queues(capped).queue;
    capped.mappings.create({
      functionName: 'consumer',
      eventSourceArn: first.arn,
      scalingConfig: { maximumConcurrency: 2 },
    });
    enable(capped);
    for (let index = 0; index < 100; index++) capped.sqs.sendMessage(first.url, { messageBody: `m${index}` });
    capped.clock.advanceBy(1);
    expect(capped.service.concurrency('consumer')).toBe(2);

    const open = createWorld(() => null, { durationMs: 5_000, timeoutS: 10 });
    const second = queues(open).queue;
    open.mappings.create({ functionName: 'consumer', eventSourceArn: second.arn });
    enable(open);
    for (let index = 0; index < 1_000; index++)
      open.sqs.sendMessage(second.url, { messageBody: `m${index}` });
    open.clock.advanceBy(1);
    expect(open.service.concurrency('consumer')).toBe(5);
    open.clock.advanceBy(3_000);
    // Five more pollers each second while messages wait (300 per minute).
    expect(open.service.concurrency('consumer')).toBe(20);
  });

  it('FIFO: a failing message holds its group back while other groups go on, in order', () => {
    let failures = 0;
    const world = createWorld((event) => {
      if (event.Records.some((record) => record.body === 'A2') && failures++ < 1) throw new Error('once');
    });
    const { queue } = queues(world, { fifo: true, maxReceiveCount: 5 });
    world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn, batchSize: 1 });
    enable(world);
    for (const [group, body] of [
      ['A', 'A1'],
      ['A', 'A2'],
      ['A', 'A3'],
      ['B', 'B1'],
      ['B', 'B2'],
    ] as const)
      world.sqs.sendMessage(queue.url, {
        messageBody: body,
        messageGroupId: group,
        messageDeduplicationId: body,
      });
    world.drain();
    const delivered = world.events.flatMap((event) => event.Records.map((record) => record.body as string));
    const groupA = delivered.filter((body) => body.startsWith('A'));
    expect(groupA).toEqual(['A1', 'A2', 'A2', 'A3']);
    expect(delivered.filter((body) => body.startsWith('B'))).toEqual(['B1', 'B2']);
    // B finished while A2 waited out its visibility timeout.
    expect(delivered.indexOf('B2')).toBeLessThan(delivered.lastIndexOf('A2'));
  });

  it('stops polling while disabled and resumes when enabled again', () => {
    const world = createWorld(() => null);
    const { queue } = queues(world);
    const created = world.mappings.create({
      functionName: 'consumer',
      eventSourceArn: queue.arn,
      enabled: false,
    });
    enable(world);
    expect(world.mappings.list()[0]!.state).toBe('Disabled');
    world.sqs.sendMessage(queue.url, { messageBody: 'waiting' });
    world.clock.advanceBy(10_000);
    expect(world.events).toHaveLength(0);
    if (!created.ok) throw new Error('create failed');
    world.mappings.update(created.mapping.config.uuid, { enabled: true });
    expect(world.mappings.list()[0]!.state).toBe('Enabling');
    world.drain();
    expect(world.events).toHaveLength(1);
  });
});
