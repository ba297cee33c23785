import { test, expect } from '@playwright/test';
import { waitForPage } from './helpers';

test('code tabs are named by language, and the chosen language follows the learner across tab sets and pages', async ({
  page,
}) => {
  const warnings: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') warnings.push(msg.text());
  });
  await page.goto('./#/lessons/handler-structure');
  await waitForPage(page);
  const tablists = page.getByRole('tablist', { name: 'Code variants' });
  await expect(tablists.first()).toBeVisible();
  const sets = await tablists.count();
  expect(sets).toBeGreaterThan(2);
  for (let i = 0; i < sets; i++) {
    await expect(tablists.nth(i).getByRole('tab')).toHaveText(['Python', 'Node.js']);
  }
  await expect(tablists.first().getByRole('tab', { name: 'Python' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  // Choose Node.js in one set with the keyboard: every set on the page follows.
  await tablists.first().getByRole('tab', { name: 'Python' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tablists.first().getByRole('tab', { name: 'Node.js' })).toBeFocused();
  for (let i = 0; i < sets; i++) {
    await expect(tablists.nth(i).getByRole('tab', { name: 'Node.js' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  }

  // Another lesson, and a reload: still Node.js.
  await page.goto('./#/lessons/execution-model');
  await waitForPage(page);
  await expect(
    page.getByRole('tablist', { name: 'Code variants' }).first().getByRole('tab', { name: 'Node.js' }),
  ).toHaveAttribute('aria-selected', 'true');
  await page.reload();
  await waitForPage(page);
  await expect(
    page.getByRole('tablist', { name: 'Code variants' }).first().getByRole('tab', { name: 'Node.js' }),
  ).toHaveAttribute('aria-selected', 'true');
  // React no longer warns about a data-in-tabs prop on a Fragment.
  expect(warnings.filter((w) => /data-in-tabs|Invalid prop/.test(w))).toEqual([]);
});

test('a runnable Python block runs on the lesson page: response and REPORT with Init Duration, then Run again is warm', async ({
  page,
}) => {
  // Python boots in the page the first time (interpreter download and start): generous, once.
  test.setTimeout(120_000);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('./#/lessons/execution-model');
  await waitForPage(page);
  const run = page.getByRole('button', { name: 'Run handler.py' });
  await expect(run).toBeVisible();
  // Nothing of the runner, the sandbox or Pyodide loads with the lesson.
  expect(requests.filter((url) => /pyodide|python_stdlib|RunnableRunner|workspaces/i.test(url))).toEqual([]);

  await run.click();
  const runner = page.getByRole('region', { name: 'Run handler.py' });
  const result = runner.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('"invocations_in_this_environment": 1', { timeout: 90_000 });
  await expect(result).toContainText('Cold start');
  const logs = runner.getByRole('log', { name: 'Logs' });
  await expect(logs).toContainText(/REPORT RequestId: [0-9a-f-]{36}\s+Duration: .*Init Duration: /);

  await runner.getByRole('button', { name: 'Run again' }).click();
  await expect(result).toContainText('"invocations_in_this_environment": 2', { timeout: 20_000 });
  await expect(result).toContainText('Warm');
  // The warm run's REPORT has no Init Duration: two REPORT lines, one Init Duration.
  await expect(logs.locator('.sbx-logline', { hasText: /^REPORT RequestId/ })).toHaveCount(2);
  await expect(logs.locator('.sbx-logline', { hasText: /Init Duration/ })).toHaveCount(1);
});
