/**
 * Share links never replace what a learner typed: on an untouched playground the shared code simply
 * loads; with code of your own it opens in a workspace of its own ("Shared: <date>"), with a way back
 * to "My workspace" (src/features/playground/ShareLinkGate.tsx).
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { openPlayground, runAxe } from './helpers';

const SHARED_CODE = `// shared by a colleague\nexport const handler = async () => ({ statusCode: 200, body: 'shared' });\n`;
const MY_CODE = `// my own work, typed here\nexport const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n`;

const codeBox = (page: Page) => page.getByRole('textbox', { name: 'Handler code' });
const workspaces = (page: Page) => page.getByRole('region', { name: 'Workspaces' });

/** A share link made the way a learner makes one, in a browser of its own. */
async function makeShareLink(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openPlayground(page);
  await codeBox(page).fill(SHARED_CODE);
  await page.getByRole('textbox', { name: 'Test event' }).fill('{"from": "colleague"}');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  await context.close();
  expect(link).toMatch(/#\/playground\?s=/);
  return link;
}

test.describe('share links', () => {
  test('on an untouched playground the shared code loads directly', async ({ page, browser }) => {
    const link = await makeShareLink(browser);
    await openPlayground(page);
    await page.goto(link);
    await expect(page.getByRole('status').filter({ hasText: 'Restored the code' })).toBeVisible();
    await expect(codeBox(page)).toHaveValue(SHARED_CODE);
    await expect(page.getByRole('textbox', { name: 'Test event' })).toHaveValue('{"from": "colleague"}');
    await expect(workspaces(page)).toHaveCount(0);
    await expect(page).toHaveURL(/#\/playground$/);
  });

  test('with code of your own, the shared code opens in its own workspace and yours is kept', async ({
    page,
    browser,
  }) => {
    const link = await makeShareLink(browser);
    await openPlayground(page);
    await codeBox(page).fill(MY_CODE);

    await page.goto(link);
    await expect(page.getByRole('status').filter({ hasText: 'Opened the shared code' })).toContainText(
      'Your code is kept, unchanged, in “My workspace”.',
    );
    await expect(codeBox(page)).toHaveValue(SHARED_CODE);
    const bar = workspaces(page);
    await expect(bar.getByRole('combobox', { name: 'Workspace' })).toHaveValue(/^shared-/);
    await expect(bar.getByRole('combobox', { name: 'Workspace' }).locator('option')).toHaveText([
      'My workspace',
      /^Shared: /,
    ]);
    expect(await runAxe(page)).toEqual([]);

    // Work on the shared code a little, then go back: your own code is exactly as you left it.
    await codeBox(page).fill(`${SHARED_CODE}// tried a change\n`);
    await bar.getByRole('button', { name: 'Back to My workspace' }).click();
    await expect(codeBox(page)).toHaveValue(MY_CODE);

    // Both survive a reload, and the change to the shared code is kept in its workspace.
    await page.reload();
    await expect(codeBox(page)).toHaveValue(MY_CODE);
    const picker = workspaces(page).getByRole('combobox', { name: 'Workspace' });
    await picker.selectOption({ index: 1 });
    await expect(codeBox(page)).toHaveValue(`${SHARED_CODE}// tried a change\n`);

    // Closing a changed shared workspace asks first; Cancel keeps it.
    await workspaces(page).getByRole('button', { name: 'Close this shared workspace' }).click();
    const dialog = page.getByRole('alertdialog', { name: /^Close “Shared: .+”\?$/ });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(codeBox(page)).toHaveValue(`${SHARED_CODE}// tried a change\n`);
    await workspaces(page).getByRole('button', { name: 'Close this shared workspace' }).click();
    await dialog.getByRole('button', { name: 'Close and delete my changes' }).click();
    await expect(codeBox(page)).toHaveValue(MY_CODE);
    await expect(workspaces(page)).toHaveCount(0);
  });

  test('keyboard only: back to My workspace from a shared workspace', async ({ page, browser }) => {
    const link = await makeShareLink(browser);
    await openPlayground(page);
    await codeBox(page).fill(MY_CODE);
    await page.goto(link);
    const picker = workspaces(page).getByRole('combobox', { name: 'Workspace' });
    await picker.focus();
    await page.keyboard.press('Tab');
    await expect(workspaces(page).getByRole('button', { name: 'Back to My workspace' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(codeBox(page)).toHaveValue(MY_CODE);
  });

  test('a damaged link changes nothing and says why', async ({ page }) => {
    await openPlayground(page);
    await codeBox(page).fill(MY_CODE);
    await page.goto('./#/playground?s=this-is-not-a-share-link');
    await expect(page.getByRole('status').filter({ hasText: 'damaged' })).toContainText(
      'Your playground was not changed.',
    );
    await expect(codeBox(page)).toHaveValue(MY_CODE);
    await expect(workspaces(page)).toHaveCount(0);
  });
});
