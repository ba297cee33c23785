/**
 * Entry of a python3.14 environment's worker (a module worker: Pyodide's scripts are ES modules, imported from
 * blob URLs this worker makes of the text the page handed over). AWS calls use JSPI where the browser has it,
 * the replay fallback elsewhere (runtime.ts).
 */
import { startWorker } from '../../worker/startWorker';
import { browserPyodideLoader, isPythonBootAssets, type PythonBootAssets } from './pyodide';
import { createPythonRuntime, hasJspi } from './runtime';

startWorker((services, boot) => {
  if (!isPythonBootAssets(boot.assets)) throw new Error('Coldstart sandbox: Pyodide was not provided');
  const assets = boot.assets as unknown as PythonBootAssets;
  const share = (shared: Record<string, unknown>) => boot.share?.(shared);
  const load = browserPyodideLoader(assets, share);
  // The first worker of the page takes the snapshot; the frame hands it to every later worker in its assets.
  load.snapshots = {
    snapshot: () => assets.snapshot,
    keep: (snapshot) => share({ snapshot }),
  };
  return createPythonRuntime(services, boot, {
    load,
    mode: hasJspi() ? 'jspi' : 'replay',
  });
});
