/**
 * The event source mapping operations and UpdateFunctionConfiguration's VpcConfig through the real
 * `@aws-sdk/client-lambda`, on the same EventSourceMappings the playground's panel uses, on the virtual clock.
 */
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateEventSourceMappingCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { testClientConfig } from '../testing/sdkClient';
import type { SqsService } from '../sqs/sqs';
import { createWorld, type World } from '../../lambda/eventSources/testSupport';
import { TRANSITION_MS } from '../../lambda/eventSources/EventSourceMappings';
import { createVpcNetwork, type VpcNetwork } from '../../vpc/network';
import { createLabVpc } from '../../vpc/presets';
import { ENI_CREATION_MS, VpcAttachments } from '../../vpc/attachments';
import { createLambdaApi, type LambdaApi } from './lambdaApi';

function setup(world: World = createWorld(() => null)) {
  world.account.register(
    createLambdaApi(world.service, { mappings: () => world.mappings })(world.account.context),
  );
  world.account.register(createVpcNetwork(world.account.context));
  const client = new LambdaClient(testClientConfig(world.account));
  const queue = world.sqs.createQueue('orders', { VisibilityTimeout: '30' });
  return { world, client, queue };
}

describe('Event source mappings through @aws-sdk/client-lambda', () => {
  it('CreateEventSourceMapping answers Creating, then Get shows Enabled and the queue’s messages reach the function', async () => {
    const { world, client, queue } = setup();
    const created = await client.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'consumer',
        EventSourceArn: queue.arn,
        BatchSize: 5,
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created).toMatchObject({
      State: 'Creating',
      StateTransitionReason: 'USER_INITIATED',
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 0,
      EventSourceArn: queue.arn,
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:consumer',
      FunctionResponseTypes: [],
    });
    expect(created.UUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.EventSourceMappingArn).toBe(
      `arn:aws:lambda:us-east-1:123456789012:event-source-mapping:${created.UUID}`,
    );
    expect(created.LastModified).toBeInstanceOf(Date);
    // Stream-only fields are absent on an SQS mapping.
    expect(created.StartingPosition).toBeUndefined();
    expect(created.LastProcessingResult).toBeUndefined();
    // The panel's view of the account sees the same mapping.
    expect(world.mappings.list({ functionName: 'consumer' }).map((view) => view.config.uuid)).toEqual([
      created.UUID,
    ]);

    world.clock.advanceBy(TRANSITION_MS);
    const enabled = await client.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(enabled.State).toBe('Enabled');
    world.sqs.sendMessage(queue.url, { messageBody: 'order 1' });
    world.drain();
    expect(world.events.flatMap((event) => event.Records.map((record) => record.body))).toEqual(['order 1']);
  });

  it('refuses a second mapping for the same pair, a bad batch size, an unknown function and an unknown UUID', async () => {
    const { client, queue } = setup();
    const first = await client.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: queue.arn }),
    );
    const conflict = client.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: queue.arn }),
    );
    await expect(conflict).rejects.toBeInstanceOf(ResourceConflictException);
    await expect(conflict).rejects.toThrow(
      `Please update or delete the existing mapping with UUID ${first.UUID}`,
    );

    const other = setup().client;
    // More than 10 messages per batch needs a batching window (the API's own message).
    const big = other.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'consumer',
        EventSourceArn: queue.arn,
        BatchSize: 100,
      }),
    );
    await expect(big).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(big).rejects.toThrow('Maximum batch window in seconds must be greater than 0');
    await expect(
      other.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'consumer',
          EventSourceArn: queue.arn,
          BatchSize: 0,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      other.send(new CreateEventSourceMappingCommand({ FunctionName: 'nobody', EventSourceArn: queue.arn })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      other.send(new GetEventSourceMappingCommand({ UUID: '00000000-0000-4000-8000-000000000000' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('ListEventSourceMappings filters by function and source and pages with Marker and MaxItems', async () => {
    const { world, client, queue } = setup();
    const second = world.sqs.createQueue('refunds', { VisibilityTimeout: '30' });
    const third = world.sqs.createQueue('returns', { VisibilityTimeout: '30' });
    world.service.createFunction({ name: 'auditor', handler: { durationMs: 5 } });
    // One made in the panel (the manager directly), the others by code.
    const fromPanel = world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn });
    expect(fromPanel.ok).toBe(true);
    await client.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: second.arn }),
    );
    await client.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: third.arn }),
    );
    await client.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'auditor', EventSourceArn: queue.arn }),
    );

    const all = await client.send(new ListEventSourceMappingsCommand({}));
    expect(all.EventSourceMappings).toHaveLength(4);
    expect(all.NextMarker).toBeUndefined();
    const consumer = await client.send(
      new ListEventSourceMappingsCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:consumer',
      }),
    );
    expect(consumer.EventSourceMappings?.map((mapping) => mapping.EventSourceArn)).toEqual([
      queue.arn,
      second.arn,
      third.arn,
    ]);
    const ofQueue = await client.send(new ListEventSourceMappingsCommand({ EventSourceArn: queue.arn }));
    expect(ofQueue.EventSourceMappings?.map((mapping) => mapping.FunctionArn?.split(':').pop())).toEqual([
      'consumer',
      'auditor',
    ]);

    const firstPage = await client.send(
      new ListEventSourceMappingsCommand({ FunctionName: 'consumer', MaxItems: 2 }),
    );
    expect(firstPage.EventSourceMappings).toHaveLength(2);
    expect(firstPage.NextMarker).toBeDefined();
    const lastPage = await client.send(
      new ListEventSourceMappingsCommand({
        FunctionName: 'consumer',
        MaxItems: 2,
        Marker: firstPage.NextMarker,
      }),
    );
    expect(lastPage.EventSourceMappings?.map((mapping) => mapping.EventSourceArn)).toEqual([third.arn]);
    expect(lastPage.NextMarker).toBeUndefined();
  });

  it('Update disables through Disabling, refuses changes mid-transition, and Delete goes through Deleting', async () => {
    const { world, client, queue } = setup();
    const { UUID } = await client.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: queue.arn }),
    );
    world.clock.advanceBy(TRANSITION_MS);
    const disabling = await client.send(
      new UpdateEventSourceMappingCommand({ UUID, Enabled: false, BatchSize: 3 }),
    );
    expect(disabling.$metadata.httpStatusCode).toBe(202);
    expect(disabling).toMatchObject({ State: 'Disabling', BatchSize: 3 });
    await expect(
      client.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 4 })),
    ).rejects.toBeInstanceOf(ResourceConflictException);
    world.clock.advanceBy(TRANSITION_MS);
    expect((await client.send(new GetEventSourceMappingCommand({ UUID }))).State).toBe('Disabled');
    // A disabled mapping leaves the queue's messages alone.
    world.sqs.sendMessage(queue.url, { messageBody: 'waits' });
    world.drain();
    expect(world.events).toHaveLength(0);

    const deleting = await client.send(new DeleteEventSourceMappingCommand({ UUID }));
    expect(deleting).toMatchObject({ State: 'Deleting', UUID });
    world.clock.advanceBy(TRANSITION_MS);
    await expect(client.send(new GetEventSourceMappingCommand({ UUID }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(world.mappings.list()).toEqual([]);
  });

  it('a Kinesis mapping answers its stream fields and LastProcessingResult', async () => {
    const world = createWorld(() => null);
    const { client } = setup(world);
    const stream = world.kinesis.createStream('clicks', 1);
    const created = await client.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'consumer',
        EventSourceArn: stream.arn,
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 2,
      }),
    );
    expect(created).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      ParallelizationFactor: 1,
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
      LastProcessingResult: 'No records processed',
    });
    await expect(
      client.send(
        new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: stream.arn }),
      ),
    ).rejects.toThrow('StartingPosition is required');
  });
});

