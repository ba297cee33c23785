/**
 * UpdateFunctionConfiguration's VpcConfig (https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html,
 * API_VpcConfig.html): the subnets and security groups are checked against the account's VPC model (the `ec2`
 * service) and handed to the service; the workspace's VPC attachments (src/sim/vpc/attachments.ts) then make the
 * network interfaces exactly as they do for the VPC tab, so the answer shows LastUpdateStatus InProgress (or State
 * Pending) until they exist. Other configuration (memory, timeout, code, …) belongs to the course's pages, whose
 * editors own those fields, so this operation refuses to change it.
 *
 * Messages quoted from the API as public reports show it: "SubnetIds and SecurityIds must coexist or be both empty
 * list.", "Error occurred while DescribeSubnets. EC2 Error Code: …", and the update-in-progress conflict.
 */
import type { LambdaService } from '../../lambda/LambdaService';
import type { FunctionConfig } from '../../config';
import { text, type AwsHttpRequest, type AwsHttpResponse } from '../http';
import type { AccountContext, AwsService } from '../service';
import { functionArn, parseFunctionName } from './functionNames';
import { apiError, apiJson } from './lambdaResponses';

interface NetworkLookup extends AwsService {
  subnet(id: string): { vpcId: string } | undefined;
  securityGroup(id: string): { vpcId: string } | undefined;
}

/** Fields the request may carry besides VpcConfig without changing anything the course's pages own. */
const HARMLESS = new Set(['FunctionName', 'VpcConfig', 'RevisionId', 'Role']);

function invalid(message: string): AwsHttpResponse {
  return apiError(400, 'InvalidParameterValueException', message);
}

function stringList(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return null;
  return value as string[];
}

export function updateFunctionVpc(
  ctx: AccountContext,
  service: LambdaService,
  req: AwsHttpRequest,
  functionName: string,
  render: (name: string, config: FunctionConfig) => unknown,
): AwsHttpResponse {
  const parsed = parseFunctionName(functionName, ctx);
  if (!parsed || !service.hasFunction(parsed.name))
    return apiError(
      404,
      'ResourceNotFoundException',
      `Function not found: ${functionArn(ctx, { name: parsed?.name ?? functionName })}`,
    );
  const name = parsed.name;
  let body: Record<string, unknown>;
  try {
    const value = JSON.parse(text(req.body).trim() || '{}') as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    body = value as Record<string, unknown>;
  } catch {
    return apiError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
  }
  const other = Object.keys(body).filter((field) => !HARMLESS.has(field));
  if (other.length > 0)
    return apiError(
      400,
      'InvalidParameterValueException',
      `Coldstart's simulated Lambda API changes only VpcConfig through UpdateFunctionConfiguration (${other.join(', ')} are set in the course's own pages).`,
    );
  const arn = functionArn(ctx, { name });
  const status = service.functionStatus(name);
  if (status.state === 'Pending')
    return apiError(
      409,
      'ResourceConflictException',
      'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    );
  if (status.lastUpdateStatus === 'InProgress')
    return apiError(
      409,
      'ResourceConflictException',
      `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`,
    );
  const current = service.getFunction(name)!;
  if (body.VpcConfig === undefined) return apiJson(200, render(name, current));

  const vpc = body.VpcConfig as Record<string, unknown> | null;
  const subnetIds = stringList(vpc?.SubnetIds);
  const securityGroupIds = stringList(vpc?.SecurityGroupIds);
  if (!subnetIds || !securityGroupIds)
    return apiError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
  if ((subnetIds.length === 0) !== (securityGroupIds.length === 0))
    return invalid('SubnetIds and SecurityIds must coexist or be both empty list.');
  if (vpc?.Ipv6AllowedForDualStack === true)
    return invalid(
      // The course's subnets have IPv4 CIDR blocks only (src/sim/vpc/network.ts): own wording.
      'Ipv6AllowedForDualStack needs dual-stack subnets; the subnets of this simulated account have no IPv6 CIDR block.',
    );
  if (subnetIds.length > 0) {
    const network = ctx.service<NetworkLookup>('ec2');
    const vpcIds = new Set<string>();
    for (const subnetId of subnetIds) {
      const subnet = network?.subnet(subnetId);
      if (!subnet)
        return invalid(
          `Error occurred while DescribeSubnets. EC2 Error Code: InvalidSubnetID.NotFound. EC2 Error Message: The subnet ID '${subnetId}' does not exist`,
        );
      vpcIds.add(subnet.vpcId);
    }
    for (const groupId of securityGroupIds) {
      const group = network?.securityGroup(groupId);
      if (!group)
        return invalid(
          `Error occurred while DescribeSecurityGroups. EC2 Error Code: InvalidGroup.NotFound. EC2 Error Message: The security group '${groupId}' does not exist`,
        );
      vpcIds.add(group.vpcId);
    }
    // Own wording: a function's interfaces live in one VPC.
    if (vpcIds.size > 1)
      return invalid(
        `The subnets and security groups must all belong to one VPC (these belong to ${[...vpcIds].join(', ')}).`,
      );
  }
  const result = service.updateFunction(name, {
    vpcConfig: subnetIds.length > 0 ? { subnetIds, securityGroupIds } : null,
  });
  if (!result.ok) return apiError(400, result.errorType, result.message);
  return apiJson(200, render(name, service.getFunction(name)!));
}
