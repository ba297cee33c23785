/**
 * The account's VPC model ("How Amazon VPC works", "Route tables", "Gateway endpoints", "Access an AWS service
 * using an interface VPC endpoint", "Security groups", "NAT gateways"): VPCs, subnets in availability zones, route
 * tables (one main per VPC, others associated explicitly), internet and NAT gateways, gateway endpoints (S3,
 * DynamoDB: a prefix-list route in the route tables they are associated with), interface endpoints (network
 * interfaces in subnets, behind security groups, answering the service's public name with private DNS), security
 * groups (stateful; the rules that matter here are a function's egress and a target's ingress) and private
 * endpoints for databases (the VPC lab's PostgreSQL).
 *
 * Pure data and a model API; what a function can reach through it is decided in reachability.ts. Persisted with
 * the account as the `ec2` service (EC2's own API is not simulated: the console and labs use the model API).
 */
import { z } from 'zod';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../aws/http';
import { utf8 } from '../aws/http';
import type { AccountContext, AwsService } from '../aws/service';

export type RouteTarget =
  | { kind: 'local' }
  | { kind: 'igw'; id: string }
  | { kind: 'nat'; id: string }
  | { kind: 'vpce'; id: string };

export interface Route {
  /** A CIDR block, or a prefix list (`pl-…`) for gateway endpoints. */
  destination: string;
  target: RouteTarget;
}

export interface Vpc {
  vpcId: string;
  name: string;
  cidrBlock: string;
}

export interface Subnet {
  subnetId: string;
  vpcId: string;
  name: string;
  cidrBlock: string;
  availabilityZone: string;
}

export interface RouteTable {
  routeTableId: string;
  vpcId: string;
  name: string;
  main: boolean;
  /** Subnets explicitly associated (the others use the VPC's main route table). */
  subnetIds: string[];
  routes: Route[];
}

export interface InternetGateway {
  internetGatewayId: string;
  name: string;
  /** Attached VPC (an internet gateway serves one VPC at a time). */
  vpcId: string | null;
}

export interface NatGateway {
  natGatewayId: string;
  name: string;
  subnetId: string;
  /** The Elastic IP address traffic leaves with (what a server on the internet sees). */
  publicIp: string;
}

export type EndpointService =
  | 'dynamodb'
  | 's3'
  | 'sqs'
  | 'sns'
  | 'secretsmanager'
  | 'ssm'
  | 'logs'
  | 'events'
  | 'kinesis'
  | 'xray'
  | 'lambda';

export interface VpcEndpoint {
  vpcEndpointId: string;
  vpcId: string;
  /** `com.amazonaws.us-east-1.<service>`. */
  serviceName: string;
  service: EndpointService;
  type: 'Gateway' | 'Interface';
  /** Gateway endpoints: the route tables that got its prefix-list route. */
  routeTableIds: string[];
  /** Interface endpoints: where its network interfaces are, and their security groups. */
  subnetIds: string[];
  securityGroupIds: string[];
  privateDnsEnabled: boolean;
}

export interface SecurityGroupRule {
  /** `tcp`, or `-1` for all traffic. */
  protocol: 'tcp' | '-1';
  fromPort: number;
  toPort: number;
  /** One of: a CIDR block, another security group, a prefix list. */
  cidr?: string;
  groupId?: string;
  prefixListId?: string;
  description?: string;
}

