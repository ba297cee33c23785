import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { AwsAccount } from '../aws/account';
import { applyVpcBlock, findLabVpc, labNatGateway, setLabEndpoint, setLabNat } from './labConfig';
import { createVpcNetwork, type VpcNetwork } from './network';
import { reach, type Destination } from './reachability';

function network() {
  const account = new AwsAccount({ clock: new VirtualClock() }, [createVpcNetwork]);
  return { account, network: account.service<VpcNetwork>('ec2')! };
}

const dynamodb: Destination = {
  kind: 'aws',
  service: 'dynamodb',
  hostname: 'dynamodb.us-east-1.amazonaws.com',
};
const internet: Destination = { kind: 'internet', hostname: 'checkip.example.com' };

describe('a VPC block from a lab configuration', () => {
  it('private subnets without NAT or endpoint: the VpcConfig reaches neither DynamoDB nor the internet', () => {
    const { network: model } = network();
    const { lab, vpcConfig } = applyVpcBlock(model, { subnets: 'private' });
    expect(vpcConfig).toEqual({
      subnetIds: lab.privateSubnets.map((subnet) => subnet.subnetId),
      securityGroupIds: [lab.functionSecurityGroup.groupId],
    });
    expect(reach(model, vpcConfig, dynamodb).ok).toBe(false);
    expect(reach(model, vpcConfig, internet).ok).toBe(false);
    expect(lab.database).toBeUndefined();
  });

  it('a DynamoDB gateway endpoint opens DynamoDB only; a NAT gateway opens the internet too', () => {
    const { network: model } = network();
    const { vpcConfig } = applyVpcBlock(model, { endpoints: [{ service: 'dynamodb' }] });
    expect(reach(model, vpcConfig, dynamodb)).toMatchObject({ ok: true });
    expect(reach(model, vpcConfig, internet).ok).toBe(false);
    applyVpcBlock(model, { nat: true });
    expect(reach(model, vpcConfig, internet)).toMatchObject({ ok: true });
    // Applying again changes nothing: one VPC, one endpoint, one NAT gateway.
    applyVpcBlock(model, { nat: true, endpoints: [{ service: 'dynamodb' }] });
    expect(model.view().vpcs).toHaveLength(1);
    expect(model.view().endpoints).toHaveLength(1);
    expect(model.view().natGateways).toHaveLength(1);
  });

  it('is found again by name after the account is saved and restored, and NAT and endpoints can be removed', () => {
    const { account, network: model } = network();
    applyVpcBlock(model, { nat: true, endpoints: [{ service: 's3' }], database: true });
    const saved = JSON.parse(JSON.stringify(account.snapshot()));
    const { account: other, network: restoredModel } = network();
    other.restore(saved);
    const lab = findLabVpc(restoredModel)!;
    expect(lab.database?.port).toBe(5432);
    expect(labNatGateway(restoredModel, lab)).toBeDefined();
    setLabNat(restoredModel, lab, false);
    setLabEndpoint(restoredModel, lab, 's3', false);
    expect(labNatGateway(restoredModel, lab)).toBeUndefined();
    expect(restoredModel.view().endpoints).toHaveLength(0);
  });

  it('outside the VPC: no VpcConfig; a malformed block is refused', () => {
    const { network: model } = network();
    expect(applyVpcBlock(model, { subnets: 'none' }).vpcConfig).toBeNull();
    expect(() => applyVpcBlock(model, { endpoints: [{ service: 'ec2' as 'dynamodb' }] })).toThrow();
  });
});
