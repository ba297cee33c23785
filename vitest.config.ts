import os from 'node:os';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
      environment: 'node',
      setupFiles: ['./src/test/setup.ts'],
      restoreMocks: true,
      // Vitest's default in run mode is one worker fewer than the CPUs: a single worker on CI's 2 cores, where the
      // suite is mostly each file's own CPU (imports, transforms, Pyodide). At least two use both cores.
      maxWorkers: Math.max(2, os.availableParallelism() - 1),
    },
  }),
);
