/**
 * Site bench (part of `npm run bench`, which builds and serves the site):
 *   - initial JS and CSS of a lesson page, gzip bytes: every JS/CSS response until the network is idle
 *   - Lighthouse 12.8.2 mobile (default config: Moto G Power emulation, simulated slow 4G) performance and
 *     accessibility scores for the home page and a lesson page (median of BENCH_LH_RUNS runs, default 3)
 *   - the service worker's precache: files and gzip bytes of every entry sw.js lists (target ≤ 6 MB gzip)
 *   - offline editor-ready time: the playground reloaded with the network off, until Monaco shows the code
 *   - search latency: from setting the query to its results in the DOM, and to the next frame, per keystroke
 *   - PWA checks: Lighthouse's PWA audits if this Lighthouse still has them (12.x removed them), and
 *     Chromium's own installability check (Page.getInstallabilityErrors, what those audits used)
 * Runs alone too: `node scripts/bench/site.mjs http://localhost:4173/coldstart/ [dist]` against a served build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const LESSON = 'why-lambda';
const JS_TARGET_KB = 100;
const PRECACHE_TARGET_MB = 6;
const SEARCH_TARGET_MS = 50;
const SEARCH_QUERY = 'provisioned concurrency';
/** The audits Lighthouse ≤ 11 ran for its PWA category; 12.0 removed the category and these audits. */
const PWA_AUDITS = [
  'installable-manifest',
  'service-worker',
  'splash-screen',
  'themed-omnibox',
  'maskable-icon',
];
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

/** The URLs sw.js precaches, read from its generated manifest (`{url:"…",revision:…}` entries). */
export function precacheEntries(distDir) {
  const sw = fs.readFileSync(path.join(distDir, 'sw.js'), 'utf8');
  return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]);
}

export function measurePrecache(distDir) {
  const files = precacheEntries(distDir).map((url) => {
    const body = fs.readFileSync(path.join(distDir, decodeURIComponent(url)));
    return { url, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length };
  });
  return {
    files,
    raw: files.reduce((sum, f) => sum + f.raw, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
  };
}

async function controlledPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 60_000,
  });
  return { context, page };
}

/** Reloads the playground with the network off, `runs` times; ms from navigation start until Monaco shows code. */
export async function offlineEditorReady(baseUrl, chromiumPath, runs = 3) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROME_FLAGS.slice(1) });
  try {
    const { context, page } = await controlledPage(browser, `${baseUrl}#/playground`);
    await page.evaluate(() => localStorage.clear());
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('.monaco-editor .view-lines .view-line')) {
          performance.mark('bench:editor-ready');
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await context.setOffline(true);
    const times = [];
    for (let i = 0; i < runs; i++) {
      await page.reload();
      await page.waitForSelector('.monaco-editor .view-lines .view-line', { timeout: 60_000 });
      times.push(
        await page.evaluate(() => performance.getEntriesByName('bench:editor-ready')[0]?.startTime ?? NaN),
      );
    }
    await context.close();
    return times.sort((a, b) => a - b);
  } finally {
    await browser.close();
  }
}

/** Types SEARCH_QUERY one character at a time into the header's search; per keystroke ms to DOM and to next frame. */
export async function searchLatency(url, chromiumPath) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROME_FLAGS.slice(1) });
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    const box = page.getByRole('combobox', { name: 'Search the course' });
    await box.focus();
    // Wait for the lazy index: a query that matches shows options.
    await box.fill('lambda');
    await page.getByRole('option').first().waitFor();
    await box.fill('');
    return await page.evaluate(async (query) => {
      const input = document.querySelector('[role="combobox"]');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const samples = [];
      for (let i = 1; i <= query.length; i++) {
        const text = query.slice(0, i);
        const start = performance.now();
        setValue.call(input, text);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const inDom = performance.now() - start;
        await frame();
        samples.push({
          text,
          inDom,
          nextFrame: performance.now() - start,
          options: document.querySelectorAll('[role="option"]').length,
        });
      }
      return samples;
    }, SEARCH_QUERY);
  } finally {
    await browser.close();
  }
}

