/** SQS through the real, pinned SDK client: every operation and error, long polls, redrive and FIFO rules. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BatchEntryIdsNotDistinct,
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  EmptyBatchRequest,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  InvalidAttributeName,
  InvalidBatchEntryId,
  InvalidMessageContents,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  PurgeQueueInProgress,
  QueueDeletedRecently,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  SQSServiceException,
  TagQueueCommand,
  TooManyEntriesInBatchRequest,
  UntagQueueCommand,
  BatchRequestTooLong,
} from '@aws-sdk/client-sqs';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import type { AccountChange } from '../service';
import { testClientConfig } from '../testing/sdkClient';
import { md5OfAttributes } from './digest';
import { createSqs, type SqsService } from './sqs';

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createSqs]);
  const client = new SQSClient(testClientConfig(account));
  const sqs = account.service<SqsService>('sqs')!;
  return { clock, account, client, sqs };
}

/** Lets the SDK's middleware reach the account (a long poll registers only once the request arrives). */
async function settleRequests(): Promise<void> {
  for (let index = 0; index < 20; index++) await new Promise((resolve) => setImmediate(resolve));
}

async function errorOf(
  promise: Promise<unknown>,
): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('SQS queues through the SDK', () => {
  it('creates a queue with attributes, finds it by name, lists and deletes it', async () => {
    const { client, clock } = setup();
    const created = await client.send(
      new CreateQueueCommand({
        QueueName: 'orders',
        Attributes: { VisibilityTimeout: '45' },
        tags: { team: 'a' },
      }),
    );
    expect(created.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/orders');
    expect((await client.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(
      created.QueueUrl,
    );
    await client.send(new CreateQueueCommand({ QueueName: 'orders-dlq' }));
    await client.send(new CreateQueueCommand({ QueueName: 'payments' }));
    expect((await client.send(new ListQueuesCommand({ QueueNamePrefix: 'ord' }))).QueueUrls).toEqual([
      'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
      'https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq',
    ]);
    const page = await client.send(new ListQueuesCommand({ MaxResults: 2 }));
    expect(page.QueueUrls).toHaveLength(2);
    expect(page.NextToken).toBeTruthy();
    const rest = await client.send(new ListQueuesCommand({ MaxResults: 2, NextToken: page.NextToken }));
    expect(rest.QueueUrls).toEqual(['https://sqs.us-east-1.amazonaws.com/123456789012/payments']);
    expect(rest.NextToken).toBeUndefined();
    expect((await client.send(new ListQueueTagsCommand({ QueueUrl: created.QueueUrl }))).Tags).toEqual({
      team: 'a',
    });
    await client.send(new DeleteQueueCommand({ QueueUrl: created.QueueUrl }));
    await expect(client.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).rejects.toBeInstanceOf(
      QueueDoesNotExist,
    );
    // CreateQueue API reference: wait 60 seconds after deleting a queue before reusing its name.
    await expect(client.send(new CreateQueueCommand({ QueueName: 'orders' }))).rejects.toBeInstanceOf(
      QueueDeletedRecently,
    );
    clock.advanceBy(60_000);
    await client.send(new CreateQueueCommand({ QueueName: 'orders' }));
  });

  it('raises QueueDoesNotExist with the legacy query code for an unknown queue', async () => {
    const { client } = setup();
    const error = await errorOf(
      client.send(
        new SendMessageCommand({
          QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/nope',
          MessageBody: 'x',
        }),
      ),
    );
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect(error.message).toBe('The specified queue does not exist.');
    expect(error.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('returns the existing queue for identical attributes and QueueNameExists for different ones', async () => {
    const { client } = setup();
    const first = await client.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { DelaySeconds: '5' } }),
    );
    const again = await client.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { DelaySeconds: '5' } }),
    );
    expect(again.QueueUrl).toBe(first.QueueUrl);
    const error = await errorOf(
      client.send(new CreateQueueCommand({ QueueName: 'q', Attributes: { DelaySeconds: '6' } })),
    );
    expect(error).toBeInstanceOf(QueueNameExists);
    expect(error.Code).toBe('QueueAlreadyExists');
  });

  it('validates names: FIFO queues need the .fifo suffix, standard queues may not use dots', async () => {
    const { client } = setup();
    const fifoError = await errorOf(
      client.send(new CreateQueueCommand({ QueueName: 'jobs', Attributes: { FifoQueue: 'true' } })),
    );
    expect(fifoError.name).toBe('InvalidParameterValue');
    expect(fifoError).toBeInstanceOf(SQSServiceException);
    expect(fifoError.message).toMatch(/must end with \.fifo suffix/);
    const standardError = await errorOf(client.send(new CreateQueueCommand({ QueueName: 'jobs.fifo' })));
    expect(standardError.name).toBe('InvalidParameterValue');
    expect(standardError.message).toBe(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
    const created = await client.send(
      new CreateQueueCommand({
        QueueName: 'jobs.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      }),
    );
    expect(created.QueueUrl).toMatch(/jobs\.fifo$/);
  });

  it('reports every attribute, including the Approximate* counters, and rejects unknown ones', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late', DelaySeconds: 10 }));
    await client.send(new ReceiveMessageCommand({ QueueUrl }));
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '1',
      ApproximateNumberOfMessagesDelayed: '1',
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:q',
      VisibilityTimeout: '30',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
    });
    expect(Attributes).not.toHaveProperty('FifoQueue');
    clock.advanceBy(10_000);
    const later = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(later.Attributes).toEqual({
      ApproximateNumberOfMessages: '2',
      ApproximateNumberOfMessagesDelayed: '0',
    });
    const error = await errorOf(
      client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Bogus' as never] })),
    );
    expect(error).toBeInstanceOf(InvalidAttributeName);
    expect(error.message).toBe('Unknown Attribute Bogus.');
  });

  it('sets attributes and rejects out-of-range values', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: { VisibilityTimeout: '120', DelaySeconds: '3' },
      }),
    );
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['VisibilityTimeout', 'DelaySeconds', 'LastModifiedTimestamp'],
      }),
    );
    expect(Attributes?.VisibilityTimeout).toBe('120');
    expect(Attributes?.DelaySeconds).toBe('3');
    const error = await errorOf(
      client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { DelaySeconds: '901' } })),
    );
    expect(error.name).toBe('InvalidAttributeValue');
    expect(error.message).toBe('Invalid value for the parameter DelaySeconds.');
  });

  it('tags and untags a queue', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(new TagQueueCommand({ QueueUrl, Tags: { a: '1', b: '2' } }));
    await client.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['a'] }));
    expect((await client.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ b: '2' });
  });
});

