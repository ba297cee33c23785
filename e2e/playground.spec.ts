import { test, expect, type Page } from '@playwright/test';
import { openPlayground, switchToPlainEditor } from './helpers';

async function setCode(page: Page, code: string) {
  await page.getByRole('textbox', { name: 'Handler code' }).fill(code);
}

/** Opens one of the settings tabs under the editor ("Test event", "Configuration", …). */
async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
}

/** Types a whole number into a field that checks it on commit (Enter). */
async function setNumber(page: Page, name: string, value: string) {
  const field = page.getByRole('spinbutton', { name });
  await field.fill(value);
  await field.press('Enter');
}

const logs = (page: Page) => page.getByRole('log', { name: 'Logs' });
const result = (page: Page) => page.getByRole('region', { name: 'Result' });
const invokeButton = (page: Page) => page.getByRole('button', { name: 'Invoke', exact: true });

test('invoke runs the handler cold, and the second invoke is warm with module state kept', async ({
  page,
}) => {
  await openPlayground(page);
  await setCode(
    page,
    `let count = 0;\nconsole.log('module loaded');\nexport const handler = async (event, context) => {\n  count += 1;\n  console.log('count', count);\n  return { count };\n};\n`,
  );
  await invokeButton(page).click();
  await expect(result(page)).toContainText('Succeeded');
  await expect(result(page)).toContainText('Cold start');
  await expect(result(page)).toContainText('"count": 1');
  const first = await logs(page).innerText();
  expect(first).toMatch(
    /^INIT_START Runtime Version: nodejs:24\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/m,
  );
  expect(first).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
  expect(first).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\tcount 1$/m);
  // Lambda's order: INIT_START, module-level output (request id "undefined"), START, handler output, END, REPORT.
  const order = [
    'INIT_START',
    '\tundefined\tINFO\tmodule loaded',
    'START RequestId',
    'INFO\tcount 1',
    'END RequestId',
    'REPORT RequestId',
  ];
  const at = order.map((marker) => first.split('\n').findIndex((line) => line.includes(marker)));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  expect(first).toMatch(
    /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms$/m,
  );

  await invokeButton(page).click();
  await expect(result(page)).toContainText('"count": 2');
  await expect(result(page)).toContainText('Warm');
  const lines = (await logs(page).innerText()).split('\n').filter((l) => l.startsWith('REPORT'));
  expect(lines).toHaveLength(2);
  expect(lines[1]).not.toContain('Init Duration');
  await expect(page.getByRole('region', { name: 'Execution environments' })).toContainText(
    '2 invocations served',
  );
});

test('a 1-second timeout logs the exact line; the next invoke is cold and /tmp survived', async ({
  page,
}) => {
  await openPlayground(page);
  await openTab(page, 'Configuration');
  await setNumber(page, 'Timeout (seconds)', '1');
  await openTab(page, 'Test event');
  await setCode(
    page,
    `const fs = require('fs');\nexports.handler = async (event) => {\n  if (event.slow) {\n    fs.writeFileSync('/tmp/marker.txt', 'kept');\n    await new Promise((r) => setTimeout(r, 5000));\n  }\n  return fs.existsSync('/tmp/marker.txt') ? fs.readFileSync('/tmp/marker.txt', 'utf8') : 'missing';\n};\n`,
  );
  await page.getByRole('textbox', { name: 'Test event' }).fill('{"slow": true}');
  await invokeButton(page).click();
  await expect(result(page)).toContainText('Timed out');
  await expect(result(page)).toContainText('Sandbox.Timedout');
  await expect(logs(page)).toContainText(/Z [0-9a-f-]{36} Task timed out after 1\.00 seconds/);
  await page.getByRole('textbox', { name: 'Test event' }).fill('{"slow": false}');
  await invokeButton(page).click();
  await expect(result(page)).toContainText('"kept"');
  await expect(result(page)).toContainText('Cold start');
  const reports = (await logs(page).innerText()).split('\n').filter((l) => l.startsWith('REPORT'));
  expect(reports[reports.length - 1]).toContain('Init Duration');
});

test('a syntax error shows its line in the editor and in the logs', async ({ page }) => {
  await openPlayground(page);
  await setCode(page, `const a = 1;\nexport const handler = async () => {\n  return { a: };\n};\n`);
  await invokeButton(page).click();
  await expect(result(page)).toContainText('Runtime.UserCodeSyntaxError');
  await expect(page.getByText(/Syntax error on line 3, column \d+/)).toBeVisible();
  await expect(logs(page)).toContainText('Runtime.UserCodeSyntaxError');
  await expect(logs(page)).toContainText('/var/task/index.mjs:3');
  await expect(logs(page)).toContainText(/INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error/);
});

