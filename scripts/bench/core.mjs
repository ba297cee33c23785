#!/usr/bin/env node
/**
 * Simulation-core benchmark: simulates one hour at 1,000 requests per second (3.6 M invocations) and prints
 *   sim core: N invocations per CPU-second (target ≥ 1,000,000)
 * The TypeScript bench runs in a child process under tsx, so this file stays plain Node.
 * Used by `npm run bench` (scripts/bench.mjs imports it) or directly: `node scripts/bench/core.mjs`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export default async function run() {
  const tsxCli = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const r = spawnSync(process.execPath, [tsxCli, path.join(here, 'core-bench.ts')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    const message = `sim core bench failed: ${r.stderr || r.stdout || `exit ${r.status}`}`;
    console.error(message);
    return { name: 'sim core', ok: false, error: message };
  }
  const line =
    r.stdout
      .trim()
      .split('\n')
      .find((l) => l.startsWith('sim core:')) ?? r.stdout.trim();
  console.log(line);
  const match = /sim core: ([\d,]+) invocations per CPU-second/.exec(line);
  const perCpuSecond = match ? Number(match[1].replace(/,/g, '')) : NaN;
  return {
    name: 'sim core',
    ok: perCpuSecond >= 1_000_000,
    value: perCpuSecond,
    unit: 'invocations/CPU-s',
    line,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  process.exitCode = result.ok ? 0 : 1;
}
