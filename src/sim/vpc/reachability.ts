/**
 * What a function can reach, decided once here ("Giving Lambda functions access to resources in an Amazon VPC",
 * "Enable internet access for VPC-connected Lambda functions", gateway and interface endpoints):
 *
 * - Outside a VPC a function reaches AWS services and the internet through Lambda's own network, never private
 *   addresses in a VPC.
 * - In a VPC, traffic leaves through the function's network interface in one of its subnets, so the subnet's
 *   route table and the function's security groups decide:
 *   - a database (or any private endpoint) in the same VPC: the local route, if its security groups let the
 *     function in on its port;
 *   - DynamoDB or S3: a gateway endpoint's prefix-list route in the route table;
 *   - any AWS service: an interface endpoint in the VPC with private DNS (the public name resolves to its private
 *     addresses), if its security groups allow HTTPS from the function;
 *   - otherwise the 0.0.0.0/0 route: through a NAT gateway that sits in a subnet routed to an attached internet
 *     gateway. A route straight to an internet gateway does not help: a function's network interfaces have no
 *     public IP address.
 *   Anything else has no path, and the connection attempt waits until something gives up (the function's timeout).
 */
import { cidrContains, PREFIX_LISTS, type SecurityGroupRule, type VpcNetwork } from './network';
import type { VpcConfig } from '../config';

export type Destination =
  | { kind: 'aws'; service: string; hostname: string }
  | { kind: 'internet'; hostname: string }
  | { kind: 'database'; hostname: string; port: number; id: string };

export type Reach =
  | { ok: true; via: string; subnetId?: string; sourceIp: string }
  | { ok: false; reason: string; subnetId?: string };

/** Lambda's own public addresses as a server on the internet sees them (a documentation range: illustrative). */
export const LAMBDA_PUBLIC_IP = '203.0.113.77';

function allows(
  rules: readonly SecurityGroupRule[],
  port: number,
  match: (rule: SecurityGroupRule) => boolean,
): boolean {
  return rules.some(
    (rule) => (rule.protocol === '-1' || (port >= rule.fromPort && port <= rule.toPort)) && match(rule),
  );
}

