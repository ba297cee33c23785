/**
 * The Lambda API through the real `@aws-sdk/client-lambda` (3.1164.0): status codes, headers and the SDK's own
 * exception classes, against a Lambda service with modelled functions (the payload of a modelled function is
 * `null`; real code is covered by src/app/workspaces.test.ts).
 */
import {
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  PutFunctionConcurrencyCommand,
  InvalidParameterValueException,
  InvalidRequestContentException,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  RequestTooLargeException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { LambdaService } from '../../lambda/LambdaService';
import { AwsAccount } from '../account';
import { testClientConfig } from '../testing/sdkClient';
import { createLambdaApi } from './lambdaApi';
import { lambdaInvoker } from './lambdaInvoker';
import { createVpcNetwork, type VpcNetwork } from '../../vpc/network';
import { createLabVpc } from '../../vpc/presets';
import { ENI_CREATION_MS, VpcAttachments } from '../../vpc/attachments';

function setup() {
  const clock = new VirtualClock();
  const service = new LambdaService({ clock, logs: true });
  const account = new AwsAccount({ clock }, [createLambdaApi(service)]);
  account.connectLambda(lambdaInvoker(service));
  expect(service.createFunction({ name: 'orders', handler: { durationMs: 5 } }).ok).toBe(true);
  const client = new LambdaClient(testClientConfig(account));
  /** Send, letting the modelled invocation run on the virtual clock meanwhile. */
  async function send<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    void promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 1000 && !settled; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (clock.nextAt() !== undefined) clock.runNext();
    }
    return promise;
  }
  return { clock, service, account, client, send };
}

