/**
 * Lesson simulators in the built site (issue #16 item 6), on one page in order: the error-handling lesson's async
 * retry timeline and poison-message batch, the VPC lesson's hang without an endpoint, and the event-sources
 * lesson's three invocation models. Each runs real handler code on the page's Lambda service; virtual time is
 * fast-forwarded, never waited for.
 */
import { test, expect, type Page } from '@playwright/test';
import { loadEverything, runAxe } from './helpers';

test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

test('error-handling: three tries at Lambda’s delays, then the destination record; the poison batch both ways', async () => {
  await page.goto('./#/lessons/error-handling');
  await loadEverything(page);
  const timeline = page.getByRole('region', { name: 'Try it: an asynchronous event that keeps failing' });
  await timeline.scrollIntoViewIfNeeded();
  await timeline.getByRole('button', { name: 'Send the event' }).click();
  const status = timeline.getByRole('status');
  await expect(status).toContainText('Accepted (202)');
  await timeline.getByRole('button', { name: 'Next step' }).click();
  await expect(timeline.getByRole('list', { name: 'Retry timeline' })).toContainText(
    'attempt 1 failed (Error)',
  );
  await timeline.getByRole('button', { name: 'Skip to the end' }).click();
  await expect(status).toContainText('Done: 3 tries, then the on-failure destination');
  const steps = timeline.getByRole('list', { name: 'Retry timeline' }).getByRole('listitem');
  await expect(steps).toHaveCount(5);
  // About a minute, then about two minutes after the failures (invocation-async-error-handling).
  await expect(steps.nth(1)).toContainText('Lambda waits 1 min before the next try.');
  await expect(steps.nth(2)).toHaveText(
    /^1 min \d+\.\d s: attempt 2 failed .*Lambda waits 2 min before the next try\.$/,
  );
  await expect(steps.nth(3)).toHaveText(/^3 min \d+\.\d s: attempt 3 failed \(Error\)\.$/);
  await expect(
    timeline.getByRole('region', { name: /Message body in retry-demo-\d+-failures/ }),
  ).toContainText('"condition": "RetriesExhausted"');

  const batch = page.getByRole('region', { name: 'Try it: one poison message in a batch' });
  await batch.scrollIntoViewIfNeeded();
  const rows = () => batch.getByRole('table').getByRole('row');
  await batch.getByRole('button', { name: 'Send the batch' }).click();
  await batch.getByRole('button', { name: 'Skip to the end' }).click();
  await expect(batch.getByRole('status')).toHaveText(
    'Done after 3 batches: 0 processed, 5 in the dead-letter queue.',
  );
  await expect(rows().filter({ hasText: 'order-4' })).toContainText('3in the dead-letter queue');

  await batch.getByRole('checkbox', { name: /ReportBatchItemFailures/ }).check();
  await batch.getByRole('button', { name: 'Send the batch' }).click();
  await batch.getByRole('button', { name: 'Skip to the end' }).click();
  await expect(batch.getByRole('status')).toHaveText(
    'Done after 3 batches: 4 processed, 1 in the dead-letter queue.',
  );
  await expect(rows().filter({ hasText: 'order-4' })).toContainText('processed and deleted');
  await expect(rows().filter({ hasText: 'order-3 (poison)' })).toContainText('in the dead-letter queue');

  const violations = await runAxe(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});

test('vpc: the DynamoDB call hangs until the timeout; a gateway endpoint or a NAT gateway fixes it', async () => {
  // Three real invokes, one of them a 3 s hang: 11 s alone, 43 s once beside a Python boot in the other worker.
  test.setTimeout(90_000);
  await page.goto('./#/lessons/vpc');
  await loadEverything(page);
  const demo = page.getByRole('region', { name: 'Try it: a VPC function calls DynamoDB' });
  await demo.scrollIntoViewIfNeeded();
  await demo.getByRole('button', { name: 'Create the VPC and the function' }).click();
  const status = demo.getByRole('status');
  await expect(status).toContainText('is Active in the private subnets');
  await expect(demo).toContainText('DynamoDB is unreachable');
  await demo.getByRole('button', { name: 'Invoke' }).click();
  await expect(status).toContainText('Timed out', { timeout: 15_000 });
  await expect(demo.getByRole('list', { name: 'Invocations' })).toContainText(
    'Task timed out after 3.00 seconds',
  );

  await demo.getByRole('checkbox', { name: /DynamoDB gateway endpoint/ }).check();
  await expect(demo).toContainText('DynamoDB is reachable');
  await demo.getByRole('button', { name: 'Invoke' }).click();
  await expect(status).toHaveText('Succeeded through the gateway endpoint.', { timeout: 15_000 });

  await demo.getByRole('checkbox', { name: /DynamoDB gateway endpoint/ }).uncheck();
  await demo.getByRole('checkbox', { name: /NAT gateway/ }).check();
  await demo.getByRole('button', { name: 'Invoke' }).click();
  await expect(status).toHaveText('Succeeded through the NAT gateway.', { timeout: 15_000 });

  const violations = await runAxe(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});

test('event-sources: a failing order through an HTTP API, EventBridge and SQS ends three different ways', async () => {
  await page.goto('./#/lessons/event-sources');
  await loadEverything(page);
  const models = page.getByRole('region', { name: 'Try it: one function, three invocation models' });
  await models.scrollIntoViewIfNeeded();
  await models.getByRole('checkbox', { name: /Make the order fail/ }).check();
  await models.getByRole('button', { name: 'Send the order three ways' }).click();
  await models.getByRole('button', { name: 'Skip to the end' }).click();
  await expect(models.getByRole('status')).toHaveText(
    'Done: the failing order has ended in all three models.',
  );
  const row = (name: string) => models.getByRole('row', { name: new RegExp(`^${name}`) });
  await expect(row('What the caller got')).toContainText('HTTP 500');
  await expect(row('Function invocations')).toHaveText('Function invocations132');
  await expect(row('Where the order ended')).toContainText('Lambda did not retry');
  await expect(row('Where the order ended')).toContainText(/on-failure destination models-demo-\d+-failures/);
  await expect(row('Where the order ended')).toContainText(/dead-letter queue models-demo-\d+-dlq/);
  const violations = await runAxe(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});
