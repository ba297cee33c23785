/**
 * Hostile learner code against the whole playground path (editor → Lambda service → sandbox → result and log
 * views). Every case asserts three things: the attack failed, the page stayed responsive (a main-thread
 * heartbeat: the longest gap between its ticks at most HEARTBEAT_LIMIT_MS), and no request left the browser (every request
 * of the browser context is watched, and a local server on another port is the target of every attempt).
 *
 * One browser context and one page for the file (cases run in order on it); no sleeps: each case waits for
 * the invocation's result.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { openPlayground } from './helpers';

// Cases run in order in one worker, on one page (a failed case restarts the worker: beforeAll opens a new one).
/**
 * The longest main-thread gap a hostile case may cause, ms. A frozen or dying tab shows gaps of seconds; on the
 * 2-core CI machine, with a second Playwright worker busy, an idle page already shows gaps of 200–300 ms, so the
 * limit is 1 s: the tab answers within a second through every attack. `npm run bench` measures the gaps on a
 * quiet machine.
 */
const HEARTBEAT_LIMIT_MS = 1_000;

let context: BrowserContext;
let page: Page;
let server: http.Server;
let target = '';
const hits: string[] = [];
const requests: Array<{ url: string; failure: string | null }> = [];
let courseOrigin = '';

test.beforeAll(async ({ browser, baseURL }) => {
  server = http.createServer((request, response) => {
    hits.push(request.url ?? '');
    // As inviting as a server can be: CORS open, JavaScript for import()/importScripts.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Content-Type', 'text/javascript');
    response.end('self.reached = true; export const reached = true;');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  courseOrigin = new URL(baseURL!).origin;

  context = await browser.newContext();
  context.on('request', (request) => requests.push({ url: request.url(), failure: null }));
  context.on('requestfailed', (request) => {
    const entry = requests.findLast((seen) => seen.url === request.url() && seen.failure === null);
    if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
  });
  // The heartbeat: a 20 ms interval that records the longest gap between its ticks.
  await context.addInitScript(() => {
    const beat = { last: performance.now(), max: 0 };
    (window as unknown as { heartbeat: typeof beat }).heartbeat = beat;
    setInterval(() => {
      const now = performance.now();
      beat.max = Math.max(beat.max, now - beat.last);
      beat.last = now;
    }, 20);
  });
  page = await context.newPage();
  await openPlayground(page);
  await setTimeoutSeconds(10);
  // A first, friendly invoke: the page loads the service and the sandbox before any case is measured.
  await run('exports.handler = async () => "ready";');
  await expect(result()).toContainText('"ready"');
  await run('exports.handler = async () => "warm";');
  await expect(result()).toContainText('"warm"');
});

test.afterAll(async () => {
  await context?.close();
  server?.close();
});

const result = () => page.getByRole('region', { name: 'Result' });

async function setTimeoutSeconds(seconds: number) {
  await page.getByRole('tab', { name: 'Configuration' }).click();
  const field = page.getByRole('spinbutton', { name: 'Timeout (seconds)' });
  await field.fill(String(seconds));
  await field.press('Enter');
  await page.getByRole('tab', { name: 'Test event' }).click();
}

/** The function's CloudWatch lines as the service keeps them (the log view shows only the rows in sight). */
async function logLines(): Promise<string[]> {
  return page.evaluate(async () => {
    type Api = {
      getWorkspace(id: string): Promise<{ service: { logLines(name: string): readonly string[] } }>;
    };
    const api = (window as unknown as { coldstartLambda: Api }).coldstartLambda;
    const workspace = await api.getWorkspace('playground');
    return [...workspace.service.logLines('my-function')].slice(-200).map((line) => line.slice(0, 2000));
  });
}

async function logLineCount(): Promise<number> {
  return page.evaluate(async () => {
    type Api = {
      getWorkspace(id: string): Promise<{ service: { logLines(name: string): readonly string[] } }>;
    };
    const api = (window as unknown as { coldstartLambda: Api }).coldstartLambda;
    return (await api.getWorkspace('playground')).service.logLines('my-function').length;
  });
}

/** Sets the code, invokes once and waits for that invocation's result (a new request id, not running). */
async function run(code: string): Promise<string> {
  await page.getByRole('textbox', { name: 'Handler code' }).fill(code);
  const requestId = result().locator('.sbx-reqid code');
  const before = (await requestId.count()) > 0 ? await requestId.innerText() : '';
  await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(requestId).not.toHaveText(before, { timeout: 30_000 });
  await expect(result().locator('.sbx-badge').first()).not.toHaveText('Running…', { timeout: 60_000 });
  return result().innerText();
}

/** Runs one hostile case between a heartbeat reset and the three checks every case makes. */
async function hostile(code: string, gapLimitMs = HEARTBEAT_LIMIT_MS): Promise<string> {
  const requestsBefore = requests.length;
  await page.evaluate(() => {
    const beat = (window as unknown as { heartbeat: { last: number; max: number } }).heartbeat;
    beat.last = performance.now();
    beat.max = 0;
  });
  const text = await run(code);
  // The course tab survived and still answers.
  expect(page.isClosed()).toBe(false);
  const gap = await page.evaluate(() => (window as unknown as { heartbeat: { max: number } }).heartbeat.max);
  expect(gap, 'longest main-thread gap (ms)').toBeLessThanOrEqual(gapLimitMs);
  // No request left: the target heard nothing, and whatever the browser attempted outside the course's own
  // origin and the sandbox's blob: URLs its Content-Security-Policy refused before it reached the network.
  expect(hits).toEqual([]);
  const outside = requests
    .slice(requestsBefore)
    .filter((seen) => !seen.url.startsWith(courseOrigin) && !seen.url.startsWith('blob:'));
  for (const seen of outside) expect(seen, 'a request outside the course').toMatchObject({ failure: 'csp' });
  return text;
}

function payloadOf(text: string): unknown {
  const start = text.search(/^[[{"]/m);
  return JSON.parse(text.slice(start));
}

test('network: every route out of the sandbox fails, nested workers included', async () => {
  const code = `const target = ${JSON.stringify('TARGET')};
const attempt = async (name, go) => {
  try { const value = await go(); return name + ': REACHED ' + String(value); }
  catch (e) { return name + ': blocked (' + String((e && (e.message || e.type)) || e) + ')'; }
};
const nested = "fetch('" + target + "/nested').then(() => postMessage('reached'), (e) => postMessage('blocked'))";
const viaWorker = (make) => new Promise((resolve, reject) => {
  const worker = make();
  worker.onmessage = (e) => resolve(e.data);
  worker.onerror = (e) => reject(new Error('worker error'));
});
exports.handler = async () => [
  await attempt('fetch', () => fetch(target + '/fetch').then((r) => r.status)),
  await attempt('fetch via prototype', () => Object.getPrototypeOf(globalThis).fetch.call(globalThis, target + '/proto')),
  await attempt('XMLHttpRequest', () => { const x = new XMLHttpRequest(); x.open('GET', target + '/xhr'); x.send(); return 'sent'; }),
  await attempt('WebSocket', () => new WebSocket(target.replace('http', 'ws') + '/ws')),
  await attempt('WebSocketStream', () => new WebSocketStream(target.replace('http', 'ws') + '/wss')),
  await attempt('EventSource', () => new EventSource(target + '/sse')),
  await attempt('WebTransport', () => new WebTransport(target.replace('http', 'https') + '/wt')),
  await attempt('FontFace', () => new FontFace('f', 'url(' + target + '/font.woff2)').load()),
  await attempt('importScripts', () => importScripts(target + '/import-scripts.js')),
  await attempt('import()', () => import(target + '/dynamic-import.js')),
  await attempt('data: worker', () => viaWorker(() => new Worker('data:text/javascript,' + encodeURIComponent(nested)))),
  await attempt('blob worker', () => viaWorker(() => new Worker(URL.createObjectURL(new Blob([nested], { type: 'text/javascript' }))))),
  await attempt('module worker', () => viaWorker(() => new Worker(target + '/worker.js', { type: 'module' }))),
  await attempt('SharedWorker', () => new SharedWorker(target + '/shared.js')),
  await attempt('http module', () => new Promise((resolve, reject) => { try { require('http'); resolve('loaded'); } catch (e) { reject(e); } })),
];`;
  const text = await hostile(code.replace('TARGET', target));
  const lines = payloadOf(text) as string[];
  expect(lines).toHaveLength(15);
  for (const line of lines) expect(line).toMatch(/: blocked \(/);
  expect(lines.find((line) => line.startsWith('blob worker'))).toContain('cannot start workers');
  expect(lines.find((line) => line.startsWith('http module'))).toMatch(/Coldstart sandbox|not available/i);
});

test('port tampering: patched MessagePort and MessageEvent prototypes cannot rewrite the result or REPORT', async () => {
  const code = `let count = 0;
let captured = 0;
const post = MessagePort.prototype.postMessage;
MessagePort.prototype.postMessage = function (message, ...rest) {
  captured++;
  if (message && message.t === 'result') Object.assign(message, { payload: '"tampered"', durationMs: 0.01, maxMemoryUsedMb: 1 });
  return post.call(this, message, ...rest);
};
Object.defineProperty(MessageEvent.prototype, 'data', { get() { captured++; return { t: 'invoke', id: -1 }; } });
const forged = [];
try { postMessage({ t: 'exit', error: {} }); forged.push('self.postMessage'); } catch {}
try { Object.getPrototypeOf(self).postMessage.call(self, { t: 'exit' }); forged.push('prototype postMessage'); } catch {}
try { self.dispatchEvent(new MessageEvent('message', { data: { t: 'attach', tmp: {} } })); } catch {}
exports.handler = async () => ({ count: ++count, captured, forged });`;
  const first = await hostile(code);
  expect(payloadOf(first)).toEqual({ count: 1, captured: 0, forged: [] });
  // The port still works: a second invoke is warm and counts on.
  await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(result()).toContainText('"count": 2');
  await expect(result()).toContainText('Warm');
  const reports = (await logLines()).filter((line) => line.startsWith('REPORT'));
  const last = reports.at(-1) ?? '';
  const memory = Number(/Max Memory Used: (\d+) MB/.exec(last)?.[1]);
  expect(memory).toBeGreaterThan(1);
});

test('no channel between environments: BroadcastChannel, Web Locks, storage, shared globals', async () => {
  const outcome = await page.evaluate(async () => {
    type Api = { createSandboxHost: () => import('../src/sandbox/host/sandboxHost').SandboxHost };
    const host = (window as unknown as { coldstartSandbox: Api }).coldstartSandbox.createSandboxHost();
    const settings = {
      functionName: 'channels',
      functionVersion: '$LATEST',
      region: 'us-east-1',
      accountId: '123456789012',
      memoryMb: 128,
      timeoutS: 3,
      ephemeralStorageMb: 512,
      architecture: 'x86_64' as const,
      handler: 'index.handler',
      environment: {},
      initializationType: 'on-demand' as const,
      logGroupName: '/aws/lambda/channels',
      logStreamName: 'stream',
      logFormat: 'Text' as const,
      applicationLogLevel: 'INFO' as const,
      tracing: 'PassThrough' as const,
    };
    const code = `const attempt = async (name, go) => { try { return name + ': OPEN ' + String(await go()); } catch (e) { return name + ': closed'; } };
exports.handler = async (event) => {
  if (event.write) globalThis.sharedSecret = 'from-a';
  return [
    await attempt('BroadcastChannel', () => { const c = new BroadcastChannel('coldstart'); c.postMessage('hello'); return 'posted'; }),
    await attempt('navigator.locks', () => navigator.locks.request('coldstart', () => 'held')),
    await attempt('indexedDB', () => new Promise((resolve, reject) => { const r = indexedDB.open('coldstart'); r.onsuccess = () => resolve('opened'); r.onerror = () => reject(r.error); })),
    await attempt('caches', () => caches.open('coldstart')),
    'shared global: ' + String(globalThis.sharedSecret),
  ];
};`;
    const invoke = (id: string, event: unknown) =>
      host.invoke(id, {
        requestId: `${id}-1`,
        event: JSON.stringify(event),
        remainingMs: 3000,
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:channels',
        traceId: 'Root=1-00000000-000000000000000000000000;Sampled=0',
      });
    const answers: unknown[] = [];
    for (const id of ['a', 'b']) {
      await host.start(id, 'nodejs22.x');
      await host.init(id, {
        runtime: 'nodejs22.x',
        settings,
        files: [{ path: 'index.js', content: code }],
        layers: [],
      });
    }
    answers.push(await invoke('a', { write: true }), await invoke('b', {}));
    await host.dispose();
    return answers;
  });
  const [a, b] = outcome as Array<{ outcome: string; payload: string }>;
  expect(a!.outcome).toBe('success');
  expect(b!.outcome).toBe('success');
  const linesA = JSON.parse(a!.payload) as string[];
  const linesB = JSON.parse(b!.payload) as string[];
  for (const line of [...linesA.slice(0, 4), ...linesB.slice(0, 4)]) expect(line).toMatch(/: closed$/);
  expect(linesA[4]).toBe('shared global: from-a');
  expect(linesB[4]).toBe('shared global: undefined');
  expect(hits).toEqual([]);
});

test('one 50 MB log line is cut at the CloudWatch event size (1 MB), and the line says so', async () => {
  const text = await hostile(
    `exports.handler = async () => { console.log('x'.repeat(50 * 1024 * 1024)); return 'logged'; };`,
  );
  expect(text).toContain('"logged"');
  const cut = (await page.evaluate(async () => {
    type Api = {
      getWorkspace(id: string): Promise<{ service: { logLines(name: string): readonly string[] } }>;
    };
    const api = (window as unknown as { coldstartLambda: Api }).coldstartLambda;
    const lines = (await api.getWorkspace('playground')).service.logLines('my-function');
    const line = [...lines].reverse().find((candidate) => candidate.includes('xxxxxxxxxx')) ?? '';
    return { length: line.length, tail: line.slice(-200) };
  })) as { length: number; tail: string };
  // The message is cut to 1,048,550 bytes; the line adds its timestamp, request id and level.
  expect(cut.length).toBeLessThanOrEqual(1024 * 1024 + 128);
  expect(cut.tail).toContain(
    "[Coldstart: log event cut at 1,048,550 bytes, CloudWatch's 1 MB event limit; the line had 52,428,800 bytes]",
  );
});

test('a 6 MB response is shown in part; one past 6,291,556 bytes is Function.ResponseSizeTooLarge', async () => {
  const fits = await hostile(`exports.handler = async () => 'x'.repeat(6 * 1024 * 1024 - 2);`);
  expect(fits).toContain('Succeeded');
  expect(fits).toMatch(/more characters not shown/);
  const tooLarge = await hostile(`exports.handler = async () => 'x'.repeat(6291556);`);
  expect(tooLarge).toContain('Function.ResponseSizeTooLarge');
  // Lambda's figure, quoted in the error the caller gets.
  expect(tooLarge).toContain('Response payload size exceeded maximum allowed payload size (6291556 bytes).');
});

test('a 200,000-deep result fails to serialise in the sandbox; a 4,000-deep one is shown as it came', async () => {
  const deep = await hostile(
    `exports.handler = async () => { let o = {}; for (let i = 0; i < 200000; i++) o = { o }; return o; };`,
  );
  expect(deep).toContain('Function error');
  expect((await logLines()).some((line) => line.includes('Unable to stringify response body'))).toBe(true);
  const nested = await hostile(
    `exports.handler = async () => { let o = { end: true }; for (let i = 0; i < 4000; i++) o = { o }; return o; };`,
  );
  expect(nested).toContain('Succeeded');
  expect(nested).toContain('{"o":{"o":{"o":');
});

test('an endless microtask loop ends at the timeout; the page never waits on it', async () => {
  await setTimeoutSeconds(1);
  const text = await hostile(`exports.handler = async () => { for (;;) await null; };`);
  expect(text).toContain('Timed out');
  expect((await logLines()).some((line) => line.includes('Task timed out after 1.00 seconds'))).toBe(true);
  await setTimeoutSeconds(10);
});

test('a memory bomb past the memory size ends as Runtime.OutOfMemory; the next invoke starts a new environment', async () => {
  const text = await hostile(
    `const held = [];\nexports.handler = async () => { for (;;) held.push(Buffer.alloc(16 * 1024 * 1024)); };`,
  );
  expect(text).toContain('Runtime.OutOfMemory');
  const lines = await logLines();
  const report = lines.filter((line) => line.startsWith('REPORT')).at(-1) ?? '';
  expect(report).toContain('Max Memory Used: 128 MB');
  expect(lines.some((line) => line.includes('Runtime exited with error: signal: killed'))).toBe(true);
  // The page lives on: a friendly invoke after it is a cold start that works.
  const after = await hostile(`exports.handler = async () => ({ alive: true });`);
  expect(after).toContain('"alive": true');
  expect(after).toContain('Cold start');
});

test('a million log lines: the page keeps the last 10,000 and stays responsive', async () => {
  // Back-pressure slows a flood down (as CloudWatch's agent would): give it room on a loaded machine.
  test.setTimeout(90_000);
  await setTimeoutSeconds(60);
  const text = await hostile(
    `exports.handler = async () => { for (let i = 0; i < 1000000; i++) console.log('line ' + i); return 'flooded'; };`,
    // A million records still pass through the service's log and CloudWatch Logs on the page's thread (in
    // batches, but each is one PutLogEvents): measured 0.7–0.9 s at worst on the loaded 2-core machine. Known
    // gap (issue #15's note): move the account's log ingestion off the per-record path to bring it down.
    1_500,
  );
  expect(text).toContain('"flooded"');
  expect(await logLineCount()).toBeLessThanOrEqual(10_000);
  const lines = await logLines();
  expect(lines.some((line) => line.endsWith('\tINFO\tline 999999'))).toBe(true);
  expect(lines.some((line) => line.startsWith('REPORT'))).toBe(true);
  await setTimeoutSeconds(10);
});
