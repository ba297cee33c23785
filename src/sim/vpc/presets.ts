/**
 * A ready-made VPC for the playground and the VPC lab, built with the model API as a console or a template would:
 * two availability zones, a public and a private subnet in each, an internet gateway for the public subnets, no
 * NAT gateway and no endpoints (the learner adds them), a security group for functions and one for the database
 * that lets the functions' group in on PostgreSQL's port.
 */
import type { DatabaseEndpoint, SecurityGroup, Subnet, Vpc, VpcNetwork } from './network';

export interface LabVpc {
  vpc: Vpc;
  publicSubnets: Subnet[];
  privateSubnets: Subnet[];
  publicRouteTableId: string;
  privateRouteTableId: string;
  internetGatewayId: string;
  functionSecurityGroup: SecurityGroup;
  databaseSecurityGroup: SecurityGroup;
  database: DatabaseEndpoint | undefined;
}

export interface LabVpcOptions {
  name?: string;
  /** A PostgreSQL endpoint in the private subnets (default true). */
  database?: boolean;
  /** The database's instance name (default `<name>-db`). */
  databaseName?: string;
  /** Whether the database's security group lets the functions' group in on 5432 (default true). */
  databaseIngress?: boolean;
}

export function createLabVpc(network: VpcNetwork, options: LabVpcOptions = {}): LabVpc {
  const name = options.name ?? 'lab';
  const vpc = network.createVpc({ cidrBlock: '10.0.0.0/16', name: `${name}-vpc` });
  const publicSubnets = [
    network.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: '10.0.1.0/24',
      availabilityZone: 'us-east-1a',
      name: `${name}-public-a`,
    }),
    network.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: '10.0.2.0/24',
      availabilityZone: 'us-east-1b',
      name: `${name}-public-b`,
    }),
  ];
  const privateSubnets = [
    network.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: '10.0.11.0/24',
      availabilityZone: 'us-east-1a',
      name: `${name}-private-a`,
    }),
    network.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: '10.0.12.0/24',
      availabilityZone: 'us-east-1b',
      name: `${name}-private-b`,
    }),
  ];
  const gateway = network.createInternetGateway({ vpcId: vpc.vpcId, name: `${name}-igw` });
  const publicTable = network.createRouteTable({ vpcId: vpc.vpcId, name: `${name}-public` });
  network.createRoute(publicTable.routeTableId, '0.0.0.0/0', { kind: 'igw', id: gateway.internetGatewayId });
  for (const subnet of publicSubnets) network.associateRouteTable(publicTable.routeTableId, subnet.subnetId);
  const privateTable = network.createRouteTable({ vpcId: vpc.vpcId, name: `${name}-private` });
  for (const subnet of privateSubnets)
    network.associateRouteTable(privateTable.routeTableId, subnet.subnetId);
  const functionSecurityGroup = network.createSecurityGroup({
    vpcId: vpc.vpcId,
    name: `${name}-function`,
    description: 'Lambda functions',
  });
  const databaseSecurityGroup = network.createSecurityGroup({
    vpcId: vpc.vpcId,
    name: `${name}-database`,
    description: 'PostgreSQL from the functions',
  });
  if (options.databaseIngress !== false)
    network.authorize(databaseSecurityGroup.groupId, 'ingress', {
      protocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      groupId: functionSecurityGroup.groupId,
      description: 'PostgreSQL from Lambda',
    });
  const database =
    options.database === false
      ? undefined
      : createLabDatabase(network, {
          name: options.databaseName ?? `${name}-db`,
          vpcId: vpc.vpcId,
          privateSubnets,
          securityGroupId: databaseSecurityGroup.groupId,
        });
  return {
    vpc,
    publicSubnets,
    privateSubnets,
    publicRouteTableId: publicTable.routeTableId,
    privateRouteTableId: privateTable.routeTableId,
    internetGatewayId: gateway.internetGatewayId,
    functionSecurityGroup: network.securityGroup(functionSecurityGroup.groupId)!,
    databaseSecurityGroup: network.securityGroup(databaseSecurityGroup.groupId)!,
    database,
  };
}

/** The lab's database: an RDS-like PostgreSQL instance in the private subnets, behind the database group. */
export function createLabDatabase(
  network: VpcNetwork,
  input: { name: string; vpcId: string; privateSubnets: readonly Subnet[]; securityGroupId: string },
): DatabaseEndpoint {
  return network.createDatabase({
    name: input.name,
    vpcId: input.vpcId,
    subnetIds: input.privateSubnets.map((subnet) => subnet.subnetId),
    securityGroupIds: [input.securityGroupId],
  });
}
