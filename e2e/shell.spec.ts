import { test, expect, type Page } from '@playwright/test';
import {
  courseRoutes,
  expectClean,
  isNotFound,
  outlineSlugs,
  readLesson,
  readOutline,
  waitForPage,
  watchPage,
} from './helpers';

const routes = courseRoutes();
const slugs = outlineSlugs();
const outline = readOutline();

async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName}:${(el.textContent ?? '').trim().replace(/\s+/g, ' ')}` : '';
  });
}

/** Presses Tab until the focused element matches; fails after `max` presses. */
async function tabTo(page: Page, matches: (text: string) => boolean, max = 400): Promise<string> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const text = await focusedText(page);
    if (matches(text)) return text;
  }
  throw new Error('never reached the expected element with Tab');
}

test.describe('every route of the outline', () => {
  for (const route of routes) {
    test(`${route.name} loads with no console error, failed or foreign request`, async ({
      page,
      baseURL,
    }) => {
      const watch = watchPage(page, baseURL!);
      await page.goto(route.url);
      await waitForPage(page);
      expect(await isNotFound(page)).toBe(false);
      if (route.title) await expect(page).toHaveTitle(route.title);
      expectClean(watch, route.name);
    });
  }
});

test('every internal link on every page resolves to a real page and heading', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const watch = watchPage(page, baseURL!);
  const links = new Map<string, string>(); // href → page it was found on
  for (const route of routes) {
    await page.goto('about:blank');
    await page.goto(route.url);
    await waitForPage(page);
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) {
      // A root-absolute link would leave the sub-path the site is served from.
      expect(href.startsWith('/'), `root-absolute link ${href} on ${route.name}`).toBe(false);
      if (href.startsWith('#/') && !links.has(href)) links.set(href, route.name);
    }
  }
  expect(links.size).toBeGreaterThan(slugs.length);
  for (const [href, from] of links) {
    await page.evaluate((h) => {
      window.location.hash = h.slice(1);
    }, href);
    await waitForPage(page);
    expect(await isNotFound(page), `${href} (linked from ${from}) shows the not-found page`).toBe(false);
    const anchor = /^#\/lessons\/[^#]+#(.+)$/.exec(href)?.[1];
    if (anchor) {
      const id = decodeURIComponent(anchor);
      expect(
        await page.locator(`[id="${id}"]`).count(),
        `${href} (from ${from}) names a missing heading`,
      ).toBe(1);
    }
  }
  expectClean(watch, 'link walk');
});

test('a deep link opened in a fresh context survives a reload', async ({ browser, baseURL }) => {
  const slug = slugs[Math.min(1, slugs.length - 1)]!;
  const lesson = readLesson(slug);
  const heading = lesson.headingIds[lesson.headingIds.length - 1];
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const watch = watchPage(page, baseURL!);
  const url = `./#/lessons/${slug}${heading ? `#${heading}` : ''}`;
  await page.goto(url);
  await waitForPage(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.title);
  if (heading) await expect(page.locator(`[id="${heading}"]`)).toBeInViewport();
  await page.reload();
  await waitForPage(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.title);
  expect(page.url()).toContain(`#/lessons/${slug}`);
  await expect(page).toHaveTitle(`${lesson.title} · Coldstart`);
  expectClean(watch, url);
  await context.close();
});

test('unknown routes and unknown lessons show not-found with a link home', async ({ page }) => {
  for (const url of ['./#/no/such/page', './#/lessons/no-such-lesson']) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page).toHaveTitle('Page not found · Coldstart');
  }
  await page.getByRole('link', { name: 'Go to the course home' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(outline.title);
});

