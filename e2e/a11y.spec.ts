import { test, expect, type Page } from '@playwright/test';
import { courseRoutes, loadEverything, runAxe } from './helpers';

const pages = [...courseRoutes(), { name: 'not found', url: './#/this/page/does/not/exist' }];

/**
 * Best-practice rules the WCAG tags leave out but a page of many widgets can break: two landmarks with one
 * name (several scrollable tables did), duplicate ids. Run after runAxe, which has injected axe-core.
 */
async function landmarkViolations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const results = await axe.run(document, {
      runOnly: {
        type: 'rule',
        values: ['landmark-unique', 'landmark-no-duplicate-main', 'duplicate-id-aria'],
      },
      resultTypes: ['violations'],
    });
    return results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
    );
  });
}

// Both themes on one load: the page follows the system preference (no saved theme) as it changes, so each route is
// loaded once and checked light, then dark. The toggle path is covered in shell.spec.
test.describe('axe-core, light and dark themes', () => {
  for (const route of pages) {
    test(`${route.name} has no WCAG 2.1 AA violations in either theme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(route.url);
      // Deferred widgets first render a placeholder, then load their content (a quiz its questions):
      // check the page as the learner finally sees it, not the placeholders.
      await loadEverything(page);
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      // The playground's editor is part of what must pass: check it once Monaco has rendered.
      if (route.url.includes('playground')) {
        await expect(page.locator('.monaco-editor .view-lines')).toBeVisible({ timeout: 30_000 });
      }
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await expect
          .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme))
          .toBe(theme);
        const violations = await runAxe(page);
        expect(violations, `${theme}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
        expect(await landmarkViolations(page)).toEqual([]);
      }
    });
  }
});

// Pages and popups added for offline use and search (issue 17): the glossary, and the search results open.
for (const theme of ['light', 'dark'] as const) {
  test.describe(`axe-core, ${theme} theme, glossary and search`, () => {
    test('the glossary, with a term targeted, has no WCAG 2.1 AA violations', async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('./#/glossary#cold-start');
      await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
      await expect(page.locator('[data-target="true"]')).toHaveCount(1);
      const violations = await runAxe(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    });

    test('the search results popup, with a result chosen, has no WCAG 2.1 AA violations', async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('./#/lessons/why-lambda');
      await loadEverything(page);
      await page.getByRole('combobox', { name: 'Search the course' }).fill('cold start');
      await expect(page.getByRole('option').first()).toBeVisible();
      await page.keyboard.press('ArrowDown');
      const violations = await runAxe(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    });
  });
}
