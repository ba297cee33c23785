/**
 * Shared page helpers for the e2e specs: the course routes (read from content/, so new lessons are
 * covered without editing tests), collectors for console errors / failed and cross-origin requests,
 * opening the playground on a clean slate, and an axe-core runner that injects the locally installed axe
 * (never a CDN).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import matter from 'gray-matter';
import GithubSlugger from 'github-slugger';
import { expect, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

export interface OutlineFile {
  title: string;
  description: string;
  sections: { id: string; title: string; lessons: string[] }[];
}

export function readOutline(): OutlineFile {
  return JSON.parse(fs.readFileSync(path.join(root, 'content/outline.json'), 'utf8')) as OutlineFile;
}

/** Lesson slugs in course order, exactly as the outline lists them. */
export function outlineSlugs(): string[] {
  return readOutline().sections.flatMap((s) => s.lessons);
}

export interface LessonInfo {
  slug: string;
  title: string;
  /** ids of h2/h3 headings, as rehype-slug assigns them. */
  headingIds: string[];
}

export function readLesson(slug: string): LessonInfo {
  const { data, content } = matter(
    fs.readFileSync(path.join(root, 'content/lessons', `${slug}.mdx`), 'utf8'),
  );
  const slugger = new GithubSlugger();
  const headingIds: string[] = [];
  let inFence = false;
  for (const line of content.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const m = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[2]!
      .replace(/`([^`]+)`/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/[*_]/g, '');
    const id = slugger.slug(text);
    if (m[1]!.length === 2 || m[1]!.length === 3) headingIds.push(id);
  }
  return { slug, title: String(data.title), headingIds };
}

export interface RouteInfo {
  name: string;
  /** Relative to the base URL: '', '#/lessons/x', … */
  url: string;
  /** Expected document.title, when the shell owns it. */
  title?: string;
}

/** Every page of the course: home, each outline lesson, playground, progress. */
export function courseRoutes(): RouteInfo[] {
  const outline = readOutline();
  return [
    { name: 'home', url: './', title: `${outline.title} · Coldstart` },
    ...outlineSlugs().map((slug) => ({
      name: `lesson ${slug}`,
      url: `./#/lessons/${slug}`,
      title: `${readLesson(slug).title} · Coldstart`,
    })),
    { name: 'playground', url: './#/playground' },
    { name: 'progress', url: './#/progress' },
  ];
}

export interface PageWatch {
  consoleErrors: string[];
  failedRequests: string[];
  foreignRequests: string[];
}

/** Start collecting problems on `page`. Attach before the first navigation. */
export function watchPage(page: Page, baseURL: string): PageWatch {
  const origin = new URL(baseURL).origin;
  const watch: PageWatch = { consoleErrors: [], failedRequests: [], foreignRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => watch.consoleErrors.push(`uncaught: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    // data:, blob: (the sandbox's workers, from an opaque-origin iframe) and about: never touch the network.
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return;
    if (url.origin !== origin) watch.foreignRequests.push(req.url());
  });
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'failed';
    // Leaving a page cancels its in-flight lazy chunks; that is not a broken request (a missing file is a 404).
    if (error === 'net::ERR_ABORTED') return;
    watch.failedRequests.push(`${req.url()} (${error})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) watch.failedRequests.push(`${res.url()} (HTTP ${res.status()})`);
  });
  return watch;
}

export function expectClean(watch: PageWatch, where: string): void {
  expect(watch.consoleErrors, `console errors on ${where}`).toEqual([]);
  expect(watch.failedRequests, `failed requests on ${where}`).toEqual([]);
  expect(watch.foreignRequests, `requests to another origin on ${where}`).toEqual([]);
}

/**
 * Network idle is a settling point, not an assertion: on a loaded machine a multi-megabyte editor worker
 * can keep the network busy for a while, so wait for it only so long; readiness is asserted right after.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
}

/** Waits until the page's heading is shown and the lazy lesson body has rendered. */
export async function waitForPage(page: Page): Promise<void> {
  await expect(page.locator('main h1').first()).toBeVisible();
  await settle(page);
  await expect(page.locator('.lesson-body-placeholder')).toHaveCount(0);
}

/**
 * Widgets and diagrams load when they come near the viewport. Scroll through the whole page so every
 * one of them renders, wait until none is still loading, then return to the top.
 */
export async function loadEverything(page: Page): Promise<void> {
  await waitForPage(page);
  // The page grows as widgets replace their placeholders, so re-measure on every step.
  for (let y = 0; y <= (await page.evaluate(() => document.documentElement.scrollHeight)); y += 600) {
    await page.evaluate((top) => window.scrollTo({ top, behavior: 'instant' }), y);
    await page.waitForTimeout(30);
  }
  await settle(page);
  await expect(page.locator('[data-deferred], .widget-loading, .diagram-loading')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
}

/** Switches to the plain-text editor unless it is on already (its textbox is quick to fill and to read). */
export async function switchToPlainEditor(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Plain text editor' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
}

/** Opens the playground with nothing saved (a clean slate) and the plain-text editor on. */
export async function openPlayground(page: Page): Promise<void> {
  await page.goto('./#/playground');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const toggle = page.getByRole('button', { name: 'Plain text editor' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
}

export async function isNotFound(page: Page): Promise<boolean> {
  return (await page.getByRole('heading', { level: 1, name: 'Page not found' }).count()) > 0;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core (WCAG 2.0 A/AA and 2.1 AA rules) on the current page. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: source });
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } })
      .axe;
    interface AxeResults {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    }
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
}
