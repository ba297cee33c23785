#!/usr/bin/env node
// Runs the TypeScript content checker (scripts/content-check.ts) with tsx.
import { spawnSync } from 'node:child_process';
const r = spawnSync('npx', ['tsx', 'scripts/content-check.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
