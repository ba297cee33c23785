import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { testBundleSource } from '../../sandbox/sdk/testing/testBundles';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { natMonthlyUsd, startVpcDemo } from './vpcHang';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

// https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html: a function in private subnets
// reaches AWS services only through a NAT gateway or a VPC endpoint.
describe('the VPC demonstration on the real service and network rule', () => {
  it('hangs until the timeout without a way out; a gateway endpoint or a NAT gateway makes the same call succeed', async () => {
    const workspace = createWorkspace('vpc-demo-test', {
      host: createInProcessHost({ bundles: testBundleSource() }),
      accountStore: createMemoryAccountStore(),
      seed: 3,
    });
    open.push(workspace);
    await workspace.ready;
    // A 1 s timeout: the hang is real time while the handler waits, so keep it short here.
    const demo = startVpcDemo(workspace, { timeoutS: 1 });
    expect(demo.snapshot().state).toBe('Pending');
    await workspace.live.fastForward({ until: 'idle' });
    expect(demo.snapshot()).toMatchObject({ state: 'Active', dynamodbReachable: false, endpoint: false });

    const hung = await demo.invoke();
    expect(hung).toMatchObject({ wayOut: 'none', state: 'timed out' });
    expect(hung.detail).toContain('Task timed out after 1.00 seconds');

    demo.setEndpoint(true);
    expect(demo.snapshot()).toMatchObject({ endpoint: true, dynamodbReachable: true });
    const viaEndpoint = await demo.invoke();
    expect(viaEndpoint).toMatchObject({ wayOut: 'endpoint', state: 'succeeded' });
    expect(JSON.parse(viaEndpoint.detail)).toMatchObject({ tables: expect.any(Number) });

    demo.setEndpoint(false);
    demo.setNat(true);
    expect(demo.snapshot()).toMatchObject({ endpoint: false, nat: true, dynamodbReachable: true });
    expect(await demo.invoke()).toMatchObject({ wayOut: 'nat', state: 'succeeded' });
    expect(demo.snapshot().attempts.map((attempt) => attempt.state)).toEqual([
      'timed out',
      'succeeded',
      'succeeded',
    ]);
    demo.dispose();
  }, 30_000);

  it('prices a NAT gateway by the hour and the GB (us-east-1)', () => {
    expect(natMonthlyUsd(0)).toBeCloseTo(32.85, 2);
    expect(natMonthlyUsd(100)).toBeCloseTo(37.35, 2);
  });
});
