import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, type Page } from '@playwright/test';
import type { EnvironmentSettings } from '../src/sim/lambda/host';

/** Lesson widgets load once they near the viewport or the page goes idle: wait for the sandbox, then scroll to it. */
async function openEmbed(page: Page, name: RegExp) {
  const box = page.getByRole('region', { name });
  await expect(box).toBeAttached({ timeout: 20_000 });
  await box.scrollIntoViewIfNeeded();
  return box;
}

test('the counter sandbox in the handler lesson keeps module state across warm invokes', async ({ page }) => {
  await page.goto('./#/lessons/handler-structure');
  const box = await openEmbed(page, /Try it: Module scope survives warm invokes/);
  await expect(box.getByRole('textbox', { name: 'Handler code' })).toHaveValue(/let count = 0/);
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  const result = box.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('"count": 1');
  await expect(result).toContainText('Cold start');
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(result).toContainText('"count": 2');
  await expect(result).toContainText('Warm');
  const logText = await box.getByRole('log', { name: 'Logs' }).innerText();
  expect(logText).toMatch(/\tundefined\tINFO\tInit: module loaded/);
  const reports = logText.split('\n').filter((l) => l.startsWith('REPORT'));
  expect(reports).toHaveLength(2);
  expect(reports[0]).toContain('Init Duration');
  expect(reports[1]).not.toContain('Init Duration');
  // Shutting the environments down makes the next invoke start over.
  await box.getByRole('button', { name: 'Shut down environments' }).click();
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(result).toContainText('"count": 1');
  await expect(result).toContainText('Cold start');
});

test('the client-reuse sandbox times a shared client against one made per request', async ({ page }) => {
  await page.goto('./#/lessons/optimization');
  const box = await openEmbed(page, /Try it: Create clients once/);
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  const result = box.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('newClientMs');
  await box.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(result).toContainText('Warm');
  const text = await result.locator('pre').innerText();
  const { reusedMs, newClientMs } = JSON.parse(text) as { reusedMs: number; newClientMs: number };
  // Warm: the shared client already has its connection; a new one pays the modelled set-up (50 ms,
  // CONNECTION_SETUP_MS in src/sandbox/sdk/portHandler.ts) on top of the same call. Each side is the fastest of three
  // calls, so one slow moment on a loaded machine (179 ms seen in CI for the invocation's first call) cannot flip them.
  expect(newClientMs).toBeGreaterThanOrEqual(45);
  expect(newClientMs).toBeGreaterThan(reusedMs);
});

test('the cold-start sandbox shows three cold environments for three concurrent requests', async ({
  page,
}) => {
  await page.goto('./#/lessons/cold-starts');
  const box = await openEmbed(page, /Try it: Where cold-start time goes/);
  await box.getByRole('button', { name: 'Invoke 3 at once' }).click();
  await expect(box.getByRole('region', { name: 'Result' })).toContainText(
    '3 invocations: 3 cold, 0 warm, 0 throttled, 3 environments',
    { timeout: 30_000 },
  );
  await expect(box.getByRole('log', { name: 'Logs' })).toContainText('lookup table built in');
  const reports = (await box.getByRole('log', { name: 'Logs' }).innerText())
    .split('\n')
    .filter((l) => l.startsWith('REPORT'));
  expect(reports).toHaveLength(3);
  for (const r of reports) expect(r).toMatch(/Init Duration: [\d.]+ ms$/);
});

/** The page exposes the sandbox's EnvironmentHost (window.coldstartSandbox) for the console, the bench and these tests. */
async function openHostPage(page: Page) {
  await page.goto('./#/playground');
  await page.waitForFunction(() => 'coldstartSandbox' in window, null, { timeout: 20_000 });
}