describe('UpdateFunctionConfiguration VpcConfig through @aws-sdk/client-lambda', () => {
  function vpcWorld() {
    const { world, client } = setup();
    const vpc = createLabVpc(world.account.service<VpcNetwork>('ec2')!, { database: false });
    const attachments = new VpcAttachments(world.service, world.clock);
    return { world, client, vpc, attachments };
  }

  it('attaches the function through the same interfaces rule as the VPC tab: InProgress until they exist', async () => {
    const { world, client, vpc, attachments } = vpcWorld();
    const subnetIds = vpc.privateSubnets.map((subnet) => subnet.subnetId);
    const securityGroupIds = [vpc.functionSecurityGroup.groupId];
    const updated = await client.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'consumer',
        VpcConfig: { SubnetIds: subnetIds, SecurityGroupIds: securityGroupIds },
      }),
    );
    expect(updated).toMatchObject({
      State: 'Active',
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReasonCode: 'Updating',
      VpcConfig: {
        SubnetIds: subnetIds,
        SecurityGroupIds: securityGroupIds,
        VpcId: vpc.vpc.vpcId,
        Ipv6AllowedForDualStack: false,
      },
    });
    expect(world.service.getFunction('consumer')!.vpcConfig).toEqual({ subnetIds, securityGroupIds });
    expect(
      attachments
        .networkInterfaces()
        .map((item) => item.subnetId)
        .sort(),
    ).toEqual([...subnetIds].sort());
    // A second update while the first is in progress is a conflict, as in AWS.
    await expect(
      client.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'consumer',
          VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
        }),
      ),
    ).rejects.toThrow('An update is in progress for resource');
    world.clock.advanceBy(ENI_CREATION_MS);
    const ready = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'consumer' }));
    expect(ready.LastUpdateStatus).toBe('Successful');
    expect(attachments.attachedConfig('consumer')).toEqual({ subnetIds, securityGroupIds });

    // Empty lists take the function out of the VPC.
    const detached = await client.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'consumer',
        VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
      }),
    );
    expect(detached.VpcConfig).toBeUndefined();
    expect(attachments.attachedConfig('consumer')).toBeNull();
    attachments.dispose();
  });

  it('refuses unknown subnets and groups with the EC2 error, lone subnets, and fields the course pages own', async () => {
    const { world, client, vpc, attachments } = vpcWorld();
    const subnetId = vpc.privateSubnets[0]!.subnetId;
    const send = (VpcConfig: { SubnetIds?: string[]; SecurityGroupIds?: string[] }) =>
      client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'consumer', VpcConfig }));
    await expect(
      send({
        SubnetIds: ['subnet-0123456789abcdef0'],
        SecurityGroupIds: [vpc.functionSecurityGroup.groupId],
      }),
    ).rejects.toThrow(
      "Error occurred while DescribeSubnets. EC2 Error Code: InvalidSubnetID.NotFound. EC2 Error Message: The subnet ID 'subnet-0123456789abcdef0' does not exist",
    );
    await expect(
      send({ SubnetIds: [subnetId], SecurityGroupIds: ['sg-0123456789abcdef0'] }),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(send({ SubnetIds: [subnetId] })).rejects.toThrow(
      'SubnetIds and SecurityIds must coexist or be both empty list.',
    );
    await expect(
      client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'consumer', MemorySize: 512 })),
    ).rejects.toThrow('changes only VpcConfig');
    await expect(
      client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'ghost', VpcConfig: {} })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(world.service.getFunction('consumer')!.vpcConfig).toBeNull();
    attachments.dispose();
  });
});

