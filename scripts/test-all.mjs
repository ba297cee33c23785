#!/usr/bin/env node
/**
 * `npm test`: every check, in order, then one plain summary line that CI reads:
 *   tests: N passed, M failed
 * Steps: typecheck and lint (side by side), content:check, unit (vitest, with every lab's proof:
 * scripts/lab-check.test.ts), build, e2e (Playwright on the built site under a sub-path); each has a wall-time limit,
 * and the last lines give every step's time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';

fs.mkdirSync('test-results', { recursive: true });
const MINUTE = 60_000;
// Each step has a wall-time limit, far above its usual time (a loaded machine is several times slower), so a hang
// fails with its name instead of eating CI's budget.
// typecheck and lint are single-threaded: they run side by side (their output is printed when each ends).
const steps = [
  [
    { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'], limit: 15 * MINUTE },
    { name: 'lint', cmd: 'npx', args: ['eslint', '.', '--max-warnings=0'], limit: 15 * MINUTE },
  ],
  [{ name: 'content:check', cmd: 'node', args: ['scripts/content-check.mjs'], limit: 15 * MINUTE }],
  [
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
      limit: 40 * MINUTE,
    },
  ],
  [{ name: 'build', cmd: 'npx', args: ['vite', 'build'], limit: 15 * MINUTE }],
  [
    {
      name: 'e2e',
      cmd: 'npx',
      args: ['playwright', 'test'],
      env: { E2E_JSON: 'test-results/e2e.json' },
      limit: 45 * MINUTE,
    },
  ],
];

// Steps run in their own process groups (so a hung one is stopped whole): stop them with npm test itself.
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of running) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
    process.exit(130);
  });
}

/** Runs one step; a step alone streams its output, steps side by side print theirs when they end. */
function run(step, alone) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    console.log(`\n── ${step.name} ──`);
    const child = spawn(step.cmd, step.args, {
      stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...(step.env ?? {}) },
      detached: true, // its own process group, so a hung step is stopped with everything it started
    });
    running.add(child);
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, step.limit);
    child.on('close', (code) => {
      running.delete(child);
      clearTimeout(timer);
      const seconds = (Date.now() - t0) / 1000;
      if (!alone) process.stdout.write(`\n── ${step.name} (output) ──\n${Buffer.concat(output).toString()}`);
      if (timedOut) console.log(`── ${step.name}: stopped after its limit of ${step.limit / MINUTE} min`);
      const ok = code === 0 && !timedOut;
      console.log(`── ${step.name}: ${ok ? 'ok' : 'FAILED'} (${seconds.toFixed(1)} s)`);
      resolve({ ok, seconds });
    });
  });
}

let passed = 0;
let failed = 0;
const failedSteps = [];
const timings = [];
const started = Date.now();
outer: for (const group of steps) {
  const results = await Promise.all(group.map((step) => run(step, group.length === 1)));
  for (const [index, step] of group.entries()) {
    const { ok, seconds } = results[index];
    timings.push(`${step.name} ${seconds.toFixed(0)} s`);
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
      if (step.name === 'build') break outer; // e2e needs the build
    }
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

console.log(`\nSteps: ${timings.join(', ')}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && failedSteps.length === 0 ? 0 : 1);
