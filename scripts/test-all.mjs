#!/usr/bin/env node
/**
 * `npm test`: every check, in order, then one plain summary line that CI reads:
 *   tests: N passed, M failed
 * Steps: typecheck, lint, content:check, unit (vitest, with every lab's proof: scripts/lab-check.test.ts and lab-check.python.test.ts) (vitest), build, e2e (Playwright on the built site under a sub-path).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

fs.mkdirSync('test-results', { recursive: true });
const steps = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'lint', cmd: 'npx', args: ['eslint', '.', '--max-warnings=0'] },
  { name: 'content:check', cmd: 'node', args: ['scripts/content-check.mjs'] },
  {
    name: 'unit',
    cmd: 'npx',
    args: [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/unit.json',
    ],
  },
  { name: 'build', cmd: 'npx', args: ['vite', 'build'] },
  { name: 'e2e', cmd: 'npx', args: ['playwright', 'test'], env: { E2E_JSON: 'test-results/e2e.json' } },
];

let passed = 0;
let failed = 0;
const failedSteps = [];
for (const step of steps) {
  console.log(`\n── ${step.name} ──`);
  const t0 = Date.now();
  const r = spawnSync(step.cmd, step.args, {
    stdio: 'inherit',
    env: { ...process.env, ...(step.env ?? {}) },
  });
  const ok = r.status === 0;
  console.log(`── ${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (step.name === 'unit') {
    const counts = readVitest('test-results/unit.json');
    passed += counts.passed;
    failed += counts.failed;
    if (!ok && counts.failed === 0) failed += 1;
  } else if (step.name === 'e2e') {
    const counts = readPlaywright('test-results/e2e.json');
    passed += counts.passed;
    failed += counts.failed;
    if (!ok && counts.failed === 0) failed += 1;
  } else {
    if (ok) passed += 1;
    else failed += 1;
  }
  if (!ok) {
    failedSteps.push(step.name);
    if (step.name === 'build') break; // e2e needs the build
  }
}

function readVitest(file) {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    return { passed: j.numPassedTests ?? 0, failed: (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0) };
  } catch {
    return { passed: 0, failed: 0 };
  }
}

function readPlaywright(file) {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    const s = j.stats ?? {};
    return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0) };
  } catch {
    return { passed: 0, failed: 0 };
  }
}

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && failedSteps.length === 0 ? 0 : 1);
