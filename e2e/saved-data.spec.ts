/**
 * Saved data is namespaced per course copy (src/platform/namespace.ts). These tests serve the same built
 * course a second time, under another path of the same origin (as two repositories' GitHub Pages sites
 * share `user.github.io`), and check that the copies keep separate progress, that progress saved before
 * namespacing is migrated into each of them, and that a storage too full to migrate loses nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { courseKey, namespaceOf } from './storageKeys';

const dist = path.resolve(process.env.E2E_DIST ?? 'dist');
const SECOND = '/another/course/';
const LESSON = 'why-lambda';
const OTHER = 'overview';

/** The second course copy: the same files, answered for `SECOND` on the same origin. */
async function serveSecondCopy(page: Page, baseURL: string): Promise<string> {
  const origin = new URL(baseURL).origin;
  await page.route(`${origin}${SECOND}**`, async (route) => {
    let rel = decodeURIComponent(new URL(route.request().url()).pathname.slice(SECOND.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dist, rel);
    if (!file.startsWith(dist) || !fs.existsSync(file))
      return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ path: file });
  });
  // A page on the origin that runs none of the course (to seed what an older version saved).
  await page.route(`${origin}/seed.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }),
  );
  return `${origin}${SECOND}`;
}

async function completeLesson(page: Page, courseUrl: string, slug: string) {
  await page.goto(`${courseUrl}#/lessons/${slug}`);
  const button = page.getByRole('button', { name: 'Mark as complete' });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

const completedLine = (page: Page, n: number) =>
  page.getByText(new RegExp(`^${n} of \\d+ lessons completed$`));

/** Progress as a version before namespacing saved it, under the legacy key. */
const legacyProgress = (slugs: string[]) =>
  JSON.stringify({
    state: {
      visited: Object.fromEntries(slugs.map((s) => [s, '2026-10-01T08:00:00.000Z'])),
      completed: Object.fromEntries(slugs.map((s) => [s, '2026-10-01T08:00:00.000Z'])),
      uncompleted: {},
      lastLesson: slugs[0] ?? null,
      lastHeading: null,
      lastAt: '2026-10-01T08:00:00.000Z',
    },
    version: 2,
    epoch: 0,
  });

async function seedLegacy(page: Page, baseURL: string, values: Record<string, string>) {
  await page.goto(`${new URL(baseURL).origin}/seed.html`);
  await page.evaluate((entries) => {
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, values);
}

test.describe('saved data per course copy', () => {
  test('two course copies on one origin keep separate progress', async ({ page, baseURL }) => {
    const first = baseURL!;
    const second = await serveSecondCopy(page, first);
    await completeLesson(page, first, LESSON);

    await page.goto(`${second}#/progress`);
    await expect(page.getByRole('heading', { level: 1, name: 'Your progress' })).toBeVisible();
    await expect(completedLine(page, 0)).toBeVisible();
    await completeLesson(page, second, OTHER);
    await completeLesson(page, second, LESSON);
    await page.goto(`${second}#/progress`);
    await expect(completedLine(page, 2)).toBeVisible();

    await page.goto(`${first}#/progress`);
    await expect(completedLine(page, 1)).toBeVisible();
    const keys = await page.evaluate(() => Object.keys(localStorage).sort());
    expect(keys).toContain(`${namespaceOf(first)}:progress`);
    expect(keys).toContain(`${namespaceOf(second)}:progress`);
    expect(keys.filter((k) => k.startsWith('coldstart:'))).toEqual([]);
  });

  test('progress saved before namespacing is migrated into each copy once, and the old keys are kept', async ({
    page,
    baseURL,
  }) => {
    const first = baseURL!;
    const second = await serveSecondCopy(page, first);
    const code = 'export const handler = async () => "typed before the update";\n';
    await seedLegacy(page, first, {
      'coldstart:progress': legacyProgress([LESSON]),
      'coldstart:playground': JSON.stringify({
        state: {
          code,
          language: 'javascript',
          event: '{}',
          templateId: 'custom',
          config: {
            memoryMb: 128,
            timeoutS: 3,
            ephemeralStorageMb: 512,
            handler: 'index.handler',
            envText: '',
            layers: [],
          },
          plainEditor: true,
          concurrent: 3,
        },
        version: 1,
      }),
    });

    await page.goto(`${first}#/progress`);
    await expect(completedLine(page, 1)).toBeVisible();
    await page.goto(`${first}#/playground`);
    await expect(page.getByRole('textbox', { name: 'Handler code' })).toHaveValue(code);
    expect(await page.evaluate((k) => localStorage.getItem(k), courseKey(page, 'progress'))).toContain(
      LESSON,
    );

    // A change after the migration goes to this copy's own keys; the legacy ones stay as they were.
    await completeLesson(page, first, OTHER);
    const legacy = await page.evaluate(() => localStorage.getItem('coldstart:progress'));
    expect(legacy).toBe(legacyProgress([LESSON]));

    // The second copy gets its own copy of the same legacy progress, not the first copy's later change.
    await page.goto(`${second}#/progress`);
    await expect(completedLine(page, 1)).toBeVisible();
    // And the migration runs once: a legacy write after it (an old tab) is not copied again.
    await page.evaluate((value) => localStorage.setItem('coldstart:progress', value), legacyProgress([]));
    await page.goto(`${first}#/progress`);
    await page.reload();
    await expect(completedLine(page, 2)).toBeVisible();
  });

  test('storage too full to migrate: nothing is lost, saving goes on in the old keys, and the move happens later', async ({
    page,
    baseURL,
  }) => {
    const first = baseURL!;
    await serveSecondCopy(page, first);
    await seedLegacy(page, first, { 'coldstart:progress': legacyProgress([LESSON]) });
    // Until the test says otherwise, the browser refuses every new key of this course copy, as a full
    // storage refuses a write that needs more room (rewriting a legacy key in place still fits).
    await page.addInitScript(() => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        if (key.startsWith('coldstart@') && sessionStorage.getItem('storage-full') !== 'no')
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return setItem.call(this, key, value);
      };
    });

    await page.goto(`${first}#/progress`);
    await expect(completedLine(page, 1)).toBeVisible();
    await expect(
      page.getByText(/still using saved data shared with any other Coldstart course/),
    ).toContainText('browser storage is full');
    await expect(page.getByText(/^Saving: on\./)).toBeVisible();
    await completeLesson(page, first, OTHER);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Mark as complete' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('coldstart@'))),
    ).toEqual([]);

    // Room again: the next visit moves everything, including what was saved while it waited.
    await page.evaluate(() => sessionStorage.setItem('storage-full', 'no'));
    await page.goto(`${first}#/progress`);
    await page.reload();
    await expect(completedLine(page, 2)).toBeVisible();
    await expect(page.getByText(/still using saved data shared/)).toHaveCount(0);
    const moved = await page.evaluate((k) => localStorage.getItem(k), courseKey(page, 'progress'));
    expect(Object.keys(JSON.parse(moved!).state.completed).sort()).toEqual([OTHER, LESSON].sort());
  });
});
