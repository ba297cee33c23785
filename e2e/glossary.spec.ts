/**
 * The glossary (issue 17, item 2): a page of Lambda terms from content/glossary.json, reached from the site
 * navigation, from lessons' links and from search; `#/glossary#<id>` lands on the term.
 */
import fs from 'node:fs';
import { test, expect } from '@playwright/test';
import type { Glossary } from '../src/course/glossarySchema';
import { waitForPage } from './helpers';

const glossary = JSON.parse(fs.readFileSync('content/glossary.json', 'utf8')) as Glossary;
const linkFromLesson = fs
  .readdirSync('content/lessons')
  .map((file) => ({
    slug: file.replace(/\.mdx$/, ''),
    match: /\[([^\]]+)\]\(\/glossary#([a-z0-9-]+)\)/.exec(fs.readFileSync(`content/lessons/${file}`, 'utf8')),
  }))
  .find((entry) => entry.match !== null);

test('lists every term under its letter, each with its lesson and source', async ({ page }) => {
  await page.goto('./#/glossary');
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  await expect(page).toHaveTitle('Glossary · Coldstart');
  await expect(page.locator('.glossary__term h3')).toHaveCount(glossary.terms.length);
  const term = glossary.terms[0]!;
  const article = page.getByRole('article', { name: term.term });
  await expect(article).toContainText(term.definition.replace(/`/g, ''));
  await expect(article.getByRole('link', { name: term.source.title })).toHaveAttribute(
    'href',
    term.source.url,
  );
  await expect(
    page.getByRole('navigation', { name: 'Glossary letters' }).getByRole('link').first(),
  ).toBeVisible();
});

test('#/glossary#<id> lands on the term; its lesson link opens the lesson at the heading', async ({
  page,
}) => {
  const term = glossary.terms.find((t) => t.lesson.includes('#'))!;
  await page.goto(`./#/glossary#${term.id}`);
  const heading = page.getByRole('heading', { level: 3, name: term.term, exact: true });
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
  const [slug, headingId] = term.lesson.replace('/lessons/', '').split('#');
  await page.getByRole('article', { name: term.term }).locator(`a[href$="#${term.lesson}"]`).click();
  await expect(page).toHaveURL(new RegExp(`#/lessons/${slug}#${headingId}$`));
  await waitForPage(page);
  await expect(page.locator(`[id="${headingId}"]`)).toBeInViewport();
});

test('a related term link jumps within the page', async ({ page }) => {
  const term = glossary.terms.find((t) => t.see?.length)!;
  const other = glossary.terms.find((t) => t.id === term.see![0])!;
  await page.goto(`./#/glossary#${term.id}`);
  await page
    .getByRole('article', { name: term.term })
    .getByRole('link', { name: other.term, exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`#/glossary#${other.id}$`));
  await expect(page.getByRole('heading', { level: 3, name: other.term, exact: true })).toBeFocused();
});

test("a lesson's glossary link opens the glossary at that term", async ({ page }) => {
  expect(linkFromLesson, 'no lesson links to the glossary').toBeDefined();
  const [, text, id] = linkFromLesson!.match!;
  const term = glossary.terms.find((t) => t.id === id)!;
  await page.goto(`./#/lessons/${linkFromLesson!.slug}`);
  await waitForPage(page);
  await page.locator('.prose').getByRole('link', { name: text, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`#/glossary#${id}$`));
  await expect(page.getByRole('heading', { level: 3, name: term.term, exact: true })).toBeInViewport();
});

test('the site navigation and search reach it', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Glossary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  const term = glossary.terms.find((t) => t.id === 'snapstart') ?? glossary.terms[0]!;
  await page.getByRole('combobox', { name: 'Search the course' }).fill(term.term);
  const option = page
    .getByRole('option')
    .filter({ hasText: 'Glossary' })
    .filter({ hasText: term.term })
    .first();
  await option.click();
  await expect(page).toHaveURL(new RegExp(`#/glossary#${term.id}$`));
  await expect(page.getByRole('heading', { level: 3, name: term.term, exact: true })).toBeFocused();
});