describe('SQS messages through the SDK', () => {
  it('sends with attributes and receives them with digests the SDK verifies', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    const attributes = {
      attribName1: { DataType: 'String', StringValue: 'attribValue 1' },
      count: { DataType: 'Number', StringValue: '42' },
      blob: { DataType: 'Binary', BinaryValue: new TextEncoder().encode('Hello binary world!') },
    };
    const sent = await client.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'héllo ✓', MessageAttributes: attributes }),
    );
    // The SDK's own middleware already compared MD5OfMessageBody; the attribute digest follows SQS's algorithm.
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('héllo ✓', 'utf8').digest('hex'));
    expect(sent.MD5OfMessageAttributes).toBe(md5OfAttributes(attributes));
    const { Messages } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    expect(Messages).toHaveLength(1);
    const message = Messages![0]!;
    expect(message.Body).toBe('héllo ✓');
    expect(message.MessageId).toBe(sent.MessageId);
    expect(message.MessageAttributes?.count).toEqual({ DataType: 'Number', StringValue: '42' });
    expect(new TextDecoder().decode(message.MessageAttributes?.blob?.BinaryValue)).toBe(
      'Hello binary world!',
    );
    expect(message.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(message.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: '123456789012' });
    expect(Number(message.Attributes?.SentTimestamp)).toBeGreaterThan(1_600_000_000_000);
    expect(message.Attributes?.ApproximateFirstReceiveTimestamp).toBe(message.Attributes?.SentTimestamp);
  });

  it('returns only the requested message attributes (names and prefixes)', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'x',
        MessageAttributes: {
          'order.id': { DataType: 'String', StringValue: '1' },
          'order.kind': { DataType: 'String', StringValue: 'a' },
          other: { DataType: 'String', StringValue: 'o' },
        },
      }),
    );
    const { Messages } = await client.send(
      new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['order.*'] }),
    );
    expect(Object.keys(Messages![0]!.MessageAttributes ?? {}).sort()).toEqual(['order.id', 'order.kind']);
    expect(Messages![0]!.Attributes).toBeUndefined();
  });

  it("rejects a message over MaximumMessageSize with SQS's message (attributes count toward it)", async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { MaximumMessageSize: '262144' } }),
    );
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(262_144) }));
    const error = await errorOf(
      client.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: 'x'.repeat(262_140),
          MessageAttributes: { a: { DataType: 'String', StringValue: 'yy' } },
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toBe(
      'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
    );
    const { QueueUrl: big } = await client.send(new CreateQueueCommand({ QueueName: 'big' }));
    const tooBig = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl: big, MessageBody: 'x'.repeat(1_048_577) })),
    );
    expect(tooBig.message).toBe(
      'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.',
    );
  });

  it('rejects characters outside the allowed set and bad attribute types', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await expect(
      client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'bad\u0001' })),
    ).rejects.toBeInstanceOf(InvalidMessageContents);
    const typeError = await errorOf(
      client.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: 'x',
          MessageAttributes: { a: { DataType: 'Text', StringValue: 'v' } },
        }),
      ),
    );
    expect(typeError.message).toMatch(/supported type prefixes is Binary, Number, and String/);
    const delayError = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', DelaySeconds: 901 })),
    );
    expect(delayError.message).toBe(
      'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.',
    );
  });

  it('sends a batch, reporting entry failures beside successes', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    const out = await client.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two', DelaySeconds: 2000 },
          { Id: 'c', MessageBody: 'three' },
        ],
      }),
    );
    expect(out.Successful?.map((entry) => entry.Id)).toEqual(['a', 'c']);
    expect(out.Failed).toEqual([
      expect.objectContaining({ Id: 'b', Code: 'InvalidParameterValue', SenderFault: true }),
    ]);
    const received = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(received.Messages?.map((message) => message.Body)).toEqual(['one', 'three']);
  });

  it('rejects malformed batches: empty, more than 10, repeated or invalid ids, over 1 MiB in total', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await expect(client.send(new SendMessageBatchCommand({ QueueUrl, Entries: [] }))).rejects.toBeInstanceOf(
      EmptyBatchRequest,
    );
    const many = Array.from({ length: 11 }, (_, index) => ({ Id: `m${index}`, MessageBody: 'x' }));
    const tooMany = await errorOf(client.send(new SendMessageBatchCommand({ QueueUrl, Entries: many })));
    expect(tooMany).toBeInstanceOf(TooManyEntriesInBatchRequest);
    expect(tooMany.message).toBe('Maximum number of entries per request are 10. You have sent 11.');
    await expect(
      client.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'a', MessageBody: 'x' },
            { Id: 'a', MessageBody: 'y' },
          ],
        }),
      ),
    ).rejects.toBeInstanceOf(BatchEntryIdsNotDistinct);
    await expect(
      client.send(
        new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'no spaces', MessageBody: 'x' }] }),
      ),
    ).rejects.toBeInstanceOf(InvalidBatchEntryId);
    const half = 'x'.repeat(600_000);
    const tooLong = await errorOf(
      client.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'a', MessageBody: half },
            { Id: 'b', MessageBody: half },
          ],
        }),
      ),
    );
    expect(tooLong).toBeInstanceOf(BatchRequestTooLong);
    expect(tooLong.message).toBe(
      'Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.',
    );
  });

  it('validates ReceiveMessage parameters', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    const error = await errorOf(
      client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })),
    );
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toBe(
      'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    );
    const wait = await errorOf(client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 21 })));
    expect(wait.message).toBe(
      'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
    );
  });

  it('hides a received message for the visibility timeout, then delivers it again with a new receipt handle', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '30' } }),
    );
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'job' }));
    const first = (
      await client.send(
        new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
      )
    ).Messages![0]!;
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    clock.advanceBy(29_999);
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    clock.advanceBy(1);
    const second = (
      await client.send(
        new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
      )
    ).Messages![0]!;
    expect(second.MessageId).toBe(first.MessageId);
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
    expect(second.Attributes?.ApproximateReceiveCount).toBe('2');
    // DeleteMessage API reference: an old receipt handle succeeds but need not delete; here it does not.
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.ReceiptHandle }));
    clock.advanceBy(30_000);
    const third = (await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages![0]!;
    expect(third.MessageId).toBe(first.MessageId);
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: third.ReceiptHandle }));
    clock.advanceBy(60_000);
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    // Deleting again with the same handle succeeds, as in SQS.
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: third.ReceiptHandle }));
  });

  it('lets a receipt handle expire twelve hours after its receive', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'slow job' }));
    const { Messages } = await client.send(
      new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 43_200 }),
    );
    clock.advanceBy(43_200_001);
    const error = await errorOf(
      client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle })),
    );
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toMatch(/Reason: The receipt handle has expired\.$/);
  });

  it('rejects receipt handles SQS never issued', async () => {
    const { client } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    const error = await errorOf(
      client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'made-up' })),
    );
    expect(error).toBeInstanceOf(ReceiptHandleIsInvalid);
    expect(error.message).toBe('The input receipt handle "made-up" is not a valid receipt handle.');
  });

  it('changes visibility: extends, releases at 0, ignores a finished receive, refuses superseded handles', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'job' }));
    const first = (await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages![0]!;
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: first.ReceiptHandle,
        VisibilityTimeout: 100,
      }),
    );
    clock.advanceBy(99_000);
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: first.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const again = (await client.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 5 })))
      .Messages![0]!;
    expect(again.MessageId).toBe(first.MessageId);
    const stale = await errorOf(
      client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl,
          ReceiptHandle: first.ReceiptHandle,
          VisibilityTimeout: 10,
        }),
      ),
    );
    expect(stale.name).toBe('InvalidParameterValue');
    expect(stale.message).toMatch(
      /Message does not exist or is not available for visibility timeout change\.$/,
    );
    clock.advanceBy(5_000);
    // Its visibility ran out: the change succeeds and changes nothing (the message stays visible).
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: again.ReceiptHandle,
        VisibilityTimeout: 600,
      }),
    );
    const visibleAgain = await client.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }));
    expect(visibleAgain.Messages?.[0]?.MessageId).toBe(first.MessageId);
    const tooLong = await errorOf(
      client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl,
          ReceiptHandle: again.ReceiptHandle,
          VisibilityTimeout: 43_201,
        }),
      ),
    );
    expect(tooLong.message).toMatch(/Must be between 0 and 43200/);
  });

  it('deletes and changes visibility in batches with per-entry results', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: ['a', 'b', 'c'].map((body) => ({ Id: body, MessageBody: body })),
      }),
    );
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(3);
    const visibility = await client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'keep', ReceiptHandle: Messages![2]!.ReceiptHandle!, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'nope', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(visibility.Successful?.map((entry) => entry.Id)).toEqual(['keep']);
    expect(visibility.Failed?.[0]).toMatchObject({
      Id: 'bad',
      Code: 'ReceiptHandleIsInvalid',
      SenderFault: true,
    });
    const deleted = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'one', ReceiptHandle: Messages![0]!.ReceiptHandle! },
          { Id: 'two', ReceiptHandle: Messages![1]!.ReceiptHandle! },
        ],
      }),
    );
    expect(deleted.Successful?.map((entry) => entry.Id)).toEqual(['one', 'two']);
    clock.advanceBy(60_000);
    const left = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(left.Messages?.map((message) => message.Body)).toEqual(['c']);
  });

  it('delays delivery per message and per queue', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { DelaySeconds: '20' } }),
    );
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'queue delay' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'own delay', DelaySeconds: 5 }));
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    clock.advanceBy(5_000);
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body).toBe(
      'own delay',
    );
    clock.advanceBy(15_000);
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body).toBe(
      'queue delay',
    );
  });

  it('drops messages older than MessageRetentionPeriod', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { MessageRetentionPeriod: '60' } }),
    );
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'old' }));
    clock.advanceBy(30_000);
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'new' }));
    clock.advanceBy(30_000);
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages?.map((message) => message.Body)).toEqual(['new']);
  });

  it('purges a queue once per 60 seconds', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    await client.send(new PurgeQueueCommand({ QueueUrl }));
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    const error = await errorOf(client.send(new PurgeQueueCommand({ QueueUrl })));
    expect(error).toBeInstanceOf(PurgeQueueInProgress);
    expect(error.message).toBe('Only one PurgeQueue operation on q is allowed every 60 seconds.');
    clock.advanceBy(60_000);
    await client.send(new PurgeQueueCommand({ QueueUrl }));
  });
});

