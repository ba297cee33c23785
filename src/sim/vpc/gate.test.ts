/**
 * The VPC rule end to end with real code (the in-process Node.js runtime, the worker executor and the account):
 * a function in a private subnet without an endpoint hangs calling DynamoDB until its timeout, and succeeds once a
 * gateway endpoint is added; attaching a VPC makes a new function Pending for the time its interfaces take.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { AwsAccount } from '../aws/account';
import { createDynamoDb } from '../aws/dynamodb';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { createWorkerExecutor } from '../lambda/executors/worker';
import { LambdaService } from '../lambda/LambdaService';
import type { Invocation } from '../lambda/types';
import { ENI_CREATION_MS, VpcAttachments } from './attachments';
import { createNetworkGate } from './gate';
import { createVpcNetwork, type VpcNetwork } from './network';
import { createLabVpc } from './presets';

// The handler sends DynamoDB's ListTables over the environment's port, exactly as the SDK's request handler does.
const HANDLER = `
const { send } = require('coldstart:aws');
exports.handler = async (event) => {
  const host = event.host ?? 'dynamodb.us-east-1.amazonaws.com';
  const response = await send({
    method: 'POST',
    hostname: host,
    path: event.path ?? '/',
    query: {},
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
    body: new TextEncoder().encode('{}'),
  });
  return { status: response.statusCode, body: new TextDecoder().decode(response.body) };
};
`;

function world() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createDynamoDb, createVpcNetwork]);
  const network = account.service<VpcNetwork>('ec2')!;
  const host = createInProcessHost();
  let gate: ReturnType<typeof createNetworkGate> | null = null;
  const executor = createWorkerExecutor({
    host,
    aws: (caller, request) =>
      gate!.wrap((who, req) =>
        account.handle(req, {
          kind: 'function',
          functionName: who.functionName,
          requestId: who.requestId ?? '',
        }),
      )(caller, request),
  });
  const service = new LambdaService({ clock, executor, logs: true, seed: 5 });
  const attachments = new VpcAttachments(service, clock);
  gate = createNetworkGate({ clock, epochMs: account.epochMs, network: () => network, attachments });
  const vpc = createLabVpc(network);
  return { clock, account, network, service, attachments, gate, vpc, executor };
}

/** Let the in-process runtime answer; virtual time moves in 50 ms steps while code runs, as real time would. */
async function settle(
  clock: VirtualClock,
  executor: { busy(): boolean },
  invocation: Invocation,
): Promise<Invocation> {
  for (let index = 0; index < 5_000 && invocation.outcome === undefined; index++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (executor.busy()) clock.advanceBy(50);
    else if (clock.nextAt() !== undefined) clock.runNext();
  }
  expect(invocation.outcome, 'invocation ended').toBeDefined();
  return invocation;
}

