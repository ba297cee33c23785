/**
 * The playground on the one Lambda service: asynchronous invocation with retries and a destination on the live
 * clock, versions and aliases, provisioned and reserved concurrency, the JSON log format, and nodejs24.x's
 * async-only handlers. One page for the whole file (each test starts from a clean playground).
 */
import { test, expect, type Page } from '@playwright/test';
import { openPlayground } from './helpers';

test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

const logs = () => page.getByRole('log', { name: 'Logs' });
const result = () => page.getByRole('region', { name: 'Result' });
const invoke = () => page.getByRole('button', { name: 'Invoke', exact: true });
const setCode = (code: string) => page.getByRole('textbox', { name: 'Handler code' }).fill(code);
const tab = (name: string) => page.getByRole('tab', { name }).click();

async function logLines(): Promise<string[]> {
  return (await logs().innerText()).split('\n').filter((l) => l.trim() !== '');
}

test('an Event invocation of a failing handler: 202 at once, three attempts after fast-forward, one request id, the on-failure record', async () => {
  await openPlayground(page);
  await setCode(`export const handler = async (event) => {\n  console.log('attempt');\n  throw new Error('poison order');\n};\n`);
  await page.getByRole('combobox', { name: 'Invocation type' }).selectOption('Event');
  const wall0 = Date.now();
  await invoke().click();
  await expect(result()).toContainText('202');
  await page.getByRole('button', { name: 'Fast-forward' }).click();
  const destinations = page.getByRole('region', { name: 'Destination records' });
  await expect(destinations).toContainText('"condition": "RetriesExhausted"', { timeout: 20_000 });
  await expect(destinations).toContainText('"approximateInvokeCount": 3');
  expect(Date.now() - wall0).toBeLessThan(30_000);
  await expect(result()).toContainText('202 · 3 attempts, failed → on-failure destination');

  const lines = await logLines();
  const starts = lines.filter((l) => l.startsWith('START RequestId:'));
  expect(starts).toHaveLength(3);
  const ids = new Set(starts.map((l) => /RequestId: (\S+)/.exec(l)![1]));
  expect(ids.size).toBe(1);
  const [id] = [...ids];
  await expect(destinations).toContainText(`"requestId": "${id}"`);
  await expect(destinations).toContainText('"functionError": "Unhandled"');
  await expect(destinations).toContainText('"errorMessage": "poison order"');
  // The virtual clock jumped about three minutes (retries ~1 and ~2 minutes after each failure).
  await expect(page.getByRole('status', { name: 'Virtual clock' })).toContainText(/[34] min ahead of real time/);
});

