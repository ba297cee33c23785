/** EventBridge through the real SDK client: buses, rules, targets, PutEvents delivery and schedules on the clock. */
import { describe, expect, it } from 'vitest';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  InvalidEventPatternException,
  LimitExceededException,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  TestEventPatternCommand,
  EventBridgeServiceException,
} from '@aws-sdk/client-eventbridge';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import type { LambdaInvoker } from '../service';
import { createSqs, type SqsService } from '../sqs/sqs';
import { testClientConfig } from '../testing/sdkClient';
import { createEventBridge, type EventBridgeService } from './eventbridge';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:handler';

function setup(startMs = 0) {
  const clock = new VirtualClock(startMs);
  const invocations: Array<{ fn: string; payload: unknown; source: { service: string } }> = [];
  const lambda: LambdaInvoker = {
    invokeAsync: (fn, payload, source) => invocations.push({ fn, payload, source }),
    exists: (fn) => fn === FUNCTION_ARN || fn === 'handler',
  };
  // Virtual time 0 is 2026-12-01T00:00:00Z in these tests, so cron schedules have a known calendar.
  const account = new AwsAccount({ clock, lambda, epochMs: Date.UTC(2026, 11, 1) }, [
    createSqs,
    createEventBridge,
  ]);
  const client = new EventBridgeClient(testClientConfig(account));
  const sqs = account.service<SqsService>('sqs')!;
  const events = account.service<EventBridgeService>('events')!;
  return { clock, account, client, sqs, events, invocations };
}

const orderPattern = JSON.stringify({
  source: ['shop.orders'],
  'detail-type': ['OrderPlaced'],
  detail: { total: [{ numeric: ['>=', 100] }] },
});