test('while(true){} is stopped by the timeout while the page keeps responding', async ({ page }) => {
  await openPlayground(page);
  await openTab(page, 'Configuration');
  await setNumber(page, 'Timeout (seconds)', '1');
  await openTab(page, 'Test event');
  await setCode(page, `exports.handler = async () => {\n  while (true) {}\n};\n`);
  await page.evaluate(() => {
    const w = window as unknown as { beats: number };
    w.beats = 0;
    setInterval(() => (w.beats += 1), 50);
  });
  await invokeButton(page).click();
  await page.waitForTimeout(600);
  const during = await page.evaluate(() => (window as unknown as { beats: number }).beats);
  // The handler is spinning in its worker now; the main thread still ticks.
  expect(during).toBeGreaterThanOrEqual(6);
  await expect(logs(page)).toContainText('Task timed out after 1.00 seconds');
  await expect(result(page)).toContainText('Timed out');
  const after = await page.evaluate(() => (window as unknown as { beats: number }).beats);
  expect(after).toBeGreaterThan(during);
});

test("learner code cannot reach the course's storage, cookies, DOM or the network", async ({ page }) => {
  await openPlayground(page);
  await page.evaluate(() => {
    localStorage.setItem('coldstart:secret', 'course-data');
    document.cookie = 'coldstart_session=abc; path=/';
  });
  await setCode(
    page,
    `const attempt = async (name, fn) => { try { const v = await fn(); return name + ': REACHED ' + String(v); } catch (e) { return name + ': blocked (' + (e && e.message) + ')'; } };
exports.handler = async () => [
  await attempt('localStorage', () => localStorage.getItem('coldstart:secret')),
  await attempt('indexedDB', () => new Promise((res, rej) => { const r = indexedDB.open('x'); r.onsuccess = () => res('opened'); r.onerror = () => rej(r.error); })),
  await attempt('parent.document', () => parent.document.title),
  await attempt('document.cookie', () => document.cookie),
  await attempt('fetch', () => fetch('https://example.com/').then((r) => r.status)),
  await attempt('XMLHttpRequest', () => new XMLHttpRequest()),
  await attempt('importScripts', () => importScripts('https://example.com/x.js')),
  await attempt('prototype fetch', () => Object.getPrototypeOf(Object.getPrototypeOf(self)).fetch.call(self, 'https://example.com/')),
];
`,
  );
  await invokeButton(page).click();
  await expect(result(page)).toContainText('Succeeded');
  const text = await result(page).innerText();
  for (const name of [
    'localStorage',
    'indexedDB',
    'parent.document',
    'document.cookie',
    'fetch',
    'XMLHttpRequest',
    'importScripts',
    'prototype fetch',
  ]) {
    expect(text).toContain(`${name}: blocked`);
  }
  expect(text).not.toContain('REACHED');
  expect(text).not.toContain('course-data');
  expect(text).toContain(
    'Coldstart sandbox: network requests to other origins are blocked; use the simulated AWS clients',
  );
});

test('learner code cannot hijack its runtime with synthetic messages or post a result itself', async ({
  page,
}) => {
  await openPlayground(page);
  await setCode(
    page,
    `let n = 0;
const settings = { functionName: 'f', functionVersion: '$LATEST', region: 'us-east-1', accountId: '1', memoryMb: 128, timeoutS: 3, ephemeralStorageMb: 512, handler: 'index.handler', environment: {}, initializationType: 'on-demand', layers: [] };
exports.handler = async () => {
  n += 1;
  const { port1 } = new MessageChannel();
  self.dispatchEvent(new MessageEvent('message', { data: { t: 'port' }, ports: [port1] }));
  self.dispatchEvent(new MessageEvent('message', { data: { t: 'init', code: 'exports.handler = async () => "HIJACKED"', language: 'javascript', transpilerSource: '', settings, logStreamName: 'x', tmp: { dirs: [], files: [] } } }));
  let post = 'postMessage: blocked';
  try { postMessage({ t: 'result', id: 1, nonce: 'x', durationMs: 0, maxMemoryUsedMb: 1, payload: '"FORGED"' }); post = 'postMessage: REACHED'; } catch {}
  await new Promise((r) => setTimeout(r, 20));
  return { n, post };
};
`,
  );
  const invoke = invokeButton(page);
  await invoke.click();
  await expect(result(page)).toContainText('"n": 1');
  await invoke.click();
  await expect(result(page)).toContainText('"n": 2');
  await expect(result(page)).toContainText('Warm');
  await expect(result(page)).toContainText('postMessage: blocked');
  await expect(result(page)).not.toContainText('HIJACKED');
  await expect(result(page)).not.toContainText('FORGED');
});

