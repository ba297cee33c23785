/**
 * Event source mappings in the built site (issue #12 item 7): in the playground's "Event sources" tab, a queue
 * with a dead-letter queue (maximum receives 3) is mapped to a function that reports the poison message as a
 * batch item failure; after fast-forward exactly that message is in the dead-letter queue, received three times,
 * and the other messages are gone. Then handler code maps a second queue through `@aws-sdk/client-lambda`: the
 * mapping shows in the same panel and is still there, Enabled, after a reload. One browser context for the file.
 */
import { test, expect, type Page } from '@playwright/test';
import type { Workspace } from '../src/app/workspaces';
import { runAxe, openPlayground } from './helpers';

type PageLambda = { coldstartLambda: { getWorkspace(id: string): Promise<Workspace> } };

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

test('a poison message ends alone in the dead-letter queue after maxReceiveCount receives', async () => {
  await page.getByRole('textbox', { name: 'Handler code' }).fill(
    `export const handler = async (event) => {
  const records = event.Records ?? [];
  console.log('batch', records.map((record) => record.body).join(','));
  return {
    batchItemFailures: records
      .filter((record) => record.body === 'poison')
      .map((record) => ({ itemIdentifier: record.messageId })),
  };
};
`,
  );
  // The first invoke creates the function the mapping needs.
  await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(result()).toContainText('Succeeded');

  await page.getByRole('tab', { name: 'Event sources' }).click();
  const createQueue = page.getByRole('form', { name: 'Create queue' });
  await createQueue.getByRole('textbox', { name: 'Queue name' }).fill('jobs');
  await createQueue.getByRole('spinbutton', { name: 'Maximum receives' }).fill('3');
  await createQueue.getByRole('button', { name: 'Create queue' }).click();
  const queues = page.getByRole('table', { name: 'Queues' });
  await expect(queues.getByRole('row', { name: /^jobs → jobs-dlq after 3/ })).toBeVisible();

  const mapping = page.getByRole('form', { name: 'Create event source mapping' });
  await expect(mapping.getByRole('combobox', { name: 'Event source' })).toHaveValue(/:jobs$/);
  await mapping.getByRole('checkbox', { name: 'Report batch item failures' }).check();
  await mapping.getByRole('button', { name: 'Create mapping' }).click();
  await expect(mapping.getByRole('status')).toContainText('Created mapping');

  const send = page.getByRole('form', { name: 'Send messages' });
  await send.getByRole('combobox', { name: 'Queue' }).selectOption({ label: 'jobs' });
  await send.getByRole('textbox', { name: 'Message bodies (one per line)' }).fill('first\npoison\nsecond');
  await send.getByRole('button', { name: 'Send messages' }).click();
  await expect(send.getByRole('status')).toHaveText('Sent 3 messages to jobs.');

  // Each receive of the poison message waits out the queue's 30-second visibility timeout: fast-forward.
  await page.getByRole('button', { name: 'Fast-forward' }).click();
  const dlqRow = queues.getByRole('row', { name: /^jobs-dlq/ });
  await expect(dlqRow.getByRole('cell').nth(0)).toHaveText('1');
  await expect(dlqRow).toContainText('poison (received 3×)');
  await expect(dlqRow).not.toContainText('first');
  await expect(dlqRow).not.toContainText('second');
  const jobsRow = queues.getByRole('row', { name: /^jobs → jobs-dlq/ });
  await expect(jobsRow.getByRole('cell')).toHaveText(['0', '0', '0', '—']);

  const card = page.getByRole('article', { name: 'SQS queue jobs → my-function' });
  await expect(card.getByTestId('mapping-state')).toHaveText('Enabled');
  // Each message once on success, the poison message once per receive: 2 succeeded, 3 failed.
  await expect(card).toContainText('2 succeeded, 3 failed');
  await expect(card.getByRole('list', { name: 'Recent batches' })).toContainText(
    'received 3×) — partial: 1 of 1 reported failed',
  );

  // The tab with a queue, a mapping and its batches is accessible.
  const violations = await runAxe(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});

test('a mapping created by handler code through the Lambda API shows in the panel and survives a reload', async () => {
  await page.getByRole('textbox', { name: 'Handler code' }).fill(
    `import { SQSClient, CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { LambdaClient, CreateEventSourceMappingCommand, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
const sqs = new SQSClient({});
const lambda = new LambdaClient({});
export const handler = async (event) => {
  if (event.Records) return {};
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const created = await lambda.send(new CreateEventSourceMappingCommand({
    FunctionName: 'my-function', EventSourceArn: Attributes.QueueArn, BatchSize: 5,
  }));
  const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'my-function' }));
  return { created: created.State, listed: EventSourceMappings.map((mapping) => mapping.EventSourceArn.split(':').pop()) };
};
`,
  );
  await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  // The panel's mapping (jobs) is listed by code next to the one code made.
  await expect(result()).toContainText('Creating');
  await expect(result()).toContainText('"jobs"');
  await expect(result()).toContainText('"orders"');

  const card = () => page.getByRole('article', { name: 'SQS queue orders → my-function' });
  await page.getByRole('tab', { name: 'Event sources' }).click();
  await page.getByRole('button', { name: 'Fast-forward' }).click();
  await expect(card().getByTestId('mapping-state')).toHaveText('Enabled');
  await expect(card()).toContainText('5, window 0 s');

  await page.evaluate(async () => {
    const lambda = (window as unknown as PageLambda).coldstartLambda;
    await (await lambda.getWorkspace('playground')).persistence.flush();
  });
  await page.reload();
  await page.getByRole('tab', { name: 'Event sources' }).click();
  await expect(card().getByTestId('mapping-state')).toHaveText('Enabled', { timeout: 30_000 });
  await expect(card()).toContainText('5, window 0 s');
  await expect(page.getByRole('article', { name: 'SQS queue jobs → my-function' })).toBeVisible();
});
