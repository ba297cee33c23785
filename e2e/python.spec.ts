import { test, expect, type Page } from '@playwright/test';

/** Python boots Pyodide the first time (seconds on a loaded machine): generous waits for the first result. */
const BOOT_MS = 90_000;

async function openPythonPlayground(page: Page) {
  await page.goto('./#/playground');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const toggle = page.getByRole('button', { name: 'Plain text editor' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('combobox', { name: 'Runtime' }).selectOption('python3.14');
}

const logs = (page: Page) => page.getByRole('log', { name: 'Logs' });
const result = (page: Page) => page.getByRole('region', { name: 'Result' });
const invokeButton = (page: Page) => page.getByRole('button', { name: 'Invoke', exact: true });
const code = (page: Page) => page.getByRole('textbox', { name: 'Handler code' });

test("python3.14 gives lambda_function.py with lambda_handler, runs cold then warm, logs in Lambda's format, and no request leaves the site", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(BOOT_MS * 2);
  const origin = new URL(baseURL ?? 'http://localhost').origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (
      !url.startsWith(origin) &&
      !url.startsWith('blob:') &&
      !url.startsWith('data:') &&
      !url.startsWith('about:')
    )
      foreign.push(url);
  });
  await openPythonPlayground(page);
  await expect(page.getByText('(lambda_function.py)')).toBeVisible();
  await code(page).fill(
    [
      'import logging',
      'logger = logging.getLogger()',
      'logger.setLevel(logging.INFO)',
      'count = 0',
      'print("module loaded")',
      'def lambda_handler(event, context):',
      '    global count',
      '    count += 1',
      '    logger.info("count %d", count)',
      '    return {"count": count, "name": context.function_name}',
      '',
    ].join('\n'),
  );
  await invokeButton(page).click();
  await expect(result(page)).toContainText('Succeeded', { timeout: BOOT_MS });
  await expect(result(page)).toContainText('Cold start');
  await expect(result(page)).toContainText('"count": 1');
  const first = await logs(page).innerText();
  expect(first).toMatch(/^INIT_START Runtime Version: python:3\.14/m);
  expect(first).toMatch(/^module loaded$/m);
  expect(first).toMatch(/^\[INFO\]\t\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tcount 1$/m);
  await invokeButton(page).click();
  await expect(result(page)).toContainText('"count": 2', { timeout: 30_000 });
  await expect(result(page)).not.toContainText('Cold start');
  expect(foreign).toEqual([]);
});

test("a Python exception answers Lambda's error shape; a syntax error is an init error with its line", async ({
  page,
}) => {
  test.setTimeout(BOOT_MS * 2);
  await openPythonPlayground(page);
  await code(page).fill('def lambda_handler(event, context):\n    raise ValueError("no such order")\n');
  await invokeButton(page).click();
  await expect(result(page)).toContainText('ValueError', { timeout: BOOT_MS });
  await expect(result(page)).toContainText('no such order');
  await expect(result(page)).toContainText('stackTrace');
  await expect(logs(page)).toContainText('[ERROR] ValueError: no such order');
  await code(page).fill('def lambda_handler(event, context)\n    return 1\n');
  await invokeButton(page).click();
  await expect(result(page)).toContainText('Runtime.UserCodeSyntaxError', { timeout: BOOT_MS });
  await expect(result(page)).toContainText('line 1');
});

test('"Make Python available offline" fetches Python\'s runtime files from the site into the cache, with progress', async ({
  page,
}) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (/pyodide|python_stdlib/.test(r.url())) fetched.push(new URL(r.url()).origin);
  });
  await openPythonPlayground(page);
  await page.getByRole('button', { name: 'Make Python available offline' }).click();
  await expect(page.getByText('Python is available offline.')).toBeVisible({ timeout: BOOT_MS });
  // Every file came from the site's own origin, and it is in Cache Storage now.
  expect(new Set(fetched)).toEqual(new Set([new URL(page.url()).origin]));
  const cached = await page.evaluate(async () => {
    let n = 0;
    for (const name of await caches.keys())
      n += (await (await caches.open(name)).keys()).filter((r) =>
        /python_stdlib|pyodide\.asm/.test(r.url),
      ).length;
    return n;
  });
  expect(cached).toBeGreaterThanOrEqual(2);
});