const settings = {
  functionName: 'e2e-fn',
  functionVersion: '$LATEST',
  region: 'us-east-1',
  accountId: '123456789012',
  memoryMb: 128,
  timeoutS: 3,
  ephemeralStorageMb: 512,
  architecture: 'x86_64',
  handler: 'index.handler',
  environment: {},
  initializationType: 'on-demand',
  logGroupName: '/aws/lambda/e2e-fn',
  logStreamName: '2026/12/01/[$LATEST]e2e',
  logFormat: 'Text',
  applicationLogLevel: 'INFO',
  tracing: 'PassThrough',
} satisfies EnvironmentSettings;

test('createSandboxHost runs real handlers: files and layers, nodejs24.x rejects callbacks, aws.call waits while frozen', async ({
  page,
}) => {
  await openHostPage(page);
  const outcome = await page.evaluate(async (settings) => {
    type Api = { createSandboxHost: () => import('../src/sandbox/host/sandboxHost').SandboxHost };
    const host = (window as unknown as { coldstartSandbox: Api }).coldstartSandbox.createSandboxHost();
    const records: string[] = [];
    host.onLog((id, record) => records.push(`${id} ${record.level} ${record.message}`));
    let releaseReply: () => void = () => {};
    host.setAwsHandler(async () => {
      await new Promise<void>((resolve) => (releaseReply = resolve));
      return { statusCode: 200, headers: {}, body: new TextEncoder().encode('{}') };
    });
    const invoke = (id: string, event: unknown, requestId: string) =>
      host.invoke(id, {
        requestId,
        event: JSON.stringify(event),
        remainingMs: 3000,
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:e2e-fn',
        traceId: 'Root=1-00000000-000000000000000000000000;Sampled=0',
      });
    const start = await host.start('a', 'nodejs22.x');
    const init = await host.init('a', {
      runtime: 'nodejs22.x',
      settings,
      files: [
        {
          path: 'index.mjs',
          content: `import { double } from './lib/util.mjs';
import { json } from 'greeting';
import { send } from 'coldstart:aws';
const request = { method: 'POST', hostname: 'sqs.us-east-1.amazonaws.com', path: '/', query: {}, headers: {}, body: new Uint8Array() };
export const handler = async (event) => {
  if (event.background) { send(request).then((r) => console.log('reply', r.statusCode)); return 'sent'; }
  return json(double(event.n));
};`,
        },
        { path: 'lib/util.mjs', content: 'export const double = (x) => x * 2;' },
      ],
      layers: [
        {
          arn: 'arn:aws:lambda:us-east-1:123456789012:layer:greeting:1',
          name: 'greeting',
          version: 1,
          files: [
            { path: 'nodejs/node_modules/greeting/index.js', content: 'exports.json = (n) => ({ n });' },
          ],
        },
      ],
    });
    const computed = await invoke('a', { n: 21 }, 'r1');
    const sent = await invoke('a', { background: true }, 'r2');
    releaseReply();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whileFrozen = records.filter((line) => line.includes('reply')).length;
    await invoke('a', { n: 1 }, 'r3');
    const afterThaw = records.filter((line) => line.includes('reply 200')).length;

    await host.start('b', 'nodejs24.x');
    const callback = await host.init('b', {
      runtime: 'nodejs24.x',
      settings,
      files: [
        { path: 'index.js', content: 'exports.handler = (event, context, callback) => callback(null, 1);' },
      ],
      layers: [],
    });
    await host.dispose();
    return { start, init, computed, sent, whileFrozen, afterThaw, callback };
  }, settings);
  expect(outcome.start.runtimeInitMs).toBeGreaterThan(0);
  expect(outcome.init).toMatchObject({ ok: true });
  expect(outcome.computed).toMatchObject({ outcome: 'success', payload: '{"n":42}' });
  expect(outcome.sent).toMatchObject({ outcome: 'success', payload: '"sent"' });
  expect(outcome.whileFrozen).toBe(0);
  expect(outcome.afterThaw).toBe(1);
  expect(outcome.callback).toMatchObject({
    ok: false,
    error: {
      errorType: 'Runtime.CallbackHandlerDeprecated',
      errorMessage: expect.stringContaining(
        'AWS Lambda has removed support for callback-based function handlers starting with Node.js 24',
      ),
    },
  });
});

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

