import { defineConfig } from '@playwright/test';
import fs from 'node:fs';

const port = Number(process.env.E2E_PORT ?? 4317);
const base = process.env.E2E_BASE ?? '/some/course/';
const dist = process.env.E2E_DIST ?? 'dist';
const chromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON ?? 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://localhost:${port}${base}`,
    trace: 'off',
    launchOptions: {
      ...(fs.existsSync(chromium) ? { executablePath: chromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `node scripts/serve.mjs`,
    env: { PORT: String(port), BASE: base, DIST: dist },
    url: `http://localhost:${port}${base}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
