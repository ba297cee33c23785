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
