/**
 * Offline (issue 17, item 1): after one visit, the service worker serves the whole course with the network
 * really off — the server that sent the site is closed and the browser is offline, so anything the worker did
 * not precache fails (and the test fails with it). A second test deploys a new version and checks the
 * "A new version is available — reload" prompt and that reloading keeps the learner's work.
 *
 * The playground's Invoke offline is in offline-playground.spec.ts.pending: it needs the sandbox frame's
 * script inlined into its srcdoc (an opaque-origin frame is not controlled by the service worker).
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import type { Quiz } from '../src/features/quiz/quizSpec';
import { loadEverything, waitForPage } from './helpers';
import { builtSite, copyOfSite, serveSite, type SiteServer } from './offlineServer';

const UPDATE_MESSAGE = 'A new version is available — reload';
const quiz = JSON.parse(fs.readFileSync('content/quizzes/why-lambda.json', 'utf8')) as Quiz;

/** Opens the site once and waits until the service worker has precached it and controls the page. */
async function firstVisit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForPage(page);
  // Registration waits for the page to go idle; `ready` resolves once the worker is active (precache complete).
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Every request that failed on this page: offline, nothing may need the network. */
function collectFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    failures.push(`${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.url()} (HTTP ${response.status()})`);
  });
  page.on('pageerror', (error) => failures.push(`uncaught: ${error.message}`));
  return failures;
}

test.describe('with the network off after a first visit', () => {
  test.describe.configure({ mode: 'serial' });
  test.slow(); // the first visit downloads the whole precache (~3 MB gzip, Monaco included)

  let server: SiteServer;
  let context: BrowserContext;
  let page: Page;
  let failures: string[];

  test.beforeAll(async ({ browser }) => {
    server = await serveSite(builtSite());
    context = await browser.newContext();
    page = await context.newPage();
    await firstVisit(page, server.url);
    await server.goOffline();
    await context.setOffline(true);
    failures = collectFailures(page);
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test.afterEach(() => {
    expect(failures.splice(0), 'requests that failed offline').toEqual([]);
  });

  test('the network really is off', async () => {
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    const reachable = await page.evaluate(async (url) => {
      try {
        // `cache: 'no-store'` and a query the worker never precached: this can only come from the network.
        await fetch(`${url}index.html?probe=${Date.now()}`, { cache: 'no-store' });
        return true;
      } catch {
        return false;
      }
    }, server.url);
    expect(reachable).toBe(false);
    // That probe was meant to fail; nothing else may.
    failures.splice(0, failures.length, ...failures.filter((failure) => !failure.includes('?probe=')));
  });

  test('a lesson loads, with its diagrams and widgets', async () => {
    await page.goto(`${server.url}#/lessons/execution-model`);
    await loadEverything(page);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Execution model and lifecycle' }),
    ).toBeVisible();
    await expect(page.locator('.prose h2').first()).toBeVisible();
    await expect(page.locator('figure svg').first()).toBeVisible();
  });

  test('a quiz answer is saved offline and is still there after an offline reload', async () => {
    const index = quiz.questions.findIndex((q) => q.type === 'numeric');
    const question = quiz.questions[index]!;
    if (question.type !== 'numeric') throw new Error('why-lambda has no numeric question');
    await page.goto(`${server.url}#/lessons/why-lambda`);
    await waitForPage(page);
    const group = page.getByRole('group', { name: new RegExp(`^Question ${index + 1} of `) });
    const field = group.getByRole('textbox', { name: /^Your answer/ });
    await field.fill(String(question.answer));
    await group.getByRole('button', { name: 'Check answer' }).click();
    await expect(group.getByText('Correct.')).toBeVisible();

    await page.reload();
    await expect(field).toHaveValue(String(question.answer));
    await expect(group.getByText('Correct.')).toBeVisible();
  });

  test('search finds a term and the glossary opens at it', async () => {
    await page.goto(`${server.url}#/lessons/why-lambda`);
    await waitForPage(page);
    await page.getByRole('combobox', { name: 'Search the course' }).fill('snapstart');
    await page.getByRole('option').filter({ hasText: 'Glossary' }).first().click();
    await expect(page).toHaveURL(/#\/glossary#snapstart$/);
    await expect(page.getByRole('heading', { level: 3, name: 'SnapStart', exact: true })).toBeFocused();
  });

  test('the playground page and the Monaco editor load', async () => {
    await page.goto(`${server.url}#/playground`);
    await expect(page.locator('.monaco-editor .view-lines')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('textbox', { name: 'Handler code' })).toBeAttached();
    await expect(page.getByRole('button', { name: 'Invoke', exact: true })).toBeVisible();
  });

  test("TypeScript mode type-checks against Lambda's types with the worker from the precache", async () => {
    await page.goto(`${server.url}#/playground`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('typescript');
    const plain = page.getByRole('button', { name: 'Plain text editor' });
    if ((await plain.getAttribute('aria-pressed')) === 'false') await plain.click();
    await page
      .getByRole('textbox', { name: 'Handler code' })
      .fill(
        `import type { APIGatewayProxyResult } from 'aws-lambda';\n` +
          `export const handler = async (): Promise<APIGatewayProxyResult> => ({ statusCode: 'oops', body: '' });\n`,
      );
    await plain.click();
    await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible({ timeout: 45_000 });
  });
});

test('persistent storage is requested once there is progress, not on a first look around', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const calls: string[] = [];
    (window as unknown as { persistCalls: string[] }).persistCalls = calls;
    if (!navigator.storage) return;
    navigator.storage.persisted = async () => false;
    navigator.storage.persist = async () => {
      calls.push(location.hash);
      return true;
    };
  });
  const persistCalls = () =>
    page.evaluate(() => (window as unknown as { persistCalls: string[] }).persistCalls.length);
  await page.goto('./#/lessons/why-lambda');
  await waitForPage(page);
  await page.goto('./#/lessons/overview');
  await waitForPage(page);
  await page.waitForTimeout(500);
  expect(await persistCalls()).toBe(0);
  await page.getByRole('button', { name: 'Mark as complete' }).click();
  await expect.poll(persistCalls).toBe(1);
  await page.goto('./#/lessons/why-lambda');
  await waitForPage(page);
  await page.getByRole('button', { name: 'Mark as complete' }).click();
  await page.waitForTimeout(300);
  expect(await persistCalls()).toBe(1);
});

