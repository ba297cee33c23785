#!/usr/bin/env node
/**
 * Renders the app icons the web manifest lists (public/icons/*.png) from public/favicon.svg with Chromium.
 * Run by hand after changing the logo: `node scripts/pwa-icons.mjs`. The PNGs are committed, so builds
 * need no browser. The maskable icon keeps the mark inside the central 80 % safe zone on a full-bleed background.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const svg = fs.readFileSync(path.join(root, 'public/favicon.svg'), 'utf8');
const outDir = path.join(root, 'public/icons');
const BACKGROUND = '#0b5cad';

const icons = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage();
  fs.mkdirSync(outDir, { recursive: true });
  for (const { file, size, maskable } of icons) {
    const inner = maskable ? Math.round(size * 0.7) : size;
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;display:grid;place-items:center;width:${size}px;height:${size}px;` +
        `background:${maskable ? BACKGROUND : 'transparent'}">` +
        `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div>` +
        `</body></html>`,
    );
    await page.screenshot({ path: path.join(outDir, file), omitBackground: !maskable });
    console.log(`wrote public/icons/${file}`);
  }
} finally {
  await browser.close();
}
