import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, type Locator, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);

/** The lifecycle explorer as the execution-model lesson embeds it. */
async function openExplorer(page: Page): Promise<Locator> {
  await page.goto('#/lessons/execution-model');
  // Widgets load once they near the viewport or the page goes idle: wait for it, then scroll to it.
  const explorer = page.getByRole('region', { name: 'Lifecycle explorer' }).first();
  await expect(explorer).toBeAttached({ timeout: 20_000 });
  await explorer.scrollIntoViewIfNeeded();
  await expect(explorer.getByRole('button', { name: 'Invoke', exact: true })).toBeVisible();
  return explorer;
}

/** REPORT lines currently in the Logs region, in order. */
async function reportLines(logs: Locator): Promise<string[]> {
  const text = (await logs.innerText()) ?? '';
  return text.split('\n').filter((l) => l.startsWith('REPORT RequestId:'));
}

test.describe('lifecycle explorer', () => {
  test('first invoke is cold (Init Duration), second warm, an injected timeout logs the timeout line', async ({
    page,
  }) => {
    const explorer = await openExplorer(page);
    const logs = explorer.getByRole('log', { name: 'Logs' });

    await explorer.getByRole('button', { name: 'Invoke', exact: true }).click();
    await expect.poll(async () => (await reportLines(logs)).length).toBe(1);
    const [cold] = await reportLines(logs);
    expect(cold).toMatch(
      /^REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms$/,
    );
    await expect(logs).toContainText('INIT_START Runtime Version: nodejs:22');

    await explorer.getByRole('button', { name: 'Invoke', exact: true }).click();
    await expect.poll(async () => (await reportLines(logs)).length).toBe(2);
    const warm = (await reportLines(logs))[1]!;
    expect(warm).not.toContain('Init Duration');
    await expect(explorer.getByText(/Environment 1 is frozen/)).toBeVisible();

    await explorer.getByRole('button', { name: 'Inject timeout' }).click();
    await explorer.getByRole('button', { name: 'Fast-forward' }).click();
    await expect(logs).toContainText('Task timed out after 3.00 seconds');
    expect((await reportLines(logs))[2]).toContain('Duration: 3000.00 ms');
  });

  test('usable at 360 px: controls reachable by keyboard, nothing overflows sideways', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    const explorer = await openExplorer(page);
    const invoke = explorer.getByRole('button', { name: 'Invoke', exact: true });
    await invoke.focus();
    await page.keyboard.press('Enter');
    await expect(explorer.getByRole('log', { name: 'Logs' })).toContainText('REPORT RequestId:', {
      timeout: 15_000,
    });
    const sw = explorer.getByRole('switch', { name: 'Provisioned concurrency' });
    await sw.focus();
    await page.keyboard.press('Space');
    await expect(sw).toHaveAttribute('aria-checked', 'true');
    const overflow = await explorer.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    const box = await explorer.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(361);
  });

  test('no axe (WCAG A/AA) violations inside the explorer after use, in light and dark', async ({ page }) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const explorer = await openExplorer(page);
      await explorer.getByRole('button', { name: 'Invoke 3 at once' }).click();
      await explorer.getByRole('button', { name: 'Fast-forward' }).click();
      await explorer.getByRole('switch', { name: 'Provisioned concurrency' }).click();
      await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: { run: (ctx: Element, o: object) => Promise<{ violations: { id: string }[] }> };
          }
        ).axe;
        const r = await axe.run(document.querySelector('section.lc')!, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
        });
        return r.violations.map((v) => v.id);
      });
      expect(violations, scheme).toEqual([]);
    }
  });
});
