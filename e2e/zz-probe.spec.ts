import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from '@playwright/test';
import { loadEverything } from './helpers';
const require = createRequire(import.meta.url);
for (const slug of ['why-lambda', 'interview-questions', 'handler-structure']) {
  test(`probe ${slug}`, async ({ page }) => {
    const msgs: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') msgs.push(m.text().slice(0, 300)); });
    await page.goto(`./#/lessons/${slug}`);
    await loadEverything(page);
    await page.waitForTimeout(1500);
    await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const r = await page.evaluate(async () => {
      const axe = (window as any).axe;
      const res = await axe.run(document, { resultTypes: ['violations'] });
      return res.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => JSON.stringify(n.target) + ' ' + (n.failureSummary ?? '').slice(0, 200)).join(' | ')}`);
    });
    const tabs = await page.locator('[role=tab]').allTextContents();
    console.log(slug, JSON.stringify(r, null, 1), 'tabs:', tabs.slice(0, 6), 'console:', msgs.slice(0, 5));
  });
}
