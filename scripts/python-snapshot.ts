/**
 * The Python runtime's memory snapshot, made at build time (src/sandbox/runtimes/python/snapshot.ts says what it
 * holds): Pyodide boots once in Node.js here, imports the runtime's bootstrap and the stdlib modules the course
 * uses, and the snapshot ships as a gzip asset of the site. The page's first Python environment restores it
 * instead of booting Pyodide in full (seconds). It is fetched only when a Python environment starts, like
 * Pyodide's other files, and is named after Pyodide (`pyodide-snapshot-<hash>.gz`) so the service worker's Python
 * rule and "Make Python available offline" cover it and the precache leaves it out (scripts/pwa-options.ts).
 *
 * `virtual:coldstart-python-snapshot` → the asset's URL in a build (COLDSTART_PYTHON_SNAPSHOT=0 leaves it out);
 * null then and under the dev server (the first worker boots in full, as it does whenever the asset is missing or
 * made for other files). Made without JSPI, it is repaired where JSPI runs (src/sandbox/runtimes/python/jspiRestore.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { buildTimeAssetPlugin, cachedInTemporaryDirectory } from './build-time-asset.ts';
import { PythonFileSystem } from '../src/sandbox/runtimes/python/fileSystem.ts';
import {
  STDLIB_ONLY_LOCK,
  UNREACHABLE_PACKAGE_URL,
  type PyodideRuntimeApi,
} from '../src/sandbox/runtimes/python/pyodide.ts';
import { RUNTIME_DIR, RUNTIME_SITE_PACKAGES } from '../src/sandbox/runtimes/python/runtimePaths.ts';
import { packSnapshot, prepareSnapshotState, snapshotKey } from '../src/sandbox/runtimes/python/snapshot.ts';

export const PYTHON_SNAPSHOT_MODULE = 'virtual:coldstart-python-snapshot';
const PYTHON_SOURCES = 'src/sandbox/runtimes/python/py';

/** The runtime's Python files as the worker bundles them (pythonSources.ts): absolute path in the environment, text. */
export function runtimePythonFiles(root: string): Array<[string, string]> {
  const folder = path.join(root, PYTHON_SOURCES);
  const walk = (directory: string): string[] =>
    fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith('.py') ? [full] : [];
    });
  return walk(folder).map((file) => [
    `/${path.relative(folder, file).split(path.sep).join('/')}`,
    fs.readFileSync(file, 'utf8'),
  ]);
}

function pyodideFolder(root: string): string {
  const require = createRequire(path.join(root, 'package.json'));
  return `${path.dirname(require.resolve('pyodide/package.json'))}/`;
}

function pyodideVersion(root: string): string {
  return (JSON.parse(fs.readFileSync(`${pyodideFolder(root)}package.json`, 'utf8')) as { version: string })
    .version;
}

/** Boots Pyodide in Node.js as the runtime's first worker does and returns the gzip of its packed snapshot. */
export async function makePythonSnapshot(root: string): Promise<Uint8Array> {
  const folder = pyodideFolder(root);
  const { loadPyodide } = (await import(pathToFileURL(`${folder}pyodide.mjs`).href)) as {
    loadPyodide: (options: Record<string, unknown>) => Promise<PyodideRuntimeApi>;
  };
  // The same options as the worker's boot (pyodide.ts), so the restored interpreter is the one it would make.
  const pyodide = await loadPyodide({
    indexURL: folder,
    packageBaseUrl: UNREACHABLE_PACKAGE_URL,
    lockFileContents: STDLIB_ONLY_LOCK,
    env: { HOME: '/home/sbx_user1051' },
    stdout: () => {},
    stderr: () => {},
    _makeSnapshot: true,
  });
  const files = runtimePythonFiles(root);
  new PythonFileSystem(pyodide.FS, pyodide._module.ERRNO_CODES).writeFiles('/', files);
  prepareSnapshotState(pyodide, RUNTIME_DIR, RUNTIME_SITE_PACKAGES);
  const packed = packSnapshot(pyodide.makeMemorySnapshot(), snapshotKey(files, RUNTIME_DIR));
  // A copy with a buffer of its own: Node's Buffers may be views of a shared pool.
  return new Uint8Array(gzipSync(packed, { level: 9 }));
}

/**
 * The snapshot for the current sources and Pyodide version, made once and kept in the system's temporary
 * directory (a rebuild, the e2e build and the bench's build do not boot Pyodide again).
 */
export async function cachedPythonSnapshot(root: string): Promise<Uint8Array> {
  const key = snapshotKey(runtimePythonFiles(root), RUNTIME_DIR);
  return cachedInTemporaryDirectory('coldstart-python-snapshot', `${pyodideVersion(root)}-${key}.gz`, () =>
    makePythonSnapshot(root),
  );
}

export function pythonSnapshotPlugin(root: string): Plugin {
  // On by default; COLDSTART_PYTHON_SNAPSHOT=0 opts out (the first environment then boots Pyodide in full).
  return buildTimeAssetPlugin({
    plugin: 'coldstart-python-snapshot',
    module: PYTHON_SNAPSHOT_MODULE,
    optOut: 'COLDSTART_PYTHON_SNAPSHOT',
    assetName: 'pyodide-snapshot.gz',
    bytes: () => cachedPythonSnapshot(root),
    without: 'no Python memory snapshot (the first environment boots in full)',
  });
}
