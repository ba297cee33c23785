import { describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import type { AwsCaller } from '../http';
import type { LambdaInvoker } from '../service';
import { testClientConfig } from '../testing/sdkClient';
import { md5Hex } from './checksums';
import { encodeEventKey } from './notifications';
import { createS3, type S3QueueTarget, type S3Service } from './service';

const RESIZE_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:resize';
const AUDIT_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:audit';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:uploads';

interface Invocation {
  functionArn: string;
  payload: S3Event;
  source: { service: string; lineage?: number };
}

function setup(caller?: AwsCaller) {
  const clock = new VirtualClock();
  const invocations: Invocation[] = [];
  const lambda: LambdaInvoker = {
    invokeAsync: (functionArn, payload, source) =>
      invocations.push({ functionArn, payload: payload as S3Event, source }),
    exists: (functionArn) => functionArn === RESIZE_ARN || functionArn === AUDIT_ARN,
  };
  const queued: { arn: string; body: string }[] = [];
  const queues: S3QueueTarget = {
    deliverToQueue: (arn, body) => {
      queued.push({ arn, body });
      return true;
    },
    hasQueue: (arn) => arn === QUEUE_ARN,
  };
  const account = new AwsAccount({ clock, lambda }, [(ctx) => createS3(ctx, { queues })]);
  const client = new S3Client(testClientConfig(account, caller));
  return { clock, account, client, invocations, queued, s3: account.service<S3Service>('s3')! };
}

const CONFIGURATION: NotificationConfiguration = {
  LambdaFunctionConfigurations: [
    {
      Id: 'resize-images',
      LambdaFunctionArn: RESIZE_ARN,
      Events: ['s3:ObjectCreated:*'],
      Filter: {
        Key: {
          FilterRules: [
            { Name: 'prefix', Value: 'uploads/' },
            { Name: 'suffix', Value: '.jpg' },
          ],
        },
      },
    },
    { Id: 'audit-deletes', LambdaFunctionArn: AUDIT_ARN, Events: ['s3:ObjectRemoved:Delete'] },
  ],
};

async function rejection(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as S3ServiceException;
  }
  throw new Error('expected the call to fail');
}

