/**
 * PENDING — enable by renaming to offline-playground.spec.ts once the sandbox frame's script is inlined into
 * its srcdoc (src/sandbox/host.ts). Today the frame loads `frame-<hash>.js` by URL from inside an opaque-origin
 * iframe; a service worker does not control that frame, so with the network off the script never arrives and
 * Invoke waits for a frame that never boots. Everything else the sandbox needs (the runtime and transpiler
 * scripts) is fetched by the page itself and already comes from the precache.
 *
 * Issue 17, item 8: "e2e with the browser offline after a first visit (… the Node.js playground invokes)".
 */
import { test, expect } from '@playwright/test';
import { waitForPage } from './helpers';
import { builtSite, serveSite } from './offlineServer';

test('the Node.js playground invokes a handler with the network off after a first visit', async ({
  browser,
}) => {
  test.slow(); // the first visit downloads the whole precache
  const server = await serveSite(builtSite());
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForPage(page);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await server.goOffline();
    await context.setOffline(true);

    await page.goto(`${server.url}#/playground`);
    const plain = page.getByRole('button', { name: 'Plain text editor' });
    if ((await plain.getAttribute('aria-pressed')) === 'false') await plain.click();
    await page
      .getByRole('textbox', { name: 'Handler code' })
      .fill(
        `let count = 0;\nexport const handler = async () => {\n  count += 1;\n  console.log('offline', count);\n  return { count };\n};\n`,
      );
    const invoke = page.getByRole('button', { name: 'Invoke', exact: true });
    const result = page.getByRole('region', { name: 'Result' });
    const logs = page.getByRole('log', { name: 'Logs' });

    await invoke.click();
    await expect(result).toContainText('Succeeded', { timeout: 20_000 });
    await expect(result).toContainText('"count": 1');
    await expect(logs).toContainText(/REPORT RequestId: [0-9a-f-]{36}\tDuration: /);
    // Warm: the same environment, module state kept, still offline.
    await invoke.click();
    await expect(result).toContainText('"count": 2');
  } finally {
    await context.close();
    await server.goOffline().catch(() => undefined);
  }
});