test('errors name the learner file and line, never blob: URLs; node:crypto and crypto.subtle hash; an unsettled promise ends as Runtime.NodeJsExit', async ({
  page,
}) => {
  await openHostPage(page);
  const outcome = await page.evaluate(async (settings) => {
    type Api = { createSandboxHost: () => import('../src/sandbox/host/sandboxHost').SandboxHost };
    const host = (window as unknown as { coldstartSandbox: Api }).coldstartSandbox.createSandboxHost();
    const records: string[] = [];
    host.onLog((_id, record) => records.push(record.message));
    const invoke = (event: unknown, requestId: string) =>
      host.invoke('a', {
        requestId,
        event: JSON.stringify(event),
        remainingMs: 3000,
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:e2e-fn',
        traceId: 'Root=1-00000000-000000000000000000000000;Sampled=0',
      });
    await host.start('a', 'nodejs22.x');
    await host.init('a', {
      runtime: 'nodejs22.x',
      settings,
      files: [
        {
          path: 'index.mjs',
          content: `import { createHash } from 'node:crypto';
export const handler = async (event) => {
  if (event.kind === 'throw') throw new TypeError('bad ' + event.kind);
  if (event.kind === 'log') { console.error(new Error('logged')); return 'logged'; }
  if (event.kind === 'hash') {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
    return [createHash('sha256').update('abc').digest('hex'), Buffer.from(digest).toString('hex')];
  }
  return new Promise(() => {});
};`,
        },
      ],
      layers: [],
    });
    const thrown = await invoke({ kind: 'throw' }, 'r1');
    const logged = await invoke({ kind: 'log' }, 'r2');
    const hashed = await invoke({ kind: 'hash' }, 'r3');
    const unsettled = await invoke({ kind: 'never' }, 'r4');
    await host.dispose();
    return { thrown, logged, hashed, unsettled, records };
  }, settings);
  expect(outcome.thrown).toMatchObject({
    outcome: 'error',
    error: {
      errorType: 'TypeError',
      errorMessage: 'bad throw',
      trace: ['TypeError: bad throw', expect.stringContaining('(file:///var/task/index.mjs:3:')],
    },
  });
  expect(outcome.logged).toMatchObject({ outcome: 'success' });
  expect(outcome.records.find((line) => line.startsWith('Error: logged'))).toMatch(
    /\n {4}at .*file:\/\/\/var\/task\/index\.mjs:4:/,
  );
  expect(outcome.hashed).toMatchObject({
    outcome: 'success',
    payload: JSON.stringify([ABC_SHA256, ABC_SHA256]),
  });
  expect(outcome.unsettled).toMatchObject({ outcome: 'crash', error: { errorType: 'Runtime.NodeJsExit' } });
  expect(JSON.stringify(outcome)).not.toContain('blob:');
});

