import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { testBundleSource } from '../../sandbox/sdk/testing/testBundles';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { runPowertools } from './powertoolsDemo';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

describe('Powertools Logger, Metrics and Tracer on a real invoke', () => {
  it('writes Logger JSON with the Lambda context, an EMF metric CloudWatch extracts, and a trace with the DynamoDB call', async () => {
    const workspace = createWorkspace('powertools-demo-test', {
      host: createInProcessHost({ bundles: testBundleSource() }),
      accountStore: createMemoryAccountStore(),
      seed: 4,
    });
    open.push(workspace);
    await workspace.ready;
    const output = await runPowertools(workspace);
    expect(output.ok, output.response).toBe(true);
    expect(output.loggerLines[0]).toMatchObject({
      level: 'INFO',
      message: 'order received',
      service: 'orders',
      orderId: 'order-77',
      function_name: output.functionName,
      cold_start: true,
    });
    expect(output.metrics.map((metric) => metric.name).sort()).toEqual(['OrderValue', 'OrdersPlaced']);
    expect(output.metrics[0]!.dimensions).toMatchObject({ service: 'orders' });
    expect(output.trace.map((row) => row.name)).toEqual(
      expect.arrayContaining([output.functionName, 'Initialization', 'Invocation', 'DynamoDB']),
    );
  }, 60_000);
});