describe('EventBridge buses', () => {
  it('has the default bus, creates, describes, lists and deletes custom buses', async () => {
    const { client } = setup();
    const created = await client.send(
      new CreateEventBusCommand({ Name: 'orders', Description: 'shop events' }),
    );
    expect(created.EventBusArn).toBe('arn:aws:events:us-east-1:123456789012:event-bus/orders');
    const listed = await client.send(new ListEventBusesCommand({}));
    expect(listed.EventBuses?.map((bus) => bus.Name)).toEqual(['default', 'orders']);
    expect((await client.send(new DescribeEventBusCommand({ Name: 'orders' }))).Description).toBe(
      'shop events',
    );
    await expect(client.send(new CreateEventBusCommand({ Name: 'orders' }))).rejects.toBeInstanceOf(
      ResourceAlreadyExistsException,
    );
    await client.send(new DeleteEventBusCommand({ Name: 'orders' }));
    const error = await client
      .send(new DescribeEventBusCommand({ Name: 'orders' }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toBe('Event bus orders does not exist.');
  });
});

describe('EventBridge rules and targets', () => {
  it('puts, describes, lists, disables and deletes rules', async () => {
    const { client } = setup();
    const put = await client.send(
      new PutRuleCommand({ Name: 'big-orders', EventPattern: orderPattern, Description: 'd' }),
    );
    expect(put.RuleArn).toBe('arn:aws:events:us-east-1:123456789012:rule/big-orders');
    const described = await client.send(new DescribeRuleCommand({ Name: 'big-orders' }));
    expect(described).toMatchObject({
      Name: 'big-orders',
      State: 'ENABLED',
      EventPattern: orderPattern,
      EventBusName: 'default',
    });
    await client.send(new DisableRuleCommand({ Name: 'big-orders' }));
    expect((await client.send(new ListRulesCommand({ NamePrefix: 'big' }))).Rules?.[0]?.State).toBe(
      'DISABLED',
    );
    await client.send(new EnableRuleCommand({ Name: 'big-orders' }));
    await client.send(
      new PutTargetsCommand({ Rule: 'big-orders', Targets: [{ Id: 'fn', Arn: FUNCTION_ARN }] }),
    );
    const blocked = await client
      .send(new DeleteRuleCommand({ Name: 'big-orders' }))
      .catch((caught: unknown) => caught);
    // EventBridge's model declares no ValidationException: the SDK raises its base exception under that name.
    expect(blocked).toBeInstanceOf(EventBridgeServiceException);
    expect((blocked as Error).name).toBe('ValidationException');
    expect((blocked as Error).message).toBe("Rule can't be deleted since it has targets.");
    expect(
      (await client.send(new ListRuleNamesByTargetCommand({ TargetArn: FUNCTION_ARN }))).RuleNames,
    ).toEqual(['big-orders']);
    const removed = await client.send(new RemoveTargetsCommand({ Rule: 'big-orders', Ids: ['fn', 'ghost'] }));
    expect(removed.FailedEntryCount).toBe(1);
    expect(removed.FailedEntries?.[0]?.TargetId).toBe('ghost');
    await client.send(new DeleteRuleCommand({ Name: 'big-orders' }));
    const gone = await client
      .send(new DescribeRuleCommand({ Name: 'big-orders' }))
      .catch((caught: unknown) => caught);
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect((gone as Error).message).toBe('Rule big-orders does not exist on EventBus default.');
  });

  it('rejects invalid patterns, missing pattern and schedule, and schedules on custom buses', async () => {
    const { client } = setup();
    const bad = await client
      .send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source": "x"}' }))
      .catch((caught: unknown) => caught);
    expect(bad).toBeInstanceOf(InvalidEventPatternException);
    expect((bad as Error).message).toMatch(/^Event pattern is not valid\. Reason: /);
    const neither = await client.send(new PutRuleCommand({ Name: 'r' })).catch((caught: unknown) => caught);
    expect((neither as Error).message).toBe(
      'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    );
    await client.send(new CreateEventBusCommand({ Name: 'custom' }));
    const scheduled = await client
      .send(new PutRuleCommand({ Name: 'r', EventBusName: 'custom', ScheduleExpression: 'rate(5 minutes)' }))
      .catch((caught: unknown) => caught);
    expect((scheduled as Error).message).toBe(
      'ScheduleExpression is supported only on the default event bus.',
    );
    const badRate = await client
      .send(new PutRuleCommand({ Name: 'r', ScheduleExpression: 'rate(1 minutes)' }))
      .catch((caught: unknown) => caught);
    expect((badRate as Error).name).toBe('ValidationException');
    expect((badRate as Error).message).toBe('Parameter ScheduleExpression is not valid.');
  });

  it('limits a rule to five targets and FIFO queue targets need a message group', async () => {
    const { client, sqs } = setup();
    await client.send(new PutRuleCommand({ Name: 'r', EventPattern: orderPattern }));
    const targets = Array.from({ length: 6 }, (_, index) => ({ Id: `t${index}`, Arn: FUNCTION_ARN }));
    await expect(client.send(new PutTargetsCommand({ Rule: 'r', Targets: targets }))).rejects.toBeInstanceOf(
      LimitExceededException,
    );
    const fifo = sqs.createQueue('jobs.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const missing = await client
      .send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'q', Arn: fifo.arn }] }))
      .catch((caught: unknown) => caught);
    expect((missing as Error).message).toBe('Parameter(s) SqsParameters must be specified for target: q.');
  });
});

