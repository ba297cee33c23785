/** SNS through the real SDK client (query protocol, XML): topics, subscriptions, publishing and delivery. */
import { describe, expect, it } from 'vitest';
import {
  BatchEntryIdsNotDistinctException,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  TooManyEntriesInBatchRequestException,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SNSEvent } from 'aws-lambda';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import type { LambdaInvoker } from '../service';
import { createSqs, type SqsService } from '../sqs/sqs';
import { testClientConfig } from '../testing/sdkClient';
import { createSns, type SnsService } from './sns';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:notify';

function setup() {
  const clock = new VirtualClock();
  const invocations: Array<{ fn: string; payload: unknown; source: { service: string } }> = [];
  const lambda: LambdaInvoker = {
    invokeAsync: (fn, payload, source) => invocations.push({ fn, payload, source }),
    exists: (fn) => fn === FUNCTION_ARN,
  };
  const account = new AwsAccount({ clock, lambda, epochMs: Date.UTC(2026, 11, 1) }, [createSqs, createSns]);
  const client = new SNSClient(testClientConfig(account));
  const sqsClient = new SQSClient(testClientConfig(account));
  const sqs = account.service<SqsService>('sqs')!;
  const sns = account.service<SnsService>('sns')!;
  return { clock, account, client, sqsClient, sqs, sns, invocations };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

describe('SNS topics', () => {
  it('creates (idempotently), lists, describes, tags and deletes topics', async () => {
    const { client } = setup();
    const { TopicArn } = await client.send(
      new CreateTopicCommand({ Name: 'orders', Attributes: { DisplayName: 'Orders' } }),
    );
    expect(TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:orders');
    expect((await client.send(new CreateTopicCommand({ Name: 'orders' }))).TopicArn).toBe(TopicArn);
    await client.send(new CreateTopicCommand({ Name: 'alerts' }));
    const listed = await client.send(new ListTopicsCommand({}));
    expect(listed.Topics?.map((topic) => topic.TopicArn)).toEqual([
      'arn:aws:sns:us-east-1:123456789012:alerts',
      'arn:aws:sns:us-east-1:123456789012:orders',
    ]);
    const { Attributes } = await client.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(Attributes).toMatchObject({
      TopicArn,
      Owner: '123456789012',
      DisplayName: 'Orders',
      SubscriptionsConfirmed: '0',
    });
    await client.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Shop' }),
    );
    expect((await client.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.DisplayName).toBe(
      'Shop',
    );
    await client.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'team', Value: 'a' }] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags).toEqual([
      { Key: 'team', Value: 'a' },
    ]);
    await client.send(new DeleteTopicCommand({ TopicArn }));
    const error = await failure(client.send(new GetTopicAttributesCommand({ TopicArn })));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.message).toBe('Topic does not exist');
  });

  it('validates topic names, FIFO names included', async () => {
    const { client } = setup();
    const bad = await failure(client.send(new CreateTopicCommand({ Name: 'no spaces' })));
    expect(bad).toBeInstanceOf(InvalidParameterException);
    expect(bad.message).toBe('Invalid parameter: Topic Name');
    const fifo = await failure(
      client.send(new CreateTopicCommand({ Name: 'events', Attributes: { FifoTopic: 'true' } })),
    );
    expect(fifo.message).toMatch(/^Invalid parameter: Fifo Topic names must end with \.fifo/);
    const created = await client.send(
      new CreateTopicCommand({ Name: 'events.fifo', Attributes: { FifoTopic: 'true' } }),
    );
    expect(created.TopicArn).toMatch(/:events\.fifo$/);
  });

  it('pages ListTopics by 100', async () => {
    const { client } = setup();
    for (let index = 0; index < 105; index++)
      await client.send(new CreateTopicCommand({ Name: `t${String(index).padStart(3, '0')}` }));
    const first = await client.send(new ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    const second = await client.send(new ListTopicsCommand({ NextToken: first.NextToken }));
    expect(second.Topics).toHaveLength(5);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('SNS subscriptions', () => {
  it('subscribes SQS and Lambda endpoints, lists, describes and unsubscribes them', async () => {
    const { client, sqs } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    const queue = sqs.createQueue('orders-queue');
    const sqsSub = await client.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );
    const fnSub = await client.send(
      new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: FUNCTION_ARN }),
    );
    expect(sqsSub.SubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:orders:/);
    const again = await client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    expect(again.SubscriptionArn).toBe(sqsSub.SubscriptionArn);
    const byTopic = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(byTopic.Subscriptions?.map((subscription) => subscription.Protocol).sort()).toEqual([
      'lambda',
      'sqs',
    ]);
    expect((await client.send(new ListSubscriptionsCommand({}))).Subscriptions).toHaveLength(2);
    const { Attributes } = await client.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: sqsSub.SubscriptionArn }),
    );
    expect(Attributes).toMatchObject({
      Protocol: 'sqs',
      Endpoint: queue.arn,
      RawMessageDelivery: 'false',
      PendingConfirmation: 'false',
    });
    await client.send(new UnsubscribeCommand({ SubscriptionArn: fnSub.SubscriptionArn }));
    expect((await client.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toHaveLength(
      1,
    );
    await expect(
      client.send(new UnsubscribeCommand({ SubscriptionArn: fnSub.SubscriptionArn })),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it('rejects bad protocols and endpoints, and raw delivery for Lambda', async () => {
    const { client } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    const protocol = await failure(
      client.send(new SubscribeCommand({ TopicArn, Protocol: 'carrier-pigeon', Endpoint: 'x' })),
    );
    expect(protocol.message).toBe(
      'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon',
    );
    const endpoint = await failure(
      client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'https://example.com' })),
    );
    expect(endpoint.message).toBe('Invalid parameter: SQS endpoint ARN');
    const raw = await failure(
      client.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'lambda',
          Endpoint: FUNCTION_ARN,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      ),
    );
    expect(raw).toBeInstanceOf(InvalidParameterException);
    const missing = await failure(
      client.send(
        new SubscribeCommand({
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:none',
          Protocol: 'sqs',
          Endpoint: 'arn:aws:sqs:us-east-1:123456789012:q',
        }),
      ),
    );
    expect(missing).toBeInstanceOf(NotFoundException);
  });
});

