#!/usr/bin/env node
/**
 * API Gateway bench (part of `npm run bench`, which builds and serves the site; issue #12 item 8):
 *   apigw http round trip: median of sequential GETs through an HTTP API (payload format 2.0) to a warm handler,
 *   in headless Chromium on the built site — the page's workspace (`window.coldstartLambda.getWorkspace`), its
 *   `apiGateway.send` → routing → event → LambdaService.invoke → the sandbox worker runs real handler code →
 *   response mapping → HTTP response. Target ≤ 2 ms median.
 * Also prints the Node figures of scripts/bench/apigw-bench.ts (the gateway and service alone, modelled handler).
 * Runs alone too: `node scripts/bench/apigw.mjs http://localhost:4173/coldstart/` against a served build.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const TARGET_MS = 2;

const HANDLER = `exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: event.pathParameters && event.pathParameters.id, ok: true }),
});`;

async function inBrowser(baseUrl, chromiumPath) {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}#/playground`);
    await page.waitForFunction(() => 'coldstartLambda' in window, null, { timeout: 20_000 });
    return await page.evaluate(async (code) => {
      const ws = await window.coldstartLambda.getWorkspace('bench-apigw');
      const created = ws.service.createFunction({
        name: 'bench-api',
        runtime: 'nodejs22.x',
        code: { handler: 'index.handler', files: [{ path: 'index.js', content: code }] },
      });
      if (!created.ok) throw new Error(created.message);
      const api = ws.apiGateway.createHttpApi({
        name: 'bench',
        functionName: 'bench-api',
        routes: ['GET /items/{id}'],
      });
      if (!api.ok) throw new Error(api.message);
      const send = async (i) => {
        const exchange = await ws.apiGateway.send({
          method: 'GET',
          url: `${api.api.endpoint}/items/${i}`,
          headers: [
            ['user-agent', 'curl/8.5.0'],
            ['accept', '*/*'],
          ],
          body: '',
        });
        if (exchange.response?.statusCode !== 200)
          throw new Error(`bench: ${exchange.outcome} ${exchange.explanation}`);
        return exchange;
      };
      for (let i = 0; i < 100; i++) await send(i);
      const times = [];
      let cold = 0;
      for (let i = 0; i < 1000; i++) {
        const t0 = performance.now();
        const exchange = await send(i);
        times.push(performance.now() - t0);
        if (exchange.invocation?.coldStart) cold++;
      }
      await ws.dispose();
      times.sort((a, b) => a - b);
      const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
      return { median: times[500], p95: times[950], mean, cold };
    }, HANDLER);
  } finally {
    await browser.close();
  }
}

function inNode() {
  const tsxCli = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const r = spawnSync(process.execPath, [tsxCli, path.join(here, 'apigw-bench.ts')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) return `apigw node bench failed: ${r.stderr || r.stdout}`;
  return r.stdout.trim();
}

export default async function run({ baseUrl, chromiumPath = '/usr/bin/chromium' }) {
  const r = await inBrowser(baseUrl, chromiumPath);
  const line =
    `apigw http round trip: ${r.median.toFixed(3)} ms median to a warm handler (target ≤ ${TARGET_MS} ms)` +
    ` — 1,000 sequential GETs through an HTTP API in Chromium, real code in the sandbox worker,` +
    ` mean ${r.mean.toFixed(3)} ms, p95 ${r.p95.toFixed(3)} ms, ${r.cold} cold starts`;
  console.log(line);
  console.log(`  (Node) ${inNode()}`);
  return { name: 'apigw http round trip', ok: r.median <= TARGET_MS, value: r.median, unit: 'ms', line };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseUrl = process.argv[2];
  if (!baseUrl) {
    console.error('usage: node scripts/bench/apigw.mjs <base url of a served build>');
    process.exit(2);
  }
  const result = await run({ baseUrl });
  process.exitCode = result.ok ? 0 : 1;
}
