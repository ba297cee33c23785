import { chromium } from '@playwright/test';
import zlib from 'node:zlib';
const url = process.argv[2];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage();
const js = [];
p.on('response', async (r) => { if (r.url().endsWith('.js')) js.push(r); });
await p.goto(url);
await p.waitForLoadState('networkidle');
let total = 0;
for (const r of js) { const body = await r.body(); const gz = zlib.gzipSync(body, { level: 9 }).length; total += gz; console.log(String(gz).padStart(7), r.url().split('/').pop()); }
console.log('total gzip', total);
await b.close();
