/**
 * vite-plugin-pwa options: a generated Workbox service worker that precaches the whole built site, so every
 * lesson, quiz, diagram, the glossary, search and the Node.js playground (Monaco and its TypeScript worker
 * included) work with the network off after one visit. Kept apart from vite.config.ts so a unit test can
 * check the rules that matter: the editor's big chunks are precached, Python's files are not.
 *
 * Python (Pyodide: a ~10 MB wasm and the stdlib zip) is left out of the precache: most learners never run
 * Python, and it would double the first visit's download. Its files are cached the first time they are used
 * (the runtime rule below), and the "Make Python available offline" button (src/features/offline/
 * pythonOffline.ts) fills the same cache ahead of time, with progress.
 */
import type { VitePWAOptions } from 'vite-plugin-pwa';
import { PYTHON_CACHE_NAME, PYTHON_ASSET_PATTERN } from '../src/features/offline/pythonAssets.ts';

/**
 * Workbox refuses to precache files above 2 MiB by default. The TypeScript worker is ~6.9 MB raw (1.5 MB gzip)
 * and Monaco's editor API ~2.7 MB: raise the limit rather than drop them (an offline editor needs both).
 */
export const MAX_PRECACHED_FILE_BYTES = 12 * 1024 * 1024;

/** What the precache takes from dist/: code, styles, the page, fonts, icons and lesson images. */
export const PRECACHE_GLOBS = [
  '**/*.{js,mjs,css,html,svg,png,jpg,jpeg,webp,avif,gif,ico,ttf,woff2,json,webmanifest}',
];

/** Python's runtime files, wherever the build puts them (a pyodide/ folder or hashed assets). */
export const PRECACHE_IGNORES = [
  '**/pyodide/**',
  '**/pyodide*',
  '**/python_stdlib*',
  '**/*.whl',
  '**/*.wasm',
  '**/*.zip',
];

export function pwaOptions(courseTitle: string): Partial<VitePWAOptions> {
  return {
    // The app registers the worker itself (src/platform/serviceWorker.ts), after the page has loaded.
    injectRegister: false,
    registerType: 'prompt',
    strategies: 'generateSW',
    filename: 'sw.js',
    manifestFilename: 'manifest.webmanifest',
    includeAssets: ['favicon.svg'],
    manifest: {
      name: `Coldstart — ${courseTitle}`,
      short_name: 'Coldstart',
      description:
        'An interactive, in-browser course on AWS Lambda: lessons, quizzes and a handler playground that work offline.',
      // Relative: the same build works under any sub-path of any static host.
      start_url: './',
      scope: './',
      id: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#0a58b0',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      globPatterns: PRECACHE_GLOBS,
      globIgnores: PRECACHE_IGNORES,
      maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
      // Routes live in the URL hash, so every navigation is to index.html.
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
      // A new version waits until the learner accepts "A new version is available — reload".
      skipWaiting: false,
      // The first install takes over the open page at once, so the visit that installed it is already offline-ready.
      clientsClaim: true,
      runtimeCaching: [
        {
          urlPattern: PYTHON_ASSET_PATTERN,
          handler: 'CacheFirst',
          options: {
            cacheName: PYTHON_CACHE_NAME,
            // Opaque or failed responses are never kept: only a complete 200 is worth replaying offline.
            cacheableResponse: { statuses: [200] },
          },
        },
      ],
    },
  };
}
