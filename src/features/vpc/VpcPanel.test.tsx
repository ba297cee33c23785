// @vitest-environment jsdom
/**
 * The VPC tab's controls are controlled inputs over the account's network, which the panel otherwise re-renders at
 * most once a frame. A click must show its new state in the same event: the e2e test's check() failed on a loaded
 * CI machine when the checkbox snapped back until the next frame.
 */
import { afterEach, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { testBundleSource } from '../../sandbox/sdk/testing/testBundles';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { VpcPanel } from './VpcPanel';

const open: Workspace[] = [];
afterEach(async () => {
  cleanup();
  for (const workspace of open.splice(0)) await workspace.dispose();
});

it('a gateway endpoint or NAT checkbox shows its new state at once, and a placement starts the update', async () => {
  const ws = createWorkspace('vpc-panel-test', {
    host: createInProcessHost({ bundles: testBundleSource() }),
    accountStore: null,
    seed: 5,
  });
  open.push(ws);
  await ws.ready;
  ws.service.createFunction({
    name: 'my-function',
    runtime: 'nodejs24.x',
    code: {
      handler: 'index.handler',
      files: [{ path: 'index.mjs', content: 'export const handler = async () => 1;' }],
    },
  });
  render(<VpcPanel workspace={ws} functionName="my-function" />);
  fireEvent.click(screen.getByRole('button', { name: 'Create lab VPC' }));
  const endpoint = screen.getByRole('checkbox', { name: 'DynamoDB gateway endpoint' });
  expect(endpoint).not.toBeChecked();
  fireEvent.click(endpoint);
  expect(endpoint).toBeChecked(); // no frame has passed
  const nat = screen.getByRole('checkbox', { name: 'NAT gateway for the private subnets' });
  fireEvent.click(nat);
  expect(nat).toBeChecked();
  fireEvent.click(endpoint);
  expect(endpoint).not.toBeChecked();
  fireEvent.click(screen.getByRole('radio', { name: 'Private subnets of lab-vpc' }));
  expect(screen.getByRole('radio', { name: 'Private subnets of lab-vpc' })).toBeChecked();
  // The update starts at once: network interfaces are being created, and until they are the function runs where it was.
  expect(screen.getByTestId('function-network-state')).toHaveTextContent('creating network interfaces');
  expect(screen.getByRole('row', { name: /^DynamoDB/ })).toHaveTextContent("Lambda's own network");
});
