import { describe, expect, it } from 'vitest';
import { TRANSITION_MS } from './EventSourceMappings';
import { createLabMappings, mappingInputOf } from './labConfig';
import { createWorld, enable } from './testSupport';

const arns = {
  queueArn: (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`,
  tableStreamArn: () => undefined,
  streamArn: (name: string) => `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`,
};

describe('an event source block from a lab configuration', () => {
  it('maps a queue with a redrive policy: the poison message alone ends in the dead-letter queue', () => {
    const world = createWorld((event) => ({
      batchItemFailures: event.Records.filter((record) => record.body === 'poison').map((record) => ({
        itemIdentifier: record.messageId,
      })),
    }));
    const dlq = world.sqs.createQueue('orders-dlq');
    const queue = world.sqs.createQueue('orders', {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
    });
    const input = mappingInputOf(
      'consumer',
      { queue: 'orders', batchSize: 10, reportBatchItemFailures: true },
      arns,
    );
    expect(input).toMatchObject({
      eventSourceArn: queue.arn,
      batchSize: 10,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(world.mappings.create(input).ok).toBe(true);
    enable(world);
    for (const body of ['a', 'poison', 'b']) world.sqs.sendMessage(queue.url, { messageBody: body });
    world.drain();
    expect(dlq.storedMessages().map((message) => message.body)).toEqual(['poison']);
    // It was received maxReceiveCount times before the receive that moved it.
    expect(dlq.storedMessages()[0]!.receiveCount).toBe(3);
    expect(queue.approximateCounts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('stream settings carry over; naming two sources or none is refused', () => {
    expect(
      mappingInputOf(
        'consumer',
        {
          stream: 'clicks',
          bisectBatchOnFunctionError: true,
          maximumRetryAttempts: 2,
          onFailureQueue: 'failed',
        },
        arns,
      ),
    ).toMatchObject({
      eventSourceArn: arns.streamArn('clicks'),
      startingPosition: 'TRIM_HORIZON',
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: arns.queueArn('failed') } },
    });
    expect(() => mappingInputOf('consumer', { queue: 'a', stream: 'b' }, arns)).toThrow(/exactly one/);
    expect(() => mappingInputOf('consumer', {}, arns)).toThrow(/exactly one/);
  });

  it('createLabMappings finds queues by name in the account and reports what the Lambda API refuses', () => {
    const world = createWorld(() => null, { timeoutS: 60 });
    world.sqs.createQueue('orders', { VisibilityTimeout: '30' });
    world.sqs.createQueue('slow', { VisibilityTimeout: '120' });
    const errors = createLabMappings(world.mappings, world.account, 'consumer', [
      { queue: 'orders' },
      { queue: 'slow', batchSize: 5 },
    ]);
    // The visibility-timeout rule: 30 s is shorter than the function's 60 s timeout.
    expect(errors).toEqual([
      'Event source orders: InvalidParameterValueException: Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds',
    ]);
    world.clock.advanceBy(TRANSITION_MS);
    expect(
      world.mappings.list().map((mapping) => [mapping.config.eventSourceArn.split(':').pop(), mapping.state]),
    ).toEqual([['slow', 'Enabled']]);
  });
});
