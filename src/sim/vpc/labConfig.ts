/**
 * A VPC as plain data, for lab configurations (function.json's `vpc` block) and the playground's VPC tab: the
 * ready-made lab VPC (presets.ts: two zones, public and private subnets, an internet gateway) with or without a
 * NAT gateway and endpoints, and where the function goes. `applyVpcBlock` builds it in an account's VPC model and
 * returns the VpcConfig to give the function (`createFunction({ …, vpcConfig })`); everything is found again by
 * name (`findLabVpc`), so nothing depends on generated ids and a restored account works the same.
 *
 * Example (lab step 3, "the call hangs; add an endpoint"):
 *   "vpc": { "subnets": "private", "nat": false, "endpoints": [] }
 * and the fixed step: "vpc": { "subnets": "private", "endpoints": [{ "service": "dynamodb" }] }
 */
import { z } from 'zod';
import type { VpcConfig } from '../config';
import { NetworkError, parseCidr, type EndpointService, type VpcNetwork } from './network';
import { createLabDatabase, createLabVpc, type LabVpc } from './presets';

const ENDPOINT_SERVICES = [
  'dynamodb',
  's3',
  'sqs',
  'sns',
  'secretsmanager',
  'ssm',
  'logs',
  'events',
  'kinesis',
  'xray',
] as const satisfies readonly EndpointService[];

const SUBNET_NAMES = ['private-a', 'private-b', 'public-a', 'public-b'] as const;

const databaseBlockSchema = z.object({
  /** The instance name: its endpoint is `<name>.<account suffix>.us-east-1.rds.amazonaws.com`. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/)
    .optional(),
  /** Inbound rules of the database's security group: from a security group of the VPC (by name) or a CIDR. */
  ingress: z
    .array(
      z.object({
        port: z.number().int().min(0).max(65535).default(5432),
        source: z.string().min(1),
      }),
    )
    .default([]),
  /** Statements run once when the database is created (its tables, as a migration would make them). */
  setup: z.array(z.string()).default([]),
});

export const vpcBlockSchema = z.object({
  /** Resource names start with it (`lab-vpc`, `lab-private-a`, `lab-function`, …). */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/)
    .default('lab'),
  /**
   * Which of the VPC's subnets the function's interfaces go in: both private or both public ones, or a list
   * (`["private-a"]`: one subnet, one availability zone); `none`: the function stays outside the VPC.
   */
  subnets: z
    .union([z.enum(['private', 'public', 'none']), z.array(z.enum(SUBNET_NAMES)).min(1)])
    .default('private'),
  /** A NAT gateway in the first public subnet, and the private subnets' default route through it. */
  nat: z.boolean().default(false),
  /** Gateway endpoints (DynamoDB, S3) go on the private route table; interface endpoints in the private subnets. */
  endpoints: z
    .array(
      z.object({
        service: z.enum(ENDPOINT_SERVICES),
        type: z.enum(['Gateway', 'Interface']).default('Gateway'),
      }),
    )
    .default([]),
  /**
   * A PostgreSQL endpoint in the private subnets: `true` admits the function's security group on 5432 (the
   * playground's ready-made VPC); an object names the instance and lists its security group's inbound rules
   * itself, so that a missing rule is the learner's to find, and the SQL that sets its tables up.
   */
  database: z.union([z.boolean(), databaseBlockSchema]).default(false),
});
export type VpcBlock = z.infer<typeof vpcBlockSchema>;
export type VpcBlockInput = z.input<typeof vpcBlockSchema>;

/** The lab VPC named `name` in this network, found by its resources' names. */
export function findLabVpc(network: VpcNetwork, name = 'lab'): LabVpc | undefined {
  const state = network.view();
  const vpc = state.vpcs.find((item) => item.name === `${name}-vpc`);
  if (!vpc) return undefined;
  const inVpc = <T extends { vpcId: string; name: string }>(items: readonly T[], wanted: string) =>
    items.find((item) => item.vpcId === vpc.vpcId && item.name === wanted);
  const subnets = (kind: string) =>
    ['a', 'b']
      .map((zone) => inVpc(state.subnets, `${name}-${kind}-${zone}`))
      .filter((item) => item !== undefined);
  const publicTable = inVpc(state.routeTables, `${name}-public`);
  const privateTable = inVpc(state.routeTables, `${name}-private`);
  const gateway = state.internetGateways.find((item) => item.vpcId === vpc.vpcId);
  const functionGroup = inVpc(state.securityGroups, `${name}-function`);
  const databaseGroup = inVpc(state.securityGroups, `${name}-database`);
  if (!publicTable || !privateTable || !gateway || !functionGroup || !databaseGroup) return undefined;
  return {
    vpc,
    publicSubnets: subnets('public'),
    privateSubnets: subnets('private'),
    publicRouteTableId: publicTable.routeTableId,
    privateRouteTableId: privateTable.routeTableId,
    internetGatewayId: gateway.internetGatewayId,
    functionSecurityGroup: functionGroup,
    databaseSecurityGroup: databaseGroup,
    database: state.databases.find((item) => item.vpcId === vpc.vpcId),
  };
}

/** The NAT gateway serving the lab VPC's private subnets, if any. */
export function labNatGateway(network: VpcNetwork, lab: LabVpc): string | undefined {
  const table = network.view().routeTables.find((item) => item.routeTableId === lab.privateRouteTableId);
  const route = table?.routes.find((item) => item.destination === '0.0.0.0/0' && item.target.kind === 'nat');
  return route && route.target.kind === 'nat' ? route.target.id : undefined;
}

