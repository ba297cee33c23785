import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
await p.emulateMedia({ colorScheme: 'light' });
await p.goto('http://localhost:4638/some/course/#/lessons/execution-model');
await p.waitForLoadState('networkidle');
await p.waitForTimeout(500);
await p.screenshot({ path: 'docs/screenshot.png' });
await b.close();