describe('SQS long polling on the virtual clock', () => {
  it('answers a waiting receive as soon as a message arrives', async () => {
    const { client, sqs } = setup();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    const waiting = client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await settleRequests();
    expect(sqs.queue('q')!.pendingReceives()).toBe(1);
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    expect((await waiting).Messages?.[0]?.Body).toBe('hello');
  });

  it('returns empty after WaitTimeSeconds of virtual time, and uses the queue default wait', async () => {
    const { client, clock, sqs } = setup();
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { ReceiveMessageWaitTimeSeconds: '10' } }),
    );
    let done = false;
    const waiting = client.send(new ReceiveMessageCommand({ QueueUrl })).then((out) => {
      done = true;
      return out;
    });
    await settleRequests();
    expect(sqs.queue('q')!.pendingReceives()).toBe(1);
    clock.advanceBy(9_999);
    await settleRequests();
    expect(done).toBe(false);
    clock.advanceBy(1);
    expect((await waiting).Messages).toBeUndefined();
  });

  it('wakes a long poll when an in-flight message becomes visible again', async () => {
    const { client, clock } = setup();
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '5' } }),
    );
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'retry me' }));
    await client.send(new ReceiveMessageCommand({ QueueUrl }));
    const waiting = client.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20, MessageSystemAttributeNames: ['All'] }),
    );
    await settleRequests();
    clock.advanceBy(5_000);
    const out = await waiting;
    expect(out.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
  });
});

