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
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
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
  const directory = path.join(os.tmpdir(), 'coldstart-python-snapshot');
  const file = path.join(directory, `${pyodideVersion(root)}-${key}.gz`);
  if (fs.existsSync(file)) return new Uint8Array(fs.readFileSync(file));
  const snapshot = await makePythonSnapshot(root);
  fs.mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(temporary, snapshot);
  fs.renameSync(temporary, file);
  return snapshot;
}

export function pythonSnapshotPlugin(root: string): Plugin {
  const resolved = `\0${PYTHON_SNAPSHOT_MODULE}`;
  let command: 'build' | 'serve' = 'serve';
  return {
    name: 'coldstart-python-snapshot',
    configResolved(config) {
      command = config.command;
    },
    resolveId(source) {
      return source === PYTHON_SNAPSHOT_MODULE ? resolved : null;
    },
    async load(id) {
      if (id !== resolved) return null;
      // On by default; COLDSTART_PYTHON_SNAPSHOT=0 opts out (the first environment then boots Pyodide in full).
      if (command === 'serve' || process.env.COLDSTART_PYTHON_SNAPSHOT === '0') return 'export default null;';
      let snapshot: Uint8Array;
      try {
        snapshot = await cachedPythonSnapshot(root);
      } catch (error) {
        // The site works without it (a full boot), so a machine that cannot boot Pyodide still builds.
        this.warn(`no Python memory snapshot (the first environment boots in full): ${String(error)}`);
        return 'export default null;';
      }
      const reference = this.emitFile({
        type: 'asset',
        name: 'pyodide-snapshot.gz',
        source: snapshot,
      });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
  };
}
