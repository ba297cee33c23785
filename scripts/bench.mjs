#!/usr/bin/env node
/**
 * `npm run bench`: builds the site once into .bench/dist, serves it with scripts/serve.mjs under
 * /coldstart/ (as a static host would), runs every scripts/bench/*.mjs in turn and prints a summary.
 *
 * Each bench module: `export default async function run({ baseUrl, distDir, chromiumPath })`; it prints its
 * own lines and may return `{ name, ok, line }` (or an array of them) for the summary; `ok: false` = target missed.
 *   npm run bench                 build, then every bench
 *   npm run bench -- site core    only those benches
 *   BENCH_NO_BUILD=1 npm run bench   reuse .bench/dist
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const distDir = path.join(root, '.bench', 'dist');
const benchDir = path.join(root, 'scripts', 'bench');
const base = '/coldstart/';
const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const only = process.argv.slice(2);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server at ${url} did not start`);
}

if (!process.env.BENCH_NO_BUILD) {
  console.log('bench: building the site into .bench/dist …');
  const t0 = Date.now();
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) {
    console.error('bench: the build failed');
    process.exit(1);
  }
  console.log(`bench: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
if (!fs.existsSync(path.join(distDir, 'index.html'))) {
  console.error(`bench: no build in ${distDir}`);
  process.exit(1);
}

const port = await freePort();
const baseUrl = `http://localhost:${port}${base}`;
const server = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
  cwd: root,
  env: { ...process.env, PORT: String(port), BASE: base, DIST: distDir },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stopServer = () => {
  if (server.exitCode === null) server.kill();
};
process.on('exit', stopServer);

const results = [];
let errors = 0;
try {
  await waitForServer(baseUrl);
  const files = fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith('.mjs'))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.mjs$/, '')))
    .sort();
  for (const file of files) {
    const name = file.replace(/\.mjs$/, '');
    console.log(`\n── ${name} ──`);
    try {
      const mod = await import(pathToFileURL(path.join(benchDir, file)).href);
      const out = await mod.default({ baseUrl, distDir, chromiumPath });
      for (const r of [out].flat()) if (r && typeof r === 'object') results.push({ bench: name, ...r });
    } catch (e) {
      errors++;
      console.error(`bench ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      results.push({ bench: name, name, ok: false, error: String(e) });
    }
  }
} finally {
  stopServer();
}

console.log('\n── summary ──');
for (const r of results) {
  const mark = r.error ? 'ERROR' : r.ok === false ? 'MISSED' : r.ok === true ? 'ok' : '-';
  console.log(`${mark.padEnd(6)} ${r.line ?? r.name ?? r.bench}`);
}
const missed = results.filter((r) => r.ok === false && !r.error).length;
console.log(
  `bench: ${results.length} figures, ${results.filter((r) => r.ok === true).length} on target, ${missed} missed, ${errors} errors`,
);
process.exit(errors ? 1 : 0);