describe('EventBridge PutEvents', () => {
  it('delivers matching events to Lambda and SQS targets in the EventBridge envelope', async () => {
    const { client, sqs, invocations, clock } = setup();
    clock.advanceBy(90_500);
    const queue = sqs.createQueue('audit');
    await client.send(new PutRuleCommand({ Name: 'big-orders', EventPattern: orderPattern }));
    await client.send(
      new PutTargetsCommand({
        Rule: 'big-orders',
        Targets: [
          { Id: 'fn', Arn: FUNCTION_ARN },
          { Id: 'queue', Arn: queue.arn },
        ],
      }),
    );
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'shop.orders',
            DetailType: 'OrderPlaced',
            Detail: JSON.stringify({ orderId: 'o-1', total: 150 }),
            Resources: ['r1'],
          },
          {
            Source: 'shop.orders',
            DetailType: 'OrderPlaced',
            Detail: JSON.stringify({ orderId: 'o-2', total: 20 }),
          },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries).toHaveLength(2);
    expect(invocations).toHaveLength(1);
    const event = invocations[0]!.payload as Record<string, unknown>;
    expect(event).toEqual({
      version: '0',
      id: out.Entries![0]!.EventId,
      'detail-type': 'OrderPlaced',
      source: 'shop.orders',
      account: '123456789012',
      time: '2026-12-01T00:01:30Z',
      region: 'us-east-1',
      resources: ['r1'],
      detail: { orderId: 'o-1', total: 150 },
    });
    expect(invocations[0]!.source.service).toBe('events');
    const [message] = sqs.messages('audit');
    expect(JSON.parse(message!.body)).toEqual(event);
  });

  it('shapes target input with Input, InputPath and InputTransformer', async () => {
    const { client, invocations, sqs } = setup();
    const queue = sqs.createQueue('q');
    await client.send(new PutRuleCommand({ Name: 'r', EventPattern: JSON.stringify({ source: ['app'] }) }));
    await client.send(
      new PutTargetsCommand({
        Rule: 'r',
        Targets: [
          { Id: 'constant', Arn: FUNCTION_ARN, Input: '{"fixed":true}' },
          { Id: 'path', Arn: FUNCTION_ARN, InputPath: '$.detail.order' },
          {
            Id: 'template',
            Arn: queue.arn,
            InputTransformer: {
              InputPathsMap: { id: '$.detail.order.id', source: '$.source' },
              InputTemplate: '{"orderId": <id>, "text": "order <id> from <source>"}',
            },
          },
        ],
      }),
    );
    await client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'app', DetailType: 't', Detail: '{"order":{"id":"o-9"}}' }],
      }),
    );
    expect(invocations.map((invocation) => invocation.payload)).toEqual([{ fixed: true }, { id: 'o-9' }]);
    expect(JSON.parse(sqs.messages('q')[0]!.body)).toEqual({ orderId: 'o-9', text: 'order o-9 from app' });
  });

  it('routes to custom buses by name or ARN and skips disabled rules', async () => {
    const { client, invocations } = setup();
    await client.send(new CreateEventBusCommand({ Name: 'orders' }));
    await client.send(
      new PutRuleCommand({
        Name: 'r',
        EventBusName: 'orders',
        EventPattern: JSON.stringify({ source: ['app'] }),
      }),
    );
    await client.send(
      new PutTargetsCommand({
        Rule: 'r',
        EventBusName: 'orders',
        Targets: [{ Id: 'fn', Arn: FUNCTION_ARN }],
      }),
    );
    const entry = { Source: 'app', DetailType: 't', Detail: '{}' };
    await client.send(new PutEventsCommand({ Entries: [entry] }));
    expect(invocations).toHaveLength(0);
    await client.send(
      new PutEventsCommand({
        Entries: [{ ...entry, EventBusName: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' }],
      }),
    );
    expect(invocations).toHaveLength(1);
    await client.send(new DisableRuleCommand({ Name: 'r', EventBusName: 'orders' }));
    await client.send(new PutEventsCommand({ Entries: [{ ...entry, EventBusName: 'orders' }] }));
    expect(invocations).toHaveLength(1);
  });

  it('reports entry failures in FailedEntryCount and rejects oversized requests', async () => {
    const { client } = setup();
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'app', DetailType: 't', Detail: '{}' },
          { Source: 'app', DetailType: 't', Detail: 'not json' },
          { DetailType: 't', Detail: '{}' },
          { Source: 'app', DetailType: 't', Detail: '{}', EventBusName: 'missing' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries?.[1]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(out.Entries?.[2]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
    });
    expect(out.Entries?.[3]?.ErrorCode).toBe('ResourceNotFoundException');
    const eleven = Array.from({ length: 11 }, () => ({ Source: 'app', DetailType: 't', Detail: '{}' }));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const big = 'x'.repeat(600_000);
    const tooBig = await client
      .send(
        new PutEventsCommand({
          Entries: [0, 1].map(() => ({ Source: 'app', DetailType: 't', Detail: JSON.stringify({ big }) })),
        }),
      )
      .catch((caught: unknown) => caught);
    expect((tooBig as Error).name).toBe('ValidationException');
    expect((tooBig as Error).message).toBe('Total size of the entries in the request is over the limit.');
  });

  it('TestEventPattern answers through the SDK', async () => {
    const { client } = setup();
    const event = JSON.stringify({
      id: '1',
      account: '123456789012',
      source: 'shop.orders',
      time: '2026-12-01T00:00:00Z',
      region: 'us-east-1',
      'detail-type': 'OrderPlaced',
      resources: [],
      detail: { total: 120 },
    });
    expect(
      (await client.send(new TestEventPatternCommand({ EventPattern: orderPattern, Event: event }))).Result,
    ).toBe(true);
    const small = event.replace('120', '99');
    expect(
      (await client.send(new TestEventPatternCommand({ EventPattern: orderPattern, Event: small }))).Result,
    ).toBe(false);
  });
});

