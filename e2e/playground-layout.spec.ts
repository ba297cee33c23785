/** The playground laid out for doing: code and output side by side at 1280×800, stacked at 360 px. */
import { test, expect, type Locator, type Page } from '@playwright/test';

async function open(page: Page) {
  await page.goto('./#/playground');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole('button', { name: 'Plain text editor' }).click();
  await page
    .getByRole('textbox', { name: 'Handler code' })
    .fill(
      `export const handler = async () => ({ message: '${'a long line that has to wrap '.repeat(12)}' });\n`,
    );
  await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('200 · Succeeded');
}

async function inViewport(page: Page, locator: Locator) {
  const box = (await locator.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box.y, 'top in view').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'right edge in view').toBeLessThanOrEqual(view.width + 1);
  // At least the first lines of it are visible without scrolling.
  expect(box.y + Math.min(box.height, 60), 'visible without scrolling').toBeLessThanOrEqual(view.height);
}

test('at 1280×800 the editor, Invoke, the result and the logs are in view together', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  const editor = page.getByRole('textbox', { name: 'Handler code' });
  const invoke = page.getByRole('button', { name: 'Invoke', exact: true });
  const result = page.getByRole('region', { name: 'Result' });
  const logs = page.getByRole('log', { name: 'Logs' });
  for (const l of [editor, invoke, result, logs]) await inViewport(page, l);
  // Side by side: the output column starts to the right of the editor.
  expect((await invoke.boundingBox())!.x).toBeGreaterThan(
    (await editor.boundingBox())!.x + (await editor.boundingBox())!.width - 1,
  );
  // The response wraps instead of scrolling sideways.
  const pre = result.locator('pre');
  expect(await pre.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
});

test('at 360×740 it stacks: nothing overflows sideways and Invoke comes after the code', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
  const editor = (await page.getByRole('textbox', { name: 'Handler code' }).boundingBox())!;
  const invoke = (await page.getByRole('button', { name: 'Invoke', exact: true }).boundingBox())!;
  expect(invoke.y).toBeGreaterThan(editor.y + editor.height - 1);
  await page.getByRole('button', { name: 'Invoke', exact: true }).scrollIntoViewIfNeeded();
  await inViewport(page, page.getByRole('button', { name: 'Invoke', exact: true }));
});