/** Adds (or removes) a NAT gateway and the private subnets' default route through it. */
export function setLabNat(network: VpcNetwork, lab: LabVpc, enabled: boolean): void {
  const current = labNatGateway(network, lab);
  if (enabled && !current) {
    const nat = network.createNatGateway({
      subnetId: lab.publicSubnets[0]!.subnetId,
      name: `${lab.vpc.name}-nat`,
    });
    network.createRoute(lab.privateRouteTableId, '0.0.0.0/0', { kind: 'nat', id: nat.natGatewayId });
  } else if (!enabled && current) {
    network.deleteRoute(lab.privateRouteTableId, '0.0.0.0/0');
    network.deleteNatGateway(current);
  }
}

/** The lab VPC's endpoint for a service, if any. */
export function labEndpoint(network: VpcNetwork, lab: LabVpc, service: EndpointService) {
  return network.view().endpoints.find((item) => item.vpcId === lab.vpc.vpcId && item.service === service);
}

/** Adds (or removes) an endpoint: a gateway endpoint on the private route table, an interface one in the private subnets. */
export function setLabEndpoint(
  network: VpcNetwork,
  lab: LabVpc,
  service: EndpointService,
  enabled: boolean,
  type: 'Gateway' | 'Interface' = service === 'dynamodb' || service === 's3' ? 'Gateway' : 'Interface',
): void {
  const current = labEndpoint(network, lab, service);
  if (enabled && !current) {
    network.createVpcEndpoint(
      type === 'Gateway'
        ? { vpcId: lab.vpc.vpcId, service, type, routeTableIds: [lab.privateRouteTableId] }
        : {
            vpcId: lab.vpc.vpcId,
            service,
            type,
            subnetIds: lab.privateSubnets.map((subnet) => subnet.subnetId),
            securityGroupIds: [lab.functionSecurityGroup.groupId],
          },
    );
  } else if (!enabled && current) {
    network.deleteVpcEndpoint(current.vpcEndpointId);
  }
}

/** The VpcConfig that puts a function in the lab VPC's private or public subnets (null: outside any VPC). */
export function labVpcConfig(lab: LabVpc, subnets: VpcBlock['subnets']): VpcConfig | null {
  if (subnets === 'none') return null;
  const chosen =
    subnets === 'private'
      ? lab.privateSubnets
      : subnets === 'public'
        ? lab.publicSubnets
        : subnets.map((short) => {
            const found = [...lab.privateSubnets, ...lab.publicSubnets].find(
              (subnet) => subnet.name === `${lab.vpc.name.replace(/-vpc$/, '')}-${short}`,
            );
            if (!found)
              throw new NetworkError('InvalidSubnetID.NotFound', `The subnet '${short}' does not exist`);
            return found;
          });
  return {
    subnetIds: [...new Set(chosen.map((subnet) => subnet.subnetId))],
    securityGroupIds: [lab.functionSecurityGroup.groupId],
  };
}

/** Adds the database group's inbound rule unless an equal one is there. */
function allowIntoDatabase(network: VpcNetwork, lab: LabVpc, port: number, source: string): void {
  const group = network.securityGroup(lab.databaseSecurityGroup.groupId)!;
  const byName = network
    .view()
    .securityGroups.find((item) => item.vpcId === lab.vpc.vpcId && item.name === source);
  if (!byName && !parseCidr(source))
    throw new NetworkError(
      'InvalidGroup.NotFound',
      `The security group '${source}' does not exist in VPC '${lab.vpc.vpcId}'`,
    );
  const rule = byName
    ? { protocol: 'tcp' as const, fromPort: port, toPort: port, groupId: byName.groupId }
    : { protocol: 'tcp' as const, fromPort: port, toPort: port, cidr: source };
  const present = group.ingress.some(
    (item) =>
      item.fromPort === rule.fromPort &&
      item.toPort === rule.toPort &&
      item.groupId === (byName ? byName.groupId : undefined) &&
      item.cidr === (byName ? undefined : source),
  );
  if (!present) network.authorize(group.groupId, 'ingress', rule);
}

/**
 * Builds (or brings up to date) the VPC a block describes and returns the function's VpcConfig. Throws zod's
 * error for a malformed block, and the model's NetworkError for an impossible one.
 */
export function applyVpcBlock(
  network: VpcNetwork,
  block: VpcBlockInput,
): { lab: LabVpc; vpcConfig: VpcConfig | null; databaseSetup: string[] } {
  const parsed = vpcBlockSchema.parse(block);
  const database = typeof parsed.database === 'object' ? parsed.database : null;
  const wantsDatabase = parsed.database !== false;
  const found = findLabVpc(network, parsed.name);
  const databaseExisted = found?.database !== undefined;
  const lab =
    found ??
    createLabVpc(network, {
      name: parsed.name,
      database: wantsDatabase,
      ...(database?.name ? { databaseName: database.name } : {}),
      // A database described by an object gets only the inbound rules it lists.
      databaseIngress: database === null,
    });
  if (wantsDatabase && !lab.database)
    createLabDatabase(network, {
      name: database?.name ?? `${parsed.name}-db`,
      vpcId: lab.vpc.vpcId,
      privateSubnets: lab.privateSubnets,
      securityGroupId: lab.databaseSecurityGroup.groupId,
    });
  for (const rule of database?.ingress ?? []) allowIntoDatabase(network, lab, rule.port, rule.source);
  setLabNat(network, lab, parsed.nat);
  for (const endpoint of parsed.endpoints)
    setLabEndpoint(network, lab, endpoint.service, true, endpoint.type);
  return {
    lab: findLabVpc(network, parsed.name) ?? lab,
    vpcConfig: labVpcConfig(lab, parsed.subnets),
    // Only a database this call created needs its tables made.
    databaseSetup: wantsDatabase && !databaseExisted ? (database?.setup ?? []) : [],
  };
}
