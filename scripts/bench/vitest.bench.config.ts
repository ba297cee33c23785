/**
 * Vitest for the in-process benches (`*.bench.ts` here), which need Vite's module graph but are no tests:
 *   npx vitest run --config scripts/bench/vitest.bench.config.ts
 */
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import testConfig from '../../vitest.config.ts';

const base = testConfig as ViteUserConfig;

// Replaces the test list (mergeConfig would add to it).
export default defineConfig({ ...base, test: { ...base.test, include: ['scripts/bench/*.bench.ts'] } });
