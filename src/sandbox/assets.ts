/**
 * Where the page fetches the sandbox's scripts: the frame's script (inlined into the iframe's srcdoc), each
 * runtime family's worker script and its assets (sucrase for Node.js). Vite emits each `?worker&url` entry as
 * its own self-contained file; URLs resolve against the document, so dist/ works from any sub-path. Under
 * `npm run dev` the same entries come from scripts/sandbox-dev-plugin.ts, bundled on demand.
 *
 * The page fetches them from its own origin (a service worker can serve them offline) and hands the text over:
 * the opaque-origin frame and its workers cannot fetch anything (frame/document.ts).
 */
import frameUrl from './frame/frame.ts?worker&url';
import nodejsUrl from './runtimes/nodejs/nodejs.worker.ts?worker&url';
import transpilerUrl from './runtimes/nodejs/transpiler.worker.ts?worker&url';
import pythonUrl from './runtimes/python/python.worker.ts?worker&url';
// Pyodide's files, emitted by Vite as hashed assets of this site (never a CDN); fetched only when a Python
// environment starts, so nothing of Python is in any page's first load.
import pyodideLoaderUrl from 'pyodide/pyodide.mjs?url';
import pyodideModuleUrl from 'pyodide/pyodide.asm.mjs?url';
import pyodideWasmUrl from 'pyodide/pyodide.asm.wasm?url';
import pyodideStdlibUrl from 'pyodide/python_stdlib.zip?url';
// The interpreter's memory snapshot the build made (scripts/python-snapshot.ts); null under the dev server.
import pythonSnapshotUrl from 'virtual:coldstart-python-snapshot';
import type { RuntimeFamily } from './runtimes';

export interface SandboxAssetUrls {
  frame: string;
  /** Worker script per runtime family (python: issue #13). */
  runtimes: Partial<Record<RuntimeFamily, string>>;
  /**
   * Named assets per family, fetched (as text, or as bytes for .wasm, .zip and .gz) and handed to every worker at
   * boot. `builtSnapshot` is optional: if it cannot be fetched, the first Python worker boots in full.
   */
  assets: Partial<Record<RuntimeFamily, Record<string, string>>>;
}

export function sandboxAssetUrls(base: string = document.baseURI): SandboxAssetUrls {
  const url = (path: string) => new URL(path, base).href;
  const python = {
    loader: url(pyodideLoaderUrl),
    module: url(pyodideModuleUrl),
    wasm: url(pyodideWasmUrl),
    stdlib: url(pyodideStdlibUrl),
    ...(pythonSnapshotUrl ? { builtSnapshot: url(pythonSnapshotUrl) } : {}),
  };
  if (import.meta.env.DEV)
    return {
      frame: url('/@coldstart-sandbox/frame.js'),
      runtimes: {
        nodejs: url('/@coldstart-sandbox/nodejs.js'),
        python: url('/@coldstart-sandbox/python.js'),
      },
      assets: { nodejs: { transpiler: url('/@coldstart-sandbox/transpiler.js') }, python },
    };
  return {
    frame: url(frameUrl),
    runtimes: { nodejs: url(nodejsUrl), python: url(pythonUrl) },
    assets: { nodejs: { transpiler: url(transpilerUrl) }, python },
  };
}
