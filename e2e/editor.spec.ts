/**
 * Monaco (issue 17, item 4): Tab indents and the way out is shown and works (Esc then Tab, Ctrl+M), and
 * TypeScript's language service (its worker is 1.5 MB gzip) loads only for TypeScript or when JavaScript
 * asks for type information.
 */
import { test, expect, type Page } from '@playwright/test';

const TS_WORKER = /\/assets\/ts\.worker-[^/]+\.js$/;

async function openPlaygroundWithMonaco(page: Page): Promise<string[]> {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto('./#/playground');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible({ timeout: 30_000 });
  return requested;
}

const editorHasFocus = (page: Page) =>
  page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor')));

test('JavaScript mode never fetches the TypeScript worker until type information is asked for', async ({
  page,
}) => {
  const requested = await openPlaygroundWithMonaco(page);
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('javascript');
  // The service worker's precache download may keep the network busy: settle for a while, not forever.
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('x');
  await page.waitForTimeout(500);
  expect(requested.filter((url) => TS_WORKER.test(url))).toEqual([]);

  // Ctrl+Space is asking: the language service loads and the suggestions open.
  const worker = page.waitForRequest(TS_WORKER);
  await page.keyboard.press('Control+Space');
  await worker;
  await expect(page.locator('.monaco-editor .suggest-widget')).toBeVisible({ timeout: 30_000 });
});

test('Tab indents; Esc then Tab leaves the editor; Ctrl+M makes Tab move focus; the hint says so', async ({
  page,
}) => {
  await openPlaygroundWithMonaco(page);
  const hint = page.getByText(/^Tab indents\. To leave the editor, press Esc then Tab, or Ctrl\+M/);
  await expect(hint).toBeVisible();
  const textbox = page.getByRole('textbox', { name: 'Handler code' });
  await expect(textbox).toHaveAccessibleDescription(/Esc then Tab/);

  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Tab');
  expect(await editorHasFocus(page)).toBe(true);
  // Monaco renders spaces as no-break spaces (\s matches both).
  await expect(page.locator('.monaco-editor .view-line').first()).toHaveText(/^\s+\/\/\sRuns\sonce/);

  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await editorHasFocus(page)).toBe(false);
  expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);

  // Shift+Tab from outside comes back in; Esc then Shift+Tab leaves backwards.
  await page.keyboard.press('Shift+Tab');
  expect(await editorHasFocus(page)).toBe(true);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  expect(await editorHasFocus(page)).toBe(false);

  // Ctrl+M: Monaco's own switch. The hint follows it.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+m');
  await expect(page.getByText('Tab moves focus. Press Ctrl+M to make Tab indent again.')).toBeVisible();
  await page.keyboard.press('Tab');
  expect(await editorHasFocus(page)).toBe(false);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+m');
  await expect(hint).toBeVisible();
});

test('TypeScript mode loads the language service, and editors made after it raise no errors', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const requested = await openPlaygroundWithMonaco(page);
  const worker = page.waitForRequest(TS_WORKER);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('typescript');
  await worker;
  // A new editor after the language service registered its contributions (plain text and back).
  const plain = page.getByRole('button', { name: 'Plain text editor' });
  await plain.click();
  await plain.click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('aws-lambda', { timeout: 30_000 });
  await page.waitForTimeout(1000);
  expect(errors).toEqual([]);
  expect(requested.some((url) => TS_WORKER.test(url))).toBe(true);
});
