import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import react from '@vitejs/plugin-react';
import mdx from '@mdx-js/rollup';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdxFrontmatter from 'remark-mdx-frontmatter';
import rehypeSlug from 'rehype-slug';
import rehypeShiki from '@shikijs/rehype';
import { contentPlugin } from './scripts/content-plugin.ts';
import { shikiMetaTransformer } from './scripts/shiki-meta.ts';
import { sandboxDevPlugin } from './scripts/sandbox-dev-plugin.ts';
import { pwaOptions } from './scripts/pwa-options.ts';
import { virtualModulePlugins } from './scripts/virtual-modules.ts';

const courseTitle = (
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'content/outline.json'), 'utf8')) as {
    title: string;
  }
).title;

export default defineConfig({
  // Relative asset URLs: dist/ works from any sub-path of any static host.
  base: './',
  resolve: {
    // What a lab's check.ts imports (content/labs/<lab>/<step>/check.ts).
    alias: { '@coldstart/lab': new URL('./src/features/lab/checks/index.ts', import.meta.url).pathname },
  },
  plugins: [
    contentPlugin(import.meta.dirname),
    sandboxDevPlugin(import.meta.dirname),
    ...virtualModulePlugins(import.meta.dirname),
    {
      enforce: 'pre',
      ...mdx({
        remarkPlugins: [remarkGfm, remarkFrontmatter, [remarkMdxFrontmatter, { name: 'frontmatter' }]],
        rehypePlugins: [
          rehypeSlug,
          [
            rehypeShiki,
            {
              themes: { light: 'github-light-default', dark: 'github-dark-default' },
              transformers: [shikiMetaTransformer()],
            },
          ],
        ],
      }),
    },
    react({ include: /\.(mdx|js|jsx|ts|tsx)$/ }),
    // Offline: a Workbox service worker precaching the whole site (scripts/pwa-options.ts says what and why).
    VitePWA(pwaOptions(courseTitle)),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  preview: { port: 4173, strictPort: true },
});