test('process.exit and an uncaught exception crash the environment; the next invoke is cold', async ({
  page,
}) => {
  await openPlayground(page);
  await setCode(
    page,
    `let n = 0;
exports.handler = async (event) => {
  n += 1;
  if (event.exit) process.exit(3);
  if (event.throwLater) {
    setTimeout(() => { throw new Error('late boom'); }, 0);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { n };
};
`,
  );
  const invoke = invokeButton(page);
  const event = page.getByRole('textbox', { name: 'Test event' });
  await event.fill('{"exit": true}');
  await invoke.click();
  await expect(result(page)).toContainText('Runtime crashed: Runtime.ExitError');
  await expect(logs(page)).toContainText('Error: Runtime exited with error: exit status 3');

  await event.fill('{}');
  await invoke.click();
  await expect(result(page)).toContainText('"n": 1');
  await expect(result(page)).toContainText('Cold start');

  await event.fill('{"throwLater": true}');
  await invoke.click();
  await expect(result(page)).toContainText('Runtime crashed: Error');
  await expect(logs(page)).toContainText('Uncaught Exception');
  await expect(logs(page)).toContainText('late boom');
  const report = (await logs(page).innerText()).split('\n').filter((l) => l.startsWith('REPORT'));
  expect(report).toHaveLength(3);

  await event.fill('{}');
  await invoke.click();
  await expect(result(page)).toContainText('"n": 1');
  await expect(result(page)).toContainText('Cold start');
});

test('a share link restores the code', async ({ page, browser }) => {
  await openPlayground(page);
  const code = `// shared ${Date.now()}\nexports.handler = async () => 'shared';\n`;
  await setCode(page, code);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#\/playground\?s=[A-Za-z0-9+\-$]+/);
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(link);
  await expect(fresh.getByRole('status').filter({ hasText: 'Restored the code' })).toBeVisible();
  await fresh.getByRole('button', { name: 'Plain text editor' }).click();
  await expect(fresh.getByRole('textbox', { name: 'Handler code' })).toHaveValue(code);
  await other.close();
});

test('malformed event JSON shows line and column and disables Invoke', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('textbox', { name: 'Test event' }).fill('{\n  "a": 1,\n  "b": }\n');
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid JSON' })).toContainText('line 3, column 8');
  await expect(page.getByRole('button', { name: 'Invoke', exact: true })).toBeDisabled();
  await page.getByRole('combobox', { name: 'Event template' }).selectOption({ label: 'SQS (batch of 2)' });
  await expect(page.getByRole('button', { name: 'Invoke', exact: true })).toBeEnabled();
  await expect(page.getByRole('textbox', { name: 'Test event' })).toHaveValue(/"eventSource": "aws:sqs"/);
});

test('Invoke N at once creates N environments', async ({ page }) => {
  await openPlayground(page);
  await setCode(
    page,
    `exports.handler = async () => { await new Promise((r) => setTimeout(r, 300)); return 1; };\n`,
  );
  // The field keeps what is typed (an empty box is not clamped back) and checks it on commit.
  const n = page.getByRole('spinbutton', { name: 'Number of concurrent invocations' });
  await n.fill('');
  await expect(n).toHaveValue('');
  await n.fill('40');
  await n.press('Enter');
  await expect(page.getByText('Enter a number from 2 to 10.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Invoke N at once' })).toBeDisabled();
  await n.fill('4');
  await n.press('Enter');
  await page.getByRole('button', { name: 'Invoke N at once' }).click();
  await expect(result(page)).toContainText('4 invocations: 4 cold, 0 warm, 0 throttled, 4 environments');
  await expect(
    page.getByRole('region', { name: 'Execution environments' }).getByRole('listitem'),
  ).toHaveCount(4);
});

test('Monaco loads from this site only and names its textbox "Handler code"', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (
      !['localhost', '127.0.0.1'].includes(u.hostname) &&
      !u.protocol.startsWith('blob') &&
      !u.protocol.startsWith('data')
    )
      foreign.push(r.url());
  });
  await page.goto('./#/playground');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('textbox', { name: 'Handler code' })).toBeAttached();
  await expect(page.getByRole('button', { name: 'Plain text editor' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  expect(foreign).toEqual([]);
});

test('Monaco type-checks handlers against @types/aws-lambda', async ({ page }) => {
  test.slow(); // Monaco's TypeScript worker is several megabytes of JavaScript.
  await openPlayground(page);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('typescript');
  const squiggles = page.locator('.monaco-editor .squiggly-error');
  const useCode = async (code: string) => {
    await switchToPlainEditor(page);
    await setCode(page, code);
    await page.getByRole('button', { name: 'Plain text editor' }).click();
    await expect(page.locator('.monaco-editor .view-lines')).toContainText('aws-lambda', { timeout: 20_000 });
  };
  const typed = (statusCode: string) =>
    `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';\n` +
    `export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => ({\n` +
    `  statusCode: ${statusCode},\n  body: event.httpMethod,\n});\n`;
  // A string status code is a type error only if APIGatewayProxyResult's declaration is there.
  await useCode(typed("'oops'"));
  await expect(squiggles.first()).toBeVisible({ timeout: 30_000 });
  // The same handler with a number type-checks clean: 'aws-lambda' resolves and event.httpMethod exists.
  await useCode(typed('200'));
  await expect(squiggles).toHaveCount(0, { timeout: 30_000 });
});
