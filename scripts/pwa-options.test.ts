import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getManifest } from 'workbox-build';
import { MAX_PRECACHED_FILE_BYTES, PRECACHE_GLOBS, PRECACHE_IGNORES, pwaOptions } from './pwa-options.ts';
import { PYTHON_CACHE_NAME, isPythonAsset } from '../src/features/offline/pythonAssets.ts';

const FILES = [
  'index.html',
  'manifest.webmanifest',
  'favicon.svg',
  'icons/icon-192.png',
  'assets/index-v-VwQpyd.js',
  'assets/editor.api-00MlWpxE.js',
  'assets/codicon-DF1abBS2.ttf',
  'assets/editor-Csy6Iug3.css',
  'assets/search-index-abc.js',
  'pyodide/pyodide.asm.wasm',
  'pyodide/pyodide.asm.js',
  'pyodide/pyodide-lock.json',
  'pyodide/python_stdlib.zip',
  'assets/pyodide.asm-Abc.wasm',
  'assets/pyodide-Xyz.mjs',
  'assets/python_stdlib-Q1.zip',
  'assets/pyodide-snapshot-Sn4p.gz',
];
/** As large as the real TypeScript worker (6.9 MB): above Workbox's 2 MiB default. */
const TS_WORKER = 'assets/ts.worker-CVbFdYz4.js';

let directory = '';
let precachedUrls = new Set<string>();
const precached = (file: string) => precachedUrls.has(file);

// Workbox's own manifest builder over a fake dist/: the globs are matched exactly as in a build.
beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'coldstart-pwa-'));
  for (const file of FILES) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), file);
  }
  fs.writeFileSync(path.join(directory, TS_WORKER), Buffer.alloc(6_900_000, 32));
  const { manifestEntries } = await getManifest({
    globDirectory: directory,
    globPatterns: PRECACHE_GLOBS,
    globIgnores: PRECACHE_IGNORES,
    maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
  });
  precachedUrls = new Set((manifestEntries ?? []).map((entry) => entry.url));
});
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('what the service worker precaches', () => {
  it.each([
    'index.html',
    'manifest.webmanifest',
    'favicon.svg',
    'icons/icon-192.png',
    'assets/index-v-VwQpyd.js',
    'assets/editor.api-00MlWpxE.js',
    'assets/ts.worker-CVbFdYz4.js',
    'assets/codicon-DF1abBS2.ttf',
    'assets/editor-Csy6Iug3.css',
    'assets/search-index-abc.js',
  ])('includes %s', (file) => expect(precached(file)).toBe(true));

  it.each([
    'pyodide/pyodide.asm.wasm',
    'pyodide/pyodide.asm.js',
    'pyodide/pyodide-lock.json',
    'pyodide/python_stdlib.zip',
    'assets/pyodide.asm-Abc.wasm',
    'assets/pyodide-Xyz.mjs',
    'assets/python_stdlib-Q1.zip',
    'assets/pyodide-snapshot-Sn4p.gz',
  ])('leaves Python file %s to the runtime cache', (file) => {
    expect(precached(file)).toBe(false);
    expect(isPythonAsset(`https://u.github.io/course/${file}`)).toBe(true);
  });

  it("accepts the TypeScript worker's ~6.9 MB chunk instead of Workbox's 2 MiB default", () => {
    expect(MAX_PRECACHED_FILE_BYTES).toBeGreaterThan(7_000_000);
    expect(pwaOptions('Course').workbox?.maximumFileSizeToCacheInBytes).toBe(MAX_PRECACHED_FILE_BYTES);
  });

  it('caches Python on first use in the cache the offline button fills', () => {
    const rules = pwaOptions('Course').workbox?.runtimeCaching ?? [];
    expect(rules).toHaveLength(1);
    expect(rules[0]!.handler).toBe('CacheFirst');
    expect(rules[0]!.options?.cacheName).toBe(PYTHON_CACHE_NAME);
  });

  it('waits for the learner before activating a new version, and names the app after the course', () => {
    const options = pwaOptions('AWS Lambda Architecture');
    expect(options.workbox?.skipWaiting).toBe(false);
    expect(options.registerType).toBe('prompt');
    expect(options.manifest && options.manifest.name).toBe('Coldstart — AWS Lambda Architecture');
    expect(options.manifest && options.manifest.start_url).toBe('./');
  });
});
