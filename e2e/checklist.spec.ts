import { test, expect } from '@playwright/test';

test('production checklist: ticks are saved across a reload and Clear all asks first', async ({ page }) => {
  await page.goto('#/lessons/production-checklist');
  const memory = page.getByRole('checkbox', { name: /^Memory chosen from measurements/ });
  const leastPrivilege = page.getByRole('checkbox', { name: /^The execution role allows only/ });
  await expect(memory).toBeVisible();
  // Only the checklist's own boxes count (the lesson's knowledge check has checkboxes too).
  const groups = page.getByRole('group', { name: /\(\d+ of \d+\)$/ });
  let total = 0;
  for (const group of await groups.all()) total += await group.getByRole('checkbox').count();
  expect(total).toBeGreaterThan(10);
  await expect(page.getByText(`0 of ${total} done`)).toBeVisible();

  await memory.focus();
  await page.keyboard.press('Space');
  await leastPrivilege.check();
  await expect(page.getByText(`2 of ${total} done`)).toBeVisible();
  await expect(page.getByRole('group', { name: /^Configuration \(1 of \d+\)/ })).toBeVisible();

  await page.reload();
  await expect(memory).toBeChecked();
  await expect(leastPrivilege).toBeChecked();
  await expect(page.getByText(`2 of ${total} done`)).toBeVisible();

  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page.getByText('Clear all 2 ticks? This cannot be undone.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(memory).toBeChecked();

  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByRole('button', { name: 'Yes, clear all' }).click();
  await expect(page.getByText(`0 of ${total} done`)).toBeVisible();
  await page.reload();
  await expect(memory).not.toBeChecked();
  await expect(page.getByText(`0 of ${total} done`)).toBeVisible();
});
