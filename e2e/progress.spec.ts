import fs from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { runAxe } from './helpers';
import { courseKey } from './storageKeys';

const LESSON = 'why-lambda';
const OTHER = 'overview';

async function completeLesson(page: Page, slug: string) {
  await page.goto(`./#/lessons/${slug}`);
  const button = page.getByRole('button', { name: 'Mark as complete' });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

const savedProgress = (page: Page) =>
  page.evaluate((key) => window.localStorage.getItem(key), courseKey(page, 'progress'));
const completedLine = (page: Page, n: number) =>
  page.getByText(new RegExp(`^${n} of \\d+ lessons completed$`));

test.describe('saved progress', () => {
  test('progress survives a reload', async ({ page }) => {
    await completeLesson(page, LESSON);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Mark as complete' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await page.goto('./#/progress');
    await expect(page.getByRole('heading', { level: 1, name: 'Your progress' })).toBeVisible();
    await expect(completedLine(page, 1)).toBeVisible();
    await expect(page).toHaveTitle(/^Your progress/);
  });

  test('importing a bad file shows a specific error and changes nothing', async ({ page }) => {
    await completeLesson(page, LESSON);
    await page.goto('./#/progress');
    const before = await savedProgress(page);
    const input = page.getByLabel('Import progress from a file');

    await input.setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"todo": ["milk"]}'),
    });
    await expect(page.getByRole('alert')).toContainText(
      'Could not import “notes.json”: This is not a Coldstart progress file',
    );
    await expect(page.getByRole('alert')).toContainText('Nothing was changed.');

    await input.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "coldstart-pro'),
    });
    await expect(page.getByRole('alert')).toContainText(
      'Could not import “broken.json”: This file is not readable JSON',
    );

    const tampered = {
      format: 'coldstart-progress',
      formatVersion: 1,
      stores: { progress: { version: 2, state: { visited: {}, completed: 'everything' } } },
    };
    await input.setInputFiles({
      name: 'tampered.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(tampered)),
    });
    await expect(page.getByRole('alert')).toContainText(
      'Saved data "progress" in this file is invalid: field "completed"',
    );

    expect(await savedProgress(page)).toBe(before);
    await expect(completedLine(page, 1)).toBeVisible();
  });

  test('export then import round-trips', async ({ page }) => {
    await completeLesson(page, LESSON);
    await page.goto('./#/progress');
    await page.getByRole('radio', { name: 'Reduce motion' }).check();

    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export progress' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^coldstart-progress-\d{4}-\d{2}-\d{2}\.json$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const data = JSON.parse(text);
    expect(data).toMatchObject({ format: 'coldstart-progress', formatVersion: 1 });
    expect(Object.keys(data.stores.progress.state.completed)).toEqual([LESSON]);
    expect(data.stores.settings.state.reducedMotion).toBe('reduce');

    await page.getByRole('button', { name: 'Reset progress…' }).click();
    await page
      .getByRole('alertdialog', { name: 'Reset all progress?' })
      .getByRole('button', { name: 'Reset everything' })
      .click();
    await expect(completedLine(page, 0)).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Follow the system' }).nth(1)).toBeChecked();

    await page.getByLabel('Import progress from a file').setInputFiles({
      name: download.suggestedFilename(),
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    const dialog = page.getByRole('alertdialog', { name: /^Import “coldstart-progress-.*”\?$/ });
    await expect(dialog.getByRole('row', { name: /^Lessons completed/ })).toContainText('0 lessons');
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await expect(page.getByText(/^Imported .*progress.* from “coldstart-progress-.*replacing/)).toBeVisible();
    await expect(completedLine(page, 1)).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Reduce motion' })).toBeChecked();
    await expect(page.locator('html')).toHaveAttribute('data-reduced-motion', 'true');
    await page.reload();
    await expect(completedLine(page, 1)).toBeVisible();
  });

  test('importing shows what will change and writes nothing until Merge or Replace', async ({ page }) => {
    await completeLesson(page, LESSON);
    await page.goto('./#/progress');
    const before = await savedProgress(page);
    const input = page.getByLabel('Import progress from a file');
    const file = {
      name: 'from-laptop.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'coldstart-progress',
          formatVersion: 1,
          exportedAt: '2026-11-02T09:00:00.000Z',
          stores: {
            progress: { version: 1, state: { completed: [OTHER] } },
            settings: { version: 2, state: { theme: 'dark', reducedMotion: 'system', editorMode: 'monaco' } },
          },
        }),
      ),
    };

    await input.setInputFiles(file);
    const dialog = page.getByRole('alertdialog', { name: 'Import “from-laptop.json”?' });
    await expect(dialog).toContainText('Nothing has changed yet.');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    const row = dialog.getByRole('row', { name: /^Lessons completed/ });
    await expect(row.getByRole('cell')).toHaveText(['1 lesson', '1 lesson', /^2 lessons/, /^1 lesson/]);
    expect(await runAxe(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByText('Import of “from-laptop.json” cancelled. Nothing was changed.'),
    ).toBeVisible();
    expect(await savedProgress(page)).toBe(before);

    await input.setInputFiles(file);
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await expect(page.getByText(/merged with what was saved here/)).toBeVisible();
    await expect(completedLine(page, 2)).toBeVisible();
    // Merge keeps this browser's own settings (they were never changed here, so the file's are taken).
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(completedLine(page, 2)).toBeVisible();
  });

  test('reset asks for confirmation first', async ({ page }) => {
    await completeLesson(page, LESSON);
    await page.goto('./#/progress');
    const reset = page.getByRole('button', { name: 'Reset progress…' });

    await reset.click();
    const dialog = page.getByRole('alertdialog', { name: 'Reset all progress?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(reset).toBeFocused();
    await expect(completedLine(page, 1)).toBeVisible();

    await reset.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(completedLine(page, 1)).toBeVisible();

    await reset.click();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Reset everything' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(completedLine(page, 0)).toBeVisible();
    await page.reload();
    await expect(completedLine(page, 0)).toBeVisible();
  });

  test('a corrupted saved value on load: notice, downloadable backup, and the app keeps working', async ({
    page,
  }) => {
    await page.goto('./');
    await page.evaluate(
      (key) => window.localStorage.setItem(key, '{"state": {"completed": [oops'),
      courseKey(page, 'progress'),
    );
    await page.reload();
    await expect(page.getByText(/Some saved data could not be read/)).toBeVisible();

    await page.goto('./#/progress');
    await expect(page.getByRole('heading', { name: 'Unreadable saved data was set aside' })).toBeVisible();
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download backup of “progress”' }).click();
    const backup = fs.readFileSync((await (await downloadPromise).path())!, 'utf8');
    expect(backup).toBe('{"state": {"completed": [oops');

    await completeLesson(page, LESSON);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Mark as complete' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  test('two tabs: a completion in tab A shows up in tab B without losing B’s own change', async ({
    context,
  }) => {
    const tabA = await context.newPage();
    const tabB = await context.newPage();
    await tabB.goto('./#/progress');
    await expect(completedLine(tabB, 0)).toBeVisible();

    await completeLesson(tabA, LESSON);
    // Tab B follows through the storage event, without a reload.
    await expect(completedLine(tabB, 1)).toBeVisible();

    await completeLesson(tabB, OTHER);
    await tabA.goto('./#/progress');
    await expect(completedLine(tabA, 2)).toBeVisible();
    await tabB.goto('./#/progress');
    await expect(completedLine(tabB, 2)).toBeVisible();

    // What both tabs saved together survives a reload.
    await tabA.reload();
    await expect(completedLine(tabA, 2)).toBeVisible();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`progress page with a backup notice, an import error and the reset dialog passes axe (${theme})`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('./');
      await page.evaluate(
        (key) => window.localStorage.setItem(key, 'not json at all'),
        courseKey(page, 'progress'),
      );
      await page.goto('./#/progress');
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Unreadable saved data was set aside' })).toBeVisible();
      await page
        .getByLabel('Import progress from a file')
        .setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('[]') });
      await expect(page.getByRole('alert')).toBeVisible();
      expect(await runAxe(page)).toEqual([]);
      await page.getByRole('button', { name: 'Reset progress…' }).click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      expect(await runAxe(page)).toEqual([]);
    });
  }

  test('storage full: the course keeps working in memory and says so', async ({ page }) => {
    await page.addInitScript(() => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        // Legacy keys, this course copy's keys and the migration marker alike.
        if (key.startsWith('coldstart'))
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return setItem.call(this, key, value);
      };
    });
    await completeLesson(page, LESSON);
    await expect(page.getByText(/Browser storage is full/).first()).toBeVisible();
    await page.goto('./#/progress');
    await expect(completedLine(page, 1)).toBeVisible();
    await expect(page.getByText(/^Saving: this tab only\./)).toBeVisible();
  });

  test('storage blocked (SecurityError): the course keeps working in memory and says so', async ({
    page,
  }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('Access is denied for this document.', 'SecurityError');
        },
      });
    });
    await completeLesson(page, LESSON);
    await expect(page.getByText(/not letting the course save data/).first()).toBeVisible();
    await page.goto('./#/progress');
    await expect(completedLine(page, 1)).toBeVisible();
    await expect(page.getByText(/does not let the course save data/)).toBeVisible();
  });
});
