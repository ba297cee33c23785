/**
 * The account's asynchronous event sources reaching a function through the Lambda service's async queue: S3
 * notifications (prefix and suffix filters, ObjectCreated and ObjectRemoved), SNS subscriptions, EventBridge rules
 * and schedules on the virtual clock, the queue's retries and dead-letter queue, ARN qualifiers, and recursive
 * loop detection for S3 → function → S3. The account is configured with the real SDK (testClientConfig).
 */
import { describe, expect, it } from 'vitest';
import { PutBucketNotificationConfigurationCommand, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent, S3Event, SNSEvent, ScheduledEvent } from 'aws-lambda';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../../aws/account';
import { accountDestinations } from '../../aws/lambda';
import type { S3Service } from '../../aws/s3';
import { ALL_SERVICES } from '../../aws/services';
import type { SqsService } from '../../aws/sqs/sqs';
import { testClientConfig } from '../../aws/testing/sdkClient';
import type { HandlerModel } from '../../config';
import { LambdaService } from '../LambdaService';
import { RECURSION_LIMIT } from '../lineage';
import { asyncSources, type AsyncSources } from './asyncSources';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:resize';
/** 2026-12-01T11:00:00Z: cron schedules fire at wall-clock times. */
const EPOCH_MS = Date.UTC(2026, 11, 1, 11, 0, 0);

function setup(
  handler: HandlerModel = { durationMs: 10 },
  async: { dlq?: string; maxRetryAttempts?: number } = {},
) {
  const clock = new VirtualClock();
  // The invoker exists before the service so the service's destinations can use it (as in workspaces.ts).
  let sources: AsyncSources | null = null;
  const account = new AwsAccount({ clock, epochMs: EPOCH_MS, seed: 3 }, ALL_SERVICES);
  const service = new LambdaService({
    clock,
    seed: 3,
    epochMs: EPOCH_MS,
    destinations: {
      deliver: (delivery, inv) => sources && accountDestinations(account, sources).deliver(delivery, inv),
    },
  });
  sources = asyncSources(service);
  account.connectLambda(sources);
  const created = service.createFunction({ name: 'resize', handler, async });
  if (!created.ok) throw new Error(created.message);
  return {
    clock,
    account,
    service,
    sources,
    s3: account.service<S3Service>('s3')!,
    sqs: account.service<SqsService>('sqs')!,
    s3Client: new S3Client(testClientConfig(account)),
  };
}

async function bucketNotifying(
  ctx: ReturnType<typeof setup>,
  bucket: string,
  filter?: { prefix?: string; suffix?: string },
) {
  await ctx.s3Client.send(new CreateBucketCommand({ Bucket: bucket }));
  const rules = [
    ...(filter?.prefix !== undefined ? [{ Name: 'prefix' as const, Value: filter.prefix }] : []),
    ...(filter?.suffix !== undefined ? [{ Name: 'suffix' as const, Value: filter.suffix }] : []),
  ];
  await ctx.s3Client.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Id: 'to-resize',
            LambdaFunctionArn: FUNCTION_ARN,
            Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
            ...(rules.length ? { Filter: { Key: { FilterRules: rules } } } : {}),
          },
        ],
      },
    }),
  );
}

const body = (text: string) => ({ body: new TextEncoder().encode(text) });