describe('Event source mappings saved with the account', () => {
  function freshWorld() {
    const world = createWorld(() => null);
    world.account.register(
      createLambdaApi(world.service, { mappings: () => world.mappings })(world.account.context),
    );
    return world;
  }

  it('a snapshot restores every mapping with its configuration and state; an enabled one polls again', async () => {
    const { world, client, queue } = setup();
    const stream = world.kinesis.createStream('clicks', 1);
    const sqsMapping = await client.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'consumer',
        EventSourceArn: queue.arn,
        BatchSize: 7,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] },
      }),
    );
    const streamMapping = await client.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'consumer',
        EventSourceArn: stream.arn,
        StartingPosition: 'LATEST',
        Enabled: false,
      }),
    );
    world.clock.advanceBy(TRANSITION_MS);
    const before = await client.send(new ListEventSourceMappingsCommand({}));
    const saved = JSON.parse(JSON.stringify(world.account.snapshot())) as unknown;

    const next = freshWorld();
    next.account.restore(saved);
    const nextClient = new LambdaClient(testClientConfig(next.account));
    const after = await nextClient.send(new ListEventSourceMappingsCommand({}));
    expect(after.EventSourceMappings).toEqual(before.EventSourceMappings);
    expect(after.EventSourceMappings?.map((mapping) => [mapping.UUID, mapping.State])).toEqual([
      [sqsMapping.UUID, 'Enabled'],
      [streamMapping.UUID, 'Disabled'],
    ]);
    const sqs = next.account.service<SqsService>('sqs')!;
    sqs.sendMessage(sqs.queueByArn(queue.arn)!.url, { messageBody: '{"kind":"order"}' });
    next.drain();
    expect(next.events).toHaveLength(1);
  });

  it('a mapping saved mid-transition finishes it; an old snapshot without mappings loads; a bad entry is left out and named', () => {
    const { world, queue } = setup();
    const created = world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn });
    if (!created.ok) throw new Error(created.message);
    const saved = JSON.parse(JSON.stringify(world.account.snapshot())) as {
      services: { lambda: { eventSourceMappings: { mappings: unknown[] } } };
    };
    expect(saved.services.lambda.eventSourceMappings.mappings).toHaveLength(1);

    const resumed = freshWorld();
    resumed.account.restore(saved);
    expect(resumed.mappings.list()[0]!.state).toBe('Creating');
    resumed.clock.advanceBy(TRANSITION_MS);
    expect(resumed.mappings.list()[0]!.state).toBe('Enabled');
    // A mapping made after the restore gets a UUID of its own (the account's ids are seeded).
    const later = resumed.mappings.create({
      functionName: 'consumer',
      eventSourceArn: resumed.sqs.createQueue('later', { VisibilityTimeout: '30' }).arn,
    });
    expect(later.ok && later.mapping.config.uuid).not.toBe(created.mapping.config.uuid);
    expect(new Set(resumed.mappings.list().map((view) => view.config.uuid)).size).toBe(2);

    const old = freshWorld();
    const oldSnapshot = structuredClone(saved) as { services: Record<string, unknown> };
    oldSnapshot.services.lambda = {};
    old.account.restore(oldSnapshot);
    expect(old.mappings.list()).toEqual([]);
    expect(old.account.service<LambdaApi>('lambda')!.restoreProblems()).toEqual([]);
    expect(old.sqs.queueByArn(queue.arn)).toBeDefined();

    const damaged = structuredClone(saved);
    damaged.services.lambda.eventSourceMappings.mappings.push({ config: { uuid: 42 }, state: 'Enabled' });
    const tolerant = freshWorld();
    tolerant.account.restore(damaged);
    expect(tolerant.mappings.list().map((view) => view.config.uuid)).toEqual([created.mapping.config.uuid]);
    expect(tolerant.account.service<LambdaApi>('lambda')!.restoreProblems()).toEqual([
      'event source mapping 2 could not be read: uuid is not a string',
    ]);
  });

  it('an account reset removes the mappings with the queues they read', () => {
    const { world, queue } = setup();
    expect(world.mappings.create({ functionName: 'consumer', eventSourceArn: queue.arn }).ok).toBe(true);
    world.account.reset();
    expect(world.mappings.list()).toEqual([]);
    expect(world.account.snapshot().services.lambda).toEqual({});
  });
});