test('learner code makes no network request: fetch, XHR, WebSocket, import(), data: and nested workers, importScripts', async ({
  page,
}) => {
  // A server on another port: the target every attempt below aims at.
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '');
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Content-Type', 'text/javascript');
    response.end('self.reached = true;');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const seen: string[] = [];
  const finished: string[] = [];
  const failed: string[] = [];
  page.on('request', (request) => seen.push(request.url()));
  page.on('requestfinished', (request) => finished.push(request.url()));
  page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`));
  try {
    await openHostPage(page);
    const results = await page.evaluate(
      async ({ settings, target }) => {
        type Api = { createSandboxHost: () => import('../src/sandbox/host/sandboxHost').SandboxHost };
        const host = (window as unknown as { coldstartSandbox: Api }).coldstartSandbox.createSandboxHost();
        await host.start('net', 'nodejs22.x');
        const code = `const target = ${JSON.stringify(target)};
const attempt = async (name, run) => { try { const value = await run(); return name + ': REACHED ' + String(value); } catch (e) { return name + ': blocked (' + (e && (e.message || e.type || e)) + ')'; } };
const fromWorker = (url) => new Promise((resolve, reject) => {
  const worker = new Worker(url);
  worker.onmessage = (e) => (String(e.data).startsWith('reached') ? resolve(e.data) : reject(new Error(String(e.data))));
  worker.onerror = (e) => { e.preventDefault(); reject(new Error('worker error')); };
  setTimeout(() => reject(new Error('no answer')), 1500);
});
const nested = "fetch('" + target + "/nested').then((r) => postMessage('reached ' + r.status), (e) => postMessage('blocked ' + e.message))";
exports.handler = async () => [
  await attempt('fetch', () => fetch(target + '/fetch').then((r) => r.status)),
  await attempt('XMLHttpRequest', () => { const x = new XMLHttpRequest(); x.open('GET', target + '/xhr'); x.send(); return 'sent'; }),
  await attempt('WebSocket', () => new WebSocket(target.replace('http', 'ws') + '/ws')),
  await attempt('EventSource', () => new EventSource(target + '/sse')),
  await attempt('importScripts', () => importScripts(target + '/import-scripts.js')),
  await attempt('import()', () => import(target + '/dynamic-import.js')),
  await attempt('data: worker', () => fromWorker('data:text/javascript,' + encodeURIComponent(nested))),
  await attempt('nested blob worker', () => fromWorker(URL.createObjectURL(new Blob([nested], { type: 'text/javascript' })))),
];`;
        await host.init('net', {
          runtime: 'nodejs22.x',
          settings,
          files: [{ path: 'index.js', content: code }],
          layers: [],
        });
        const result = await host.invoke('net', {
          requestId: 'net-1',
          event: '{}',
          remainingMs: 10_000,
          invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:e2e-fn',
          traceId: 'Root=1-00000000-000000000000000000000000;Sampled=0',
        });
        await host.dispose();
        return result;
      },
      { settings, target: `http://127.0.0.1:${port}` },
    );
    expect(results.outcome).toBe('success');
    const lines = JSON.parse(results.outcome === 'success' ? results.payload : '[]') as string[];
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line).toMatch(/: blocked \(/);
    // Give a request that slipped through time to arrive, then check both ends.
    await page.waitForTimeout(500);
    expect(hits).toEqual([]);
    const toTarget = (url: string) => url.includes(`127.0.0.1:${port}`);
    expect(finished.filter(toTarget)).toEqual([]);
    // What the browser attempted at all (a native import(), which no override can catch) its CSP refused.
    expect(failed.filter(toTarget)).toEqual(seen.filter(toTarget).map((url) => `${url} csp`));
    expect(lines.find((line) => line.startsWith('import()'))).toContain(
      'Failed to fetch dynamically imported module',
    );
  } finally {
    server.close();
  }
});

test('the sandbox frame loads nothing itself: its script is inlined and the page hands it everything', async ({
  page,
}) => {
  const fromFrame: string[] = [];
  page.on('request', (request) => {
    let url = '';
    try {
      url = request.frame().url();
    } catch {
      return; // a worker's request: covered by the network test above
    }
    if (url === 'about:srcdoc') fromFrame.push(request.url());
  });
  await openHostPage(page);
  const srcdoc = await page.evaluate(async () => {
    type Api = { createSandboxHost: () => import('../src/sandbox/host/sandboxHost').SandboxHost };
    const host = (window as unknown as { coldstartSandbox: Api }).coldstartSandbox.createSandboxHost();
    await host.prepare('nodejs22.x');
    await host.start('x', 'nodejs22.x');
    await host.dispose();
    return document.querySelector<HTMLIFrameElement>('iframe[sandbox="allow-scripts"]')?.srcdoc ?? '';
  });
  expect(srcdoc).toContain('http-equiv="Content-Security-Policy"');
  expect(srcdoc).toContain("connect-src 'none'");
  expect(srcdoc).not.toMatch(/<script[^>]+src=/);
  // Its workers come from blob: URLs of the text the page handed over; nothing else is requested.
  expect(fromFrame.length).toBeGreaterThan(0);
  expect(fromFrame.filter((url) => !url.startsWith('blob:null/'))).toEqual([]);
});