/** Chromium's installability verdict for the page (an empty list means installable), and Lighthouse's PWA audits if any. */
export async function pwaChecks(baseUrl, chromiumPath) {
  const { default: defaultConfig } = await import('lighthouse/core/config/default-config.js');
  const auditIds = new Set(
    (defaultConfig.audits ?? [])
      .map((a) => (typeof a === 'string' ? a : a.path))
      .map((a) => String(a).split('/').pop()),
  );
  const lighthouseHas = PWA_AUDITS.filter((id) => auditIds.has(id));
  // A persistent profile: Chromium never offers to install from an incognito one (error "in-incognito").
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coldstart-pwa-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: CHROME_FLAGS.slice(1),
  });
  try {
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 60_000,
    });
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const manifest = await cdp.send('Page.getAppManifest');
    return {
      lighthouseHas,
      installabilityErrors: installabilityErrors.map((e) => e.errorId),
      manifestErrors: (manifest.errors ?? []).map((e) => e.message),
    };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function offlineFigures({ baseUrl, distDir, chromiumPath, lessonUrl }) {
  const out = [];
  if (distDir && fs.existsSync(path.join(distDir, 'sw.js'))) {
    const precache = measurePrecache(distDir);
    const line = `precache: ${precache.files.length} files, ${(precache.gzip / 1e6).toFixed(2)} MB gzip (target ≤ ${PRECACHE_TARGET_MB} MB; ${(precache.raw / 1e6).toFixed(2)} MB raw), gzip -9 of every entry sw.js lists`;
    console.log(line);
    for (const f of [...precache.files].sort((a, b) => b.gzip - a.gzip).slice(0, 5))
      console.log(`  ${kb(f.gzip).padStart(10)}  ${f.url}`);
    out.push({
      name: 'precache size',
      ok: precache.gzip <= PRECACHE_TARGET_MB * 1e6,
      value: precache.gzip,
      unit: 'bytes gzip',
      line,
    });
  } else {
    console.log('precache: no dist/sw.js to read (pass the dist folder as the second argument)');
  }

  const ready = await offlineEditorReady(baseUrl, chromiumPath);
  const readyLine = `offline playground editor ready: median ${Math.round(percentile(ready, 0.5))} ms from navigation (runs: ${ready.map((t) => Math.round(t)).join(', ')} ms; network off, served by the service worker)`;
  console.log(readyLine);
  out.push({ name: 'offline editor ready', value: percentile(ready, 0.5), unit: 'ms', line: readyLine });

  const samples = await searchLatency(lessonUrl, chromiumPath);
  const inDom = samples.map((s) => s.inDom).sort((a, b) => a - b);
  const frames = samples.map((s) => s.nextFrame).sort((a, b) => a - b);
  const searchLine = `search per keystroke ("${SEARCH_QUERY}", ${samples.length} keystrokes): results in the DOM p50 ${percentile(inDom, 0.5).toFixed(1)} ms, max ${inDom.at(-1).toFixed(1)} ms; to the next frame p50 ${percentile(frames, 0.5).toFixed(1)} ms, max ${frames.at(-1).toFixed(1)} ms (target ≤ ${SEARCH_TARGET_MS} ms)`;
  console.log(searchLine);
  out.push({
    name: 'search latency',
    ok: frames.at(-1) <= SEARCH_TARGET_MS,
    value: frames.at(-1),
    unit: 'ms',
    line: searchLine,
  });

  const pwa = await pwaChecks(baseUrl, chromiumPath);
  const lhNote = pwa.lighthouseHas.length
    ? `Lighthouse has PWA audits ${pwa.lighthouseHas.join(', ')}`
    : 'Lighthouse 12.8.2 reports no PWA audits (the category was removed in 12.0)';
  const pwaLine = `PWA: ${lhNote}; Chromium installability errors: ${pwa.installabilityErrors.length ? pwa.installabilityErrors.join(', ') : 'none'}; manifest errors: ${pwa.manifestErrors.length ? pwa.manifestErrors.join('; ') : 'none'}`;
  console.log(pwaLine);
  out.push({
    name: 'installable',
    ok: pwa.installabilityErrors.length === 0 && pwa.manifestErrors.length === 0,
    line: pwaLine,
  });
  return out;
}

export default async function run({ baseUrl, distDir, chromiumPath = '/usr/bin/chromium' }) {
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

  out.push(...(await offlineFigures({ baseUrl, distDir, chromiumPath, lessonUrl })));

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
  const distDir = process.argv[3] ? path.resolve(process.argv[3]) : undefined;
  const results = await run({
    baseUrl,
    distDir,
    chromiumPath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  });
  process.exitCode = results.every((r) => r.ok !== false) ? 0 : 1;
}