describe('SQS redrive to a dead-letter queue', () => {
  it('moves the message on the receive that would exceed maxReceiveCount', async () => {
    const { client, clock, sqs } = setup();
    const dlq = await client.send(new CreateQueueCommand({ QueueName: 'orders-dlq' }));
    const dlqArn = (
      await client.send(
        new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes!.QueueArn!;
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({
        QueueName: 'orders',
        Attributes: {
          VisibilityTimeout: '10',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '3' }),
        },
      }),
    );
    const sent = await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
    for (let receive = 1; receive <= 3; receive++) {
      const out = await client.send(
        new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
      );
      expect(out.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(receive));
      clock.advanceBy(10_000);
    }
    expect(sqs.messages('orders-dlq')).toHaveLength(0);
    // The fourth receive would make ReceiveCount 4 > 3: SQS moves the message instead of returning it.
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    const moved = await client.send(
      new ReceiveMessageCommand({ QueueUrl: dlq.QueueUrl, MessageSystemAttributeNames: ['All'] }),
    );
    expect(moved.Messages?.[0]).toMatchObject({ MessageId: sent.MessageId, Body: 'poison' });
    expect(moved.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn).toBe(
      'arn:aws:sqs:us-east-1:123456789012:orders',
    );
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy'] }),
    );
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: 3,
    });
    expect(
      (await client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.QueueUrl }))).queueUrls,
    ).toEqual([QueueUrl]);
  });

  it('rejects a redrive policy naming a missing queue or a queue of the other type', async () => {
    const { client } = setup();
    const missing = await errorOf(
      client.send(
        new CreateQueueCommand({
          QueueName: 'src',
          Attributes: {
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:none',
              maxReceiveCount: 2,
            }),
          },
        }),
      ),
    );
    expect(missing.name).toBe('InvalidParameterValue');
    expect(missing.message).toMatch(/Reason: Dead letter target does not exist\.$/);
    await client.send(new CreateQueueCommand({ QueueName: 'dlq.fifo', Attributes: { FifoQueue: 'true' } }));
    const mixed = await errorOf(
      client.send(
        new CreateQueueCommand({
          QueueName: 'src',
          Attributes: {
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq.fifo',
              maxReceiveCount: 2,
            }),
          },
        }),
      ),
    );
    expect(mixed.message).toMatch(/Dead-letter queue must be same type of queue as the source\.$/);
  });
});