export interface SecurityGroup {
  groupId: string;
  vpcId: string;
  name: string;
  description: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

/** A private endpoint for a database (an RDS-like instance): a private address in the VPC's subnets. */
export interface DatabaseEndpoint {
  id: string;
  name: string;
  /** `orders-db.c9x1abcd2345.us-east-1.rds.amazonaws.com`. */
  hostname: string;
  port: number;
  engine: 'postgres';
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface NetworkState {
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  endpoints: VpcEndpoint[];
  securityGroups: SecurityGroup[];
  databases: DatabaseEndpoint[];
}

/** The prefix lists AWS publishes for the gateway-endpoint services in us-east-1 (ids as in the region). */
export const PREFIX_LISTS: Readonly<Record<'dynamodb' | 's3', string>> = {
  dynamodb: 'pl-02cd2c6b',
  s3: 'pl-63a5400a',
};

const ALL_TRAFFIC: SecurityGroupRule = { protocol: '-1', fromPort: 0, toPort: 65535, cidr: '0.0.0.0/0' };

function emptyState(): NetworkState {
  return {
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    natGateways: [],
    endpoints: [],
    securityGroups: [],
    databases: [],
  };
}

export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export class VpcNetwork implements AwsService {
  readonly name = 'ec2';
  private state: NetworkState = emptyState();
  private serial = 0;

  constructor(private readonly ctx: AccountContext) {}

  // ---- reading ------------------------------------------------------------------------------------------------

  view(): Readonly<NetworkState> {
    return this.state;
  }

  vpc(id: string): Vpc | undefined {
    return this.state.vpcs.find((vpc) => vpc.vpcId === id);
  }

  subnet(id: string): Subnet | undefined {
    return this.state.subnets.find((subnet) => subnet.subnetId === id);
  }

  securityGroup(id: string): SecurityGroup | undefined {
    return this.state.securityGroups.find((group) => group.groupId === id);
  }

  /** The route table a subnet uses: its explicit association, or its VPC's main route table. */
  routeTableOf(subnetId: string): RouteTable | undefined {
    const subnet = this.subnet(subnetId);
    if (!subnet) return undefined;
    return (
      this.state.routeTables.find((table) => table.subnetIds.includes(subnetId)) ??
      this.state.routeTables.find((table) => table.vpcId === subnet.vpcId && table.main)
    );
  }

  natGateway(id: string): NatGateway | undefined {
    return this.state.natGateways.find((gateway) => gateway.natGatewayId === id);
  }

  internetGateway(id: string): InternetGateway | undefined {
    return this.state.internetGateways.find((gateway) => gateway.internetGatewayId === id);
  }

  endpoint(id: string): VpcEndpoint | undefined {
    return this.state.endpoints.find((endpoint) => endpoint.vpcEndpointId === id);
  }

  databaseByHost(hostname: string): DatabaseEndpoint | undefined {
    return this.state.databases.find((database) => database.hostname === hostname.toLowerCase());
  }

  // ---- changing -----------------------------------------------------------------------------------------------

  private id(prefix: string): string {
    this.serial++;
    const hex = this.ctx.uuid().replace(/-/g, '').slice(0, 17);
    return `${prefix}-${hex}`;
  }

  private changed(resource: string, detail?: unknown): void {
    this.ctx.changed({ service: 'ec2', resource, detail });
  }

  createVpc(input: { cidrBlock: string; name?: string }): Vpc {
    checkCidr(input.cidrBlock);
    const vpc: Vpc = { vpcId: this.id('vpc'), name: input.name ?? '', cidrBlock: input.cidrBlock };
    this.state.vpcs.push(vpc);
    // Every VPC gets a main route table with its local route, and a default security group.
    this.state.routeTables.push({
      routeTableId: this.id('rtb'),
      vpcId: vpc.vpcId,
      name: `${vpc.name || vpc.vpcId} main`,
      main: true,
      subnetIds: [],
      routes: [{ destination: vpc.cidrBlock, target: { kind: 'local' } }],
    });
    this.state.securityGroups.push({
      groupId: this.id('sg'),
      vpcId: vpc.vpcId,
      name: 'default',
      description: 'default VPC security group',
      ingress: [],
      egress: [{ ...ALL_TRAFFIC }],
    });
    this.changed(`vpc.${vpc.vpcId}`, { action: 'created' });
    return vpc;
  }

  createSubnet(input: { vpcId: string; cidrBlock: string; availabilityZone: string; name?: string }): Subnet {
    const vpc = this.requireVpc(input.vpcId);
    checkCidr(input.cidrBlock);
    if (!cidrContains(vpc.cidrBlock, input.cidrBlock))
      throw new NetworkError('InvalidSubnet.Range', `The CIDR '${input.cidrBlock}' is invalid.`);
    const overlapping = this.state.subnets.find(
      (subnet) => subnet.vpcId === vpc.vpcId && cidrsOverlap(subnet.cidrBlock, input.cidrBlock),
    );
    if (overlapping)
      throw new NetworkError(
        'InvalidSubnet.Conflict',
        `The CIDR '${input.cidrBlock}' conflicts with another subnet`,
      );
    const subnet: Subnet = {
      subnetId: this.id('subnet'),
      vpcId: vpc.vpcId,
      name: input.name ?? '',
      cidrBlock: input.cidrBlock,
      availabilityZone: input.availabilityZone,
    };
    this.state.subnets.push(subnet);
    this.changed(`subnet.${subnet.subnetId}`, { action: 'created' });
    return subnet;
  }

  createRouteTable(input: { vpcId: string; name?: string }): RouteTable {
    const vpc = this.requireVpc(input.vpcId);
    const table: RouteTable = {
      routeTableId: this.id('rtb'),
      vpcId: vpc.vpcId,
      name: input.name ?? '',
      main: false,
      subnetIds: [],
      routes: [{ destination: vpc.cidrBlock, target: { kind: 'local' } }],
    };
    this.state.routeTables.push(table);
    this.changed(`routeTable.${table.routeTableId}`, { action: 'created' });
    return table;
  }

  /** AssociateRouteTable: a subnet has one explicit association at a time. */
  associateRouteTable(routeTableId: string, subnetId: string): void {
    const table = this.requireRouteTable(routeTableId);
    const subnet = this.requireSubnet(subnetId);
    if (subnet.vpcId !== table.vpcId)
      throw new NetworkError(
        'InvalidParameterValue',
        `Route table ${routeTableId} and subnet ${subnetId} belong to different networks`,
      );
    for (const other of this.state.routeTables)
      other.subnetIds = other.subnetIds.filter((id) => id !== subnetId);
    table.subnetIds.push(subnetId);
    this.changed(`routeTable.${routeTableId}`, { action: 'associated', subnetId });
  }

  createRoute(
    routeTableId: string,
    destination: string,
    target: Exclude<RouteTarget, { kind: 'local' } | { kind: 'vpce' }>,
  ): void {
    const table = this.requireRouteTable(routeTableId);
    checkCidr(destination);
    if (table.routes.some((route) => route.destination === destination))
      throw new NetworkError('RouteAlreadyExists', `The route identified by ${destination} already exists.`);
    if (target.kind === 'igw') {
      const gateway = this.internetGateway(target.id);
      if (!gateway)
        throw new NetworkError(
          'InvalidInternetGatewayID.NotFound',
          `The internetGateway ID '${target.id}' does not exist`,
        );
      if (gateway.vpcId !== table.vpcId)
        throw new NetworkError(
          'InvalidParameterValue',
          `route table ${routeTableId} and network gateway ${target.id} belong to different networks`,
        );
    } else if (!this.natGateway(target.id)) {
      throw new NetworkError(
        'InvalidNatGatewayID.NotFound',
        `The natGateway ID '${target.id}' does not exist`,
      );
    }
    table.routes.push({ destination, target });
    this.changed(`routeTable.${routeTableId}`, { action: 'route', destination });
  }

  deleteRoute(routeTableId: string, destination: string): void {
    const table = this.requireRouteTable(routeTableId);
    const route = table.routes.find((item) => item.destination === destination);
    if (!route || route.target.kind === 'local' || route.target.kind === 'vpce')
      throw new NetworkError(
        'InvalidRoute.NotFound',
        `no route with destination-cidr-block ${destination} in route table ${routeTableId}`,
      );
    table.routes = table.routes.filter((item) => item !== route);
    this.changed(`routeTable.${routeTableId}`, { action: 'route-deleted', destination });
  }

  createInternetGateway(input: { vpcId?: string; name?: string } = {}): InternetGateway {
    const gateway: InternetGateway = {
      internetGatewayId: this.id('igw'),
      name: input.name ?? '',
      vpcId: null,
    };
    this.state.internetGateways.push(gateway);
    if (input.vpcId) this.attachInternetGateway(gateway.internetGatewayId, input.vpcId);
    this.changed(`igw.${gateway.internetGatewayId}`, { action: 'created' });
    return gateway;
  }

  attachInternetGateway(internetGatewayId: string, vpcId: string): void {
    const gateway = this.internetGateway(internetGatewayId);
    if (!gateway)
      throw new NetworkError(
        'InvalidInternetGatewayID.NotFound',
        `The internetGateway ID '${internetGatewayId}' does not exist`,
      );
    this.requireVpc(vpcId);
    if (gateway.vpcId)
      throw new NetworkError(
        'Resource.AlreadyAssociated',
        `resource ${internetGatewayId} is already attached to network ${gateway.vpcId}`,
      );
    gateway.vpcId = vpcId;
    this.changed(`igw.${internetGatewayId}`, { action: 'attached', vpcId });
  }

  createNatGateway(input: { subnetId: string; name?: string }): NatGateway {
    this.requireSubnet(input.subnetId);
    this.serial++;
    // An Elastic IP from a documentation range: what a server on the internet sees as the source.
    const gateway: NatGateway = {
      natGatewayId: this.id('nat'),
      name: input.name ?? '',
      subnetId: input.subnetId,
      publicIp: `198.51.100.${10 + (this.state.natGateways.length % 200)}`,
    };
    this.state.natGateways.push(gateway);
    this.changed(`nat.${gateway.natGatewayId}`, { action: 'created' });
    return gateway;
  }

  deleteNatGateway(natGatewayId: string): void {
    if (!this.natGateway(natGatewayId))
      throw new NetworkError('NatGatewayNotFound', `NAT gateway ${natGatewayId} was not found`);
    this.state.natGateways = this.state.natGateways.filter(
      (gateway) => gateway.natGatewayId !== natGatewayId,
    );
    // Routes to a deleted NAT gateway stay as blackholes, as in a VPC.
    this.changed(`nat.${natGatewayId}`, { action: 'deleted' });
  }

  /** CreateVpcEndpoint. Gateway endpoints (S3, DynamoDB only) add a prefix-list route to their route tables. */
  createVpcEndpoint(input: {
    vpcId: string;
    service: EndpointService;
    type: 'Gateway' | 'Interface';
    routeTableIds?: string[];
    subnetIds?: string[];
    securityGroupIds?: string[];
    privateDnsEnabled?: boolean;
  }): VpcEndpoint {
    const vpc = this.requireVpc(input.vpcId);
    const serviceName = `com.amazonaws.${this.ctx.region}.${input.service}`;
    if (input.type === 'Gateway' && input.service !== 'dynamodb' && input.service !== 's3')
      throw new NetworkError(
        'InvalidServiceName',
        `The Vpc Endpoint Service '${serviceName}' does not support the endpoint type 'Gateway'.`,
      );
    const endpoint: VpcEndpoint = {
      vpcEndpointId: this.id('vpce'),
      vpcId: vpc.vpcId,
      serviceName,
      service: input.service,
      type: input.type,
      routeTableIds: input.type === 'Gateway' ? [...(input.routeTableIds ?? [])] : [],
      subnetIds: input.type === 'Interface' ? [...(input.subnetIds ?? [])] : [],
      securityGroupIds: input.type === 'Interface' ? [...(input.securityGroupIds ?? [])] : [],
      privateDnsEnabled: input.type === 'Interface' ? (input.privateDnsEnabled ?? true) : false,
    };
    for (const id of endpoint.routeTableIds) {
      const table = this.requireRouteTable(id);
      table.routes.push({
        destination: PREFIX_LISTS[input.service as 'dynamodb' | 's3'],
        target: { kind: 'vpce', id: endpoint.vpcEndpointId },
      });
    }
    for (const id of endpoint.subnetIds) this.requireSubnet(id);
    this.state.endpoints.push(endpoint);
    this.changed(`vpce.${endpoint.vpcEndpointId}`, { action: 'created' });
    return endpoint;
  }

  deleteVpcEndpoint(vpcEndpointId: string): void {
    const endpoint = this.endpoint(vpcEndpointId);
    if (!endpoint)
      throw new NetworkError(
        'InvalidVpcEndpointId.NotFound',
        `The Vpc Endpoint Id '${vpcEndpointId}' does not exist`,
      );
    this.state.endpoints = this.state.endpoints.filter((item) => item !== endpoint);
    for (const table of this.state.routeTables)
      table.routes = table.routes.filter(
        (route) => !(route.target.kind === 'vpce' && route.target.id === vpcEndpointId),
      );
    this.changed(`vpce.${vpcEndpointId}`, { action: 'deleted' });
  }

  createSecurityGroup(input: { vpcId: string; name: string; description?: string }): SecurityGroup {
    this.requireVpc(input.vpcId);
    if (this.state.securityGroups.some((group) => group.vpcId === input.vpcId && group.name === input.name))
      throw new NetworkError(
        'InvalidGroup.Duplicate',
        `The security group '${input.name}' already exists for VPC '${input.vpcId}'`,
      );
    // A new security group allows all outbound traffic and no inbound traffic.
    const group: SecurityGroup = {
      groupId: this.id('sg'),
      vpcId: input.vpcId,
      name: input.name,
      description: input.description ?? input.name,
      ingress: [],
      egress: [{ ...ALL_TRAFFIC }],
    };
    this.state.securityGroups.push(group);
    this.changed(`sg.${group.groupId}`, { action: 'created' });
    return group;
  }

  authorize(groupId: string, direction: 'ingress' | 'egress', rule: SecurityGroupRule): void {
    const group = this.requireGroup(groupId);
    group[direction].push({ ...rule });
    this.changed(`sg.${groupId}`, { action: 'authorized', direction });
  }

  revoke(groupId: string, direction: 'ingress' | 'egress', index: number): void {
    const group = this.requireGroup(groupId);
    if (index < 0 || index >= group[direction].length)
      throw new NetworkError(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
      );
    group[direction].splice(index, 1);
    this.changed(`sg.${groupId}`, { action: 'revoked', direction });
  }

  createDatabase(input: {
    name: string;
    vpcId: string;
    subnetIds: string[];
    securityGroupIds: string[];
    port?: number;
  }): DatabaseEndpoint {
    this.requireVpc(input.vpcId);
    for (const id of input.subnetIds) this.requireSubnet(id);
    for (const id of input.securityGroupIds) this.requireGroup(id);
    // RDS endpoint names end in an identifier fixed per account and region, so the same instance name gives
    // the same endpoint name in every copy of the course account (instructions can name it).
    const suffix = endpointSuffix(this.ctx.accountId, this.ctx.region);
    const database: DatabaseEndpoint = {
      id: this.id('db'),
      name: input.name,
      hostname: `${input.name}.${suffix}.${this.ctx.region}.rds.amazonaws.com`.toLowerCase(),
      port: input.port ?? 5432,
      engine: 'postgres',
      vpcId: input.vpcId,
      subnetIds: [...input.subnetIds],
      securityGroupIds: [...input.securityGroupIds],
    };
    this.state.databases.push(database);
    this.changed(`db.${database.id}`, { action: 'created' });
    return database;
  }

  // ---- requirements -------------------------------------------------------------------------------------------

  private requireVpc(id: string): Vpc {
    const vpc = this.vpc(id);
    if (!vpc) throw new NetworkError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
    return vpc;
  }

  private requireSubnet(id: string): Subnet {
    const subnet = this.subnet(id);
    if (!subnet) throw new NetworkError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
    return subnet;
  }

  private requireRouteTable(id: string): RouteTable {
    const table = this.state.routeTables.find((item) => item.routeTableId === id);
    if (!table)
      throw new NetworkError('InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`);
    return table;
  }

  private requireGroup(id: string): SecurityGroup {
    const group = this.securityGroup(id);
    if (!group) throw new NetworkError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
    return group;
  }

  // ---- AwsService ---------------------------------------------------------------------------------------------

  handle(_req: AwsHttpRequest, _caller: AwsCaller): AwsHttpResponse {
    // EC2's query API is not simulated; the VPC panel and lab checks use the model API.
    return {
      statusCode: 400,
      headers: { 'content-type': 'text/xml' },
      body: utf8(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnsupportedOperation</Code><Message>Coldstart does not simulate the Amazon EC2 API; use the VPC panel.</Message></Error></Errors><RequestID>00000000-0000-4000-8000-000000000000</RequestID></Response>',
      ),
    };
  }

  snapshot(): unknown {
    return JSON.parse(JSON.stringify(this.state));
  }

  restore(data: unknown): void {
    const parsed = networkSchema.parse(data) as NetworkState;
    this.state = parsed;
    this.changed('*', { action: 'restored' });
  }

  reset(): void {
    this.state = emptyState();
    this.changed('*', { action: 'reset' });
  }
}

/** `c` and eleven base-36 characters from the account and region (illustrative, stable). */
export function endpointSuffix(accountId: string, region: string): string {
  let hash = 0x811c9dc5;
  let second = 0x01000193;
  for (const char of `${accountId}:${region}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    second = Math.imul(second + char.charCodeAt(0), 0x5bd1e995) >>> 0;
  }
  return `c${(hash.toString(36) + second.toString(36)).padEnd(11, '0').slice(0, 11)}`;
}

// ---- CIDR helpers ---------------------------------------------------------------------------------------------

export function parseCidr(cidr: string): { base: number; bits: number } | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return null;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((octet) => octet > 255) || bits > 32) return null;
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (address & mask) >>> 0, bits };
}

function checkCidr(cidr: string): void {
  if (!parseCidr(cidr))
    throw new NetworkError(
      'InvalidParameterValue',
      `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    );
}

export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b || b.bits < a.bits) return false;
  const mask = a.bits === 0 ? 0 : (0xffffffff << (32 - a.bits)) >>> 0;
  return (b.base & mask) >>> 0 === a.base;
}

function cidrsOverlap(first: string, second: string): boolean {
  return cidrContains(first, second) || cidrContains(second, first);
}

const ruleSchema = z.object({
  protocol: z.enum(['tcp', '-1']),
  fromPort: z.number().int().min(0).max(65535),
  toPort: z.number().int().min(0).max(65535),
  cidr: z.string().optional(),
  groupId: z.string().optional(),
  prefixListId: z.string().optional(),
  description: z.string().optional(),
});

const targetSchema = z.union([
  z.object({ kind: z.literal('local') }),
  z.object({ kind: z.enum(['igw', 'nat', 'vpce']), id: z.string() }),
]);

const networkSchema = z.object({
  vpcs: z.array(
    z.object({
      vpcId: z.string(),
      name: z.string(),
      cidrBlock: z.string().refine((value) => parseCidr(value) !== null),
    }),
  ),
  subnets: z.array(
    z.object({
      subnetId: z.string(),
      vpcId: z.string(),
      name: z.string(),
      cidrBlock: z.string(),
      availabilityZone: z.string(),
    }),
  ),
  routeTables: z.array(
    z.object({
      routeTableId: z.string(),
      vpcId: z.string(),
      name: z.string(),
      main: z.boolean(),
      subnetIds: z.array(z.string()),
      routes: z.array(z.object({ destination: z.string(), target: targetSchema })),
    }),
  ),
  internetGateways: z.array(
    z.object({ internetGatewayId: z.string(), name: z.string(), vpcId: z.string().nullable() }),
  ),
  natGateways: z.array(
    z.object({ natGatewayId: z.string(), name: z.string(), subnetId: z.string(), publicIp: z.string() }),
  ),
  endpoints: z.array(
    z.object({
      vpcEndpointId: z.string(),
      vpcId: z.string(),
      serviceName: z.string(),
      service: z.string(),
      type: z.enum(['Gateway', 'Interface']),
      routeTableIds: z.array(z.string()),
      subnetIds: z.array(z.string()),
      securityGroupIds: z.array(z.string()),
      privateDnsEnabled: z.boolean(),
    }),
  ),
  securityGroups: z.array(
    z.object({
      groupId: z.string(),
      vpcId: z.string(),
      name: z.string(),
      description: z.string(),
      ingress: z.array(ruleSchema),
      egress: z.array(ruleSchema),
    }),
  ),
  databases: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      hostname: z.string(),
      port: z.number().int(),
      engine: z.literal('postgres'),
      vpcId: z.string(),
      subnetIds: z.array(z.string()),
      securityGroupIds: z.array(z.string()),
    }),
  ),
});

export function createVpcNetwork(ctx: AccountContext): VpcNetwork {
  return new VpcNetwork(ctx);
}
