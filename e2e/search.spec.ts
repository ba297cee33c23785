/**
 * Search (issue 17, item 2): the header's combobox finds a word that only a code block contains and a heading,
 * and each result opens the lesson at that heading; keyboard and screen-reader paths; the index loads only
 * once the box is used. The expectations are read from content/, so lesson edits do not break them.
 */
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { buildCourseIndex } from '../scripts/course-index';
import { buildSearchDocuments } from '../scripts/search-index';
import { loadGlossary } from '../scripts/content-plugin';
import { waitForPage } from './helpers';

const contentDir = path.resolve(import.meta.dirname, '../content');
const course = buildCourseIndex(contentDir);
const documents = buildSearchDocuments({ lessons: course.lessons, glossary: loadGlossary(contentDir) });

/** An identifier that appears in a lesson section's code and nowhere in the course's prose. */
function codeOnlyIdentifier(): { name: string; href: string } {
  const prose = documents.map((d) => `${d.title} ${d.text}`.toLowerCase()).join(' ');
  for (const document of documents.filter((d) => d.kind === 'heading')) {
    for (const name of document.code.match(/\b[a-z][a-z0-9]*[A-Z][A-Za-z0-9]{6,}\b/g) ?? []) {
      const elsewhere = documents.filter((d) => d.code.includes(name)).length;
      if (!prose.includes(name.toLowerCase()) && elsewhere === 1) return { name, href: document.href };
    }
  }
  throw new Error('no identifier is found only in one code block');
}

const searchBox = (page: Page) => page.getByRole('combobox', { name: 'Search the course' });
const results = (page: Page) => page.getByRole('listbox', { name: 'Search results' });

test('finds a word that only a code block contains, and opens the lesson at that section', async ({
  page,
}) => {
  const { name, href } = codeOnlyIdentifier();
  const [, slug, headingId] = /^\/lessons\/([^#]+)#(.+)$/.exec(href)!;
  await page.goto('./');
  await waitForPage(page);
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type(name);
  const option = results(page).getByRole('option').filter({ hasText: 'in code' }).first();
  await expect(option).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(searchBox(page)).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/lessons/${slug}#${headingId}$`));
  const heading = page.locator(`[id="${headingId}"]`);
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
  // The identifier really is in a code block of that lesson.
  await expect(page.locator('.prose pre', { hasText: name }).first()).toBeAttached();
});

test('finds a heading by its words and links to it', async ({ page }) => {
  const lesson = course.lessons.find((l) => l.slug === 'cold-starts') ?? course.lessons[0]!;
  const heading =
    lesson.headings.find((h) => h.depth === 2 && h.text.split(' ').length >= 3) ?? lesson.headings[0]!;
  await page.goto('./#/progress');
  await searchBox(page).click();
  await searchBox(page).fill(heading.text);
  const first = results(page).getByRole('option').first();
  await expect(first).toContainText(heading.text);
  await expect(first).toContainText(lesson.title);
  await first.click();
  await expect(page).toHaveURL(new RegExp(`#/lessons/${lesson.slug}#${heading.id}$`));
  await expect(page.locator(`[id="${heading.id}"]`)).toBeInViewport();
});

test('keyboard and screen reader: Ctrl+K, the combobox state, the result count, Escape', async ({ page }) => {
  await page.goto('./#/lessons/why-lambda');
  await waitForPage(page);
  const box = searchBox(page);
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Control+k');
  await expect(box).toBeFocused();
  await page.keyboard.type('concurrency');
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await expect(box).toHaveAttribute('aria-controls', (await results(page).getAttribute('id'))!);
  await expect(page.getByRole('status').filter({ hasText: /^\d+ results?\./ })).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const active = await box.getAttribute('aria-activedescendant');
  await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(results(page)).toBeHidden();
  await expect(box).toHaveValue('concurrency');
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue('');
  // A nonsense word says so instead of showing an empty list.
  await page.keyboard.type('zzqxv');
  await expect(page.getByText('No results for “zzqxv”.').first()).toBeVisible();
});

test('the index is fetched on first use, not with the page', async ({ page }) => {
  const indexRequests: string[] = [];
  page.on('request', (request) => {
    if (/\/assets\/searchIndex-[^/]+\.js$/.test(request.url())) indexRequests.push(request.url());
  });
  await page.goto('./#/lessons/why-lambda');
  await waitForPage(page);
  expect(indexRequests).toEqual([]);
  await searchBox(page).focus();
  await expect.poll(() => indexRequests.length).toBe(1);
});

test('at 360 px the search field opens over the header and its results fit the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('./#/lessons/why-lambda');
  await waitForPage(page);
  await searchBox(page).click();
  const box = await searchBox(page).boundingBox();
  expect(box!.width).toBeGreaterThan(300);
  await page.keyboard.type('cold start');
  const popup = results(page);
  await expect(popup.getByRole('option').first()).toBeVisible();
  const area = await popup.boundingBox();
  expect(area!.x).toBeGreaterThanOrEqual(0);
  expect(area!.x + area!.width).toBeLessThanOrEqual(360);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
