/** The messaging services together in one account: cross-service delivery and account-wide persistence. */
import { describe, expect, it } from 'vitest';
import {
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
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
    for (const name of ['sqs', 'sns', 'events', 'secretsmanager', 'ssm'])
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
