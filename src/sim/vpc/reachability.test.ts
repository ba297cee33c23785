import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { AwsAccount } from '../aws/account';
import { createVpcNetwork, type VpcNetwork } from './network';
import { createLabVpc } from './presets';
import { LAMBDA_PUBLIC_IP, reach, type Destination } from './reachability';

function lab() {
  const account = new AwsAccount({ clock: new VirtualClock() }, [createVpcNetwork]);
  const network = account.service<VpcNetwork>('ec2')!;
  const vpc = createLabVpc(network);
  const privateConfig = {
    subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId),
    securityGroupIds: [vpc.functionSecurityGroup.groupId],
  };
  return { network, vpc, privateConfig };
}

const dynamodb: Destination = { kind: 'aws', service: 'dynamodb', hostname: 'dynamodb.us-east-1.amazonaws.com' };
const sqs: Destination = { kind: 'aws', service: 'sqs', hostname: 'sqs.us-east-1.amazonaws.com' };
const internet: Destination = { kind: 'internet', hostname: 'checkip.example.com' };

describe('what a function can reach', () => {
  it('outside a VPC: AWS services and the internet, but not a database in a VPC', () => {
    const { network, vpc } = lab();
    expect(reach(network, null, dynamodb)).toMatchObject({ ok: true, sourceIp: LAMBDA_PUBLIC_IP });
    expect(reach(network, null, internet)).toMatchObject({ ok: true });
    const database = vpc.database!;
    expect(reach(network, null, { kind: 'database', hostname: database.hostname, port: 5432, id: database.id })).toMatchObject({ ok: false });
  });

  it('in a private subnet with no NAT and no endpoint: nothing outside the VPC', () => {
    const { network, privateConfig } = lab();
    const result = reach(network, privateConfig, dynamodb);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/no 0\.0\.0\.0\/0 route/);
    expect(reach(network, privateConfig, internet).ok).toBe(false);
  });

  it('a gateway endpoint opens DynamoDB (its route tables only), not SQS or the internet', () => {
    const { network, vpc, privateConfig } = lab();
    const endpoint = network.createVpcEndpoint({ vpcId: vpc.vpc.vpcId, service: 'dynamodb', type: 'Gateway', routeTableIds: [vpc.privateRouteTableId] });
    expect(reach(network, privateConfig, dynamodb)).toMatchObject({ ok: true, via: expect.stringContaining(endpoint.vpcEndpointId) });
    expect(reach(network, privateConfig, sqs).ok).toBe(false);
    expect(reach(network, privateConfig, internet).ok).toBe(false);
    network.deleteVpcEndpoint(endpoint.vpcEndpointId);
    expect(reach(network, privateConfig, dynamodb).ok).toBe(false);
  });

  it('gateway endpoints exist only for S3 and DynamoDB', () => {
    const { network, vpc } = lab();
    expect(() => network.createVpcEndpoint({ vpcId: vpc.vpc.vpcId, service: 'sqs', type: 'Gateway', routeTableIds: [] })).toThrow(/does not support the endpoint type 'Gateway'/);
  });

  it('an interface endpoint with private DNS opens its service when its security group lets the function in', () => {
    const { network, vpc, privateConfig } = lab();
    const endpointGroup = network.createSecurityGroup({ vpcId: vpc.vpc.vpcId, name: 'endpoints' });
    network.createVpcEndpoint({
      vpcId: vpc.vpc.vpcId,
      service: 'sqs',
      type: 'Interface',
      subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId),
      securityGroupIds: [endpointGroup.groupId],
    });
    expect(reach(network, privateConfig, sqs)).toMatchObject({ ok: false, reason: expect.stringMatching(/do not allow HTTPS from the function/) });
    network.authorize(endpointGroup.groupId, 'ingress', { protocol: 'tcp', fromPort: 443, toPort: 443, groupId: vpc.functionSecurityGroup.groupId });
    expect(reach(network, privateConfig, sqs)).toMatchObject({ ok: true, via: expect.stringMatching(/interface endpoint/) });
  });

  it('a NAT gateway in a public subnet opens the internet and AWS, with its Elastic IP as the source', () => {
    const { network, vpc, privateConfig } = lab();
    const nat = network.createNatGateway({ subnetId: vpc.publicSubnets[0]!.subnetId });
    network.createRoute(vpc.privateRouteTableId, '0.0.0.0/0', { kind: 'nat', id: nat.natGatewayId });
    expect(reach(network, privateConfig, internet)).toMatchObject({ ok: true, sourceIp: nat.publicIp });
    expect(reach(network, privateConfig, sqs)).toMatchObject({ ok: true });
  });

  it('a NAT gateway placed in a private subnet goes nowhere; a public subnet alone gives a function no internet', () => {
    const { network, vpc, privateConfig } = lab();
    const nat = network.createNatGateway({ subnetId: vpc.privateSubnets[0]!.subnetId });
    network.createRoute(vpc.privateRouteTableId, '0.0.0.0/0', { kind: 'nat', id: nat.natGatewayId });
    expect(reach(network, privateConfig, internet)).toMatchObject({ ok: false, reason: expect.stringMatching(/no route to an internet gateway/) });
    const publicConfig = { subnetIds: [vpc.publicSubnets[0]!.subnetId], securityGroupIds: [vpc.functionSecurityGroup.groupId] };
    expect(reach(network, publicConfig, internet)).toMatchObject({ ok: false, reason: expect.stringMatching(/no public IP address/) });
  });

  it('the database: reachable from the VPC through its security group, only on its port', () => {
    const { network, vpc, privateConfig } = lab();
    const database = vpc.database!;
    const destination: Destination = { kind: 'database', hostname: database.hostname, port: 5432, id: database.id };
    expect(reach(network, privateConfig, destination)).toMatchObject({ ok: true });
    const otherGroup = network.createSecurityGroup({ vpcId: vpc.vpc.vpcId, name: 'other' });
    expect(reach(network, { ...privateConfig, securityGroupIds: [otherGroup.groupId] }, destination)).toMatchObject({ ok: false, reason: expect.stringMatching(/database's security groups/) });
  });

  it('a function in two subnets reaches what only one of them routes for some connections only', () => {
    const { network, vpc } = lab();
    const config = { subnetIds: [vpc.privateSubnets[0]!.subnetId, vpc.privateSubnets[1]!.subnetId], securityGroupIds: [vpc.functionSecurityGroup.groupId] };
    const onlyA = network.createRouteTable({ vpcId: vpc.vpc.vpcId, name: 'a-only' });
    network.associateRouteTable(onlyA.routeTableId, vpc.privateSubnets[0]!.subnetId);
    network.createVpcEndpoint({ vpcId: vpc.vpc.vpcId, service: 'dynamodb', type: 'Gateway', routeTableIds: [onlyA.routeTableId] });
    expect(reach(network, config, dynamodb, () => 0).ok).toBe(true);
    expect(reach(network, config, dynamodb, () => 1).ok).toBe(false);
  });

  it('persists with the account and refuses a malformed snapshot without changing anything', () => {
    const { network } = lab();
    const saved = network.snapshot();
    const other = new AwsAccount({ clock: new VirtualClock() }, [createVpcNetwork]).service<VpcNetwork>('ec2')!;
    other.restore(saved);
    expect(other.view().subnets).toHaveLength(4);
    expect(() => other.restore({ vpcs: 'nope' })).toThrow();
    expect(other.view().subnets).toHaveLength(4);
  });
});