test.describe('a new deployment', () => {
  test.slow();

  test('shows "A new version is available — reload", and reloading keeps the code being edited', async ({
    browser,
  }) => {
    const site = copyOfSite(builtSite());
    const server = await serveSite(site.directory);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await firstVisit(page, `${server.url}#/playground`);
      const plain = page.getByRole('button', { name: 'Plain text editor' });
      if ((await plain.getAttribute('aria-pressed')) === 'false') await plain.click();
      const code = page.getByRole('textbox', { name: 'Handler code' });
      const work = `export const handler = async () => 'unsaved? no: saved on every keystroke';\n`;
      await code.fill(work);

      // Deploy: a changed sw.js is what a new build looks like to the browser.
      fs.appendFileSync(path.join(site.directory, 'sw.js'), `\n// deployment ${Date.now()}\n`);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

      const status = page.getByRole('status').filter({ hasText: UPDATE_MESSAGE });
      await expect(status).toHaveText(UPDATE_MESSAGE, { timeout: 30_000 });
      const reload = page.getByRole('button', { name: 'Reload', exact: true });
      await expect(reload).toBeVisible();

      await Promise.all([page.waitForEvent('load'), reload.click()]);
      await expect(code).toHaveValue(work);
      await expect(page.getByRole('status').filter({ hasText: UPDATE_MESSAGE })).toHaveCount(0);
      // The new version now controls the page; nothing waits any more.
      expect(
        await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting ?? null)),
      ).toBeNull();
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    } finally {
      await context.close();
      await server.goOffline();
      site.remove();
    }
  });
});
