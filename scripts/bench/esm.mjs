#!/usr/bin/env node
/**
 * Event source mapping benchmark (issue #12 item 8): 10,000 SQS messages drained through a function with batch
 * size 10 on fast-forward, wall time (target ≤ 10 s). The TypeScript bench runs under tsx in a child process.
 * Used by `npm run bench` or directly: `node scripts/bench/esm.mjs`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export default async function run() {
  const tsxCli = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawnSync(process.execPath, [tsxCli, path.join(here, 'esm-bench.ts')], {
    cwd: root,
    encoding: 'utf8',
  });
  const line = child.stdout
    .trim()
    .split('\n')
    .find((text) => text.startsWith('esm sqs drain:'));
  if (child.status !== 0 || !line) {
    const message = `esm bench failed: ${child.stderr || child.stdout || `exit ${child.status}`}`;
    console.error(message);
    return { name: 'esm sqs drain', ok: false, error: message };
  }
  console.log(line);
  const match = /in ([\d.]+) s wall/.exec(line);
  const seconds = match ? Number(match[1]) : Number.NaN;
  return { name: 'esm sqs drain', ok: seconds <= 10, value: seconds, unit: 's', line };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  process.exitCode = result.ok ? 0 : 1;
}
