/**
 * The lab database's prepared data directory, made at build time: PGlite runs initdb once in Node.js here and
 * its data directory ships as a gzip tarball asset of the site. The page's PostgreSQL worker
 * (src/platform/sqlEngine.worker.ts) starts from it (`loadDataDir`) instead of running initdb in the browser,
 * which took about 5 s of the lab's first database check. It is the same PostgreSQL: the same wasm, and the data
 * directory its own initdb writes (the engine falls back to initdb when the asset is missing or does not load).
 *
 * Its name (`pglite-datadir-<hash>.tgz`) matches none of the precache's globs (scripts/pwa-options.ts), like
 * PGlite's own wasm and data files: the worker fetches it only when a database starts.
 *
 * `virtual:coldstart-pglite-datadir` → the asset's URL in a build (COLDSTART_PGLITE_DATADIR=0 leaves it out);
 * null under the dev server and when Node.js cannot run PGlite (the engine then runs initdb, as before).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { buildTimeAssetPlugin, cachedInTemporaryDirectory } from './build-time-asset.ts';

export const PGLITE_DATADIR_MODULE = 'virtual:coldstart-pglite-datadir';

function pgliteFolder(root: string): string {
  const require = createRequire(path.join(root, 'package.json'));
  // The package exports no ./package.json: its entry is dist/index.cjs.
  return path.dirname(path.dirname(require.resolve('@electric-sql/pglite')));
}

/**
 * What the data directory depends on: the PGlite version and its initdb and PostgreSQL builds (a tarball made by
 * another build could hold another catalogue version, which PostgreSQL refuses at start-up).
 */
export function pgliteDataDirKey(root: string): string {
  const folder = pgliteFolder(root);
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(path.join(folder, 'package.json')));
  for (const file of ['dist/initdb.wasm', 'dist/pglite.wasm', 'dist/pglite.data'])
    hash.update(fs.readFileSync(path.join(folder, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Runs PGlite's initdb in Node.js and returns its data directory as a gzip tarball. */
export async function makePgliteDataDir(): Promise<Uint8Array<ArrayBuffer>> {
  const { PGlite } = await import('@electric-sql/pglite');
  const database = await PGlite.create();
  try {
    const tarball = await database.dumpDataDir('gzip');
    return new Uint8Array(await tarball.arrayBuffer());
  } finally {
    await database.close();
  }
}

/**
 * The data directory for the installed PGlite, made once and kept in the system's temporary directory (initdb
 * takes seconds in Node.js; a rebuild, the e2e build and the bench's build reuse it).
 */
export async function cachedPgliteDataDir(root: string): Promise<Uint8Array<ArrayBuffer>> {
  return cachedInTemporaryDirectory(
    'coldstart-pglite-datadir',
    `${pgliteDataDirKey(root)}.tgz`,
    makePgliteDataDir,
  );
}

export function pgliteDataDirPlugin(root: string): Plugin {
  return buildTimeAssetPlugin({
    plugin: 'coldstart-pglite-datadir',
    module: PGLITE_DATADIR_MODULE,
    optOut: 'COLDSTART_PGLITE_DATADIR',
    assetName: 'pglite-datadir.tgz',
    bytes: () => cachedPgliteDataDir(root),
    without: 'no prepared PGlite data directory (the lab database runs initdb)',
  });
}
