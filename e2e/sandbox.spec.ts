import { test, expect, type Page } from '@playwright/test';

/** Lesson widgets load once they near the viewport or the page goes idle: wait for the sandbox, then scroll to it. */
async function openEmbed(page: Page, name: RegExp) {
  const box = page.getByRole('region', { name });
  await expect(box).toBeAttached({ timeout: 20_000 });
  await box.scrollIntoViewIfNeeded();
  return box;
}

test('the counter sandbox in the handler lesson keeps module state across warm invokes', async ({ page }) => {
  await page.goto('./#/lessons/handler-structure');
  const box = await openEmbed(page, /Try it: Module scope survives warm invokes/);
  await expect(box.getByRole('textbox', { name: 'Handler code' })).toHaveValue(/let count = 0/);
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  const result = box.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('"count": 1');
  await expect(result).toContainText('Cold start');
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(result).toContainText('"count": 2');
  await expect(result).toContainText('Warm');
  const logText = await box.getByRole('log', { name: 'Logs' }).innerText();
  expect(logText).toMatch(/\tundefined\tINFO\tInit: module loaded/);
  const reports = logText.split('\n').filter((l) => l.startsWith('REPORT'));
  expect(reports).toHaveLength(2);
  expect(reports[0]).toContain('Init Duration');
  expect(reports[1]).not.toContain('Init Duration');
  // Shutting the environments down makes the next invoke start over.
  await box.getByRole('button', { name: 'Shut down environments' }).click();
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(result).toContainText('"count": 1');
  await expect(result).toContainText('Cold start');
});

test('the client-reuse sandbox times a shared client against one made per request', async ({ page }) => {
  await page.goto('./#/lessons/optimization');
  const box = await openEmbed(page, /Try it: Create clients once/);
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  const result = box.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('newClientMs');
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(result).toContainText('Warm');
  const text = await result.locator('pre').innerText();
  const { reusedMs, newClientMs } = JSON.parse(text) as { reusedMs: number; newClientMs: number };
  // Warm: the shared client already has its connection; the new one pays the modelled set-up.
  expect(newClientMs).toBeGreaterThan(reusedMs + 20);
});

test('the cold-start sandbox shows three cold environments for three concurrent requests', async ({
  page,
}) => {
  await page.goto('./#/lessons/cold-starts');
  const box = await openEmbed(page, /Try it: Where cold-start time goes/);
  await box.getByRole('button', { name: 'Invoke 3 at once' }).click();
  await expect(box.getByRole('region', { name: 'Result' })).toContainText(
    '3 invocations: 3 cold, 0 warm, 3 environments',
  );
  await expect(box.getByRole('log', { name: 'Logs' })).toContainText('lookup table built in');
  const reports = (await box.getByRole('log', { name: 'Logs' }).innerText())
    .split('\n')
    .filter((l) => l.startsWith('REPORT'));
  expect(reports).toHaveLength(3);
  for (const r of reports) expect(r).toMatch(/Init Duration: [\d.]+ ms$/);
});
