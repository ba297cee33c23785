/**
 * Pyodide in Node.js for the Python runtime's tests: the same boot as in a worker (no package index, stdlib only,
 * the runtime's own wrap of the wasm imports), from the installed npm package's files.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  STDLIB_ONLY_LOCK,
  UNREACHABLE_PACKAGE_URL,
  instrumentedFactory,
  memorySnapshotKeeper,
  type PyodideLoader,
  type PyodideRuntimeApi,
} from '../runtimes/python/pyodide';
import { imageRestore } from '../runtimes/python/snapshotImage';
import { wrapTableFunctions } from '../runtimes/python/tableFunctions';

type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideRuntimeApi>;
type CreateModule = (settings: Record<string, unknown>) => Promise<unknown>;

/** The folder of the installed `pyodide` package, with a trailing slash. */
export function pyodidePackageFolder(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('pyodide/package.json'))}/`;
}

/** A loader whose first environment's memory snapshot every later one restores (one keeper per loader). */
export function nodePyodideLoader(): PyodideLoader {
  const load: PyodideLoader = async (request) => {
    const folder = pyodidePackageFolder();
    const loader = (await import(/* @vite-ignore */ pathToFileURL(`${folder}pyodide.mjs`).href)) as {
      loadPyodide: LoadPyodide;
    };
    const factory = (await import(/* @vite-ignore */ pathToFileURL(`${folder}pyodide.asm.mjs`).href)) as {
      default: CreateModule;
    };
    // A snapshot image (what the browser's workers hand each other) restores as it does there.
    const image = request.snapshot instanceof WebAssembly.Module ? imageRestore(request.snapshot) : null;
    const snapshot = image ? image.loadSnapshot : request.snapshot;
    return loader.loadPyodide({
      indexURL: folder,
      packageBaseUrl: UNREACHABLE_PACKAGE_URL,
      lockFileContents: STDLIB_ONLY_LOCK,
      createPyodideModule: instrumentedFactory(
        factory.default,
        request.wrapImports,
        image?.created,
        (imports, module, instance) => wrapTableFunctions(module, imports, instance),
      ),
      env: { HOME: '/home/sbx_user1051' },
      stdout: request.stdout,
      stderr: request.stderr,
      ...(snapshot ? { _loadSnapshot: snapshot } : {}),
      ...(request.makeSnapshot ? { _makeSnapshot: true } : {}),
    });
  };
  load.snapshots = memorySnapshotKeeper();
  return load;
}