describe('Lambda API: Invoke through @aws-sdk/client-lambda', () => {
  it('RequestResponse answers 200 with the payload, the executed version and a log tail', async () => {
    const { client, send, service } = setup();
    const out = await send(
      client.send(new InvokeCommand({ FunctionName: 'orders', Payload: '{"a":1}', LogType: 'Tail' })),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(new TextDecoder().decode(out.Payload)).toBe('null');
    const tail = atob(out.LogResult!);
    expect(tail).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/);
    expect(tail).toMatch(/REPORT RequestId: /);
    expect(service.functionMetrics('orders').invocations).toBe(1);
  });

  it('Event answers 202 and the invocation runs later; DryRun answers 204 and runs nothing', async () => {
    const { client, send, service } = setup();
    const queued = await send(
      client.send(new InvokeCommand({ FunctionName: 'orders', InvocationType: 'Event' })),
    );
    expect(queued.StatusCode).toBe(202);
    const dry = await send(
      client.send(new InvokeCommand({ FunctionName: 'orders', InvocationType: 'DryRun' })),
    );
    expect(dry.StatusCode).toBe(204);
    expect(service.functionMetrics('orders').invocations).toBe(1);
  });

  it('names: full and partial ARNs and qualifiers; a missing function or version is ResourceNotFoundException', async () => {
    const { client, send, service } = setup();
    expect(service.publishVersion('orders').ok).toBe(true);
    for (const FunctionName of [
      'arn:aws:lambda:us-east-1:123456789012:function:orders',
      '123456789012:function:orders:1',
      'orders:1',
    ])
      expect((await send(client.send(new InvokeCommand({ FunctionName })))).StatusCode).toBe(200);
    const versioned = await send(client.send(new InvokeCommand({ FunctionName: 'orders', Qualifier: '1' })));
    expect(versioned.ExecutedVersion).toBe('1');
    const missing = await send(client.send(new InvokeCommand({ FunctionName: 'nobody' }))).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody',
    );
    const noVersion = await send(client.send(new InvokeCommand({ FunctionName: 'orders:7' }))).catch(
      (e: unknown) => e,
    );
    expect(noVersion).toBeInstanceOf(ResourceNotFoundException);
    const mismatch = await send(
      client.send(new InvokeCommand({ FunctionName: 'orders:1', Qualifier: '$LATEST' })),
    ).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(InvalidParameterValueException);
  });

  it('bad payloads: not JSON is InvalidRequestContentException; over 1 MB for Event is RequestTooLargeException', async () => {
    const { client, send } = setup();
    const notJson = await send(
      client.send(new InvokeCommand({ FunctionName: 'orders', Payload: '{oops' })),
    ).catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(InvalidRequestContentException);
    expect((notJson as Error).message).toMatch(/^Could not parse request body into json/);
    const big = JSON.stringify({ blob: 'x'.repeat(1024 * 1024) });
    const tooLarge = await send(
      client.send(new InvokeCommand({ FunctionName: 'orders', InvocationType: 'Event', Payload: big })),
    ).catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(RequestTooLargeException);
    expect((tooLarge as Error).message).toBe(
      'Request must be smaller than 1048576 bytes for the InvokeFunction operation',
    );
  });

  it('a throttle is TooManyRequestsException with its reason', async () => {
    const { client, send, service } = setup();
    expect(service.putFunctionConcurrency('orders', 0).ok).toBe(true);
    const throttled = await send(client.send(new InvokeCommand({ FunctionName: 'orders' }))).catch(
      (e: unknown) => e,
    );
    expect(throttled).toBeInstanceOf(TooManyRequestsException);
    expect(throttled).toMatchObject({
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      message: 'Rate Exceeded.',
    });
  });

  it('GetFunctionConfiguration and ListFunctions describe the service’s functions', async () => {
    const { client, send, service } = setup();
    expect(service.createFunction({ name: 'billing', memoryMb: 256, tracing: 'Active' }).ok).toBe(true);
    const configuration = await send(
      client.send(new GetFunctionConfigurationCommand({ FunctionName: 'billing' })),
    );
    expect(configuration).toMatchObject({
      FunctionName: 'billing',
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:billing',
      MemorySize: 256,
      TracingConfig: { Mode: 'Active' },
      Version: '$LATEST',
    });
    const list = await send(client.send(new ListFunctionsCommand({})));
    expect(list.Functions?.map((fn) => fn.FunctionName)).toEqual(['billing', 'orders']);
  });

  it('GetFunctionConfiguration shows a VPC function’s VpcConfig, Pending while its interfaces are created', async () => {
    const clock = new VirtualClock();
    const service = new LambdaService({ clock, logs: true });
    const account = new AwsAccount({ clock }, [createLambdaApi(service), createVpcNetwork]);
    const vpc = createLabVpc(account.service<VpcNetwork>('ec2')!, { database: false });
    const attachments = new VpcAttachments(service, clock);
    const vpcConfig = {
      subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId),
      securityGroupIds: [vpc.functionSecurityGroup.groupId],
    };
    expect(service.createFunction({ name: 'private', handler: { durationMs: 5 }, vpcConfig }).ok).toBe(true);
    const client = new LambdaClient(testClientConfig(account));
    const pending = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'private' }));
    expect(pending).toMatchObject({
      State: 'Pending',
      StateReasonCode: 'Creating',
      VpcConfig: {
        SubnetIds: vpcConfig.subnetIds,
        SecurityGroupIds: vpcConfig.securityGroupIds,
        VpcId: vpc.vpc.vpcId,
      },
    });
    clock.advanceBy(ENI_CREATION_MS);
    const active = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'private' }));
    expect(active).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(active.StateReasonCode).toBeUndefined();
    attachments.dispose();
  });
});

describe('Lambda API: reserved concurrency through @aws-sdk/client-lambda', () => {
  it('Put, Get and Delete move capacity between the function and the unreserved pool; too much is refused', async () => {
    const { client, service } = setup();
    const unreserved = async () =>
      (await client.send(new GetAccountSettingsCommand({}))).AccountLimit?.UnreservedConcurrentExecutions;
    expect(await unreserved()).toBe(1000);
    expect(
      await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'orders' })),
    ).not.toHaveProperty('ReservedConcurrentExecutions');
    const put = await client.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'orders', ReservedConcurrentExecutions: 150 }),
    );
    expect(put.ReservedConcurrentExecutions).toBe(150);
    expect(service.getFunctionConcurrency('orders')).toBe(150);
    expect(
      (await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'orders' })))
        .ReservedConcurrentExecutions,
    ).toBe(150);
    expect(await unreserved()).toBe(850);
    // Lambda keeps 100 unreserved for functions without a reservation.
    await expect(
      client.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'orders', ReservedConcurrentExecutions: 901 }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
    await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'orders' }));
    expect(service.getFunctionConcurrency('orders')).toBeNull();
    expect(await unreserved()).toBe(1000);
    await expect(
      client.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'nope', ReservedConcurrentExecutions: 1 }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