describe('a function in a VPC', () => {
  it('is Pending while its network interfaces are created: invokes fail with ResourceConflictException', () => {
    const { service, vpc, clock, attachments } = world();
    service.createFunction({
      name: 'in-vpc',
      code: { handler: 'index.handler', files: [{ path: 'index.js', content: HANDLER }] },
      vpcConfig: {
        subnetIds: [vpc.privateSubnets[0]!.subnetId],
        securityGroupIds: [vpc.functionSecurityGroup.groupId],
      },
    });
    expect(service.functionStatus('in-vpc')).toMatchObject({ state: 'Pending', stateReasonCode: 'Creating' });
    const refused = service.invoke('in-vpc', { payload: {} });
    expect(refused.response).toMatchObject({ statusCode: 409 });
    expect(JSON.parse(refused.response!.payload).message).toBe(
      'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    );
    clock.advanceBy(ENI_CREATION_MS);
    expect(service.functionStatus('in-vpc')).toMatchObject({
      state: 'Active',
      lastUpdateStatus: 'Successful',
    });
    // A second function with the same subnet and security group shares the interface: no wait.
    service.createFunction({
      name: 'neighbour',
      code: { handler: 'index.handler', files: [{ path: 'index.js', content: HANDLER }] },
      vpcConfig: {
        subnetIds: [vpc.privateSubnets[0]!.subnetId],
        securityGroupIds: [vpc.functionSecurityGroup.groupId],
      },
    });
    expect(service.functionStatus('neighbour').state).toBe('Active');
    expect(attachments.networkInterfaces()).toHaveLength(1);
  });

  it('an update to its VPC settings is InProgress, and calls keep the previous network until it completes', async () => {
    const { service, vpc, clock, executor, network } = world();
    service.createFunction({
      name: 'moving',
      timeoutS: 2,
      code: { handler: 'index.handler', files: [{ path: 'index.js', content: HANDLER }] },
    });
    service.updateFunction('moving', {
      vpcConfig: {
        subnetIds: [vpc.privateSubnets[0]!.subnetId],
        securityGroupIds: [vpc.functionSecurityGroup.groupId],
      },
    });
    expect(service.functionStatus('moving')).toMatchObject({
      state: 'Active',
      lastUpdateStatus: 'InProgress',
    });
    // Still on Lambda's own network: DynamoDB answers.
    const before = await settle(clock, executor, service.invoke('moving', { payload: {} }));
    expect(before.outcome).toBe('success');
    clock.advanceBy(ENI_CREATION_MS);
    expect(service.functionStatus('moving').lastUpdateStatus).toBe('Successful');
    const after = await settle(clock, executor, service.invoke('moving', { payload: {} }));
    expect(after.response?.payload).toMatch(/Task timed out after 2\.00 seconds/);
    expect(network.view().endpoints).toHaveLength(0);
  });

  it('in a private subnet without an endpoint a DynamoDB call hangs until the timeout; a gateway endpoint fixes it', async () => {
    const { service, vpc, clock, executor, network, gate } = world();
    service.createFunction({
      name: 'reader',
      timeoutS: 3,
      code: { handler: 'index.handler', files: [{ path: 'index.js', content: HANDLER }] },
      vpcConfig: {
        subnetIds: [vpc.privateSubnets[0]!.subnetId],
        securityGroupIds: [vpc.functionSecurityGroup.groupId],
      },
    });
    clock.advanceBy(ENI_CREATION_MS);
    const hung = await settle(clock, executor, service.invoke('reader', { payload: {} }));
    expect(hung.lastResult).toBe('timeout');
    expect(JSON.parse(hung.response!.payload)).toMatchObject({ errorType: 'Sandbox.Timedout' });
    expect(gate.connections().at(-1)).toMatchObject({
      hostname: 'dynamodb.us-east-1.amazonaws.com',
      result: { ok: false },
    });

    network.createVpcEndpoint({
      vpcId: vpc.vpc.vpcId,
      service: 'dynamodb',
      type: 'Gateway',
      routeTableIds: [vpc.privateRouteTableId],
    });
    const ok = await settle(clock, executor, service.invoke('reader', { payload: {} }));
    expect(ok.outcome).toBe('success');
    expect(JSON.parse(ok.response!.payload)).toMatchObject({ status: 200, body: '{"TableNames":[]}' });
  });

  it('trace segments reach the X-Ray daemon from a private subnet, as on Lambda; other X-Ray calls still need a route', async () => {
    const { service, vpc, clock, executor } = world();
    service.createFunction({
      name: 'tracer',
      timeoutS: 3,
      code: { handler: 'index.handler', files: [{ path: 'index.js', content: HANDLER }] },
      vpcConfig: {
        subnetIds: [vpc.privateSubnets[0]!.subnetId],
        securityGroupIds: [vpc.functionSecurityGroup.groupId],
      },
    });
    clock.advanceBy(ENI_CREATION_MS);
    const daemon = await settle(
      clock,
      executor,
      service.invoke('tracer', { payload: { host: 'xray.us-east-1.amazonaws.com', path: '/TraceSegments' } }),
    );
    expect(daemon.outcome).toBe('success');
    const api = await settle(
      clock,
      executor,
      service.invoke('tracer', {
        payload: { host: 'xray.us-east-1.amazonaws.com', path: '/TraceSummaries' },
      }),
    );
    expect(api.lastResult).toBe('timeout');
  });

  it('fetches the course internet only through a NAT gateway, which the checkip endpoint shows', async () => {
    const { service, vpc, clock, executor, network } = world();
    service.createFunction({
      name: 'fetcher',
      timeoutS: 2,
      code: { handler: 'index.handler', files: [{ path: 'index.js', content: HANDLER }] },
      vpcConfig: {
        subnetIds: [vpc.privateSubnets[0]!.subnetId],
        securityGroupIds: [vpc.functionSecurityGroup.groupId],
      },
    });
    clock.advanceBy(ENI_CREATION_MS);
    const event = { host: 'checkip.example.com', path: '/' };
    const hung = await settle(clock, executor, service.invoke('fetcher', { payload: event }));
    expect(hung.lastResult).toBe('timeout');
    const nat = network.createNatGateway({ subnetId: vpc.publicSubnets[0]!.subnetId });
    network.createRoute(vpc.privateRouteTableId, '0.0.0.0/0', { kind: 'nat', id: nat.natGatewayId });
    const ok = await settle(clock, executor, service.invoke('fetcher', { payload: event }));
    expect(JSON.parse(JSON.parse(ok.response!.payload).body)).toEqual({ ip: nat.publicIp });
  });
});
