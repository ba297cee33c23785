/** The messaging services together in one account: cross-service delivery and account-wide persistence. */
import { describe, expect, it } from 'vitest';
import {
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { VirtualClock } from '../clock';
import { AwsAccount } from './account';
import { ALL_SERVICES } from './services';
import type { SqsService } from './sqs/sqs';
import { testClientConfig } from './testing/sdkClient';

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, ALL_SERVICES);
  const config = testClientConfig(account);
  return {
    clock,
    account,
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    events: new EventBridgeClient(config),
    secrets: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
  };
}

async function populate(clients: ReturnType<typeof setup>) {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: 'audit' }));
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: 'orders' }));
  await clients.sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: Attributes!.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  await clients.events.send(
    new PutRuleCommand({ Name: 'to-topic', EventPattern: JSON.stringify({ source: ['shop'] }) }),
  );
  await clients.events.send(
    new PutTargetsCommand({ Rule: 'to-topic', Targets: [{ Id: 'topic', Arn: TopicArn }] }),
  );
  await clients.secrets.send(new CreateSecretCommand({ Name: 'db', SecretString: 'pw' }));
  await clients.ssm.send(new PutParameterCommand({ Name: '/app/mode', Value: 'live', Type: 'String' }));
  await clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'direct', DelaySeconds: 30 }));
  return { QueueUrl: QueueUrl! };
}

describe('messaging services in one account', () => {
  it('registers every messaging service under its endpoint name', () => {
    const { account } = setup();
    for (const name of ['dynamodb', 'sqs', 'sns', 'events', 'secretsmanager', 'ssm'])
      expect(account.service(name)?.name).toBe(name);
  });

  it('carries an event from EventBridge through an SNS topic into an SQS queue', async () => {
    const clients = setup();
    await populate(clients);
    await clients.events.send(
      new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"id":1}' }] }),
    );
    const sqs = clients.account.service<SqsService>('sqs')!;
    const bodies = sqs.messages('audit').map((message) => message.body);
    expect(bodies).toHaveLength(2);
    expect(JSON.parse(bodies.find((body) => body !== 'direct')!)).toMatchObject({
      source: 'shop',
      detail: { id: 1 },
    });
  });

  it('exports and imports the whole account as JSON, all or nothing', async () => {
    const clients = setup();
    await populate(clients);
    const exported = JSON.parse(JSON.stringify(clients.account.snapshot()));
    const fresh = setup();
    fresh.account.restore(exported);
    expect(JSON.parse(JSON.stringify(fresh.account.snapshot()))).toEqual(exported);
    // The delayed message still waits its 30 s on the restoring clock.
    const sqs = fresh.account.service<SqsService>('sqs')!;
    expect(sqs.messages('audit').map((message) => message.state)).toEqual(['delayed']);
    fresh.clock.advanceBy(30_000);
    expect(sqs.messages('audit').map((message) => message.state)).toEqual(['visible']);

    const corrupted = {
      ...exported,
      services: { ...exported.services, ssm: { version: 1, parameters: 'broken' } },
    };
    const before = JSON.parse(JSON.stringify(fresh.account.snapshot()));
    expect(() => fresh.account.restore(corrupted)).toThrow(/Not a valid SSM snapshot/);
    expect(JSON.parse(JSON.stringify(fresh.account.snapshot()))).toEqual(before);
  });

  it("passes a calling function's lineage on to the invocations and messages it causes (recursive loop detection)", async () => {
    const clock = new VirtualClock();
    const invoked: Array<{ fn: string; lineage?: number; service: string }> = [];
    const account = new AwsAccount(
      {
        clock,
        lambda: {
          invokeAsync: (fn, _payload, source) =>
            invoked.push({ fn, service: source.service, lineage: source.lineage }),
          exists: () => true,
        },
      },
      ALL_SERVICES,
    );
    const caller = { kind: 'function' as const, functionName: 'loop', requestId: 'r', lineage: 3 };
    const sqsClient = new SQSClient(testClientConfig(account, caller));
    const snsClient = new SNSClient(testClientConfig(account, caller));
    const eventsClient = new EventBridgeClient(testClientConfig(account, caller));
    const fn = 'arn:aws:lambda:us-east-1:123456789012:function:loop';
    const { QueueUrl } = await sqsClient.send(new CreateQueueCommand({ QueueName: 'q' }));
    const { TopicArn } = await snsClient.send(new CreateTopicCommand({ Name: 't' }));
    await snsClient.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fn }));
    await snsClient.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:q' }),
    );
    await eventsClient.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["app"]}' }));
    await eventsClient.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'fn', Arn: fn }] }));
    await sqsClient.send(new SendMessageCommand({ QueueUrl, MessageBody: 'direct' }));
    await snsClient.send(new PublishCommand({ TopicArn, Message: 'via topic' }));
    await eventsClient.send(
      new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}' }] }),
    );
    const queue = account.service<SqsService>('sqs')!.queue('q')!;
    expect(queue.storedMessages().map((message) => [message.lineage, message.senderId])).toEqual([
      [3, 'AROAZCOLDSTARTLAMBDA:loop'],
      [3, 'AIDACOLDSTARTSNSSERVICE'],
    ]);
    expect(invoked).toEqual([
      { fn, service: 'sns', lineage: 3 },
      { fn, service: 'events', lineage: 3 },
    ]);
  });

  it('resets every service to empty (EventBridge keeps its default bus)', async () => {
    const clients = setup();
    await populate(clients);
    clients.account.reset();
    const snapshot = clients.account.snapshot().services as Record<
      string,
      {
        queues?: unknown[];
        topics?: unknown[];
        buses?: Array<{ name: string }>;
        rules?: unknown[];
        secrets?: unknown[];
        parameters?: unknown[];
      }
    >;
    expect(snapshot.sqs!.queues).toEqual([]);
    expect(snapshot.sns!.topics).toEqual([]);
    expect(snapshot.events!.buses!.map((bus) => bus.name)).toEqual(['default']);
    expect(snapshot.events!.rules).toEqual([]);
    expect(snapshot.secretsmanager!.secrets).toEqual([]);
    expect(snapshot.ssm!.parameters).toEqual([]);
  });
});

describe('ALL_SERVICES (every service together)', () => {
  it('builds an account whose services have distinct names and round-trip through one export', () => {
    const account = new AwsAccount({ clock: new VirtualClock() }, ALL_SERVICES);
    const names = ALL_SERVICES.map((factory) => factory(account.context).name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['dynamodb', 'sqs', 'sns', 'events', 'secretsmanager', 'ssm', 's3', 'logs', 'xray'])
      expect(account.service(name), name).toBeDefined();
    const exported = JSON.parse(JSON.stringify(account.snapshot()));
    account.restore(exported);
    expect(account.snapshot()).toEqual(exported);
  });
});