test('keyboard only: skip link, sidebar, next and previous', async ({ page }) => {
  expect(slugs.length, 'the outline needs at least two lessons').toBeGreaterThanOrEqual(2);
  const [first, second] = [readLesson(slugs[0]!), readLesson(slugs[1]!)];
  await page.goto('./');
  await waitForPage(page);

  await page.keyboard.press('Tab');
  expect(await focusedText(page)).toBe('A:Skip to content');
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  await page.goto('about:blank');
  await page.goto('./');
  await waitForPage(page);
  const course = page.getByRole('navigation', { name: 'Course' });
  // Tab from the top into the sidebar's first lesson, then open it with Enter.
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const inSidebar = await course
      .getByRole('link', { name: first.title })
      .evaluate((el) => el === document.activeElement);
    if (inSidebar) break;
  }
  await expect(course.getByRole('link', { name: first.title })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.title);
  expect(page.url()).toContain(`#/lessons/${first.slug}`);
  await waitForPage(page);

  await tabTo(page, (t) => t === `A:Next${second.title}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(second.title);
  await waitForPage(page);

  await tabTo(page, (t) => t === `A:Previous${first.title}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.title);
});

test('at 360 px the Menu button opens the sidebar and nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('./');
  await waitForPage(page);
  const course = page.getByRole('navigation', { name: 'Course' });
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(course).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(course).toBeVisible();
  const target = readLesson(slugs[slugs.length - 1]!);
  await course.getByRole('link', { name: target.title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(target.title);
  await expect(course).toBeHidden();
  await waitForPage(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await menu.click();
  await expect(course).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(course).toBeHidden();
  await expect(menu).toBeFocused();
});

test('theme toggle cycles system → light → dark and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('./');
  await waitForPage(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBg = await bg();
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await expect(toggle).toHaveAccessibleName('Theme: System');
  await toggle.click();
  await expect(toggle).toHaveAccessibleName('Theme: Light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await toggle.click();
  await expect(toggle).toHaveAccessibleName('Theme: Dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).not.toBe(lightBg);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: /^Theme:/ })).toHaveAccessibleName('Theme: Dark');
});

test('lesson page: objectives, sources, table of contents anchors and completion', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const withHeadings = slugs.map(readLesson).find((l) => l.headingIds.length >= 2) ?? readLesson(slugs[0]!);
  await page.goto(`./#/lessons/${withHeadings.slug}`);
  await waitForPage(page);
  await expect(page.getByRole('heading', { level: 2, name: 'You will learn' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Sources' })).toBeVisible();

  const id = withHeadings.headingIds[withHeadings.headingIds.length - 1]!;
  const toc = page.locator('nav.toc-rail');
  await expect(toc).toBeVisible();
  await toc.locator(`a[href$="#${id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`#/lessons/${withHeadings.slug}#${id}$`));
  await expect(page.locator(`[id="${id}"]`)).toBeInViewport();
  await expect(page.locator(`[id="${id}"]`)).toBeFocused();

  const complete = page.getByRole('button', { name: 'Mark as complete' });
  await expect(complete).toHaveAttribute('aria-pressed', 'false');
  await complete.click();
  await expect(complete).toHaveAttribute('aria-pressed', 'true');
  const course = page.getByRole('navigation', { name: 'Course' });
  await expect(course.getByRole('link', { name: `${withHeadings.title} (completed)` })).toBeVisible();
  await page
    .getByRole('link', { name: /Coldstart/ })
    .first()
    .click();
  await expect(page.getByText(`1 of ${slugs.length} lessons complete`)).toBeVisible();
  await expect(
    page.getByRole('link', { name: `Continue where you left off: ${withHeadings.title}` }),
  ).toBeVisible();
});

test('unreadable saved progress shows a storage notice that can be dismissed', async ({ page }) => {
  await page.addInitScript(() => {
    // Only on the first load: the app must replace the bad value, not see it again after reload.
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('coldstart:progress', '{"state": not json');
    }
  });
  await page.goto('./');
  await waitForPage(page);
  const notice = page.getByRole('listitem').filter({ hasText: 'could not be read' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('coldstart:progress:backup:');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByText('could not be read')).toHaveCount(0);
  await page.reload();
  await waitForPage(page);
  await expect(page.getByText('could not be read')).toHaveCount(0);
});