describe('EventBridge schedules on the virtual clock', () => {
  it('fires a rate rule every period from its creation, with a Scheduled Event', async () => {
    const { client, clock, invocations } = setup();
    clock.advanceBy(30_000);
    await client.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(5 minutes)' }));
    await client.send(new PutTargetsCommand({ Rule: 'tick', Targets: [{ Id: 'fn', Arn: FUNCTION_ARN }] }));
    clock.advanceBy(5 * 60_000 - 1);
    expect(invocations).toHaveLength(0);
    clock.advanceBy(1);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]!.payload).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/tick'],
      detail: {},
      time: '2026-12-01T00:05:30Z',
    });
    clock.advanceBy(10 * 60_000);
    expect(invocations).toHaveLength(3);
    await client.send(new DisableRuleCommand({ Name: 'tick' }));
    clock.advanceBy(60 * 60_000);
    expect(invocations).toHaveLength(3);
  });

  it('fires a cron rule at its UTC times', async () => {
    const { client, clock, invocations } = setup();
    // Every weekday at 09:30 UTC; 2026-12-01 is a Tuesday.
    await client.send(
      new PutRuleCommand({ Name: 'standup', ScheduleExpression: 'cron(30 9 ? * MON-FRI *)' }),
    );
    await client.send(new PutTargetsCommand({ Rule: 'standup', Targets: [{ Id: 'fn', Arn: FUNCTION_ARN }] }));
    clock.advanceBy(7 * 24 * 3_600_000);
    const times = invocations.map((invocation) => (invocation.payload as { time: string }).time);
    expect(times).toEqual([
      '2026-12-01T09:30:00Z',
      '2026-12-02T09:30:00Z',
      '2026-12-03T09:30:00Z',
      '2026-12-04T09:30:00Z',
      '2026-12-07T09:30:00Z',
    ]);
  });

  it('survives a snapshot and restore, keeping targets and the schedule', async () => {
    const { client, events } = setup();
    await client.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(1 hour)' }));
    await client.send(new PutTargetsCommand({ Rule: 'tick', Targets: [{ Id: 'fn', Arn: FUNCTION_ARN }] }));
    const snapshot = JSON.parse(JSON.stringify(events.snapshot()));
    const later = setup();
    later.events.restore(snapshot);
    expect((await later.client.send(new ListTargetsByRuleCommand({ Rule: 'tick' }))).Targets).toEqual([
      { Id: 'fn', Arn: FUNCTION_ARN },
    ]);
    later.clock.advanceBy(3_600_000);
    expect(later.invocations).toHaveLength(1);
    expect(() =>
      later.events.restore({ ...snapshot, rules: [{ ...snapshot.rules[0], eventPattern: '{"a":1}' }] }),
    ).toThrow(/Not a valid EventBridge snapshot/);
    expect(later.events.listAllRules().map((rule) => rule.name)).toEqual(['tick']);
  });
});