describe('S3 event notifications', () => {
  it('round-trips the configuration in S3’s wire format (CloudFunctionConfiguration, FilterRule Prefix/Suffix)', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'media' }));
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'media',
        NotificationConfiguration: CONFIGURATION,
      }),
    );
    const got = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'media' }));
    expect(got.LambdaFunctionConfigurations).toEqual([
      {
        Id: 'resize-images',
        LambdaFunctionArn: RESIZE_ARN,
        Events: ['s3:ObjectCreated:*'],
        Filter: {
          Key: {
            FilterRules: [
              { Name: 'Prefix', Value: 'uploads/' },
              { Name: 'Suffix', Value: '.jpg' },
            ],
          },
        },
      },
      { Id: 'audit-deletes', LambdaFunctionArn: AUDIT_ARN, Events: ['s3:ObjectRemoved:Delete'] },
    ]);
    await client.send(new CreateBucketCommand({ Bucket: 'plain' }));
    const empty = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'plain' }));
    expect(empty.LambdaFunctionConfigurations).toBeUndefined();
    expect(empty.QueueConfigurations).toBeUndefined();
  });

  it('invokes the function asynchronously with the exact S3 event record for a matching put', async () => {
    const { client, clock, invocations } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'media' }));
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'media',
        NotificationConfiguration: CONFIGURATION,
      }),
    );
    clock.advanceBy(1500);
    await client.send(
      new PutObjectCommand({ Bucket: 'media', Key: 'uploads/red flower=1.jpg', Body: 'jpegbytes' }),
    );
    expect(invocations).toHaveLength(0); // delivery is asynchronous: it leaves on the next clock step
    clock.advanceBy(0);
    expect(invocations).toHaveLength(1);
    const { functionArn, payload, source } = invocations[0]!;
    expect(functionArn).toBe(RESIZE_ARN);
    expect(source).toEqual({ service: 's3' });
    expect(payload.Records).toHaveLength(1);
    const record = payload.Records[0]!;
    expect(Object.keys(record)).toEqual([
      'eventVersion',
      'eventSource',
      'awsRegion',
      'eventTime',
      'eventName',
      'userIdentity',
      'requestParameters',
      'responseElements',
      's3',
    ]);
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2026-11-26T12:00:01.500Z',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'resize-images',
        bucket: { name: 'media', arn: 'arn:aws:s3:::media' },
        object: {
          key: 'uploads/red+flower%3D1.jpg',
          size: 9,
          eTag: md5Hex(new TextEncoder().encode('jpegbytes')),
        },
      },
    });
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
    expect(record.responseElements['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(Object.keys(record.s3.object)).toEqual(['key', 'size', 'eTag', 'sequencer']);
  });

  it('applies prefix and suffix filters and event types: no event for non-matching keys or unconfigured events', async () => {
    const { client, clock, invocations } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'media' }));
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'media',
        NotificationConfiguration: CONFIGURATION,
      }),
    );
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'uploads/a.png', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'other/a.jpg', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'uploads/ok.jpg', Body: 'x' }));
    await client.send(
      new CopyObjectCommand({ Bucket: 'media', Key: 'uploads/copy.jpg', CopySource: 'media/other/a.jpg' }),
    );
    await client.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'uploads/a.png' }));
    await client.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'never-there' }));
    await client.send(
      new DeleteObjectsCommand({
        Bucket: 'media',
        Delete: { Objects: [{ Key: 'other/a.jpg' }, { Key: 'missing' }] },
      }),
    );
    clock.runAll();
    expect(
      invocations.map((call) => [
        call.functionArn,
        call.payload.Records[0]!.eventName,
        call.payload.Records[0]!.s3.object.key,
      ]),
    ).toEqual([
      [RESIZE_ARN, 'ObjectCreated:Put', 'uploads/ok.jpg'],
      [RESIZE_ARN, 'ObjectCreated:Copy', 'uploads/copy.jpg'],
      [AUDIT_ARN, 'ObjectRemoved:Delete', 'uploads/a.png'],
      [AUDIT_ARN, 'ObjectRemoved:Delete', 'other/a.jpg'],
    ]);
    const removed = invocations[2]!.payload.Records[0]!.s3.object;
    expect(Object.keys(removed)).toEqual(['key', 'sequencer']);
    // Sequencers grow, so consumers can order events for one key.
    const sequencers = invocations.map((call) => call.payload.Records[0]!.s3.object.sequencer);
    expect([...sequencers].sort()).toEqual(sequencers);
  });

  it('passes the calling invocation’s recursion lineage on to Lambda and names the function’s role as principal', async () => {
    const { client, clock, invocations } = setup({
      kind: 'function',
      functionName: 'resize',
      requestId: 'r-1',
      lineage: 2,
    });
    await client.send(new CreateBucketCommand({ Bucket: 'media' }));
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'media',
        NotificationConfiguration: CONFIGURATION,
      }),
    );
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'uploads/thumb.jpg', Body: 'x' }));
    clock.runAll();
    expect(invocations[0]!.source).toEqual({ service: 's3', lineage: 2 });
    expect(invocations[0]!.payload.Records[0]!.userIdentity.principalId).toMatch(/:resize$/);
  });

  it('delivers to a queue: a test event when configured, then one JSON message per matching event', async () => {
    const { client, clock, queued } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'inbox' }));
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'inbox',
        NotificationConfiguration: {
          QueueConfigurations: [{ Id: 'to-queue', QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:Put'] }],
        },
      }),
    );
    clock.runAll();
    expect(JSON.parse(queued[0]!.body)).toMatchObject({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Bucket: 'inbox',
    });
    await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'in/a b.csv', Body: '1,2' }));
    clock.runAll();
    expect(queued).toHaveLength(2);
    expect(queued[1]!.arn).toBe(QUEUE_ARN);
    const message = JSON.parse(queued[1]!.body) as S3Event;
    expect(message.Records[0]!.s3.object.key).toBe('in/a+b.csv');
    expect(message.Records[0]!.s3.configurationId).toBe('to-queue');
  });

  it('rejects unknown functions, unknown events, bad filter rules and overlapping configurations', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'media' }));
    const put = (configuration: NotificationConfiguration) =>
      rejection(
        client.send(
          new PutBucketNotificationConfigurationCommand({
            Bucket: 'media',
            NotificationConfiguration: configuration,
          }),
        ),
      );
    const unknown = await put({
      LambdaFunctionConfigurations: [
        {
          LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ghost',
          Events: ['s3:ObjectCreated:*'],
        },
      ],
    });
    expect(unknown.name).toBe('InvalidArgument');
    expect(unknown.message).toBe('Unable to validate the following destination configurations');
    const badEvent = await put({
      LambdaFunctionConfigurations: [
        { LambdaFunctionArn: RESIZE_ARN, Events: ['s3:ObjectCreated:Nope' as 's3:ObjectCreated:*'] },
      ],
    });
    expect(badEvent.message).toBe('The event is not supported for notifications');
    const badRule = await put({
      LambdaFunctionConfigurations: [
        {
          LambdaFunctionArn: RESIZE_ARN,
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'contains' as 'prefix', Value: 'x' }] } },
        },
      ],
    });
    expect(badRule.name).toBe('InvalidArgument');
    const overlap = await put({
      LambdaFunctionConfigurations: [
        {
          LambdaFunctionArn: RESIZE_ARN,
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'a/' }] } },
        },
        {
          LambdaFunctionArn: AUDIT_ARN,
          Events: ['s3:ObjectCreated:Put'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'a/b/' }] } },
        },
      ],
    });
    expect(overlap.message).toMatch(/^Configuration is ambiguously defined/);
    // Disjoint prefixes for the same event type are fine.
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'media',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              LambdaFunctionArn: RESIZE_ARN,
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'a/' }] } },
            },
            {
              LambdaFunctionArn: AUDIT_ARN,
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'b/' }] } },
            },
          ],
        },
      }),
    );
  });

  it('records every delivery for the console, including ones whose target vanished', async () => {
    const { client, clock, s3 } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'media' }));
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'media',
        NotificationConfiguration: CONFIGURATION,
      }),
    );
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'uploads/x.jpg', Body: 'x' }));
    clock.runAll();
    expect(s3.deliveries()).toEqual([
      expect.objectContaining({
        bucket: 'media',
        key: 'uploads/x.jpg',
        eventName: 'ObjectCreated:Put',
        kind: 'lambda',
        arn: RESIZE_ARN,
        delivered: true,
      }),
    ]);
  });
});

describe('encodeEventKey', () => {
  it('form-encodes like S3: spaces as +, reserved characters as %XX, slashes kept', () => {
    expect(encodeEventKey('red flower.jpg')).toBe('red+flower.jpg');
    expect(encodeEventKey('year=2026/month=11/file (1).parquet')).toBe(
      'year%3D2026/month%3D11/file+%281%29.parquet',
    );
    expect(encodeEventKey('ü+&.txt')).toBe('%C3%BC%2B%26.txt');
    expect(encodeEventKey('a*b_c-d.e~f!')).toBe('a*b_c-d.e%7Ef%21');
  });
});