test('Publish version, then an alias: START shows the version and the context ARN carries the alias', async () => {
  await openPlayground(page);
  await setCode(`export const handler = async (event, context) => ({ arn: context.invokedFunctionArn, version: context.functionVersion });\n`);
  await tab('Versions and aliases');
  await page.getByRole('button', { name: 'Publish version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published version 1.' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Alias name' }).fill('live');
  await page.getByRole('button', { name: 'Save alias' }).click();
  await expect(page.getByRole('list', { name: 'Aliases' })).toContainText('live → version 1');
  await page.getByRole('combobox', { name: 'Qualifier' }).selectOption('live');
  await invoke().click();
  await expect(result()).toContainText('"arn": "arn:aws:lambda:us-east-1:123456789012:function:my-function:live"');
  await expect(result()).toContainText('"version": "1"');
  await expect(result()).toContainText('Version 1');
  expect((await logLines()).some((l) => /^START RequestId: \S+ Version: 1$/.test(l))).toBe(true);

  // Provisioned concurrency: refused on $LATEST with AWS's message, then on the alias: no Init Duration.
  await tab('Concurrency');
  await page.getByRole('combobox', { name: 'Provisioned concurrency on' }).selectOption('$LATEST');
  await page.getByRole('button', { name: 'Save provisioned concurrency' }).click();
  await invoke().click();
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be applied to unpublished function versions' })).toBeVisible();
  await page.getByRole('button', { name: 'Remove provisioned concurrency on $LATEST' }).click();
  await page.getByRole('combobox', { name: 'Provisioned concurrency on' }).selectOption('live');
  await page.getByRole('button', { name: 'Save provisioned concurrency' }).click();
  await setCode(`export const handler = async () => process.env.AWS_LAMBDA_INITIALIZATION_TYPE;\n`);
  // The alias still runs version 1; publish the new code and move the alias.
  await tab('Versions and aliases');
  await page.getByRole('button', { name: 'Publish version' }).click();
  await page.getByRole('combobox', { name: 'Alias version' }).selectOption('2');
  await page.getByRole('button', { name: 'Save alias' }).click();
  // Provisioned environments initialise ahead of traffic, as soon as the configuration is saved.
  await tab('Concurrency');
  await expect(page.getByRole('list', { name: 'Provisioned concurrency configurations' })).toContainText(
    '1 allocated · 1 idle · READY (1 on version 2)',
  );
  await invoke().click();
  await expect(result()).toContainText('"provisioned-concurrency"');
  await expect(result()).toContainText('Warm');
  const report = (await logLines()).filter((l) => l.startsWith('REPORT')).at(-1)!;
  expect(report).not.toContain('Init Duration');
});

test('reserved concurrency 0 throttles with the Invoke API 429', async () => {
  await openPlayground(page);
  await tab('Concurrency');
  await page.getByRole('checkbox', { name: /Reserve concurrency/ }).check();
  const field = page.getByRole('spinbutton', { name: 'Reserved concurrency' });
  await field.fill('0');
  await field.press('Enter');
  await invoke().click();
  await expect(result()).toContainText('429 TooManyRequestsException: Rate Exceeded.');
});

test('JSON log format: application lines as JSON objects, platform events as platform.* records', async () => {
  await openPlayground(page);
  await setCode(`export const handler = async () => {\n  console.debug('hidden at INFO');\n  console.warn({ orderId: 7 });\n  return 'ok';\n};\n`);
  await tab('Logging');
  await page.getByRole('combobox', { name: 'Log format' }).selectOption('JSON');
  await invoke().click();
  await expect(logs()).toContainText('"type":"platform.report"');
  const parsed = (await logLines()).map((l) => JSON.parse(l) as Record<string, unknown>);
  const kinds = parsed.map((p) => (p.type as string | undefined) ?? `app:${String(p.level)}`);
  expect(kinds).toEqual([
    'platform.initStart',
    'platform.initReport',
    'platform.start',
    'app:WARN',
    'platform.runtimeDone',
    'platform.report',
  ]);
  const app = parsed[3]!;
  expect(app.message).toEqual({ orderId: 7 });
  expect(app.requestId).toMatch(/^[0-9a-f-]{36}$/);
  const report = parsed[5] as { record: { metrics: Record<string, number> } };
  expect(Object.keys(report.record.metrics)).toEqual([
    'durationMs',
    'billedDurationMs',
    'memorySizeMB',
    'maxMemoryUsedMB',
    'initDurationMs',
  ]);
});

test('nodejs24.x rejects a callback handler as Lambda does; nodejs22.x still runs it', async () => {
  await openPlayground(page);
  await setCode(`exports.handler = (event, context, callback) => {\n  callback(null, 'called back');\n};\n`);
  await page.getByRole('combobox', { name: 'Runtime' }).selectOption('nodejs24.x');
  await invoke().click();
  await expect(result()).toContainText('Runtime.CallbackHandlerDeprecated');
  await expect(result()).toContainText('removed support for callback-based function handlers starting with Node.js 24');
  await page.getByRole('combobox', { name: 'Runtime' }).selectOption('nodejs22.x');
  await invoke().click();
  await expect(result()).toContainText('"called back"');
  expect((await logLines()).some((l) => l.startsWith('INIT_START Runtime Version: nodejs:22'))).toBe(true);
});