describe('SQS FIFO queues', () => {
  async function fifoQueue(client: SQSClient, attributes: Record<string, string> = {}) {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({
        QueueName: 'jobs.fifo',
        Attributes: { FifoQueue: 'true', VisibilityTimeout: '30', ...attributes },
      }),
    );
    return QueueUrl!;
  }

  it('reports the FIFO attributes', async () => {
    const { client } = setup();
    const QueueUrl = await fifoQueue(client, { ContentBasedDeduplication: 'true' });
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:jobs.fifo',
    });
  });

  it('requires a group id and a deduplication id (or content-based deduplication)', async () => {
    const { client } = setup();
    const QueueUrl = await fifoQueue(client);
    const noGroup = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageDeduplicationId: '1' })),
    );
    expect(noGroup.name).toBe('MissingParameter');
    expect(noGroup.message).toBe('The request must contain the parameter MessageGroupId.');
    const noDedup = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g' })),
    );
    expect(noDedup.message).toBe(
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
    const delay = await errorOf(
      client.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: 'x',
          MessageGroupId: 'g',
          MessageDeduplicationId: '1',
          DelaySeconds: 5,
        }),
      ),
    );
    expect(delay.name).toBe('InvalidParameterValue');
  });

  it('keeps each group in order and holds a group back while one of its messages is in flight', async () => {
    const { client, clock } = setup();
    const QueueUrl = await fifoQueue(client, { ContentBasedDeduplication: 'true' });
    for (const [group, body] of [
      ['a', 'a1'],
      ['b', 'b1'],
      ['a', 'a2'],
      ['b', 'b2'],
      ['a', 'a3'],
    ] as const) {
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: group }));
    }
    const first = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2 }));
    expect(first.Messages?.map((message) => message.Body)).toEqual(['a1', 'a2']);
    const second = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    // Group a is in flight, so only group b is delivered.
    expect(second.Messages?.map((message) => message.Body)).toEqual(['b1', 'b2']);
    expect(
      (await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages,
    ).toBeUndefined();
    await client.send(
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages![0]!.ReceiptHandle }),
    );
    // a2 is still in flight: a3 waits behind it.
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    clock.advanceBy(30_000);
    const retried = await client.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    expect(retried.Messages?.map((message) => message.Body)).toEqual(['a2', 'a3', 'b1', 'b2']);
    expect(retried.Messages?.[0]?.Attributes?.MessageGroupId).toBe('a');
    expect(retried.Messages?.[0]?.Attributes?.SequenceNumber).toMatch(/^\d{20}$/);
  });

  it('drops duplicates inside the five-minute deduplication interval and returns the original id', async () => {
    const { client, clock } = setup();
    const QueueUrl = await fifoQueue(client);
    const first = await client.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'pay',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'order-1',
      }),
    );
    expect(first.SequenceNumber).toMatch(/^\d+$/);
    clock.advanceBy(4 * 60_000);
    const duplicate = await client.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'pay again',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'order-1',
      }),
    );
    expect(duplicate.MessageId).toBe(first.MessageId);
    expect(duplicate.SequenceNumber).toBe(first.SequenceNumber);
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages?.map((message) => message.Body)).toEqual(['pay']);
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
    clock.advanceBy(60_000);
    const afterWindow = await client.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'pay later',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'order-1',
      }),
    );
    expect(afterWindow.MessageId).not.toBe(first.MessageId);
  });

  it('deduplicates by body hash with ContentBasedDeduplication', async () => {
    const { client } = setup();
    const QueueUrl = await fifoQueue(client, { ContentBasedDeduplication: 'true' });
    const first = await client.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'g' }),
    );
    const second = await client.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'h' }),
    );
    const third = await client.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'other', MessageGroupId: 'g' }),
    );
    expect(second.MessageId).toBe(first.MessageId);
    expect(third.MessageId).not.toBe(first.MessageId);
    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['MessageDeduplicationId'],
      }),
    );
    expect(received.Messages?.[0]?.Attributes?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('expires a receipt handle once its receive is over', async () => {
    const { client, clock } = setup();
    const QueueUrl = await fifoQueue(client, { ContentBasedDeduplication: 'true', VisibilityTimeout: '5' });
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g' }));
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl }));
    clock.advanceBy(5_000);
    const error = await errorOf(
      client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle })),
    );
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toBe(
      `Value ${Messages![0]!.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
    );
  });
});

describe('SQS change notifications', () => {
  it('tells listeners about queue and message changes', async () => {
    const { client, account } = setup();
    const changes: AccountChange[] = [];
    account.subscribe((change) => changes.push(change));
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    expect(changes.map((change) => change.resource)).toEqual(['queue.q', 'queue.q.message']);
    expect(changes[1]!.detail).toMatchObject({ action: 'sent', count: 1 });
  });
});