describe('SNS publishing and delivery', () => {
  it('delivers to SQS in the SNS JSON envelope', async () => {
    const { client, sqsClient, sqs } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    const queue = sqs.createQueue('q');
    const { SubscriptionArn } = await client.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );
    const published = await client.send(
      new PublishCommand({
        TopicArn,
        Subject: 'New order',
        Message: '{"orderId":"o-1"}',
        MessageAttributes: { store: { DataType: 'String', StringValue: 'north' } },
      }),
    );
    const { Messages } = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl: queue.url }));
    const body = Messages![0]!.Body!;
    expect(body.startsWith('{\n  "Type" : "Notification",\n  "MessageId" : ')).toBe(true);
    const envelope = JSON.parse(body);
    expect(envelope).toEqual({
      Type: 'Notification',
      MessageId: published.MessageId,
      TopicArn,
      Subject: 'New order',
      Message: '{"orderId":"o-1"}',
      Timestamp: '2026-12-01T00:00:00.000Z',
      SignatureVersion: '1',
      Signature: expect.any(String),
      SigningCertURL: expect.stringMatching(
        /^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-.*\.pem$/,
      ),
      UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`,
      MessageAttributes: { store: { Type: 'String', Value: 'north' } },
    });
    expect(Messages![0]!.MessageAttributes).toBeUndefined();
  });

  it('delivers the raw message and its attributes with RawMessageDelivery', async () => {
    const { client, sqsClient, sqs } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    const queue = sqs.createQueue('q');
    const { SubscriptionArn } = await client.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );
    await client.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'RawMessageDelivery',
        AttributeValue: 'true',
      }),
    );
    await client.send(
      new PublishCommand({
        TopicArn,
        Message: 'plain text',
        MessageAttributes: { n: { DataType: 'Number', StringValue: '7' } },
      }),
    );
    const { Messages } = await sqsClient.send(
      new ReceiveMessageCommand({ QueueUrl: queue.url, MessageAttributeNames: ['All'] }),
    );
    expect(Messages![0]!.Body).toBe('plain text');
    expect(Messages![0]!.MessageAttributes).toEqual({ n: { DataType: 'Number', StringValue: '7' } });
  });

  it('invokes Lambda subscriptions asynchronously with the SNS event', async () => {
    const { client, invocations } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    const { SubscriptionArn } = await client.send(
      new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: FUNCTION_ARN }),
    );
    const { MessageId } = await client.send(
      new PublishCommand({
        TopicArn,
        Message: 'hello',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
      }),
    );
    expect(invocations).toHaveLength(1);
    expect(invocations[0]!.fn).toBe(FUNCTION_ARN);
    expect(invocations[0]!.source.service).toBe('sns');
    const event = invocations[0]!.payload as SNSEvent;
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]).toMatchObject({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: SubscriptionArn,
      Sns: {
        Type: 'Notification',
        MessageId,
        TopicArn,
        Subject: null,
        Message: 'hello',
        Timestamp: '2026-12-01T00:00:00.000Z',
        SignatureVersion: '1',
        MessageAttributes: { kind: { Type: 'String', Value: 'greeting' } },
      },
    });
    expect(event.Records[0]!.Sns.UnsubscribeUrl).toContain(SubscriptionArn!);
    expect(event.Records[0]!.Sns.SigningCertUrl).toMatch(/\.pem$/);
  });

  it('applies filter policies to attributes or to the message body', async () => {
    const { client, sqs } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    const byAttribute = sqs.createQueue('big');
    const byBody = sqs.createQueue('eu');
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: byAttribute.arn,
        Attributes: {
          FilterPolicy: JSON.stringify({ total: [{ numeric: ['>=', 100] }], store: [{ prefix: 'north' }] }),
        },
      }),
    );
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: byBody.arn,
        Attributes: {
          FilterPolicyScope: 'MessageBody',
          FilterPolicy: JSON.stringify({ region: ['eu-west-1'] }),
        },
      }),
    );
    const publish = (message: string, total: string, store: string) =>
      client.send(
        new PublishCommand({
          TopicArn,
          Message: message,
          MessageAttributes: {
            total: { DataType: 'Number', StringValue: total },
            store: { DataType: 'String', StringValue: store },
          },
        }),
      );
    await publish('{"region":"eu-west-1"}', '150', 'north-1');
    await publish('{"region":"us-east-1"}', '50', 'north-2');
    await publish('{"region":"us-east-1"}', '500', 'south');
    expect(sqs.messages('big')).toHaveLength(1);
    expect(sqs.messages('eu')).toHaveLength(1);
    const bad = await failure(
      client.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'lambda',
          Endpoint: FUNCTION_ARN,
          Attributes: { FilterPolicy: '{"a": "b"}' },
        }),
      ),
    );
    expect(bad).toBeInstanceOf(InvalidParameterException);
    expect(bad.message).toMatch(/^Invalid parameter: FilterPolicy: /);
  });

  it('uses the per-protocol message of MessageStructure json', async () => {
    const { client, sqs, invocations } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    const queue = sqs.createQueue('q');
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: FUNCTION_ARN }));
    await client.send(
      new PublishCommand({
        TopicArn,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: 'for everyone', sqs: 'for queues' }),
      }),
    );
    expect(sqs.messages('q')[0]!.body).toBe('for queues');
    expect((invocations[0]!.payload as SNSEvent).Records[0]!.Sns.Message).toBe('for everyone');
    const noDefault = await failure(
      client.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: '{"sqs":"x"}' })),
    );
    expect(noDefault.message).toBe(
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
  });

  it('rejects empty, oversized and unknown-topic publishes', async () => {
    const { client } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    expect((await failure(client.send(new PublishCommand({ TopicArn, Message: '' })))).message).toBe(
      'Invalid parameter: Empty message',
    );
    const tooLong = await failure(
      client.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_145) })),
    );
    expect(tooLong).toBeInstanceOf(InvalidParameterException);
    expect(tooLong.message).toBe('Invalid parameter: Message too long');
    await client.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_144) }));
    await client.send(
      new SetTopicAttributesCommand({
        TopicArn,
        AttributeName: 'MaximumMessageSize',
        AttributeValue: '1048576',
      }),
    );
    await client.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_145) }));
    await expect(
      client.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:none', Message: 'x' })),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it('publishes batches with per-entry results and batch-level errors', async () => {
    const { client, sqs } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    const queue = sqs.createQueue('q');
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const out = await client.send(
      new PublishBatchCommand({
        TopicArn,
        PublishBatchRequestEntries: [
          { Id: 'a', Message: 'one' },
          { Id: 'b', Message: '' },
          { Id: 'c', Message: 'three', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
        ],
      }),
    );
    expect(out.Successful?.map((entry) => entry.Id)).toEqual(['a', 'c']);
    expect(out.Failed).toEqual([
      { Id: 'b', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
    ]);
    expect(sqs.messages('q').map((message) => message.body)).toEqual(['one', 'three']);
    const many = Array.from({ length: 11 }, (_, index) => ({ Id: `m${index}`, Message: 'x' }));
    await expect(
      client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: many })),
    ).rejects.toBeInstanceOf(TooManyEntriesInBatchRequestException);
    await expect(
      client.send(
        new PublishBatchCommand({
          TopicArn,
          PublishBatchRequestEntries: [
            { Id: 'a', Message: 'x' },
            { Id: 'a', Message: 'y' },
          ],
        }),
      ),
    ).rejects.toBeInstanceOf(BatchEntryIdsNotDistinctException);
  });

  it('FIFO topics need a group, deduplicate within five minutes and keep order into a FIFO queue', async () => {
    const { client, sqs, clock } = setup();
    const { TopicArn } = await client.send(
      new CreateTopicCommand({
        Name: 'orders.fifo',
        Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
      }),
    );
    const queue = sqs.createQueue('orders.fifo', { FifoQueue: 'true' });
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const noGroup = await failure(client.send(new PublishCommand({ TopicArn, Message: 'x' })));
    expect(noGroup.message).toBe(
      'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
    );
    const first = await client.send(new PublishCommand({ TopicArn, Message: 'first', MessageGroupId: 'g' }));
    expect(first.SequenceNumber).toMatch(/^\d+$/);
    const duplicate = await client.send(
      new PublishCommand({ TopicArn, Message: 'first', MessageGroupId: 'g' }),
    );
    expect(duplicate.MessageId).toBe(first.MessageId);
    await client.send(new PublishCommand({ TopicArn, Message: 'second', MessageGroupId: 'g' }));
    expect(sqs.messages('orders.fifo').map((message) => [message.body, message.groupId])).toEqual([
      ['first', 'g'],
      ['second', 'g'],
    ]);
    clock.advanceBy(5 * 60_000);
    const later = await client.send(new PublishCommand({ TopicArn, Message: 'first', MessageGroupId: 'g' }));
    expect(later.MessageId).not.toBe(first.MessageId);
  });

  it('round-trips subscriptions and filter policies through a snapshot', async () => {
    const { client, sns } = setup();
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'orders' }));
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'lambda',
        Endpoint: FUNCTION_ARN,
        Attributes: { FilterPolicy: '{"kind":["a"]}' },
      }),
    );
    const snapshot = JSON.parse(JSON.stringify(sns.snapshot()));
    const later = setup();
    later.sns.restore(snapshot);
    await later.client.send(
      new PublishCommand({
        TopicArn,
        Message: 'm',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'b' } },
      }),
    );
    await later.client.send(
      new PublishCommand({
        TopicArn,
        Message: 'm',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'a' } },
      }),
    );
    expect(later.invocations).toHaveLength(1);
    expect(() => later.sns.restore({ ...snapshot, topics: 'nope' })).toThrow(/Not a valid SNS snapshot/);
    expect(later.sns.listTopicViews()).toHaveLength(1);
  });
});
