/**
 * Site bench (part of `npm run bench`, which builds and serves the site):
 *   - initial JS and CSS of a lesson page, gzip bytes: every JS/CSS response until the network is idle
 *   - Lighthouse 12.8.2 mobile (default config: Moto G Power emulation, simulated slow 4G) performance and
 *     accessibility scores for the home page and a lesson page (median of BENCH_LH_RUNS runs, default 3)
 * Runs alone too: `node scripts/bench/site.mjs http://localhost:4173/coldstart/` against a served build.
 */
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const LESSON = 'why-lambda';
const JS_TARGET_KB = 100;
const PERF_TARGET = 0.95;
const A11Y_TARGET = 1;
/** Lighthouse runs per page (median reported); BENCH_LH_RUNS=1 for a quick look. */
const LH_RUNS = Math.max(1, Number(process.env.BENCH_LH_RUNS ?? 3));
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

export async function measureInitialAssets(url, chromiumPath) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROME_FLAGS.slice(1) });
  try {
    const page = await browser.newPage();
    const responses = [];
    page.on('response', (res) => {
      const type = res.request().resourceType();
      if (type === 'script' || type === 'stylesheet') responses.push({ res, type });
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    // Widgets far below the fold load once the page is idle (src/ui/useNearViewport.ts marks that moment):
    // files requested after the mark are deferred, not part of the first load.
    const timing = await page.evaluate(() => ({
      deferredAt: performance.getEntriesByName('coldstart:deferred-widgets')[0]?.startTime ?? Infinity,
      starts: Object.fromEntries(performance.getEntriesByType('resource').map((e) => [e.name, e.startTime])),
    }));
    const files = [];
    for (const { res, type } of responses) {
      const body = await res.body();
      const start = timing.starts[res.url()] ?? 0;
      files.push({
        url: res.url(),
        type,
        raw: body.length,
        gzip: zlib.gzipSync(body, { level: 9 }).length,
        deferred: start >= timing.deferredAt,
      });
    }
    const sum = (t, deferred) =>
      files.filter((f) => f.type === t && f.deferred === deferred).reduce((s, f) => s + f.gzip, 0);
    return {
      files,
      js: sum('script', false),
      css: sum('stylesheet', false),
      deferredJs: sum('script', true),
    };
  } finally {
    await browser.close();
  }
}

export async function lighthouseScores(url, chromiumPath) {
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: ['performance', 'accessibility'],
      output: 'json',
      logLevel: 'error',
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    const failing = Object.values(lhr.audits)
      .filter((a) => a.scoreDisplayMode === 'binary' && a.score === 0)
      .map((a) => a.id);
    return {
      performance: lhr.categories.performance?.score ?? NaN,
      accessibility: lhr.categories.accessibility?.score ?? NaN,
      lcpMs: lhr.audits['largest-contentful-paint']?.numericValue,
      tbtMs: lhr.audits['total-blocking-time']?.numericValue,
      cls: lhr.audits['cumulative-layout-shift']?.numericValue,
      failing,
    };
  } finally {
    await chrome.kill();
  }
}

export default async function run({ baseUrl, chromiumPath = '/usr/bin/chromium' }) {
  const out = [];
  const lessonUrl = `${baseUrl}#/lessons/${LESSON}`;

  const assets = await measureInitialAssets(lessonUrl, chromiumPath);
  const jsFiles = assets.files.filter((f) => f.type === 'script' && !f.deferred);
  const deferredFiles = assets.files.filter((f) => f.type === 'script' && f.deferred);
  const jsLine = `lesson initial JS: ${kb(assets.js)} gzip (target ≤ ${JS_TARGET_KB} KB), ${jsFiles.length} files; then ${kb(assets.deferredJs)} deferred in ${deferredFiles.length} files (below-the-fold widgets, loaded once the page is idle)`;
  console.log(jsLine);
  for (const f of [...jsFiles].sort((a, b) => b.gzip - a.gzip).slice(0, 6)) {
    console.log(`  ${kb(f.gzip).padStart(9)}  ${new URL(f.url).pathname.split('/').pop()}`);
  }
  out.push({
    name: 'lesson initial JS',
    ok: assets.js <= JS_TARGET_KB * 1000,
    value: assets.js,
    unit: 'bytes gzip',
    line: jsLine,
  });
  const cssLine = `lesson initial CSS: ${kb(assets.css)} gzip, ${assets.files.filter((f) => f.type === 'stylesheet' && !f.deferred).length} files`;
  console.log(cssLine);
  out.push({ name: 'lesson initial CSS', value: assets.css, unit: 'bytes gzip', line: cssLine });

  for (const [label, url] of [
    ['home', baseUrl],
    ['lesson', lessonUrl],
  ]) {
    // Lighthouse varies run to run (more so on a shared machine): report the median run by performance.
    const runs = [];
    for (let i = 0; i < LH_RUNS; i++) runs.push(await lighthouseScores(url, chromiumPath));
    runs.sort((a, b) => a.performance - b.performance);
    const s = runs[Math.floor(runs.length / 2)];
    const spread =
      runs.length > 1
        ? ` [${runs.length} runs: ${runs.map((r) => r.performance.toFixed(2)).join(', ')}]`
        : '';
    const perfLine = `Lighthouse mobile ${label} performance: ${s.performance.toFixed(2)} (target ≥ ${PERF_TARGET.toFixed(2)}); LCP ${Math.round(s.lcpMs ?? 0)} ms, TBT ${Math.round(s.tbtMs ?? 0)} ms, CLS ${(s.cls ?? 0).toFixed(3)}${spread}`;
    const a11yLine = `Lighthouse mobile ${label} accessibility: ${s.accessibility.toFixed(2)} (target ${A11Y_TARGET.toFixed(2)})${s.failing.length ? `; failing audits: ${s.failing.join(', ')}` : ''}`;
    console.log(perfLine);
    console.log(a11yLine);
    out.push({
      name: `${label} performance`,
      ok: s.performance >= PERF_TARGET,
      value: s.performance,
      line: perfLine,
    });
    out.push({
      name: `${label} accessibility`,
      ok: s.accessibility >= A11Y_TARGET,
      value: s.accessibility,
      line: a11yLine,
    });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseUrl = process.argv[2] ?? 'http://localhost:4173/coldstart/';
  const results = await run({ baseUrl, chromiumPath: process.env.CHROME_PATH ?? '/usr/bin/chromium' });
  process.exitCode = results.every((r) => r.ok !== false) ? 0 : 1;
}
