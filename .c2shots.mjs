import { chromium } from '@playwright/test';
const slugs = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
for (const theme of ['light', 'dark']) {
  const page = await browser.newPage({ viewport: { width: 360, height: 800 }, colorScheme: theme });
  for (const slug of slugs) {
    await page.goto(`http://localhost:4791/coldstart/#/lessons/${slug}`);
    await page.waitForTimeout(1500);
    const figs = page.locator('.diagram-canvas');
    const n = await figs.count();
    for (let i = 0; i < n; i++) {
      await figs.nth(i).scrollIntoViewIfNeeded();
      await page.waitForTimeout(400);
      await figs.nth(i).screenshot({ path: `/tmp/c2/${slug}-${i}-${theme}.png` });
    }
    const errs = await page.locator('text=not available').count();
    console.log(theme, slug, 'diagrams', n, 'unavailable', errs);
  }
  await page.close();
}
await browser.close();
