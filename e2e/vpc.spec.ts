/**
 * The VPC in the built site (issue #12 item 7): a function that lists DynamoDB tables succeeds outside a VPC; put
 * in the lab VPC's private subnets (Pending while its interfaces are created) it times out on the same call, as in
 * AWS; with a DynamoDB gateway endpoint it succeeds again. One browser context for the file.
 */
import { test, expect, type Page } from '@playwright/test';
import { openPlayground, runAxe, switchToPlainEditor } from './helpers';

test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await openPlayground(page);
});

test.afterAll(async () => {
  await page.close();
});

const result = () => page.getByRole('region', { name: 'Result' });
const invoke = () => page.getByRole('button', { name: 'Invoke', exact: true }).click();

test('a private subnet without an endpoint makes DynamoDB hang until the timeout; a gateway endpoint fixes it', async () => {
  await page.getByRole('textbox', { name: 'Handler code' }).fill(
    `import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => {
  const { TableNames } = await client.send(new ListTablesCommand({}));
  return { tables: TableNames, checked: 'dynamodb' };
};
`,
  );
  await invoke();
  await expect(result()).toContainText('Succeeded');
  await expect(result()).toContainText('"checked": "dynamodb"');

  await page.getByRole('tab', { name: 'VPC' }).click();
  await page.getByRole('button', { name: 'Create lab VPC' }).click();
  await expect(page.getByRole('figure', { name: 'Diagram of lab-vpc' })).toBeVisible();
  await page.getByRole('radio', { name: 'Private subnets of lab-vpc' }).check();
  const state = page.getByTestId('function-network-state');
  await expect(state).toContainText('creating network interfaces');
  await page.getByRole('button', { name: 'Fast-forward' }).click();
  await expect(state).toHaveText('State Active, last update Successful.');
  await expect(page.getByRole('group', { name: 'Subnet lab-private-a' })).toContainText('λ my-function');
  // The lab VPC's PostgreSQL endpoint is in both private subnets, behind its own security group.
  await expect(page.getByRole('group', { name: 'Subnet lab-private-b' })).toContainText(
    'PostgreSQL lab-db: lab-db.ctwf4yt1rji1.us-east-1.rds.amazonaws.com:5432 (lab-database)',
  );
  const reach = page.getByRole('table', { name: 'What my-function can reach' });
  await expect(reach.getByRole('row', { name: /^DynamoDB/ })).toContainText('Hangs');

  await invoke();
  await expect(result()).toContainText('Sandbox.Timedout');
  await expect(page.getByRole('log', { name: 'Logs' })).toContainText('Task timed out after 3.00 seconds');
  await expect(page.getByRole('region', { name: 'Recent connections' })).toContainText(
    'dynamodb.us-east-1.amazonaws.com: no answer',
  );

  await page.getByRole('checkbox', { name: 'DynamoDB gateway endpoint' }).check();
  await expect(reach.getByRole('row', { name: /^DynamoDB/ })).toContainText('Reachable');
  await expect(page.getByRole('list', { name: 'Endpoints' })).toContainText(
    'com.amazonaws.us-east-1.dynamodb',
  );
  await invoke();
  await expect(result()).toContainText('Succeeded');
  await expect(result()).toContainText('"checked": "dynamodb"');

  // The tab with the diagram, the controls and the connections is accessible.
  const violations = await runAxe(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});

test("the orders lab's step 3 in the built site: the starter fails the hang check with its message, the solution passes every check", async () => {
  const results = () => page.getByRole('region', { name: 'Check results' });
  const applyAndCheck = async () => {
    await page.getByRole('button', { name: 'Show solution' }).click();
    await page.getByRole('button', { name: 'Apply solution' }).click();
    await page.getByRole('button', { name: 'Check my work' }).click();
  };
  await page.goto('./#/labs/orders-service');
  await expect(page.getByRole('heading', { level: 2, name: /^Step 1 of 5: / })).toBeVisible();
  await switchToPlainEditor(page);
  // Steps 1 and 2 by their solutions: step 3 unlocks once they are complete.
  await page.getByRole('radio', { name: 'Yes' }).check();
  await applyAndCheck();
  await expect(results().getByRole('status')).toContainText('All required checks passed', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: /^Next step: / }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Step 2 of 5: / })).toBeVisible();
  await applyAndCheck();
  await expect(results().getByRole('status')).toContainText('All required checks passed', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: /^Next step: / }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Step 3 of 5: VPC access' })).toBeVisible();

  // The starter (step 2's solution) is outside any VPC: DynamoDB answers, so nothing hangs yet.
  await page.getByRole('button', { name: 'Check my work' }).click();
  await expect(results().getByRole('status')).toContainText(/\d+ of \d+ checks passed/, { timeout: 30_000 });
  const hang = results()
    .getByRole('listitem')
    .filter({ hasText: 'In the private subnets with no route to DynamoDB' });
  await expect(hang).toContainText('failed');
  await expect(hang).toContainText('Your function is not in a VPC yet');

  // The solution: two private subnets, a DynamoDB gateway endpoint, the database rule, the order in PostgreSQL
  // (PGlite starts on the page for the first query: allow it its start-up).
  await page.getByRole('radio', { name: 'No route: nothing answers or refuses' }).check();
  await applyAndCheck();
  await expect(results().getByRole('status')).toContainText('All required checks passed', {
    timeout: 90_000,
  });
  await expect(
    results()
      .getByRole('listitem')
      .filter({ hasText: 'writes the order to DynamoDB and to the orders table' }),
  ).toContainText('passed');
});