/** One path decision per subnet of the function. */
function reachFromSubnet(
  network: VpcNetwork,
  subnetId: string,
  groupIds: readonly string[],
  destination: Destination,
): Reach {
  const subnet = network.subnet(subnetId);
  if (!subnet) return { ok: false, reason: `subnet ${subnetId} does not exist`, subnetId };
  const table = network.routeTableOf(subnetId);
  if (!table) return { ok: false, reason: `subnet ${subnetId} has no route table`, subnetId };
  const groups = groupIds.map((id) => network.securityGroup(id)).filter((group) => group !== undefined);
  const port = destination.kind === 'database' ? destination.port : 443;
  const egress = (match: (rule: SecurityGroupRule) => boolean) =>
    groups.some((group) => allows(group.egress, port, match));
  const subnetLabel = subnet.name || subnet.subnetId;

  if (destination.kind === 'database') {
    const database = network.view().databases.find((item) => item.id === destination.id)!;
    if (database.vpcId !== subnet.vpcId)
      return {
        ok: false,
        reason: `${destination.hostname} is a private address in another VPC: no route from ${subnetLabel}`,
        subnetId,
      };
    const target = network.subnet(database.subnetIds[0] ?? '');
    if (
      !egress(
        (rule) =>
          (rule.cidr !== undefined &&
            (rule.cidr === '0.0.0.0/0' ||
              (target !== undefined && cidrContains(rule.cidr, target.cidrBlock)))) ||
          (rule.groupId !== undefined && database.securityGroupIds.includes(rule.groupId)),
      )
    )
      return {
        ok: false,
        reason: `the function's security groups do not allow outbound traffic to port ${port}`,
        subnetId,
      };
    const ingress = database.securityGroupIds
      .map((id) => network.securityGroup(id))
      .some(
        (group) =>
          group !== undefined &&
          allows(
            group.ingress,
            port,
            (rule) =>
              (rule.groupId !== undefined && groupIds.includes(rule.groupId)) ||
              (rule.cidr !== undefined && cidrContains(rule.cidr, subnet.cidrBlock)),
          ),
      );
    if (!ingress)
      return {
        ok: false,
        reason: `the database's security groups do not allow port ${port} from the function's security groups or subnet`,
        subnetId,
      };
    return {
      ok: true,
      via: `the local route of ${subnetLabel}`,
      subnetId,
      sourceIp: privateIp(subnet.cidrBlock),
    };
  }

  if (destination.kind === 'aws') {
    if (destination.service === 'dynamodb' || destination.service === 's3') {
      const list = PREFIX_LISTS[destination.service];
      const route = table.routes.find((item) => item.destination === list && item.target.kind === 'vpce');
      if (route && route.target.kind === 'vpce') {
        if (!egress((rule) => rule.cidr === '0.0.0.0/0' || rule.prefixListId === list))
          return {
            ok: false,
            reason: `the function's security groups do not allow HTTPS to ${list}`,
            subnetId,
          };
        return {
          ok: true,
          via: `gateway endpoint ${route.target.id} (route ${list} in ${table.name || table.routeTableId})`,
          subnetId,
          sourceIp: privateIp(subnet.cidrBlock),
        };
      }
    }
    const endpoint = network
      .view()
      .endpoints.find(
        (item) =>
          item.type === 'Interface' &&
          item.vpcId === subnet.vpcId &&
          item.service === destination.service &&
          item.privateDnsEnabled,
      );
    if (endpoint) {
      const endpointSubnets = endpoint.subnetIds
        .map((id) => network.subnet(id))
        .filter((item) => item !== undefined);
      if (
        !egress(
          (rule) =>
            (rule.cidr !== undefined &&
              endpointSubnets.some((item) => cidrContains(rule.cidr!, item.cidrBlock))) ||
            rule.cidr === '0.0.0.0/0' ||
            (rule.groupId !== undefined && endpoint.securityGroupIds.includes(rule.groupId)),
        )
      )
        return {
          ok: false,
          reason: `the function's security groups do not allow HTTPS to interface endpoint ${endpoint.vpcEndpointId}`,
          subnetId,
        };
      const ingress = endpoint.securityGroupIds
        .map((id) => network.securityGroup(id))
        .some(
          (group) =>
            group !== undefined &&
            allows(
              group.ingress,
              443,
              (rule) =>
                (rule.groupId !== undefined && groupIds.includes(rule.groupId)) ||
                (rule.cidr !== undefined && cidrContains(rule.cidr, subnet.cidrBlock)),
            ),
        );
      if (!ingress)
        return {
          ok: false,
          reason: `interface endpoint ${endpoint.vpcEndpointId}'s security groups do not allow HTTPS from the function`,
          subnetId,
        };
      return {
        ok: true,
        via: `interface endpoint ${endpoint.vpcEndpointId} (private DNS)`,
        subnetId,
        sourceIp: privateIp(subnet.cidrBlock),
      };
    }
  }

  // The internet, or an AWS service's public endpoint: the default route.
  const defaultRoute = table.routes.find((route) => route.destination === '0.0.0.0/0');
  const what =
    destination.kind === 'aws' ? `${destination.hostname} (a public AWS endpoint)` : destination.hostname;
  if (!defaultRoute)
    return {
      ok: false,
      reason: `no route to ${what} from ${subnetLabel}: its route table has no 0.0.0.0/0 route, NAT gateway or endpoint`,
      subnetId,
    };
  if (!egress((rule) => rule.cidr === '0.0.0.0/0'))
    return {
      ok: false,
      reason: `the function's security groups do not allow outbound HTTPS to 0.0.0.0/0`,
      subnetId,
    };
  if (defaultRoute.target.kind === 'igw')
    return {
      ok: false,
      reason: `${subnetLabel} routes 0.0.0.0/0 to an internet gateway, but a function's network interfaces have no public IP address: use a NAT gateway`,
      subnetId,
    };
  if (defaultRoute.target.kind !== 'nat') return { ok: false, reason: `no route to ${what}`, subnetId };
  const nat = network.natGateway(defaultRoute.target.id);
  if (!nat)
    return {
      ok: false,
      reason: `the 0.0.0.0/0 route points at a deleted NAT gateway (a blackhole)`,
      subnetId,
    };
  const natTable = network.routeTableOf(nat.subnetId);
  const natRoute = natTable?.routes.find((route) => route.destination === '0.0.0.0/0');
  const gateway = natRoute?.target.kind === 'igw' ? network.internetGateway(natRoute.target.id) : undefined;
  if (!gateway || gateway.vpcId !== subnet.vpcId)
    return {
      ok: false,
      reason: `NAT gateway ${nat.natGatewayId} is in a subnet with no route to an internet gateway`,
      subnetId,
    };
  return {
    ok: true,
    via: `NAT gateway ${nat.natGatewayId} → internet gateway ${gateway.internetGatewayId}`,
    subnetId,
    sourceIp: nat.publicIp,
  };
}

/** An address in the subnet for a function's network interface (illustrative: the fourth usable address). */
function privateIp(cidr: string): string {
  const [base] = cidr.split('/');
  const parts = base!.split('.').map(Number);
  return `${parts[0]}.${parts[1]}.${parts[2]}.${(parts[3] ?? 0) + 4}`;
}

/**
 * Whether a function with this VpcConfig reaches the destination. A function in several subnets sends each
 * connection from one of them: `pick` chooses which (e.g. by environment), so a destination reachable from only
 * some subnets works for some invocations only, as in a VPC.
 */
export function reach(
  network: VpcNetwork,
  vpcConfig: VpcConfig | null,
  destination: Destination,
  pick: (count: number) => number = () => 0,
): Reach {
  if (!vpcConfig || vpcConfig.subnetIds.length === 0) {
    if (destination.kind === 'database')
      return {
        ok: false,
        reason: `${destination.hostname} resolves to a private address in a VPC, which a function outside the VPC cannot reach`,
      };
    return {
      ok: true,
      via: "Lambda's own network (the function is not in a VPC)",
      sourceIp: LAMBDA_PUBLIC_IP,
    };
  }
  const results = vpcConfig.subnetIds.map((subnetId) =>
    reachFromSubnet(network, subnetId, vpcConfig.securityGroupIds, destination),
  );
  if (results.every((result) => result.ok) || results.every((result) => !result.ok)) return results[0]!;
  return results[pick(results.length) % results.length]!;
}