describe('S3 event notifications reach the function through the async queue', () => {
  it('an object put from the console matching prefix and suffix invokes the function once, asynchronously', async () => {
    const ctx = setup();
    await bucketNotifying(ctx, 'photos', { prefix: 'uploads/', suffix: '.jpg' });
    ctx.s3.putObject('photos', 'uploads/cat.jpg', body('meow'));
    ctx.s3.putObject('photos', 'uploads/notes.txt', body('no: suffix'));
    ctx.s3.putObject('photos', 'archive/cat.jpg', body('no: prefix'));
    ctx.clock.runAll();
    const delivered = ctx.sources.recent('resize');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.source).toBe('s3');
    const inv = delivered[0]!.invocation;
    expect(inv.type).toBe('async');
    expect(inv.outcome).toBe('success');
    const event = inv.payload as S3Event;
    expect(event.Records[0]!.eventSource).toBe('aws:s3');
    expect(event.Records[0]!.eventName).toBe('ObjectCreated:Put');
    expect(event.Records[0]!.s3.bucket.name).toBe('photos');
    expect(event.Records[0]!.s3.object.key).toBe('uploads/cat.jpg');
  });

  it('a delete raises ObjectRemoved:Delete', async () => {
    const ctx = setup();
    await bucketNotifying(ctx, 'photos');
    ctx.s3.putObject('photos', 'a.jpg', body('x'));
    ctx.clock.runAll();
    ctx.s3.deleteObject('photos', 'a.jpg');
    ctx.clock.runAll();
    const names = ctx.sources
      .recent('resize')
      .map((d) => (d.invocation.payload as S3Event).Records[0]!.eventName);
    expect(names).toEqual(['ObjectCreated:Put', 'ObjectRemoved:Delete']);
  });

  it('a failing function is retried twice by the async queue, then the event goes to the dead-letter queue', async () => {
    const dlq = 'arn:aws:sqs:us-east-1:123456789012:resize-dlq';
    const ctx = setup({ durationMs: 10, result: () => 'error' }, { dlq, maxRetryAttempts: 2 });
    ctx.sqs.createQueue('resize-dlq');
    await bucketNotifying(ctx, 'photos');
    ctx.s3.putObject('photos', 'broken.jpg', body('x'));
    ctx.clock.runAll();
    const inv = ctx.sources.recent('resize')[0]!.invocation;
    expect(inv.attempts).toBe(3);
    expect(inv.outcome).toBe('dlq');
    const messages = ctx.sqs.messages(dlq);
    expect(messages).toHaveLength(1);
    const dead = JSON.parse(messages[0]!.body) as S3Event;
    expect(dead.Records[0]!.s3.object.key).toBe('broken.jpg');
  });
});

describe('SNS and EventBridge', () => {
  it('an SNS subscription delivers the SNS event', async () => {
    const ctx = setup();
    const sns = new SNSClient(testClientConfig(ctx.account));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'orders' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: FUNCTION_ARN }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'order 42 placed', Subject: 'order' }));
    ctx.clock.runAll();
    const [delivery] = ctx.sources.recent('resize');
    expect(delivery?.source).toBe('sns');
    const event = delivery!.invocation.payload as SNSEvent;
    expect(event.Records[0]!.EventSource).toBe('aws:sns');
    expect(event.Records[0]!.Sns.Message).toBe('order 42 placed');
    expect(delivery!.invocation.outcome).toBe('success');
  });

  it('an EventBridge rule invokes the function for matching events only', async () => {
    const ctx = setup();
    const events = new EventBridgeClient(testClientConfig(ctx.account));
    await events.send(
      new PutRuleCommand({
        Name: 'big-orders',
        EventPattern: JSON.stringify({ source: ['shop'], detail: { total: [{ numeric: ['>', 100] }] } }),
      }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'big-orders', Targets: [{ Id: 'fn', Arn: FUNCTION_ARN }] }),
    );
    await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'shop', DetailType: 'OrderPlaced', Detail: JSON.stringify({ total: 250 }) },
          { Source: 'shop', DetailType: 'OrderPlaced', Detail: JSON.stringify({ total: 5 }) },
          { Source: 'other', DetailType: 'OrderPlaced', Detail: JSON.stringify({ total: 500 }) },
        ],
      }),
    );
    ctx.clock.runAll();
    const delivered = ctx.sources.recent('resize');
    expect(delivered.map((d) => d.source)).toEqual(['events']);
    const event = delivered[0]!.invocation.payload as EventBridgeEvent<'OrderPlaced', { total: number }>;
    expect(event['detail-type']).toBe('OrderPlaced');
    expect(event.detail.total).toBe(250);
  });

  it('a rate(5 minutes) schedule fires on the virtual clock: three times in 15 minutes', async () => {
    const ctx = setup();
    const events = new EventBridgeClient(testClientConfig(ctx.account));
    await events.send(new PutRuleCommand({ Name: 'every-5', ScheduleExpression: 'rate(5 minutes)' }));
    await events.send(new PutTargetsCommand({ Rule: 'every-5', Targets: [{ Id: 'fn', Arn: FUNCTION_ARN }] }));
    ctx.clock.advanceBy(15 * 60_000 + 1_000);
    const delivered = ctx.sources.recent('resize');
    expect(delivered).toHaveLength(3);
    const event = delivered[0]!.invocation.payload as ScheduledEvent;
    expect(event['detail-type']).toBe('Scheduled Event');
    expect(event.source).toBe('aws.events');
    expect(delivered.map((d) => Math.round(d.at / 60_000))).toEqual([5, 10, 15]);
  });

  it('a cron schedule fires at its UTC wall-clock time', async () => {
    const ctx = setup();
    const events = new EventBridgeClient(testClientConfig(ctx.account));
    // Noon UTC every day; virtual time 0 is 11:00 UTC.
    await events.send(new PutRuleCommand({ Name: 'noon', ScheduleExpression: 'cron(0 12 * * ? *)' }));
    await events.send(new PutTargetsCommand({ Rule: 'noon', Targets: [{ Id: 'fn', Arn: FUNCTION_ARN }] }));
    ctx.clock.advanceBy(59 * 60_000);
    expect(ctx.sources.recent('resize')).toHaveLength(0);
    ctx.clock.advanceBy(2 * 60_000);
    const delivered = ctx.sources.recent('resize');
    expect(delivered).toHaveLength(1);
    expect((delivered[0]!.invocation.payload as ScheduledEvent).time).toBe('2026-12-01T12:00:00Z');
  });
});

