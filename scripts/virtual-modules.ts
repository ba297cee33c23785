/**
 * The plugins that provide the sandbox's virtual modules (the runtime bundles' names, the build's Python snapshot,
 * the lab database's prepared data directory).
 * vite.config.ts and content:check's module runner both take them from here, so a new virtual module cannot be
 * provided to the site and forgotten by content:check (it failed once with "Cannot find module 'virtual:…'").
 */
import type { Plugin } from 'vite';
import { pgliteDataDirPlugin } from './pglite-datadir.ts';
import { pythonSnapshotPlugin } from './python-snapshot.ts';
import { runtimeBundlesPlugin } from './runtime-bundles.ts';

export function virtualModulePlugins(root: string): Plugin[] {
  return [runtimeBundlesPlugin(root), pythonSnapshotPlugin(root), pgliteDataDirPlugin(root)];
}