describe('targets and recursion', () => {
  it('an ARN with an alias invokes that alias; an unknown function or another Region is not a target', () => {
    const ctx = setup();
    ctx.service.publishVersion('resize');
    expect(ctx.service.createAlias('resize', 'live', '1').ok).toBe(true);
    expect(ctx.sources.exists(`${FUNCTION_ARN}:live`)).toBe(true);
    expect(ctx.sources.exists(`${FUNCTION_ARN}:missing`)).toBe(false);
    expect(ctx.sources.exists('arn:aws:lambda:eu-west-1:123456789012:function:resize')).toBe(false);
    expect(ctx.sources.exists('arn:aws:lambda:us-east-1:123456789012:function:nothing')).toBe(false);
    ctx.sources.invokeAsync(`${FUNCTION_ARN}:live`, { hello: 1 }, { service: 'sns' });
    ctx.clock.runAll();
    const [delivery] = ctx.sources.recent();
    expect(delivery?.qualifier).toBe('live');
    expect(delivery?.invocation.executedVersion).toBe('1');
  });

  it('S3 → function → S3: the 17th invocation of the chain is stopped (recursive loop detection)', async () => {
    const ctx = setup();
    await bucketNotifying(ctx, 'loop');
    // The function writes an object into the bucket that triggered it, as its SDK call would: with its lineage.
    ctx.service.subscribe((e) => {
      if (e.type !== 'invocation.started') return;
      const inv = e.invocation;
      const requester = ctx.s3.requester({
        kind: 'function',
        functionName: 'resize',
        requestId: inv.requestId,
        lineage: inv.lineage,
      });
      ctx.s3.putObject('loop', `out-${inv.lineage}.txt`, body('again'), requester);
    });
    ctx.s3.putObject('loop', 'start.txt', body('go'));
    ctx.clock.runAll();
    const delivered = ctx.sources.recent('resize');
    expect(delivered).toHaveLength(RECURSION_LIMIT + 1);
    expect(delivered.map((d) => d.invocation.lineage)).toEqual(
      Array.from({ length: RECURSION_LIMIT + 1 }, (_, i) => i + 1),
    );
    const stopped = delivered[RECURSION_LIMIT]!.invocation;
    expect(stopped.attempts).toBe(0);
    expect(stopped.error?.errorType).toBe('RecursiveInvocationException');
    expect(ctx.service.recursiveInvocationsDropped('resize')).toBe(1);
  });
});
